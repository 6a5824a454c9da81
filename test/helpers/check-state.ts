// Shared helpers for pure check tests: collected state, a fixed check context, and real-shaped credential reports.
import { expect } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type Check, type CheckContext, type CheckOptions, type CheckState } from '../../src/checks/check.js';
import type { DatumDef } from '../../src/collect/datum.js';
import { parseCredentialReport, type CredentialReport } from '../../src/collect/iam.js';
import type { Finding } from '../../src/model/finding.js';
import { failed, ok, type Got, type ReadError } from '../../src/model/got.js';

export const ACCOUNT = '111122223333';
export const PARTITION = 'aws';
export const HOME_REGION = 'us-east-1';
export const NOW = new Date('2026-06-01T00:00:00Z');
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
export const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------------------
// State and context

export type StateEntry = readonly [DatumDef<any>, Got<any>];

/**
 * A CheckState over the given data. Like the engine, reading a datum that was not provided — or, when `check` is
 * given, that the check did not declare in `needs` — throws.
 */
export function stateOf(entries: readonly StateEntry[], check?: Check): CheckState {
  const data = new Map<string, Got<unknown>>(entries.map(([def, got]) => [def.key, got]));
  const declared = check ? new Set(check.needs.map((d) => d.key)) : undefined;
  return {
    get<T>(def: DatumDef<T>): Got<T> {
      const got = data.get(def.key);
      if ((declared && !declared.has(def.key)) || !got) {
        throw new Error(`check ${check?.id ?? '(test)'} read ${def.key} without declaring it`);
      }
      return got as Got<T>;
    },
  };
}

export interface ContextOverrides extends Partial<Omit<CheckContext, 'options'>> {
  options?: Partial<CheckOptions>;
}

export function contextOf(overrides: ContextOverrides = {}): CheckContext {
  const { options, ...rest } = overrides;
  return {
    params: {},
    now: NOW,
    account: ACCOUNT,
    partition: PARTITION,
    homeRegion: HOME_REGION,
    regions: [HOME_REGION],
    ...rest,
    options: { ...DEFAULT_CHECK_OPTIONS, ...options },
  };
}

/** Evaluates a check over the given data with the strict (engine-like) state. */
export function evaluate(check: Check, entries: readonly StateEntry[], ctx: ContextOverrides = {}): Finding[] {
  return check.evaluate(stateOf(entries, check), contextOf(ctx));
}

// ---------------------------------------------------------------------------------------------------------------
// Read errors

export function readError(operation: string, code = 'AccessDenied', service = 'iam'): ReadError {
  return {
    service,
    operation,
    region: HOME_REGION,
    code,
    message: `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: ${service}:${operation}`,
  };
}

/** A failed Got as a denied call leaves it. */
export function denied<T = never>(operation: string, code = 'AccessDenied', service = 'iam'): Got<T> {
  return failed<T>(readError(operation, code, service));
}

export { ok, failed };

/** The one ERROR finding a failed read must produce: names the operation and code, carries the error, never PASS. */
export function expectReadErrorFinding(findings: Finding[], operation: string, code = 'AccessDenied', resource = ROOT_ARN): void {
  expect(findings).toHaveLength(1);
  const [f] = findings;
  expect(f!.status).toBe('ERROR');
  expect(f!.resource).toBe(resource);
  expect(f!.region).toBe('global');
  expect(f!.message).toContain(operation);
  expect(f!.message).toContain(code);
  expect(f!.error).toEqual(expect.objectContaining({ service: 'iam', operation, code }));
  expect(f!.evidence).toContainEqual(expect.objectContaining({ source: `iam:${operation}`, field: 'error' }));
}

export const statuses = (findings: Finding[]) => findings.map((f) => f.status);
export const byResource = (findings: Finding[], resource: string) => findings.filter((f) => f.resource === resource);

// ---------------------------------------------------------------------------------------------------------------
// Dates as the credential report writes them: 2026-05-22T10:11:12+00:00

export function reportTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The instant `days` (may be fractional) before NOW, in credential report format. */
export function daysAgo(days: number, now: Date = NOW): string {
  return reportTime(new Date(now.getTime() - days * DAY_MS));
}

// ---------------------------------------------------------------------------------------------------------------
// Credential report CSV: the real 22 columns in the real order

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

