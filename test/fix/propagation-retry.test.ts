import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/aws/errors.js';
import { Journal } from '../../src/fix/journal.js';
import { fixCommand } from '../../src/cli/fix-command.js';
import { undoCommand } from '../../src/fix/run-undo.js';
import type { Step } from '../../src/fix/types.js';
import { GatedWriter, PROPAGATION_BACKOFF_MS } from '../../src/fix/writer.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { DEMO_ACCOUNT_ID, demoAccount } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL } from './fix-helpers.js';

// A step that hands another service a role created earlier in the same plan is retried while IAM propagates the
// role (the fake refuses a new role the way each service does, `iam.propagationRefusals` times); nothing else is.

const A = DEMO_ACCOUNT_ID;
const LOGS_ROLE = 'cis-audit-cloudtrail-to-logs';
const LOGS_ROLE_ARN = `arn:aws:iam::${A}:role/${LOGS_ROLE}`;
const FLOW_ROLE = 'cis-audit-flow-logs-delivery';
const CONFIG_ROLE_ARN = `arn:aws:iam::${A}:role/cis-audit-config`;
const TRAIL_REGIONS = ['us-east-1', 'eu-west-1'];
const CONFIG_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];
const FULL_BACKOFF = [2000, 4000, 8000, 8000, 8000];

/** The demo account with a fresh delivery on the audit trail (only eu-data-events fails 2.4). */
function fresh(): FakeAccount {
  const account = structuredClone(demoAccount());
  account.cloudtrail!.trails.find((t) => t.Name === 'acme-audit')!.status.LatestCloudWatchLogsDeliveryTime = new Date().toISOString();
  return account;
}

const live = liveAccounts(() => fresh());
const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id)!;
const named = <C extends { operation: string }>(calls: C[], operation: string) => calls.filter((c) => c.operation === operation);
const trailOf = (a: FakeAccount, name: string) => a.cloudtrail!.trails.find((t) => t.Name === name)!;
async function undo(journal: string) {
  const { io } = fixIo();
  return undoCommand({ journal, 'dry-run': false, yes: true, debug: false }, io);
}

