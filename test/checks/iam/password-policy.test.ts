import { describe, expect, it } from 'vitest';
import {
  passwordExpiry, passwordMinLength, passwordRequiresLowercase, passwordRequiresNumbers, passwordRequiresSymbols,
  passwordRequiresUppercase, passwordReusePrevention,
} from '../../../src/checks/iam/password-policy.js';
import type { Check } from '../../../src/checks/check.js';
import { passwordPolicy, type PasswordPolicy } from '../../../src/collect/iam.js';
import { denied, evaluate, expectReadErrorFinding, ok, ROOT_ARN } from '../../helpers/check-state.js';

const SRC = 'iam:GetAccountPasswordPolicy';

/** A policy meeting every CIS 1.2 requirement. */
const COMPLIANT: PasswordPolicy = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};

const run = (check: Check, policy: PasswordPolicy | null) => evaluate(check, [[passwordPolicy, ok(policy)]]);
const statusOf = (check: Check, policy: PasswordPolicy | null) => {
  const findings = run(check, policy);
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ resource: ROOT_ARN, region: 'global' });
  return findings[0]!.status;
};

const ALL: Array<[string, Check, keyof PasswordPolicy]> = [
  ['1.5', passwordRequiresUppercase, 'RequireUppercaseCharacters'],
  ['1.6', passwordRequiresLowercase, 'RequireLowercaseCharacters'],
  ['1.7', passwordRequiresSymbols, 'RequireSymbols'],
  ['1.8', passwordRequiresNumbers, 'RequireNumbers'],
  ['1.9', passwordMinLength, 'MinimumPasswordLength'],
  ['1.10', passwordReusePrevention, 'PasswordReusePrevention'],
  ['1.11', passwordExpiry, 'MaxPasswordAge'],
];

