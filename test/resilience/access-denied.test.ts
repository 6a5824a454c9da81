import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { permissionsPolicy } from '../../src/cli/permissions.js';
import { serveAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import {
  ALL_CONTROLS, baseline, expectOnlyDependentsDegrade, expectWellFormed, opName, scan, statuses, cleanAccount,
} from './harness.js';

// Access denied on one read, everywhere, for EVERY read the scan makes (listed from the clean run's own calls):
// no crash, only the controls that read it change, they change to ERROR (a FAIL provable from other data stays
// FAIL), the denial is visible, and a denial never creates a PASS.

const b = await baseline();
const BOOTSTRAP = ['sts:GetCallerIdentity', 'ec2:DescribeRegions'];
const reads = b.ops.filter((op) => !BOOTSTRAP.includes(op));

/** IAM action names that differ from the API operation a collector calls. */
const IAM_ACTION: Record<string, string> = {
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};
const actionFor = (op: string) => IAM_ACTION[op] ?? op;

function denyEverywhere(op: string) {
  const [service, operation] = op.split(':') as [string, string];
  const account = cleanAccount();
  account.errors = [{ service, operation, code: 'AccessDenied', message: `User is not authorized to perform: ${actionFor(op)}` }];
  return serveAccount(account);
}

describe('the reads the scan makes', () => {
  it('are derived from the clean run and cover every service (the table below is not vacuous)', () => {
    expect(b.ops.length).toBeGreaterThanOrEqual(28);
    expect(new Set(b.ops.map((op) => op.split(':')[0]))).toEqual(
      new Set(['sts', 'ec2', 'iam', 'cloudtrail', 'config', 'kms', 's3', 's3control', 'logs', 'cloudwatch', 'sns']),
    );
    // Every control reads something beyond who we are.
    for (const c of ALL_CONTROLS) expect([...b.opsByControl[c.id]!].filter((op) => !BOOTSTRAP.includes(op)).length, c.id).toBeGreaterThan(0);
  });

  it('include every read the demo account (with its SCP) makes', async () => {
    const fake = serveAccount(demoAccount());
    await scan(fake);
    for (const op of new Set(fake.log.map(opName))) expect(b.ops).toContain(op);
  });

  it.each(ALL_CONTROLS.map((c) => [c.id, c] as const))('`cis-audit permissions` for %s grants every read that control makes', (_id, control) => {
    const actions = (permissionsPolicy([control], false).Statement as Array<{ Action: string[] }>)[0]!.Action;
    for (const op of b.opsByControl[control.id]!) expect(actions).toContain(actionFor(op));
  });
});

describe('access denied on one read, everywhere', () => {
  it.each(reads)('%s denied → only its dependents change, to ERROR; the denial is visible; no new PASS', async (op) => {
    const r = await scan(denyEverywhere(op));
    expectWellFormed(r);
    expectOnlyDependentsDegrade(b, r, op, 'AccessDenied');
    // At least one control read it, so the denial reaches a verdict.
    expect(ALL_CONTROLS.some((c) => b.opsByControl[c.id]!.has(op))).toBe(true);
    const after = statuses(r);
    for (const id of Object.keys(after)) if (after[id] === 'PASS') expect(b.statuses[id], `${id} became PASS`).toBe('PASS');
  });

  it('sts:GetCallerIdentity denied → a usage error naming it, before any account data is read', async () => {
    const fake = denyEverywhere('sts:GetCallerIdentity');
    const err = await scan(fake).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/sts:GetCallerIdentity failed: AccessDenied/);
    // DescribeRegions is asked alongside (both are context); nothing else is.
    expect(fake.log.map(opName).sort()).toEqual(['ec2:DescribeRegions', 'sts:GetCallerIdentity']);
  });

  it('ec2:DescribeRegions denied → a usage error with a --region hint; with --region the scan goes on and warns', async () => {
    const err = await scan(denyEverywhere('ec2:DescribeRegions')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/ec2:DescribeRegions failed: AccessDenied/);
    expect((err as UsageError).hint).toMatch(/--region/);

    const r = await scan(denyEverywhere('ec2:DescribeRegions'), { regions: ['us-east-1', 'eu-west-1'] });
    expect(r.warnings.join('\n')).toMatch(/could not list enabled regions \(ec2:DescribeRegions: AccessDenied/);
    expect(r.regions).toEqual(['us-east-1', 'eu-west-1']);
    const clean = await scan(serveAccount(cleanAccount()), { regions: ['us-east-1', 'eu-west-1'] });
    expect(statuses(r)).toEqual(statuses(clean));
  });

  it('every read denied at once: nothing PASSes, every control is ERROR or a FAIL (none crash)', async () => {
    const account = cleanAccount();
    account.errors = reads.map((op) => {
      const [service, operation] = op.split(':') as [string, string];
      return { service, operation, code: 'AccessDenied', message: 'denied' };
    });
    const r = await scan(serveAccount(account));
    expectWellFormed(r);
    for (const c of r.controls) expect(['ERROR', 'FAIL'], c.control.id).toContain(c.status);
    // Without any data a FAIL can only come from data that was read: here none was, so every control is ERROR.
    expect(Object.values(statuses(r))).toEqual(ALL_CONTROLS.map(() => 'ERROR'));
  });
});
