import { describe, expect, it } from 'vitest';
import { fixCommand } from '../../src/cli/fix-command.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL, undo } from './fix-helpers.js';

// RDS (cis-3.0.0 2.3.1–2.3.3): the demo's legacy-crm (eu-west-1) is unencrypted, public and pinned to its minor
// version; the Aurora member analytics-2 (us-east-1) does not upgrade minor versions.

const REGIONS = ['us-east-1', 'eu-west-1'];
const at = (...control: string[]) => ({ benchmark: ['cis-3.0.0'], control, region: REGIONS });
const live = liveAccounts(() => structuredClone(demoAccount()));
const db = (a: FakeAccount, region: string, id: string) => a.storage!.rds[region]!.instances.find((d) => d.DBInstanceIdentifier === id)!;
const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);
const modify = (region: string, id: string, field: string, value: boolean, ApplyImmediately: boolean) =>
  ({ service: 'rds', region, operation: 'ModifyDBInstance', input: { DBInstanceIdentifier: id, [field]: value, ApplyImmediately } });

describe('fix RDS public access (2.3.3)', () => {
  it('without --allow-disruptive: GUIDANCE naming the instance, no write', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...at('2.3.3'), yes: true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(outcomeOf(result, '2.3.3')).toMatchObject({ outcome: 'GUIDANCE', detail: expect.stringContaining('eu-west-1: legacy-crm (mysql) is publicly accessible; clients outside its VPC lose access') });
    expect(out.stdout).toContain('--db-instance-identifier legacy-crm --no-publicly-accessible');
  });

  it('--allow-disruptive: dry run sends only reads; applied at once, FIXED; second run plans nothing; undo makes it public again', async () => {
    const { writes, calls, account } = live();
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ ...at('2.3.3'), 'dry-run': true, 'allow-disruptive': true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain('call: rds:ModifyDBInstance (eu-west-1) {"DBInstanceIdentifier":"legacy-crm","PubliclyAccessible":false,"ApplyImmediately":true}');
    expect(out.stdout).toContain('WARNING: clients outside the VPC of legacy-crm');

    const result = await fixCommand(fixFlags({ ...at('2.3.3'), yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(writes()).toEqual([modify('eu-west-1', 'legacy-crm', 'PubliclyAccessible', false, true)]);
    expect(db(account, 'eu-west-1', 'legacy-crm').PubliclyAccessible).toBe(false);
    expect(outcomeOf(result, '2.3.3')?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ status: 'applied', prior: { DBInstanceIdentifier: 'legacy-crm', PubliclyAccessible: true } });
    const second = await fixCommand(fixFlags({ ...at('2.3.3'), yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(outcomeOf(second, '2.3.3')?.outcome).toBe('NOTHING_TO_DO');
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes()[1]).toEqual(modify('eu-west-1', 'legacy-crm', 'PubliclyAccessible', true, true));
    expect(db(account, 'eu-west-1', 'legacy-crm').PubliclyAccessible).toBe(true);
  });
});

describe('fix RDS automatic minor version upgrades (2.3.2)', () => {
  it('without --allow-disruptive: ApplyImmediately=false, PENDING until the maintenance window', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ ...at('2.3.2'), yes: true }), fixIo().io, TOOL);
    expect(writes()).toEqual([
      modify('us-east-1', 'analytics-2', 'AutoMinorVersionUpgrade', true, false),
      modify('eu-west-1', 'legacy-crm', 'AutoMinorVersionUpgrade', true, false),
    ]);
    expect(db(account, 'us-east-1', 'analytics-2').pending).toEqual({ AutoMinorVersionUpgrade: true });
    expect(outcomeOf(result, '2.3.2')).toMatchObject({ outcome: 'PENDING', detail: expect.stringContaining('the next maintenance window of analytics-2 (us-east-1), legacy-crm (eu-west-1)') });
    expect(result.exitCode).toBe(0);
  });

  it('--allow-disruptive: applied now, FIXED; a failing call midway is APPLY_ERROR and undo reverts the applied instance', async () => {
    const account = structuredClone(demoAccount());
    account.errors!.push({ service: 'rds', operation: 'ModifyDBInstance', region: 'eu-west-1', code: 'InvalidDBInstanceState', message: 'Database instance is not in available state.', times: 1 });
    const { writes } = live(account);
    const failed = await fixCommand(fixFlags({ ...at('2.3.2'), yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(outcomeOf(failed, '2.3.2')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/rds:ModifyDBInstance failed: InvalidDBInstanceState .*1 earlier step\(s\) applied and journaled/) });
    expect(db(account, 'us-east-1', 'analytics-2').AutoMinorVersionUpgrade).toBe(true);
    expect(journalOf(failed.journalPath!).steps.map((s) => s.status)).toEqual(['applied', 'failed']);
    // A rerun plans only what is left.
    const rerun = await fixCommand(fixFlags({ ...at('2.3.2'), yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(writes().slice(2)).toEqual([modify('eu-west-1', 'legacy-crm', 'AutoMinorVersionUpgrade', true, true)]);
    expect(outcomeOf(rerun, '2.3.2')?.outcome).toBe('FIXED');
    expect(await undo(failed.journalPath!)).toBe(0);
    expect(writes().at(-1)).toEqual(modify('us-east-1', 'analytics-2', 'AutoMinorVersionUpgrade', false, true));
    expect(db(account, 'us-east-1', 'analytics-2').AutoMinorVersionUpgrade).toBe(false);
  });
});

describe('fix RDS encryption at rest (2.3.1)', () => {
  it('GUIDANCE: the snapshot → encrypted copy → restore procedure for the instance, by id; no write', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...at('2.3.1'), yes: true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(outcomeOf(result, '2.3.1')?.outcome).toBe('GUIDANCE');
    expect(out.stdout).toContain('eu-west-1: legacy-crm (mysql) cannot be encrypted in place: 1) aws rds create-db-snapshot --region eu-west-1 --db-instance-identifier legacy-crm --db-snapshot-identifier legacy-crm-unencrypted');
    expect(out.stdout).toContain('aws rds copy-db-snapshot --region eu-west-1 --source-db-snapshot-identifier legacy-crm-unencrypted --target-db-snapshot-identifier legacy-crm-encrypted --kms-key-id alias/aws/rds');
    expect(out.stdout).toContain('aws rds restore-db-instance-from-db-snapshot --region eu-west-1 --db-instance-identifier legacy-crm-encrypted');
  });
});