describe('fix: retried while IAM propagates a role the same plan created', () => {
  it('2.4: UpdateTrail refused twice (InvalidCloudWatchLogsRoleArnException) then accepted → PENDING, not APPLY_ERROR; 3 attempts, one journal entry, waits 2 s and 4 s', async () => {
    const account = fresh();
    account.iam.propagationRefusals = 2;
    const { calls } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: TRAIL_REGIONS }), io, TOOL);

    expect(outcomeOf(result, '2.4').outcome).toBe('PENDING');
    expect(result.exitCode).toBe(0);
    expect(named(calls, 'UpdateTrail')).toHaveLength(3);
    // Every attempt went through the write gate: 4 writes + 3 UpdateTrail.
    expect(result.writes).toBe(7);
    expect(out.sleeps).toEqual([2000, 4000]);
    expect(out.stderr).toContain('  retrying cloudtrail:UpdateTrail in 2 s: InvalidCloudWatchLogsRoleArnException (IAM propagation of role cis-audit-cloudtrail-to-logs created above)\n');
    expect(out.stderr).toContain('  retrying cloudtrail:UpdateTrail in 4 s: InvalidCloudWatchLogsRoleArnException (IAM propagation of role cis-audit-cloudtrail-to-logs created above)\n');

    const steps = journalOf(result.journalPath!).steps;
    expect(steps.map((s) => [s.call.operation, s.status])).toEqual([
      ['CreateLogGroup', 'applied'], ['PutRetentionPolicy', 'applied'], ['CreateRole', 'applied'], ['PutRolePolicy', 'applied'], ['UpdateTrail', 'applied'],
    ]);
    expect(steps[4]).toMatchObject({ status: 'applied', attempts: 3 });
    expect(steps[4]!.error).toBeUndefined();
    expect(steps[2]!.attempts).toBeUndefined();
    expect(trailOf(account, 'eu-data-events').CloudWatchLogsRoleArn).toBe(LOGS_ROLE_ARN);

    // The journal is the usual one: undo turns delivery off and removes what was created.
    expect(await undo(result.journalPath!)).toBe(0);
    expect(trailOf(account, 'eu-data-events').CloudWatchLogsRoleArn).toBeUndefined();
    expect(account.iam.roles.some((r) => r.RoleName === LOGS_ROLE)).toBe(false);
  });

  it('2.9: CreateFlowLogs refused once (InvalidParameter "Unable to assume given IAM role") then accepted → FIXED; undo deletes the flow log it made', async () => {
    const account = fresh();
    account.iam.propagationRefusals = 1;
    const { calls } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.9'], yes: true, region: TRAIL_REGIONS }), io, TOOL);

    expect(outcomeOf(result, '2.9').outcome).toBe('FIXED');
    expect(named(calls, 'CreateFlowLogs')).toHaveLength(2);
    expect(out.sleeps).toEqual([2000]);
    expect(out.stderr).toContain(`  retrying ec2:CreateFlowLogs in 2 s: InvalidParameter (IAM propagation of role ${FLOW_ROLE} created above)\n`);
    const entry = journalOf(result.journalPath!).steps.find((s) => s.call.operation === 'CreateFlowLogs')!;
    expect(entry).toMatchObject({ status: 'applied', attempts: 2, output: { FlowLogIds: [expect.stringMatching(/^fl-/)] } });
    expect(await undo(result.journalPath!)).toBe(0);
    expect(named(calls, 'DeleteFlowLogs')[0]!.input).toEqual({ FlowLogIds: (entry.output as { FlowLogIds: string[] }).FlowLogIds });
  });

  it('2.5: PutDeliveryChannel refused once (InsufficientDeliveryPolicyException) behind a recorder with the new role, then accepted → FIXED', async () => {
    const account = fresh();
    account.iam.propagationRefusals = 1;
    const { calls } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: CONFIG_REGIONS }), io, TOOL);

    expect(outcomeOf(result, '2.5').outcome).toBe('FIXED');
    expect(named(calls, 'PutDeliveryChannel')).toHaveLength(2);
    expect(out.sleeps).toEqual([2000]);
    expect(account.logging!.config['us-west-2']!.recorders[0]).toMatchObject({ roleARN: CONFIG_ROLE_ARN, status: { recording: true } });
  });

  it('2.5: still refused when the budget is spent → APPLY_ERROR with the last error after 6 attempts (waits 2, 4, 8, 8, 8 s); the later steps are not sent', async () => {
    const account = fresh();
    account.iam.propagationRefusals = 100;
    const { calls } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: CONFIG_REGIONS }), io, TOOL);

    const o = outcomeOf(result, '2.5');
    expect(o.outcome).toBe('APPLY_ERROR');
    expect(result.exitCode).toBe(3);
    expect(o.detail).toContain(`config:PutDeliveryChannel failed: InsufficientDeliveryPolicyException (Insufficient delivery policy to s3 bucket: cis-audit-config-${A}, unable to assume role: ${CONFIG_ROLE_ARN}`);
    expect(o.detail).toContain('still refused after 6 attempts over 30 s (IAM propagation of role cis-audit-config created above); once IAM has propagated it, rerun the fix');
    expect(named(calls, 'PutDeliveryChannel')).toHaveLength(6);
    expect(named(calls, 'StartConfigurationRecorder')).toHaveLength(0);
    expect(out.sleeps).toEqual(FULL_BACKOFF);
    expect(out.stderr.match(/retrying config:PutDeliveryChannel in \d+ s: InsufficientDeliveryPolicyException/g)).toHaveLength(5);

    const steps = journalOf(result.journalPath!).steps;
    expect(steps.map((s) => s.call.operation)).not.toContain('StartConfigurationRecorder');
    // The journal keeps AWS's own last answer, once, with the attempts.
    expect(steps.at(-1)).toMatchObject({
      status: 'failed', attempts: 6, call: { operation: 'PutDeliveryChannel' },
      error: { code: 'InsufficientDeliveryPolicyException', message: `Insufficient delivery policy to s3 bucket: cis-audit-config-${A}, unable to assume role: ${CONFIG_ROLE_ARN}` },
    });
  });

  it('not retried: UpdateTrail denied to the caller (AccessDeniedException), or InvalidCloudWatchLogsRoleArnException that is not "Access denied" — exactly 1 attempt', async () => {
    for (const [code, message] of [
      ['AccessDeniedException', `User: arn:aws:iam::${A}:user/auditor is not authorized to perform: cloudtrail:UpdateTrail`],
      ['InvalidCloudWatchLogsRoleArnException', 'You must specify a role ARN as well as a log group.'],
    ] as const) {
      const account = fresh();
      account.errors = [...account.errors!, { service: 'cloudtrail', operation: 'UpdateTrail', code, message }];
      const { calls } = live(account);
      const { io, out } = fixIo();
      const result = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: TRAIL_REGIONS }), io, TOOL);
      expect(outcomeOf(result, '2.4')).toMatchObject({ outcome: 'APPLY_ERROR', detail: `cloudtrail:UpdateTrail failed: ${code} (${message}); 4 earlier step(s) applied and journaled` });
      expect(named(calls, 'UpdateTrail')).toHaveLength(1);
      expect(out.sleeps).toEqual([]);
      expect(out.stderr).not.toContain('retrying');
      expect(journalOf(result.journalPath!).steps.at(-1)!.attempts).toBeUndefined();
      live.restore();
    }
  });
});

