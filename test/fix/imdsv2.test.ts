import { describe, expect, it } from 'vitest';
import { fixCommand } from '../../src/cli/fix-command.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, journalOf, liveAccounts, outcomeOf, TOOL, undo } from './fix-helpers.js';

// IMDSv2 (cis-3.0.0 5.6): the demo's reporting-win (running) and legacy-cron (stopped) in us-east-1 allow IMDSv1.

const CONTROL = { benchmark: ['cis-3.0.0'], control: ['5.6'], region: ['us-east-1', 'eu-west-1'] };
const WIN = 'i-0a1b2c3d4e5f60003';
const CRON = 'i-0a1b2c3d4e5f60004';
const live = liveAccounts(() => structuredClone(demoAccount()));
const instance = (a: FakeAccount, id: string) => a.networking!.regions['us-east-1']!.instances!.find((i) => i.InstanceId === id)!;
const outcome = outcomeOf('5.6');
const modify = (InstanceId: string, HttpTokens: string) => ({ service: 'ec2', region: 'us-east-1', operation: 'ModifyInstanceMetadataOptions', input: { InstanceId, HttpTokens, HttpEndpoint: 'enabled' } });

describe('fix IMDSv2', () => {
  it('without --allow-disruptive: GUIDANCE naming each instance id and Name, no write', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(outcome(result)?.outcome).toBe('GUIDANCE');
    expect(out.stdout).toContain(`nothing changed without --allow-disruptive (requiring IMDSv2 breaks software still using IMDSv1): us-east-1: ${WIN} (reporting-win), us-east-1: ${CRON} (legacy-cron)`);
    expect(out.stdout).toContain(`--instance-id ${WIN} --http-tokens required --http-endpoint enabled`);
  });

  it('--allow-disruptive: dry run sends only reads and warns per instance; applied, FIXED; second run plans nothing; undo restores optional', async () => {
    const { writes, calls, account } = live();
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ ...CONTROL, 'dry-run': true, 'allow-disruptive': true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain(`call: ec2:ModifyInstanceMetadataOptions (us-east-1) {"InstanceId":"${WIN}","HttpTokens":"required","HttpEndpoint":"enabled"}`);
    expect(out.stdout).toContain(`undo: ec2:ModifyInstanceMetadataOptions (us-east-1) {"InstanceId":"${WIN}","HttpTokens":"optional","HttpEndpoint":"enabled"}`);
    expect(out.stdout).toContain(`WARNING: software on ${WIN} (reporting-win) that still calls the metadata service without a session token`);

    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(writes()).toEqual([modify(WIN, 'required'), modify(CRON, 'required')]);
    expect(instance(account, WIN).HttpTokens).toBe('required');
    expect(outcome(result)?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ status: 'applied', prior: { InstanceId: WIN, Name: 'reporting-win', HttpTokens: 'optional', HttpEndpoint: 'enabled' } });
    const second = await fixCommand(fixFlags({ ...CONTROL, yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(2);
    expect(outcome(second)?.outcome).toBe('NOTHING_TO_DO');
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(2)).toEqual([modify(CRON, 'optional'), modify(WIN, 'optional')]);
    expect(instance(account, WIN).HttpTokens).toBe('optional');
  });

  it('STILL_FAILING when EC2 accepts the call but the read-back still shows optional', async () => {
    const account = structuredClone(demoAccount());
    account.networking!.ignoreWrites = true;
    live(account);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(outcome(result)).toMatchObject({ outcome: 'STILL_FAILING', detail: expect.stringContaining(`${WIN} (us-east-1): HttpTokens optional`) });
    expect(result.exitCode).toBe(1);
  });

  it('a failing call midway: APPLY_ERROR, the first instance stays journaled and undo reverts it', async () => {
    const account = structuredClone(demoAccount());
    account.errors!.push({ service: 'ec2', operation: 'ModifyInstanceMetadataOptions', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', skip: 1, times: 1 });
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(outcome(result)).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/ec2:ModifyInstanceMetadataOptions failed: UnauthorizedOperation .*1 earlier step\(s\) applied and journaled/) });
    expect(journalOf(result.journalPath!).steps.map((s) => [s.call.input.InstanceId, s.status])).toEqual([[WIN, 'applied'], [CRON, 'failed']]);
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().at(-1)).toEqual(modify(WIN, 'optional'));
    expect(instance(account, WIN).HttpTokens).toBe('optional');
  });
});