export type ReportColumn = (typeof CREDENTIAL_REPORT_COLUMNS)[number];
export type ReportRow = Record<string, string>;

const NO_KEYS: Partial<Record<ReportColumn, string>> = {
  access_key_1_active: 'false',
  access_key_1_last_rotated: 'N/A',
  access_key_1_last_used_date: 'N/A',
  access_key_1_last_used_region: 'N/A',
  access_key_1_last_used_service: 'N/A',
  access_key_2_active: 'false',
  access_key_2_last_rotated: 'N/A',
  access_key_2_last_used_date: 'N/A',
  access_key_2_last_used_region: 'N/A',
  access_key_2_last_used_service: 'N/A',
  cert_1_active: 'false',
  cert_1_last_rotated: 'N/A',
  cert_2_active: 'false',
  cert_2_last_rotated: 'N/A',
};

/** The root row as IAM writes it: password fields not_supported, no keys, MFA on, last signed in 200 days ago. */
export function rootRow(overrides: ReportRow = {}): ReportRow {
  return {
    user: '<root_account>',
    arn: ROOT_ARN,
    user_creation_time: '2019-03-04T05:06:07+00:00',
    password_enabled: 'not_supported',
    password_last_used: daysAgo(200),
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    mfa_active: 'true',
    ...NO_KEYS,
    ...overrides,
  };
}

/** A console user with MFA and a password used 5 days ago, no access keys. */
export function userRow(name: string, overrides: ReportRow = {}): ReportRow {
  return {
    user: name,
    arn: userArn(name),
    user_creation_time: '2025-01-02T03:04:05+00:00',
    password_enabled: 'true',
    password_last_used: daysAgo(5),
    password_last_changed: '2025-01-02T03:10:00+00:00',
    password_next_rotation: 'N/A',
    mfa_active: 'true',
    ...NO_KEYS,
    ...overrides,
  };
}

/** A user with no password (programmatic only) and no keys unless overridden. */
export function serviceUserRow(name: string, overrides: ReportRow = {}): ReportRow {
  return userRow(name, {
    password_enabled: 'false',
    password_last_used: 'N/A',
    password_last_changed: 'N/A',
    mfa_active: 'false',
    ...overrides,
  });
}

/** Access key N, active, rotated `rotatedDaysAgo`, last used `usedDaysAgo` (undefined = never used: N/A). */
export function activeKey(n: 1 | 2, rotatedDaysAgo: number, usedDaysAgo?: number): ReportRow {
  const used = usedDaysAgo !== undefined;
  return {
    [`access_key_${n}_active`]: 'true',
    [`access_key_${n}_last_rotated`]: daysAgo(rotatedDaysAgo),
    [`access_key_${n}_last_used_date`]: used ? daysAgo(usedDaysAgo) : 'N/A',
    [`access_key_${n}_last_used_region`]: used ? 'us-east-1' : 'N/A',
    [`access_key_${n}_last_used_service`]: used ? 's3' : 'N/A',
  };
}

export const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export interface ReportOptions {
  /** The root row; null leaves it out. */
  root?: ReportRow | null;
  /** Header order (default: the real 22 columns); may add or reorder columns. */
  columns?: readonly string[];
  /** Line ending (IAM uses \n). */
  eol?: string;
}

/** The credential report CSV text: header, root row, then the users. */
export function credentialReportCsv(users: ReportRow[] = [], opts: ReportOptions = {}): string {
  const columns = opts.columns ?? CREDENTIAL_REPORT_COLUMNS;
  const rows = [...(opts.root === null ? [] : [opts.root ?? rootRow()]), ...users];
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(','))];
  return lines.join(opts.eol ?? '\n') + (opts.eol ?? '\n');
}

/** The credential report datum value, parsed by the collector's own parser. */
export function credentialReportOf(users: ReportRow[] = [], opts: ReportOptions = {}): CredentialReport {
  return parseCredentialReport(credentialReportCsv(users, opts), NOW);
}

/** ok(report) ready to be paired with the credentialReport datum. */
export function reportGot(users: ReportRow[] = [], opts: ReportOptions = {}): Got<CredentialReport> {
  return ok(credentialReportOf(users, opts));
}
