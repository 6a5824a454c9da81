// Builds credential-report CSV with the real 22 columns in the real order.
export const REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated',
  'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated',
  'cert_2_active', 'cert_2_last_rotated',
] as const;

export type ReportRow = Partial<Record<(typeof REPORT_COLUMNS)[number] | string, string>>;

const NO_KEY = {
  access_key_1_active: 'false', access_key_1_last_rotated: 'N/A', access_key_1_last_used_date: 'N/A',
  access_key_1_last_used_region: 'N/A', access_key_1_last_used_service: 'N/A',
  access_key_2_active: 'false', access_key_2_last_rotated: 'N/A', access_key_2_last_used_date: 'N/A',
  access_key_2_last_used_region: 'N/A', access_key_2_last_used_service: 'N/A',
  cert_1_active: 'false', cert_1_last_rotated: 'N/A', cert_2_active: 'false', cert_2_last_rotated: 'N/A',
};

export function rootRow(account: string, overrides: ReportRow = {}): ReportRow {
  return {
    user: '<root_account>', arn: `arn:aws:iam::${account}:root`, user_creation_time: '2019-03-04T10:00:00+00:00',
    password_enabled: 'not_supported', password_last_used: 'no_information', password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported', mfa_active: 'true', ...NO_KEY, ...overrides,
  };
}

export function userRow(account: string, name: string, overrides: ReportRow = {}): ReportRow {
  return {
    user: name, arn: `arn:aws:iam::${account}:user/${name}`, user_creation_time: '2020-01-15T09:00:00+00:00',
    password_enabled: 'false', password_last_used: 'N/A', password_last_changed: 'N/A', password_next_rotation: 'N/A',
    mfa_active: 'false', ...NO_KEY, ...overrides,
  };
}

export function reportCsv(rows: ReportRow[], columns: readonly string[] = REPORT_COLUMNS): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => r[c] ?? 'N/A').join(','))].join('\n');
}