describe('GatedWriter retries', () => {
  const journal = () => Journal.create(mkdtempSync(join(tmpdir(), 'j-')), { account: '111122223333', partition: 'aws', startedAt: '2026-01-01T00:00:00.000Z', tool: TOOL });
  const step = (over: Partial<Step> = {}): Step => ({
    describe: 'send trail events to the group',
    call: { service: 'cloudtrail', region: 'us-east-1', operation: 'UpdateTrail', input: { Name: 't' } },
    undo: [],
    ...over,
  });
  const RETRY = { codes: ['InvalidCloudWatchLogsRoleArnException'], messageContains: 'access denied', why: 'IAM propagation of role r created above' };
  /** A transport refusing the first `refusals` sends with that error, then answering {}. */
  function refusing(refusals: number, code = 'InvalidCloudWatchLogsRoleArnException', message = 'Access denied. Verify in IAM that the role has adequate permissions.') {
    let n = 0;
    return { send: async (call: any) => { if (n++ < refusals) throw new AwsCallError(call, code, message); return {}; } };
  }

  it('retries a matching failure with the backoff, sending every attempt through the gate; only the result is journaled', async () => {
    const sleeps: number[] = [];
    const notices: string[] = [];
    const writer = new GatedWriter(refusing(3), { sleep: async (ms) => void sleeps.push(ms), onRetry: (n) => notices.push(`${n.attempt}:${n.waitMs}:${n.error.code}`) });
    writer.open();
    const j = journal();
    const { entry, error } = await writer.apply(j, '2.4', 'r', step({ retryOn: RETRY }));
    expect(error).toBeUndefined();
    expect(writer.sent).toHaveLength(4);
    expect(sleeps).toEqual([2000, 4000, 8000]);
    expect(notices).toEqual(['1:2000:InvalidCloudWatchLogsRoleArnException', '2:4000:InvalidCloudWatchLogsRoleArnException', '3:8000:InvalidCloudWatchLogsRoleArnException']);
    expect(j.file.steps).toEqual([entry]);
    expect(entry).toMatchObject({ status: 'applied', attempts: 4 });
    expect(PROPAGATION_BACKOFF_MS).toEqual(FULL_BACKOFF);
  });

  it('does not retry a step without retryOn, another code, or the code with another message', async () => {
    for (const [s, transport] of [
      [step(), refusing(1)],
      [step({ retryOn: RETRY }), refusing(1, 'AccessDeniedException', 'Access denied')],
      [step({ retryOn: RETRY }), refusing(1, 'InvalidCloudWatchLogsRoleArnException', 'You must specify a role ARN as well as a log group.')],
    ] as const) {
      const sleeps: number[] = [];
      const writer = new GatedWriter(transport, { sleep: async (ms) => void sleeps.push(ms) });
      writer.open();
      const { entry, error } = await writer.apply(journal(), '2.4', 'r', s);
      expect(writer.sent).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(entry.status).toBe('failed');
      expect(entry.attempts).toBeUndefined();
      // Not retried: the error is AWS's, unchanged.
      expect(error!.message).not.toContain('still refused');
    }
  });
});