describe('password policy checks (1.5–1.11)', () => {
  describe.each(ALL)('%s %s', (_control, check, field) => {
    it('declares exactly the password policy', () => {
      expect(check.needs.map((d) => d.key)).toEqual([passwordPolicy.key]);
    });

    it('PASSes the compliant policy, naming the field and value read', () => {
      const [f] = run(check, COMPLIANT);
      expect(f).toMatchObject({ status: 'PASS', resource: ROOT_ARN, region: 'global' });
      expect(f!.evidence[0]).toEqual(expect.objectContaining({ source: SRC, field, value: COMPLIANT[field] }));
      expect(f!.evidence[0]!.expected).toEqual(expect.any(String));
    });

    it('FAILs when the account has no password policy (NoSuchEntity → null): absent, not unreadable', () => {
      const [f, ...rest] = run(check, null);
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ status: 'FAIL', resource: ROOT_ARN, region: 'global' });
      expect(f!.evidence).toEqual([expect.objectContaining({ source: SRC, field: 'PasswordPolicy', value: null })]);
      expect(f!.error).toBeUndefined();
    });

    it('is ERROR (never PASS, never FAIL) when the policy could not be read', () => {
      expectReadErrorFinding(evaluate(check, [[passwordPolicy, denied('GetAccountPasswordPolicy')]]), 'GetAccountPasswordPolicy');
    });

    it('FAILs when the field is unset', () => {
      const { [field]: _dropped, ...rest } = COMPLIANT;
      const [f] = run(check, rest);
      expect(f!.status).toBe('FAIL');
      expect(f!.evidence[0]).toEqual(expect.objectContaining({ source: SRC, field, value: null }));
    });
  });

  describe.each([
    ['1.5', passwordRequiresUppercase, 'RequireUppercaseCharacters'],
    ['1.6', passwordRequiresLowercase, 'RequireLowercaseCharacters'],
    ['1.7', passwordRequiresSymbols, 'RequireSymbols'],
    ['1.8', passwordRequiresNumbers, 'RequireNumbers'],
  ] as const)('%s requires %s', (_c, check, field) => {
    it('FAILs when false, with the value and expectation as evidence', () => {
      const [f] = run(check, { ...COMPLIANT, [field]: false });
      expect(f!.status).toBe('FAIL');
      expect(f!.evidence).toEqual([{ source: SRC, field, value: false, expected: `${field}=true` }]);
    });
    it('only that field decides', () => {
      const others: PasswordPolicy = { ...COMPLIANT, RequireSymbols: false, RequireNumbers: false, RequireUppercaseCharacters: false, RequireLowercaseCharacters: false };
      expect(statusOf(check, { ...others, [field]: true })).toBe('PASS');
    });
  });

  describe('1.9 minimum length', () => {
    it('13 FAILs, 14 PASSes, 128 PASSes', () => {
      expect(statusOf(passwordMinLength, { ...COMPLIANT, MinimumPasswordLength: 13 })).toBe('FAIL');
      expect(statusOf(passwordMinLength, { ...COMPLIANT, MinimumPasswordLength: 14 })).toBe('PASS');
      expect(statusOf(passwordMinLength, { ...COMPLIANT, MinimumPasswordLength: 128 })).toBe('PASS');
    });
    it('evidence names the value and the expectation', () => {
      const [f] = run(passwordMinLength, { ...COMPLIANT, MinimumPasswordLength: 13 });
      expect(f!.evidence).toEqual([{ source: SRC, field: 'MinimumPasswordLength', value: 13, expected: 'MinimumPasswordLength>=14' }]);
    });
  });

  describe('1.10 reuse prevention', () => {
    it('24 PASSes, 23 FAILs, unset FAILs', () => {
      expect(statusOf(passwordReusePrevention, { ...COMPLIANT, PasswordReusePrevention: 24 })).toBe('PASS');
      expect(statusOf(passwordReusePrevention, { ...COMPLIANT, PasswordReusePrevention: 23 })).toBe('FAIL');
      const { PasswordReusePrevention: _unset, ...noReuse } = COMPLIANT;
      expect(statusOf(passwordReusePrevention, noReuse)).toBe('FAIL');
    });
    it('evidence for 23', () => {
      const [f] = run(passwordReusePrevention, { ...COMPLIANT, PasswordReusePrevention: 23 });
      expect(f!.evidence).toEqual([{ source: SRC, field: 'PasswordReusePrevention', value: 23, expected: 'PasswordReusePrevention>=24' }]);
    });
  });

  describe('1.11 expiry', () => {
    it('ExpirePasswords true and MaxPasswordAge 90 PASSes; 1 PASSes', () => {
      expect(statusOf(passwordExpiry, { ...COMPLIANT, MaxPasswordAge: 90 })).toBe('PASS');
      expect(statusOf(passwordExpiry, { ...COMPLIANT, MaxPasswordAge: 1 })).toBe('PASS');
    });
    it('MaxPasswordAge 91 FAILs', () => {
      expect(statusOf(passwordExpiry, { ...COMPLIANT, MaxPasswordAge: 91 })).toBe('FAIL');
    });
    it('MaxPasswordAge 0 FAILs', () => {
      expect(statusOf(passwordExpiry, { ...COMPLIANT, MaxPasswordAge: 0 })).toBe('FAIL');
    });
    it('ExpirePasswords false FAILs (as IAM returns it: no MaxPasswordAge)', () => {
      const { MaxPasswordAge: _unset, ...noExpiry } = COMPLIANT;
      expect(statusOf(passwordExpiry, { ...noExpiry, ExpirePasswords: false })).toBe('FAIL');
      expect(statusOf(passwordExpiry, { ...COMPLIANT, ExpirePasswords: false })).toBe('FAIL');
    });
    it('evidence carries both fields', () => {
      const [f] = run(passwordExpiry, { ...COMPLIANT, MaxPasswordAge: 91 });
      expect(f!.evidence).toEqual([
        { source: SRC, field: 'MaxPasswordAge', value: 91, expected: 'ExpirePasswords=true and MaxPasswordAge between 1 and 90' },
        { source: SRC, field: 'ExpirePasswords', value: true },
      ]);
    });
  });

  it('no policy FAILs all seven while a denied read ERRORs all seven', () => {
    const checks = ALL.map(([, c]) => c);
    expect(checks.map((c) => run(c, null)[0]!.status)).toEqual(Array(7).fill('FAIL'));
    expect(checks.map((c) => evaluate(c, [[passwordPolicy, denied('GetAccountPasswordPolicy')]])[0]!.status)).toEqual(Array(7).fill('ERROR'));
  });
});
