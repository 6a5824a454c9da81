import { describe, expect, it } from 'vitest';
import { rootAccessKeys, rootHardwareMfa, rootMfa } from '../../../src/checks/iam/root-account.js';
import { accountSummary, virtualMfaDevices, type AccountSummary, type VirtualMfaDevice } from '../../../src/collect/iam.js';
import type { Got } from '../../../src/model/got.js';
import { ACCOUNT, denied, evaluate, expectReadErrorFinding, ok, ROOT_ARN, userArn } from '../../helpers/check-state.js';

const SUMMARY = 'iam:GetAccountSummary';
const summary = (fields: Partial<AccountSummary>): AccountSummary => ({
  Users: 3, Roles: 10, Policies: 2, MFADevices: 2, MFADevicesInUse: 1,
  AccountAccessKeysPresent: 0, AccountMFAEnabled: 1, AccountSigningCertificatesPresent: 0,
  ...fields,
} as AccountSummary);
const without = (field: string): AccountSummary => {
  const s = summary({});
  delete s[field];
  return s;
};

describe('iam-root-access-keys (1.12)', () => {
  const run = (s: AccountSummary) => evaluate(rootAccessKeys, [[accountSummary, ok(s)]]);

  it('declares exactly the account summary', () => {
    expect(rootAccessKeys.needs.map((d) => d.key)).toEqual([accountSummary.key]);
  });

  it('PASSes with AccountAccessKeysPresent = 0', () => {
    const findings = run(summary({ AccountAccessKeysPresent: 0 }));
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: ROOT_ARN, region: 'global' })]);
    expect(findings[0]!.evidence).toEqual([{ source: SUMMARY, field: 'AccountAccessKeysPresent', value: 0, expected: '0' }]);
  });

  it('FAILs with AccountAccessKeysPresent = 1', () => {
    const [f] = run(summary({ AccountAccessKeysPresent: 1 }));
    expect(f).toMatchObject({ status: 'FAIL', resource: ROOT_ARN, region: 'global' });
    expect(f!.evidence).toEqual([{ source: SUMMARY, field: 'AccountAccessKeysPresent', value: 1, expected: '0' }]);
  });

  it('is ERROR when the SummaryMap lacks AccountAccessKeysPresent (not a PASS)', () => {
    const [f] = run(without('AccountAccessKeysPresent'));
    expect(f).toMatchObject({ status: 'ERROR', resource: ROOT_ARN, region: 'global' });
    expect(f!.evidence).toEqual([{ source: SUMMARY, field: 'AccountAccessKeysPresent', value: null, expected: 'a number' }]);
    expect(f!.error).toMatchObject({ operation: 'GetAccountSummary', code: 'UnexpectedValue' });
  });

  it('is ERROR when GetAccountSummary was denied', () => {
    expectReadErrorFinding(evaluate(rootAccessKeys, [[accountSummary, denied('GetAccountSummary')]]), 'GetAccountSummary');
  });
});

describe('iam-root-mfa (1.13)', () => {
  const run = (s: AccountSummary) => evaluate(rootMfa, [[accountSummary, ok(s)]]);

  it('declares exactly the account summary', () => {
    expect(rootMfa.needs.map((d) => d.key)).toEqual([accountSummary.key]);
  });

  it('PASSes with AccountMFAEnabled = 1', () => {
    const [f] = run(summary({ AccountMFAEnabled: 1 }));
    expect(f).toMatchObject({ status: 'PASS', resource: ROOT_ARN, region: 'global' });
    expect(f!.evidence).toEqual([{ source: SUMMARY, field: 'AccountMFAEnabled', value: 1, expected: '1' }]);
  });

  it('FAILs with AccountMFAEnabled = 0', () => {
    const [f] = run(summary({ AccountMFAEnabled: 0 }));
    expect(f).toMatchObject({ status: 'FAIL', resource: ROOT_ARN, region: 'global' });
    expect(f!.evidence).toEqual([{ source: SUMMARY, field: 'AccountMFAEnabled', value: 0, expected: '1' }]);
  });

  it('is ERROR when the SummaryMap lacks AccountMFAEnabled', () => {
    const [f] = run(without('AccountMFAEnabled'));
    expect(f!.status).toBe('ERROR');
    expect(f!.error).toMatchObject({ operation: 'GetAccountSummary', code: 'UnexpectedValue' });
  });

  it('is ERROR when GetAccountSummary was denied', () => {
    expectReadErrorFinding(evaluate(rootMfa, [[accountSummary, denied('GetAccountSummary')]]), 'GetAccountSummary');
  });
});

