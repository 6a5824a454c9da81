import { describe, expect, it } from 'vitest';
import { unusedCredentials } from '../../../src/checks/iam/unused-credentials.js';
import { credentialReport } from '../../../src/collect/iam.js';
import {
  activeKey, daysAgo, denied, evaluate, expectReadErrorFinding, reportGot, ROOT_ARN, rootRow, serviceUserRow,
  statuses, userArn, userRow, type ReportRow,
} from '../../helpers/check-state.js';

const SRC = 'iam:GetCredentialReport';
const run = (users: ReportRow[], opts: { root?: ReportRow | null; columns?: readonly string[]; maxAge?: number } = {}) =>
  evaluate(unusedCredentials, [[credentialReport, reportGot(users, { root: opts.root, columns: opts.columns })]], {
    options: opts.maxAge === undefined ? {} : { credentialMaxAgeDays: opts.maxAge },
  });

describe('iam-unused-credentials (1.3)', () => {
  it('declares exactly the credential report', () => {
    expect(unusedCredentials.id).toBe('iam-unused-credentials');
    expect(unusedCredentials.needs.map((d) => d.key)).toEqual([credentialReport.key]);
  });

  it('PASSes a password used 5 days ago', () => {
    const findings = run([userRow('alice')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: userArn('alice'), region: 'global' });
    expect(findings[0]!.evidence).toEqual([
      { source: SRC, field: 'password_enabled', value: 'true' },
      { source: SRC, field: 'password_last_used', value: daysAgo(5), expected: 'within 90 days' },
    ]);
  });

  it('FAILs a password last used 120 days ago', () => {
    const [f] = run([userRow('alice', { password_last_used: daysAgo(120) })]);
    expect(f).toMatchObject({ status: 'FAIL', resource: userArn('alice'), region: 'global' });
    expect(f!.evidence).toContainEqual({ source: SRC, field: 'password_last_used', value: daysAgo(120), expected: 'within 90 days' });
  });

  describe('the 90-day boundary (≥ 90 fails)', () => {
    it('exactly 90 days FAILs', () => {
      expect(statuses(run([userRow('u', { password_last_used: daysAgo(90) })]))).toEqual(['FAIL']);
      expect(statuses(run([serviceUserRow('k', activeKey(1, 200, 90))]))).toEqual(['FAIL']);
    });
    it('89 days and 23 hours PASSes', () => {
      expect(statuses(run([userRow('u', { password_last_used: daysAgo(89 + 23 / 24) })]))).toEqual(['PASS']);
      expect(statuses(run([serviceUserRow('k', activeKey(1, 200, 89.5))]))).toEqual(['PASS']);
    });
    it('credentialMaxAgeDays is honoured', () => {
      expect(statuses(run([userRow('u', { password_last_used: daysAgo(50) })], { maxAge: 45 }))).toEqual(['FAIL']);
      expect(statuses(run([userRow('u', { password_last_used: daysAgo(44) })], { maxAge: 45 }))).toEqual(['PASS']);
    });
  });

  it('password_last_used no_information (used before 2014 or never) falls back to password_last_changed', () => {
    const old = run([userRow('old', { password_last_used: 'no_information', password_last_changed: '2013-06-01T00:00:00+00:00' })]);
    expect(statuses(old)).toEqual(['FAIL']);
    expect(old[0]!.evidence).toEqual([
      { source: SRC, field: 'password_enabled', value: 'true' },
      { source: SRC, field: 'password_last_used', value: 'no_information', expected: 'within 90 days' },
      { source: SRC, field: 'password_last_changed', value: '2013-06-01T00:00:00+00:00' },
    ]);
    const fresh = run([userRow('new', { password_last_used: 'no_information', password_last_changed: daysAgo(3) })]);
    expect(statuses(fresh)).toEqual(['PASS']);
    expect(fresh[0]!.evidence).toContainEqual({ source: SRC, field: 'password_last_changed', value: daysAgo(3) });
  });

  it('a never-used active key (last_used_date N/A) counts from last_rotated', () => {
    const oldKey = run([serviceUserRow('ci', activeKey(1, 100))]);
    expect(oldKey.map((f) => f.status)).toEqual(['FAIL']);
    expect(oldKey[0]!.evidence).toEqual([
      { source: SRC, field: 'access_key_1_active', value: 'true' },
      { source: SRC, field: 'access_key_1_last_used_date', value: 'N/A', expected: 'within 90 days' },
      { source: SRC, field: 'access_key_1_last_rotated', value: daysAgo(100) },
    ]);
    expect(statuses(run([serviceUserRow('ci', activeKey(1, 10))]))).toEqual(['PASS']);
  });

  it('judges key 2 when only key 2 is active (key 1 N/A)', () => {
    const findings = run([serviceUserRow('ci', activeKey(2, 300, 200))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.status).toBe('FAIL');
    expect(findings[0]!.evidence[0]).toEqual({ source: SRC, field: 'access_key_2_active', value: 'true' });
  });

  it('judges password and both keys separately', () => {
    const findings = run([userRow('both', { ...activeKey(1, 400, 1), ...activeKey(2, 400, 100) })]);
    expect(findings.map((f) => [f.evidence[0]!.field, f.status])).toEqual([
      ['password_enabled', 'PASS'],
      ['access_key_1_active', 'PASS'],
      ['access_key_2_active', 'FAIL'],
    ]);
  });

  it('ignores an inactive key however old (its dates are still in the report)', () => {
    const inactive = { ...activeKey(1, 900, 800), access_key_1_active: 'false' };
    expect(statuses(run([userRow('alice', inactive)]))).toEqual(['PASS']);
  });

  it('excludes the root row', () => {
    const root = rootRow({ ...activeKey(1, 900, 800) });
    const findings = run([userRow('alice')], { root });
    expect(findings.map((f) => f.resource)).toEqual([userArn('alice')]);
  });

  it('reads TRUE/True booleans', () => {
    const findings = run([serviceUserRow('a', { ...activeKey(1, 200, 200), access_key_1_active: 'TRUE', password_enabled: 'False' })]);
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.evidence[0]).toEqual({ source: SRC, field: 'access_key_1_active', value: 'TRUE' });
  });

  it('an odd password_enabled value is ERROR for that user, not a guess', () => {
    const findings = run([userRow('odd', { password_enabled: 'maybe' }), userRow('ok')]);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([
      [userArn('odd'), 'ERROR'],
      [userArn('ok'), 'PASS'],
    ]);
    expect(findings[0]!.evidence).toEqual([{ source: SRC, field: 'password_enabled', value: 'maybe', expected: 'true or false' }]);
  });

  it('is NOT_APPLICABLE when there are no IAM users', () => {
    expect(run([])).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ROOT_ARN, region: 'global' })]);
  });

  it('is NOT_APPLICABLE when no user has a password or an active key', () => {
    expect(statuses(run([serviceUserRow('idle')]))).toEqual(['NOT_APPLICABLE']);
  });

  it('tolerates extra and reordered columns', () => {
    const columns = ['user', 'password_last_used', 'extra', 'arn', 'password_enabled', 'password_last_changed', 'user_creation_time',
      'access_key_2_active', 'access_key_1_active', 'access_key_1_last_used_date', 'access_key_1_last_rotated'];
    const findings = run([userRow('alice', { password_last_used: daysAgo(100), extra: 'x', ...activeKey(1, 1, 1) })], { columns });
    expect(findings.map((f) => [f.evidence[0]!.field, f.status])).toEqual([
      ['password_enabled', 'FAIL'],
      ['access_key_1_active', 'PASS'],
    ]);
  });

  it('is ERROR (never PASS) when the credential report could not be read', () => {
    expectReadErrorFinding(evaluate(unusedCredentials, [[credentialReport, denied('GenerateCredentialReport')]]), 'GenerateCredentialReport');
  });

  // BUG (src/checks/iam/unused-credentials.ts: basis = [...].find((f) => reportDate(row[f]))): a last-used cell that
  // is neither a date nor a documented marker (no_information / N/A) is skipped and the fallback date decides —
  // a guess. Here the password's last use is unknown, yet the recent password_last_changed makes it PASS.
  it('a junk password_last_used is ERROR, not a fallback to password_last_changed', () => {
    const findings = run([userRow('odd', { password_last_used: 'garbage', password_last_changed: daysAgo(3) })]);
    expect(statuses(findings)).toEqual(['ERROR']);
  });
});
