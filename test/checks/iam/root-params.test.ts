import { describe, expect, it } from 'vitest';
import { rootHardwareMfa, rootMfa } from '../../../src/checks/iam/root-account.js';
import { rootUsage } from '../../../src/checks/iam/root-usage.js';
import { accountSummary, credentialReport, virtualMfaDevices, type AccountSummary } from '../../../src/collect/iam.js';
import {
  activeKey, daysAgo, denied, evaluate, expectReadErrorFinding, ok, reportGot, ROOT_ARN, rootRow, statuses,
} from '../../helpers/check-state.js';

// The parameters newer benchmark versions pass to the v1.2.0 root checks.
const SUMMARY = 'iam:GetAccountSummary';
const summary = (fields: Record<string, number>): AccountSummary => ({ AccountAccessKeysPresent: 0, AccountMFAEnabled: 1, AccountPasswordPresent: 1, ...fields });
const rootDevice = [{ serialNumber: `arn:aws:iam::111122223333:mfa/root-phone`, userArn: ROOT_ARN }];
const counts = { params: { rootWithoutPasswordCounts: true } };

describe('rootWithoutPasswordCounts (v5.0.0+ root MFA and hardware MFA)', () => {
  it('declares the parameter on both checks', () => {
    expect(rootMfa.params).toEqual(['rootWithoutPasswordCounts']);
    expect(rootHardwareMfa.params).toEqual(['rootWithoutPasswordCounts']);
  });

  it('PASSes a root without MFA but also without a password, with AccountPasswordPresent as evidence', () => {
    const s = summary({ AccountMFAEnabled: 0, AccountPasswordPresent: 0 });
    for (const check of [rootMfa, rootHardwareMfa]) {
      const [f] = evaluate(check, [[accountSummary, ok(s)], [virtualMfaDevices, ok(rootDevice)]], counts);
      expect(f).toMatchObject({ status: 'PASS', resource: ROOT_ARN, message: 'root has no password (no console sign-in to protect)' });
      expect(f!.evidence).toEqual([{ source: SUMMARY, field: 'AccountPasswordPresent', value: 0, expected: '0, or MFA on' }]);
    }
  });

  it('still FAILs a root with a password and no MFA (and without the parameter, no password does not help)', () => {
    const withPassword = summary({ AccountMFAEnabled: 0, AccountPasswordPresent: 1 });
    expect(statuses(evaluate(rootMfa, [[accountSummary, ok(withPassword)]], counts))).toEqual(['FAIL']);
    expect(statuses(evaluate(rootHardwareMfa, [[accountSummary, ok(withPassword)], [virtualMfaDevices, ok([])]], counts))).toEqual(['FAIL']);
    const noPassword = summary({ AccountMFAEnabled: 0, AccountPasswordPresent: 0 });
    expect(statuses(evaluate(rootMfa, [[accountSummary, ok(noPassword)]]))).toEqual(['FAIL']);
  });

  it('reads AccountPasswordPresent only when MFA alone fails (a summary without it still PASSes MFA on)', () => {
    const s = summary({});
    delete s.AccountPasswordPresent;
    expect(statuses(evaluate(rootMfa, [[accountSummary, ok(s)]], counts))).toEqual(['PASS']);
  });

  it('still FAILs virtual MFA on a root that has a password', () => {
    const [f] = evaluate(rootHardwareMfa, [[accountSummary, ok(summary({}))], [virtualMfaDevices, ok(rootDevice)]], counts);
    expect(f).toMatchObject({ status: 'FAIL', resource: ROOT_ARN });
  });

  it('is ERROR when the summary has no AccountPasswordPresent, or was denied / throttled', () => {
    const s = summary({ AccountMFAEnabled: 0 });
    delete s.AccountPasswordPresent;
    const [f] = evaluate(rootMfa, [[accountSummary, ok(s)]], counts);
    expect(f).toMatchObject({ status: 'ERROR', error: expect.objectContaining({ code: 'UnexpectedValue', message: 'AccountPasswordPresent' }) });
    expectReadErrorFinding(evaluate(rootMfa, [[accountSummary, denied('GetAccountSummary')]], counts), 'GetAccountSummary');
    expectReadErrorFinding(evaluate(rootHardwareMfa, [[accountSummary, denied('GetAccountSummary', 'Throttling')], [virtualMfaDevices, ok([])]], counts), 'GetAccountSummary', 'Throttling');
  });
});

describe('rootUsageEvidenceOnly (v1.4+: no threshold)', () => {
  const run = (root: Record<string, string>) =>
    evaluate(rootUsage, [[credentialReport, reportGot([], { root })]], { params: { rootUsageEvidenceOnly: true } });

  it('reports the last uses as MANUAL evidence however recent, never PASS or FAIL', () => {
    const root = rootRow({ password_last_used: daysAgo(3), ...activeKey(1, 400, 10) });
    const [f, ...rest] = run(root);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ status: 'MANUAL', resource: ROOT_ARN, region: 'global' });
    expect(f!.message).toContain('root last used: password_last_used');
    expect(f!.message).toContain('confirm root is used only for the tasks that require it');
    expect(f!.evidence).toEqual([
      { source: 'iam:GetCredentialReport', field: 'password_last_used', value: root.password_last_used },
      { source: 'iam:GetCredentialReport', field: 'access_key_1_last_used_date', value: daysAgo(10) },
      { source: 'iam:GetCredentialReport', field: 'access_key_2_last_used_date', value: 'N/A' },
    ]);
  });

  it('says when root has no recorded use', () => {
    const [f] = run(rootRow({ password_last_used: 'no_information' }));
    expect(f).toMatchObject({ status: 'MANUAL', message: expect.stringContaining('root has no recorded password or access key use') });
  });

  it('is ERROR when the credential report could not be read (MANUAL needs the evidence; the read error is not hidden)', () => {
    expectReadErrorFinding(evaluate(rootUsage, [[credentialReport, denied('GetCredentialReport')]], { params: { rootUsageEvidenceOnly: true } }), 'GetCredentialReport');
  });
});
