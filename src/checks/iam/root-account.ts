import { accountSummary, virtualMfaDevices } from '../../collect/iam.js';
import type { Check, CheckContext, CheckState } from '../check.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';
import type { Finding } from '../../model/finding.js';

const SUMMARY = 'iam:GetAccountSummary';

function summaryField(field: string, expected: number, passMsg: string, failMsg: string): Check['evaluate'] {
  return (state, ctx) => {
    const resource = accountResource(ctx);
    const got = state.get(accountSummary);
    if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'the account summary')];
    const value = got.value[field];
    const evidence = [{ source: SUMMARY, field, value: value ?? null, expected: String(expected) }];
    if (typeof value !== 'number') return [unexpectedSummary(resource, field, value)];
    return value === expected ? [pass(resource, GLOBAL, passMsg, evidence)] : [fail(resource, GLOBAL, failMsg, evidence)];
  };
}

function unexpectedSummary(resource: string, field: string, value: unknown): Finding {
  return {
    status: 'ERROR',
    resource,
    region: GLOBAL,
    message: `GetAccountSummary has no numeric ${field} (got ${JSON.stringify(value ?? null)})`,
    evidence: [{ source: SUMMARY, field, value: value ?? null, expected: 'a number' }],
    error: { service: 'iam', operation: 'GetAccountSummary', region: GLOBAL, code: 'UnexpectedValue', message: field },
  };
}

/** Root must not have access keys: they cannot be restricted by any policy. */
export const rootAccessKeys: Check = {
  id: 'iam-root-access-keys',
  description: 'The root user has no access keys (GetAccountSummary AccountAccessKeysPresent = 0)',
  needs: [accountSummary],
  evaluate: summaryField('AccountAccessKeysPresent', 0, 'root has no access keys', 'root has access keys'),
};

/** Root must have MFA. */
export const rootMfa: Check = {
  id: 'iam-root-mfa',
  description: 'The root user has MFA enabled (GetAccountSummary AccountMFAEnabled = 1; with rootWithoutPasswordCounts, AccountPasswordPresent = 0 also passes)',
  needs: [accountSummary],
  params: ['rootWithoutPasswordCounts'],
  evaluate(state, ctx) {
    return orNoPassword(summaryField('AccountMFAEnabled', 1, 'root has MFA enabled', 'root has no MFA')(state, ctx), state, ctx);
  },
};

/** A FAIL turns into rootWithoutPassword's answer when that rule applies (AccountPasswordPresent is read only then). */
function orNoPassword(findings: Finding[], state: CheckState, ctx: CheckContext): Finding[] {
  if (!findings.some((f) => f.status === 'FAIL')) return findings;
  const noPassword = rootWithoutPassword(state, ctx);
  return noPassword ? [noPassword] : findings;
}

/**
 * v5.0.0+: a root user without a password cannot sign in to the console, so it counts as compliant. Returns that
 * PASS (or the ERROR when the field cannot be read), or undefined when the rule is off or root has a password.
 * Asked only after a FAIL: a root with (hardware) MFA passes whether or not it has a password.
 */
function rootWithoutPassword(state: CheckState, ctx: CheckContext): Finding | undefined {
  if (!ctx.params.rootWithoutPasswordCounts) return undefined;
  const resource = accountResource(ctx);
  const got = state.get(accountSummary);
  if (!got.ok) return readErrorFinding(resource, GLOBAL, got.error, 'the account summary');
  const present = got.value.AccountPasswordPresent;
  if (typeof present !== 'number') return unexpectedSummary(resource, 'AccountPasswordPresent', present);
  if (present !== 0) return undefined;
  return pass(resource, GLOBAL, 'root has no password (no console sign-in to protect)', [
    { source: SUMMARY, field: 'AccountPasswordPresent', value: present, expected: '0, or MFA on' },
  ]);
}

const isRootArn = (arn: string | undefined, ctx: CheckContext) => arn === accountResource(ctx);

/** Root's MFA must be a hardware device: MFA on and no virtual device assigned to root (matched by user, not serial). */
export const rootHardwareMfa: Check = {
  id: 'iam-root-hardware-mfa',
  description: 'The root user has a hardware MFA device (MFA on, no virtual MFA device assigned to root; with rootWithoutPasswordCounts, no root password also passes)',
  needs: [accountSummary, virtualMfaDevices],
  params: ['rootWithoutPasswordCounts'],
  evaluate(state, ctx) {
    return orNoPassword(hardwareMfa(state, ctx), state, ctx);
  },
};

function hardwareMfa(state: CheckState, ctx: CheckContext): Finding[] {
  const resource = accountResource(ctx);
  const summary = state.get(accountSummary);
  if (!summary.ok) return [readErrorFinding(resource, GLOBAL, summary.error, 'the account summary')];
  const enabled = summary.value.AccountMFAEnabled;
  if (typeof enabled !== 'number') return [unexpectedSummary(resource, 'AccountMFAEnabled', enabled)];
  if (enabled !== 1) {
    return [fail(resource, GLOBAL, 'root has no MFA at all', [{ source: SUMMARY, field: 'AccountMFAEnabled', value: enabled, expected: '1' }])];
  }
  const devices = state.get(virtualMfaDevices);
  if (!devices.ok) return [readErrorFinding(resource, GLOBAL, devices.error, 'the virtual MFA devices')];
  const virtual = devices.value.filter((d) => isRootArn(d.userArn, ctx));
  const evidence = [
    { source: SUMMARY, field: 'AccountMFAEnabled', value: enabled, expected: '1' },
    {
      source: 'iam:ListVirtualMFADevices',
      field: 'VirtualMFADevices[].User.Arn',
      value: virtual.map((d) => d.serialNumber),
      expected: `no device assigned to ${resource}`,
    },
  ];
  return virtual.length > 0
    ? [fail(resource, GLOBAL, `root uses a virtual MFA device (${virtual.map((d) => d.serialNumber).join(', ')})`, evidence)]
    : [pass(resource, GLOBAL, 'root MFA is not a virtual device', evidence)];
}

