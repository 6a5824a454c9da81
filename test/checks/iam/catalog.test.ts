import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../../src/benchmark/cis-aws-1.2.0.js';
import { iamChecks } from '../../../src/checks/iam/index.js';
import { findCheck } from '../../../src/checks/registry.js';
import {
  accountSummary, credentialReport, iamLocalPolicies, iamUsers, passwordPolicy, supportAccessRoles, virtualMfaDevices,
} from '../../../src/collect/iam.js';
import { denied, evaluate, ok, reportGot, userRow, type StateEntry } from '../../helpers/check-state.js';

const EXPECTED: Record<string, string> = {
  '1.1': 'iam-root-usage', '1.2': 'iam-console-users-mfa', '1.3': 'iam-unused-credentials', '1.4': 'iam-access-key-rotation',
  '1.5': 'iam-password-requires-uppercase', '1.6': 'iam-password-requires-lowercase', '1.7': 'iam-password-requires-symbols',
  '1.8': 'iam-password-requires-numbers', '1.9': 'iam-password-min-length', '1.10': 'iam-password-reuse-prevention',
  '1.11': 'iam-password-expiry', '1.12': 'iam-root-access-keys', '1.13': 'iam-root-mfa', '1.14': 'iam-root-hardware-mfa',
  '1.16': 'iam-no-user-policies', '1.20': 'iam-support-role', '1.22': 'iam-no-full-admin-policies',
};

// The v1.2.0 checks; those the newer versions added have their own tests (other data, regions, MANUAL).
const V1_2_CHECKS = iamChecks.filter((c) => Object.values(EXPECTED).includes(c.id));

const DATUMS = [credentialReport, passwordPolicy, accountSummary, virtualMfaDevices, iamUsers, supportAccessRoles, iamLocalPolicies];

describe('IAM check catalogue', () => {
  it('has the 17 checks section 1 of CIS v1.2.0 maps to, all registered', () => {
    const section1 = CIS_AWS_1_2_0.controls.filter((c) => c.section === '1');
    expect(Object.fromEntries(section1.map((c) => [c.id, c.checks]))).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).map(([id, check]) => [id, [check]])),
    );
    expect(V1_2_CHECKS.map((c) => c.id).sort()).toEqual(Object.values(EXPECTED).sort());
    for (const id of Object.values(EXPECTED)) expect(findCheck(id)).toBeDefined();
  });

  it.each(V1_2_CHECKS.map((c) => [c.id, c] as const))('%s reads only declared data and never PASSes when all of it is denied', (_id, check) => {
    const allDenied: StateEntry[] = DATUMS.map((d) => [d, denied('SomeOperation')]);
    const findings = evaluate(check, allDenied);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.status === 'ERROR' && f.error !== undefined && f.region === 'global')).toBe(true);
  });

  it.each(V1_2_CHECKS.map((c) => [c.id, c] as const))('%s evaluates over plausible data without throwing', (_id, check) => {
    const data: StateEntry[] = [
      [credentialReport, reportGot([userRow('alice')])],
      [passwordPolicy, ok(null)],
      [accountSummary, ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 })],
      [virtualMfaDevices, ok([])],
      [iamUsers, ok([])],
      [supportAccessRoles, ok([])],
      [iamLocalPolicies, ok([])],
    ];
    const findings = evaluate(check, data);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.region).toBe('global');
      expect(f.resource).toMatch(/^arn:aws:iam::111122223333:/);
      expect(f.message).not.toBe('');
    }
  });
});
