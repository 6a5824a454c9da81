import { describe, expect, it } from 'vitest';
import { accessKeyRotation } from '../../../src/checks/iam/access-key-rotation.js';
import { credentialReport } from '../../../src/collect/iam.js';
import {
  activeKey, daysAgo, denied, evaluate, expectReadErrorFinding, reportGot, ROOT_ARN, rootRow, serviceUserRow,
  statuses, userArn, userRow, type ReportRow,
} from '../../helpers/check-state.js';

const SRC = 'iam:GetCredentialReport';
const run = (users: ReportRow[], opts: { root?: ReportRow | null; columns?: readonly string[]; maxAge?: number } = {}) =>
  evaluate(accessKeyRotation, [[credentialReport, reportGot(users, { root: opts.root, columns: opts.columns })]], {
    options: opts.maxAge === undefined ? {} : { credentialMaxAgeDays: opts.maxAge },
  });

describe('iam-access-key-rotation (1.4)', () => {
  it('declares exactly the credential report', () => {
    expect(accessKeyRotation.id).toBe('iam-access-key-rotation');
    expect(accessKeyRotation.needs.map((d) => d.key)).toEqual([credentialReport.key]);
  });

  it('PASSes an active key rotated 30 days ago, with evidence', () => {
    const findings = run([serviceUserRow('ci', activeKey(1, 30, 1))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: userArn('ci'), region: 'global' });
    expect(findings[0]!.evidence).toEqual([
      { source: SRC, field: 'access_key_1_active', value: 'true' },
      { source: SRC, field: 'access_key_1_last_rotated', value: daysAgo(30), expected: 'within 90 days' },
    ]);
  });

  it('FAILs an active key rotated 200 days ago even if used yesterday', () => {
    const [f] = run([serviceUserRow('ci', activeKey(1, 200, 1))]);
    expect(f).toMatchObject({ status: 'FAIL', resource: userArn('ci'), region: 'global' });
    expect(f!.evidence).toContainEqual({ source: SRC, field: 'access_key_1_last_rotated', value: daysAgo(200), expected: 'within 90 days' });
  });

  describe('the 90-day boundary (> 90 fails; 90 passes)', () => {
    it('exactly 90 days PASSes', () => {
      expect(statuses(run([serviceUserRow('ci', activeKey(1, 90, 1))]))).toEqual(['PASS']);
    });
    it('90 days and 23 hours still PASSes (whole days)', () => {
      expect(statuses(run([serviceUserRow('ci', activeKey(1, 90 + 23 / 24, 1))]))).toEqual(['PASS']);
    });
    it('91 days FAILs', () => {
      expect(statuses(run([serviceUserRow('ci', activeKey(1, 91, 1))]))).toEqual(['FAIL']);
    });
    it('credentialMaxAgeDays is honoured', () => {
      expect(statuses(run([serviceUserRow('ci', activeKey(1, 46, 1))], { maxAge: 45 }))).toEqual(['FAIL']);
      expect(statuses(run([serviceUserRow('ci', activeKey(1, 45, 1))], { maxAge: 45 }))).toEqual(['PASS']);
    });
  });

  it('judges key 2 when only key 2 is active (key 1 N/A)', () => {
    const findings = run([serviceUserRow('ci', activeKey(2, 120))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.status).toBe('FAIL');
    expect(findings[0]!.evidence[1]).toEqual({ source: SRC, field: 'access_key_2_last_rotated', value: daysAgo(120), expected: 'within 90 days' });
  });

  it('judges a never-used key by its rotation date (last_used_date N/A)', () => {
    expect(statuses(run([serviceUserRow('ci', activeKey(1, 10))]))).toEqual(['PASS']);
  });

  it('one finding per active key', () => {
    const findings = run([userRow('both', { ...activeKey(1, 10, 1), ...activeKey(2, 100, 1) })]);
    expect(findings.map((f) => [f.resource, f.evidence[0]!.field, f.status])).toEqual([
      [userArn('both'), 'access_key_1_active', 'PASS'],
      [userArn('both'), 'access_key_2_active', 'FAIL'],
    ]);
  });

  it('ignores inactive keys and excludes the root row', () => {
    const findings = run(
      [serviceUserRow('ci', { ...activeKey(1, 500, 400), access_key_1_active: 'false', ...activeKey(2, 5, 1) })],
      { root: rootRow(activeKey(1, 900, 1)) },
    );
    expect(findings.map((f) => [f.resource, f.evidence[0]!.field, f.status])).toEqual([[userArn('ci'), 'access_key_2_active', 'PASS']]);
  });

  it('reads TRUE/True booleans', () => {
    const findings = run([serviceUserRow('a', { ...activeKey(1, 200), access_key_1_active: 'TRUE' }), serviceUserRow('b', { ...activeKey(2, 1), access_key_2_active: 'True' })]);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[userArn('a'), 'FAIL'], [userArn('b'), 'PASS']]);
  });

  it('is NOT_APPLICABLE when there are no IAM users', () => {
    expect(run([])).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ROOT_ARN, region: 'global' })]);
  });

  it('is NOT_APPLICABLE when no user has an active key', () => {
    expect(statuses(run([userRow('alice')]))).toEqual(['NOT_APPLICABLE']);
  });

  it('an odd access_key_1_active value is ERROR for that user, not a guess', () => {
    const findings = run([serviceUserRow('odd', { access_key_1_active: 'maybe' })]);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[userArn('odd'), 'ERROR']]);
    expect(findings[0]!.evidence).toEqual([{ source: SRC, field: 'access_key_1_active', value: 'maybe', expected: 'true or false' }]);
    expect(findings[0]!.error).toMatchObject({ operation: 'GetCredentialReport', code: 'UnexpectedValue' });
  });

  it('an active key with last_rotated N/A is ERROR, not PASS', () => {
    const [f] = run([serviceUserRow('odd', { ...activeKey(1, 10), access_key_1_last_rotated: 'N/A' })]);
    expect(f).toMatchObject({ status: 'ERROR', resource: userArn('odd') });
    expect(f!.evidence[0]).toMatchObject({ field: 'access_key_1_last_rotated', value: 'N/A' });
  });

  it('tolerates extra and reordered columns', () => {
    const columns = ['access_key_2_last_rotated', 'arn', 'access_key_1_last_rotated', 'new_col', 'user', 'access_key_2_active', 'access_key_1_active'];
    const findings = run([serviceUserRow('ci', { ...activeKey(1, 100), new_col: 'x' })], { columns });
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[userArn('ci'), 'FAIL']]);
  });

  it('is ERROR (never PASS) when the credential report could not be read', () => {
    expectReadErrorFinding(evaluate(accessKeyRotation, [[credentialReport, denied('GetCredentialReport', 'Throttling')]]), 'GetCredentialReport', 'Throttling');
  });
});
