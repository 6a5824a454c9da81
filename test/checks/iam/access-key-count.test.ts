import { describe, expect, it } from 'vitest';
import { noKeysAtSetup, oneActiveKey } from '../../../src/checks/iam/access-key-count.js';
import { credentialReport } from '../../../src/collect/iam.js';
import {
  activeKey, daysAgo, denied, evaluate, expectReadErrorFinding, reportGot, ROOT_ARN, serviceUserRow, statuses,
  userArn, userRow, type ReportRow,
} from '../../helpers/check-state.js';

const SRC = 'iam:GetCredentialReport';
const one = (users: ReportRow[]) => evaluate(oneActiveKey, [[credentialReport, reportGot(users)]]);
const setup = (users: ReportRow[]) => evaluate(noKeysAtSetup, [[credentialReport, reportGot(users)]]);

describe('iam-one-active-key', () => {
  it('declares exactly the credential report', () => {
    expect(oneActiveKey.needs.map((d) => d.key)).toEqual([credentialReport.key]);
  });

  it('PASSes a user with one active key and FAILs a user with two, naming the user', () => {
    const findings = one([serviceUserRow('ci', activeKey(1, 10, 1)), serviceUserRow('legacy', { ...activeKey(1, 300, 2), ...activeKey(2, 20, 1) })]);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([['PASS', userArn('ci')], ['FAIL', userArn('legacy')]]);
    expect(findings[1]!.message).toBe('legacy has 2 active access keys');
    expect(findings[1]!.evidence).toEqual([
      { source: SRC, field: 'access_key_1_active', value: 'true', expected: 'at most one true' },
      { source: SRC, field: 'access_key_2_active', value: 'true', expected: 'at most one true' },
    ]);
  });

  it('is NOT_APPLICABLE when no user has an active key (root does not count)', () => {
    const findings = one([userRow('alice'), serviceUserRow('old', { access_key_1_active: 'false' })]);
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ROOT_ARN })]);
  });

  it('is ERROR for an access_key_N_active cell that is neither true nor false', () => {
    const [f] = one([serviceUserRow('ci', { access_key_2_active: 'maybe' })]);
    expect(f).toMatchObject({ status: 'ERROR', resource: userArn('ci') });
    expect(f!.evidence).toEqual([{ source: SRC, field: 'access_key_2_active', value: 'maybe', expected: 'true or false' }]);
  });

  it('is ERROR when the credential report was denied or throttled past retries', () => {
    expectReadErrorFinding(evaluate(oneActiveKey, [[credentialReport, denied('GetCredentialReport')]]), 'GetCredentialReport');
    expectReadErrorFinding(evaluate(oneActiveKey, [[credentialReport, denied('GenerateCredentialReport', 'Throttling')]]), 'GenerateCredentialReport', 'Throttling');
  });
});

describe('iam-no-keys-at-setup', () => {
  it('FAILs a console user with an active key that was never used, naming the key and when it was created', () => {
    const [f, ...rest] = setup([userRow('newhire', activeKey(2, 3))]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ status: 'FAIL', resource: userArn('newhire'), region: 'global' });
    expect(f!.message).toBe(`newhire has a console password and never-used active access key 2 (created ${daysAgo(3)})`);
    expect(f!.evidence).toContainEqual({ source: SRC, field: 'access_key_2_last_used_date', value: 'N/A', expected: 'a date (the key has been used)' });
    expect(f!.evidence).toContainEqual({ source: SRC, field: 'user_creation_time', value: '2025-01-02T03:04:05+00:00' });
  });

  it('PASSes console users whose active keys were used, and those without keys', () => {
    const findings = setup([userRow('alice', activeKey(1, 30, 2)), userRow('bob')]);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([['PASS', userArn('alice')], ['PASS', userArn('bob')]]);
  });

  it('ignores programmatic users: their keys are the point (NOT_APPLICABLE when there is no console user)', () => {
    const findings = setup([serviceUserRow('ci', activeKey(1, 3))]);
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ROOT_ARN })]);
  });

  it('is ERROR for a junk last-used cell rather than guessing', () => {
    const [f] = setup([userRow('alice', { ...activeKey(1, 30), access_key_1_last_used_date: 'soon' })]);
    expect(f).toMatchObject({ status: 'ERROR', resource: userArn('alice') });
    expect(statuses(setup([userRow('alice', { password_enabled: 'not_supported' })]))).toEqual(['ERROR']);
  });

  it('is ERROR when the credential report was denied or throttled past retries', () => {
    expectReadErrorFinding(evaluate(noKeysAtSetup, [[credentialReport, denied('GetCredentialReport')]]), 'GetCredentialReport');
    expectReadErrorFinding(evaluate(noKeysAtSetup, [[credentialReport, denied('GetCredentialReport', 'Throttling')]]), 'GetCredentialReport', 'Throttling');
  });
});