describe('iam-root-hardware-mfa (1.14)', () => {
  const DEVICES = 'iam:ListVirtualMFADevices';
  const run = (s: Got<AccountSummary>, devices: Got<VirtualMfaDevice[]>, partition?: string) =>
    evaluate(rootHardwareMfa, [[accountSummary, s], [virtualMfaDevices, devices]], partition ? { partition } : {});
  const aliceDevice: VirtualMfaDevice = {
    serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, userArn: userArn('alice'), userName: 'alice',
  };
  const unassigned: VirtualMfaDevice = { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/spare` };

  it('declares the account summary and the virtual MFA devices', () => {
    expect(rootHardwareMfa.needs.map((d) => d.key).sort()).toEqual([accountSummary.key, virtualMfaDevices.key].sort());
  });

  it('PASSes with MFA on and only another user\'s (and unassigned) virtual devices', () => {
    const findings = run(ok(summary({})), ok([aliceDevice, unassigned]));
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: ROOT_ARN, region: 'global' })]);
    expect(findings[0]!.evidence).toEqual([
      { source: SUMMARY, field: 'AccountMFAEnabled', value: 1, expected: '1' },
      { source: DEVICES, field: 'VirtualMFADevices[].User.Arn', value: [], expected: `no device assigned to ${ROOT_ARN}` },
    ]);
  });

  it('PASSes with MFA on and no virtual devices at all', () => {
    expect(run(ok(summary({})), ok([]))[0]!.status).toBe('PASS');
  });

  it('FAILs with MFA on and a virtual device assigned to root under a custom serial name', () => {
    const rootDevice: VirtualMfaDevice = { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/my-phone`, userArn: ROOT_ARN };
    const findings = run(ok(summary({})), ok([aliceDevice, rootDevice]));
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: ROOT_ARN, region: 'global' })]);
    expect(findings[0]!.evidence).toContainEqual({
      source: DEVICES, field: 'VirtualMFADevices[].User.Arn', value: [rootDevice.serialNumber], expected: `no device assigned to ${ROOT_ARN}`,
    });
  });

  it('does not match on the serial: root-account-mfa-device assigned to someone else is not root\'s', () => {
    const misleading: VirtualMfaDevice = { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, userArn: userArn('bob') };
    expect(run(ok(summary({})), ok([misleading]))[0]!.status).toBe('PASS');
  });

  it('matches root in another partition (aws-us-gov)', () => {
    const govRoot = `arn:aws-us-gov:iam::${ACCOUNT}:root`;
    const findings = run(ok(summary({})), ok([{ serialNumber: `arn:aws-us-gov:iam::${ACCOUNT}:mfa/x`, userArn: govRoot }]), 'aws-us-gov');
    expect(findings[0]).toMatchObject({ status: 'FAIL', resource: govRoot });
  });

  it('FAILs with MFA off even when the virtual MFA list is unreadable', () => {
    const findings = run(ok(summary({ AccountMFAEnabled: 0 })), denied('ListVirtualMFADevices'));
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: ROOT_ARN, region: 'global' })]);
    expect(findings[0]!.evidence).toEqual([{ source: SUMMARY, field: 'AccountMFAEnabled', value: 0, expected: '1' }]);
    expect(findings[0]!.error).toBeUndefined();
  });

  it('is ERROR with MFA on and the virtual MFA list unreadable', () => {
    expectReadErrorFinding(run(ok(summary({})), denied('ListVirtualMFADevices')), 'ListVirtualMFADevices');
  });

  it('is ERROR when the account summary is unreadable', () => {
    expectReadErrorFinding(run(denied('GetAccountSummary'), ok([])), 'GetAccountSummary');
  });

  it('is ERROR when the SummaryMap lacks AccountMFAEnabled', () => {
    const [f] = run(ok(without('AccountMFAEnabled')), ok([]));
    expect(f!.status).toBe('ERROR');
    expect(f!.error).toMatchObject({ operation: 'GetAccountSummary', code: 'UnexpectedValue' });
  });
});
