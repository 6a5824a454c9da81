import { describe, expect, it } from 'vitest';
import { consoleUsersMfa } from '../../../src/checks/iam/console-users-mfa.js';
import { credentialReport } from '../../../src/collect/iam.js';
import {
  activeKey, CREDENTIAL_REPORT_COLUMNS, denied, evaluate, expectReadErrorFinding, reportGot, ROOT_ARN, rootRow,
  serviceUserRow, statuses, userArn, userRow, type ReportRow,
} from '../../helpers/check-state.js';

const SRC = 'iam:GetCredentialReport';
const run = (users: ReportRow[], root?: ReportRow | null, columns?: readonly string[]) =>
  evaluate(consoleUsersMfa, [[credentialReport, reportGot(users, { root, columns })]]);

describe('iam-console-users-mfa (1.2)', () => {
  it('declares exactly the credential report', () => {
    expect(consoleUsersMfa.id).toBe('iam-console-users-mfa');
    expect(consoleUsersMfa.needs.map((d) => d.key)).toEqual([credentialReport.key]);
  });

  it('PASSes a console user with MFA, with the two cells as evidence', () => {
    const findings = run([userRow('alice')]);
    expect(findings).toEqual([
      expect.objectContaining({ status: 'PASS', resource: userArn('alice'), region: 'global' }),
    ]);
    expect(findings[0]!.evidence).toEqual([
      { source: SRC, field: 'password_enabled', value: 'true' },
      { source: SRC, field: 'mfa_active', value: 'true', expected: 'true' },
    ]);
  });

  it('FAILs exactly the console user without MFA', () => {
    const findings = run([userRow('alice'), userRow('bob', { mfa_active: 'false' })]);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([
      [userArn('alice'), 'PASS'],
      [userArn('bob'), 'FAIL'],
    ]);
    expect(findings[1]!.evidence).toContainEqual({ source: SRC, field: 'mfa_active', value: 'false', expected: 'true' });
  });

  it('ignores users without a console password (and their keys)', () => {
    const findings = run([userRow('alice'), serviceUserRow('ci', { ...activeKey(1, 10, 1) })]);
    expect(findings.map((f) => f.resource)).toEqual([userArn('alice')]);
  });

  it('reads booleans case-insensitively: TRUE / True / true', () => {
    const findings = run([
      userRow('a', { password_enabled: 'TRUE', mfa_active: 'FALSE' }),
      userRow('b', { password_enabled: 'True', mfa_active: 'True' }),
      userRow('c', { password_enabled: 'FALSE', mfa_active: 'FALSE' }),
    ]);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([
      [userArn('a'), 'FAIL'],
      [userArn('b'), 'PASS'],
    ]);
  });

  it('excludes the root row (password_enabled not_supported, even without MFA)', () => {
    const findings = run([userRow('alice')], rootRow({ mfa_active: 'false' }));
    expect(findings.every((f) => f.resource !== ROOT_ARN)).toBe(true);
    expect(statuses(findings)).toEqual(['PASS']);
  });

  it('is NOT_APPLICABLE when there are no IAM users (root only)', () => {
    const findings = run([]);
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ROOT_ARN, region: 'global' })]);
  });

  it('is NOT_APPLICABLE when no user has a console password', () => {
    expect(statuses(run([serviceUserRow('ci')]))).toEqual(['NOT_APPLICABLE']);
  });

  it('an odd password_enabled value is ERROR for that user, not a guess; others are still judged', () => {
    const findings = run([userRow('odd', { password_enabled: 'maybe', mfa_active: 'false' }), userRow('bob', { mfa_active: 'false' })]);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([
      [userArn('odd'), 'ERROR'],
      [userArn('bob'), 'FAIL'],
    ]);
    expect(findings[0]!.evidence).toEqual([{ source: SRC, field: 'password_enabled', value: 'maybe', expected: 'true or false' }]);
    expect(findings[0]!.error).toMatchObject({ operation: 'GetCredentialReport', code: 'UnexpectedValue' });
  });

  it('an odd mfa_active value is ERROR for that user', () => {
    const [f] = run([userRow('odd', { mfa_active: 'N/A' })]);
    expect(f).toMatchObject({ status: 'ERROR', resource: userArn('odd') });
    expect(f!.evidence).toEqual([{ source: SRC, field: 'mfa_active', value: 'N/A', expected: 'true or false' }]);
  });

  it('tolerates extra and reordered columns', () => {
    const columns: string[] = [...[...CREDENTIAL_REPORT_COLUMNS].reverse(), 'access_key_3_active'];
    const findings = run([userRow('bob', { mfa_active: 'false', access_key_3_active: 'false' })], undefined, columns);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[userArn('bob'), 'FAIL']]);
  });

  it('is ERROR (never PASS) when the credential report could not be read', () => {
    expectReadErrorFinding(evaluate(consoleUsersMfa, [[credentialReport, denied('GetCredentialReport')]]), 'GetCredentialReport');
  });
});
