import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { fixCommand, type FixFlags } from '../../src/cli/fix-command.js';
import type { FixIo } from '../../src/fix/run-fix.js';
import { undoCommand } from '../../src/fix/run-undo.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { runScan } from '../../src/engine/scan.js';
import { LiveTransport } from '../../src/aws/live-transport.js';
import { trailBucketPolicy } from '../../src/fix/remediators/trail-create.js';
import { BARE_ACCESS_LOG_BUCKET, BARE_KEY, bareAccount } from '../fake-aws/bare-account.js';
import { DEMO_ACCOUNT_ID } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL } from './fix-helpers.js';

// Issue 12: one `fix --all-failing --yes` run on a bare account builds the trail (stage 1), its CloudWatch Logs
// delivery, key and access logging (stage 2), and the 3.x filters and alarms on its log group (stage 3).

const A = DEMO_ACCOUNT_ID;
const live = liveAccounts(() => bareAccount());
const READ = /^(Get|List|Describe|Generate)/;
const TRAIL_BUCKET = `cis-audit-cloudtrail-${A}-us-east-1`;
const CONFIG_BUCKET = `cis-audit-config-${A}`;
/** The v1.2.0 controls `fix` can bring to PASS on this account (the others need a person: root, MFA, user policies). */
const AUTOMATABLE = ['1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11', '1.20', '2.1', '2.2', '2.3', '2.5', '2.6', '2.7', '2.8', '2.9', '4.1', '4.2', '4.3'];
/** Applied, but observable only after a while: CloudTrail's first delivery (2.4), the e-mail confirmation (3.x). */
const PENDING = ['2.4', ...Array.from({ length: 14 }, (_, i) => `3.${i + 1}`)];

const oneRun = (over: Partial<FixFlags> = {}) => fixFlags({
  benchmark: ['cis-1.2.0'], 'all-failing': true, yes: true, 'notify-email': 'a@example.com', 'access-log-bucket': BARE_ACCESS_LOG_BUCKET, ...over,
});
const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);

/** A fresh scan of every v1.2.0 control through the mocked SDK clients. */
async function freshScan() {
  const result = await runScan({ controls: [...CIS_AWS_1_2_0.controls], transport: new LiveTransport({}), homeRegion: 'us-east-1', options: DEFAULT_CHECK_OPTIONS, concurrency: 4, sleep: async () => {} });
  return new Map(result.controls.map((c) => [c.control.id, c]));
}

/** A terminal whose answers are given in order. */
function scriptedIo(answers: boolean[]) {
  const { io, out } = fixIo({ tty: true });
  const queue = [...answers];
  const scripted: FixIo = { ...io, confirm: async (q) => { out.asked.push(q); return queue.shift() ?? false; } };
  return { io: scripted, out };
}

describe('fix: one run, in stages', () => {
  it('a bare account: one run → every automatable control PASS, 2.4 and 3.x PENDING saying what they wait for; a second run plans nothing', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(oneRun(), io, TOOL);

    // One confirmation covered three stages, each planned before anything was sent.
    expect(out.stdout).toContain('== Stage 1 of 3 (planned from the scan)');
    expect(out.stdout).toMatch(/== Stage 2 of 3 \(builds on stage 1/);
    expect(out.stdout).toMatch(/== Stage 3 of 3 \(builds on stage 2/);
    expect(out.stdout).not.toContain('the real state differs from the prediction');
    // 2.6's grant on the access-log bucket (a bucket the simulator did not create) leaves the trail bucket predictable.
    expect(out.stdout).not.toContain('planned after stage');
    const ops = writes().map((w) => `${w.service}:${w.operation}`);
    // The trail exists before its CloudWatch Logs delivery and key; the log group before its filters.
    expect(ops.indexOf('cloudtrail:CreateTrail')).toBeLessThan(ops.indexOf('cloudtrail:UpdateTrail'));
    expect(ops.lastIndexOf('cloudtrail:UpdateTrail')).toBeLessThan(ops.indexOf('logs:PutMetricFilter'));
    expect(ops.filter((o) => o === 'logs:PutMetricFilter')).toHaveLength(14);
    expect(ops.filter((o) => o === 'cloudwatch:PutMetricAlarm')).toHaveLength(14);

    for (const id of ['1.5', '1.9', '2.1', '2.5', '2.7', '2.8', '2.9', '4.1']) expect(outcomeOf(result, id)).toMatchObject({ outcome: 'FIXED' });
    // 2.2, 2.3 and 2.6 did not apply before (no trail): the hardened trail stage 1 creates passes them (the fresh scan below).
    expect(outcomeOf(result, '2.4')).toMatchObject({ outcome: 'PENDING', detail: expect.stringContaining("waiting for CloudTrail's first delivery") });
    for (const id of PENDING.slice(1)) expect(outcomeOf(result, id)).toMatchObject({ outcome: 'PENDING', detail: expect.stringContaining('confirm the email sent to a@example.com') });
    expect(result.outcomes.filter((o) => ['APPLY_ERROR', 'STILL_FAILING', 'UNVERIFIED', 'UNREADABLE'].includes(o.outcome))).toEqual([]);
    expect(result.exitCode).toBe(0);

    const scan = await freshScan();
    for (const id of AUTOMATABLE) expect([id, scan.get(id)!.status]).toEqual([id, 'PASS']);
    expect(scan.get('2.4')!.reason).toContain('has never delivered to its log group');
    for (const id of PENDING.slice(1)) expect(scan.get(id)!.reason).toContain('no confirmed subscription');

    // One journal for the run; each step carries its stage.
    const journal = journalOf(result.journalPath!);
    expect([...new Set(journal.steps.map((s) => s.stage))]).toEqual([1, 2, 3]);
    expect(journal.steps.find((s) => s.call.operation === 'CreateTrail')!.stage).toBe(1);
    expect(journal.steps.find((s) => s.call.operation === 'CreateKey')!.stage).toBe(2);
    expect(journal.steps.find((s) => s.call.operation === 'PutMetricFilter')!.stage).toBe(3);

    const sent = writes().length;
    const second = await fixCommand(oneRun(), fixIo().io, TOOL);
    expect(writes()).toHaveLength(sent);
    expect(second.journalPath).toBeUndefined();
    expect(second.outcomes.filter((o) => AUTOMATABLE.includes(o.control))).toEqual([]);
    for (const id of PENDING) expect(outcomeOf(second, id)!.outcome).toBe('GUIDANCE');
  });

  it('undo of the one journal reverts every stage newest first and returns the account to its prior state', async () => {
    const { writes, account } = live();
    const before = structuredClone(account);
    const result = await fixCommand(oneRun(), fixIo().io, TOOL);
    const applied = journalOf(result.journalPath!).steps;
    const sent = writes().length;
    const { io, out } = fixIo();
    expect(await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, io)).toBe(0);

    // Newest first across the stages: the 3.x subscription/alarms go before the trail they watch.
    const reverts = writes().slice(sent).map((w) => `${w.service}:${w.operation}`);
    expect(reverts.indexOf('cloudwatch:DeleteAlarms')).toBeLessThan(reverts.indexOf('cloudtrail:DeleteTrail'));
    expect(reverts.indexOf('kms:ScheduleKeyDeletion')).toBeLessThan(reverts.indexOf('cloudtrail:DeleteTrail'));
    expect(journalOf(result.journalPath!).steps.filter((s) => s.status === 'applied').every((s) => !Array.isArray(s.undo))).toBe(true);
    expect(applied.length).toBeGreaterThan(50);

    expect(account.cloudtrail!.trails).toEqual([]);
    expect(account.monitoring).toEqual(before.monitoring);
    // No recorder or delivery channel left (the fake keeps the emptied region).
    expect(Object.values(account.logging!.config).flatMap((r) => [...r.recorders, ...r.deliveryChannels])).toEqual([]);
    expect(account.iam.passwordPolicy).toEqual(before.iam.passwordPolicy);
    expect(account.iam.roles.map((r) => r.RoleName)).toEqual(before.iam.roles.map((r) => r.RoleName));
    expect(account.networking!.regions['us-east-1']!.flowLogs).toEqual([]);
    // The SSH rule is back (EC2 gives the re-authorized rule a new id).
    const ssh = account.networking!.regions['us-east-1']!.securityGroups.find((g) => g.GroupName === 'ssh')!;
    expect(ssh.rules.map(({ SecurityGroupRuleId: _, ...r }) => r)).toEqual(expect.arrayContaining(before.networking!.regions['us-east-1']!.securityGroups[1]!.rules.map(({ SecurityGroupRuleId: _, ...r }) => r)));
    expect(ssh.rules).toHaveLength(2);
    // Keys: the existing key stops rotating again; the key stage 2 created is scheduled for deletion.
    expect(account.logging!.kmsKeys.find((k) => k.KeyId === BARE_KEY)!.rotation).toBe(false);
    const created = account.logging!.kmsKeys.filter((k) => k.KeyId !== BARE_KEY);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ KeyState: 'PendingDeletion', pendingWindowInDays: 30 });
    expect(account.logging!.kmsAliases ?? []).toEqual([]);
    // Buckets holding logs are the operator's to delete: listed, not deleted.
    expect(account.logging!.buckets.map((b) => b.Name).sort()).toEqual([...before.logging!.buckets.map((b) => b.Name), TRAIL_BUCKET, CONFIG_BUCKET].sort());
    expect(out.stdout).toContain(`will NOT revert: create private bucket ${TRAIL_BUCKET}`);
    expect(out.stdout).toContain(`will NOT revert: create private bucket ${CONFIG_BUCKET}`);
    expect(out.stdout).toContain(`aws s3 rb s3://${TRAIL_BUCKET}`);
  });

  it('--dry-run prints the plan of every stage and sends reads only (every call recorded)', async () => {
    const { calls, account } = live();
    const before = structuredClone(account);
    const flags = oneRun({ 'dry-run': true, yes: false });
    const { io, out } = fixIo();
    const result = await fixCommand(flags, io, TOOL);
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.filter((c) => !READ.test(c.operation))).toEqual([]);
    expect(account).toEqual(before);
    expect(out.stdout).toContain('cloudtrail:CreateTrail (us-east-1)');
    // Stage 2 and 3 calls are planned against the predicted state: the trail and log group do not exist yet.
    expect(out.stdout).toContain(`cloudtrail:UpdateTrail (us-east-1) {"Name":"arn:aws:cloudtrail:us-east-1:${A}:trail/cis-audit-trail","KmsKeyId":{"$fromStep":"trail-key-us-east-1","output":"KeyMetadata.Arn"}}`);
    expect(out.stdout).toContain('logs:PutMetricFilter (us-east-1) {"logGroupName":"/cis-audit/cloudtrail","filterName":"cis-audit-unauthorized-api-calls"');
    expect(out.stdout).toContain('nothing to change once stage 1 is applied (predicted: 2.2 PASS)');
    expect(out.stdout).toMatch(/Dry run: \d+ change\(s\) planned in 3 stages, nothing changed\./);
    expect(result.writes).toBe(0);
    expect(result.journalPath).toBeUndefined();
    expect(result.exitCode).toBe(0);
  });

  /**
   * A bare account in which someone else creates the alerts topic (with a confirmed subscriber) while stage 2 runs:
   * stage 2's UpdateTrail is refused once (IAM propagation), and the wait before its retry is when it happens.
   */
  function topicAppearsDuringStage2(io: FixIo) {
    const account = bareAccount();
    account.iam.propagationRefusals = 1;
    const topic = `arn:aws:sns:us-east-1:${A}:cis-audit-security-alerts`;
    const sleep = async () => {
      if (account.monitoring!.topics.length > 0) return;
      account.monitoring!.topics.push({ arn: topic, subscriptions: [{ Protocol: 'email', Endpoint: 'soc@example.com', confirmed: true }] });
    };
    return { account, io: { ...io, sleep } };
  }

  it('the real state differs from the prediction: the changed plan is shown and asked again; "no" stops before that stage (exit 2), the rest stays journaled', async () => {
    const scripted = scriptedIo([true, false]);
    const { account, io } = topicAppearsDuringStage2(scripted.io);
    const { writes } = live(account);
    const out = scripted.out;
    const result = await fixCommand(oneRun({ yes: false }), io, TOOL);
    expect(out.asked).toEqual([
      `Apply ${out.asked[0]!.match(/Apply (\d+)/)![1]} change(s) in 3 stages to account ${A}? [y/N] `,
      'Apply the changed plan of stage 3? [y/N] ',
    ]);
    expect(out.stdout).toContain('Stage 3: the real state differs from the prediction; the plan changes:');
    expect(out.stdout).toMatch(/- no longer: sns:CreateTopic \(us-east-1\) \{"Name":"cis-audit-security-alerts"/);
    const ops = writes().map((w) => w.operation);
    expect(ops).toContain('CreateKey');
    for (const op of ['CreateTopic', 'PutMetricFilter', 'PutMetricAlarm']) expect(ops).not.toContain(op);
    expect(outcomeOf(result, '3.1')).toMatchObject({ outcome: 'GUIDANCE', detail: expect.stringContaining('not applied: stopped before stage 3') });
    expect(outcomeOf(result, '2.7')).toMatchObject({ outcome: 'FIXED' });
    expect(result.exitCode).toBe(2);
    expect(out.stderr).toContain('stopped before stage 3');
    expect([...new Set(journalOf(result.journalPath!).steps.map((s) => s.stage))]).toEqual([1, 2]);
  });

  it('with --yes a changed plan is shown and accepted', async () => {
    const base = fixIo();
    const { account, io } = topicAppearsDuringStage2(base.io);
    const { writes } = live(account);
    const result = await fixCommand(oneRun(), io, TOOL);
    expect(base.out.stdout).toContain('Stage 3: the real state differs from the prediction; the plan changes:');
    expect(base.out.stdout).toContain('Accepted (--yes).');
    // Re-planned from the real state: the alarms notify the topic that now exists; none is created.
    const ops = writes().map((w) => w.operation);
    expect(ops).not.toContain('CreateTopic');
    expect(ops.filter((o) => o === 'PutMetricAlarm')).toHaveLength(14);
    expect(outcomeOf(result, '3.1')!.outcome).toMatch(/^(FIXED|PENDING)$/);
    expect(result.exitCode).toBe(0);
  });

  it('a later plan reading what the simulation cannot know is shown as "planned after stage 1 is applied", and planned (and shown) before it is applied', async () => {
    const account = bareAccount();
    // An existing trail bucket the scan never read (no trail delivers to it yet): its public access block and logging are unknown.
    const bucket = 'bare-trail-logs';
    const trail = `arn:aws:cloudtrail:us-east-1:${A}:trail/cis-audit-trail`;
    account.logging!.buckets.push({ Name: bucket, region: 'us-east-1', policyIsPublic: false, policy: trailBucketPolicy({ account: A, partition: 'aws' }, bucket, trail) });
    const { writes } = live(account);
    const dry = fixIo();
    await fixCommand(oneRun({ 'trail-bucket': bucket, 'dry-run': true, yes: false }), dry.io, TOOL);
    expect(dry.out.stdout).toContain(`Controls 2.6 — trail-bucket-access-logging\n  planned after stage 1 is applied: what it reads (s3.trailBucketLocations) is not predictable: bucket ${bucket} was not read by the scan`);
    expect(dry.out.stdout).toMatch(/Dry run: \d+ change\(s\) planned in 3 stages; 2 later plan\(s\) are made only once the stage before them is applied, nothing changed\./);

    const { io, out } = fixIo();
    const result = await fixCommand(oneRun({ 'trail-bucket': bucket }), io, TOOL);
    expect(out.stdout).toContain('2.6 — trail-bucket-access-logging (not planned before: planned now from the real state):');
    expect(out.stdout).toContain(`+ now also:  s3:PutBucketLogging (us-east-1) {"Bucket":"${bucket}"`);
    expect(writes().find((w) => w.operation === 'PutBucketLogging')!.input).toMatchObject({ Bucket: bucket });
    expect(outcomeOf(result, '2.6')).toMatchObject({ outcome: 'FIXED' });
    // 2.3 did not apply before (no trail); planned from the real bucket, it needs nothing, and --all-failing reports only what failed.
    expect(outcomeOf(result, '2.3')).toBeUndefined();
    expect(writes().filter((w) => w.operation === 'PutPublicAccessBlock').map((w) => w.input.Bucket)).not.toContain(bucket);
  });

  it('on an emulator whose new trails log nothing until PutEventSelectors, the hardened 2.1 still lets one run reach 3.x (no re-plan difference)', async () => {
    const account = bareAccount();
    account.cloudtrail!.newTrailsWithoutSelectors = true;
    live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(oneRun(), io, TOOL);
    expect(out.stdout).not.toContain('the real state differs from the prediction');
    expect(outcomeOf(result, '2.1')).toMatchObject({ outcome: 'FIXED' });
    expect(outcomeOf(result, '3.1')).toMatchObject({ outcome: 'PENDING' });
    expect(result.exitCode).toBe(0);
  });
  it('a stage that fails stops what builds on it (APPLY_ERROR, not attempted), not the independent remediators', async () => {
    const account = bareAccount();
    account.errors = [{ service: 'cloudtrail', operation: 'CreateTrail', code: 'AccessDeniedException', message: 'not authorized to perform cloudtrail:CreateTrail' }];
    const { writes } = live(account);
    const result = await fixCommand(oneRun(), fixIo().io, TOOL);
    expect(outcomeOf(result, '2.1')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringContaining('cloudtrail:CreateTrail failed: AccessDeniedException') });
    for (const id of ['2.4', '2.6', '2.7', '3.1', '3.14']) {
      expect(outcomeOf(result, id)).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/^not attempted: depends on trail-/) });
    }
    for (const id of ['1.9', '2.5', '2.8', '2.9', '4.1']) expect(outcomeOf(result, id)).toMatchObject({ outcome: 'FIXED' });
    const ops = writes().map((w) => w.operation);
    expect(ops).not.toContain('UpdateTrail');
    expect(ops).not.toContain('CreateKey');
    expect(ops).not.toContain('PutMetricFilter');
    expect(result.exitCode).toBe(3);
  });

  it('undo --dry-run prints the reverting calls of every stage from the journal alone (no AWS call)', async () => {
    const { calls } = live();
    const result = await fixCommand(oneRun(), fixIo().io, TOOL);
    live.restore();
    const before = calls.length;
    const { io, out } = fixIo();
    const noAws = { send: async () => { throw new Error('undo --dry-run called AWS'); } };
    expect(await undoCommand({ journal: result.journalPath!, 'dry-run': true, yes: false, debug: false }, { ...io, env: {} }, noAws)).toBe(0);
    expect(calls.length).toBe(before);
    expect(out.stdout).toMatch(/revert \[stage 3\]: subscribe email a@example.com/);
    expect(out.stdout).toContain(`call: cloudtrail:DeleteTrail (us-east-1) {"Name":"arn:aws:cloudtrail:us-east-1:${A}:trail/cis-audit-trail"}`);
    // The id AWS assigned to the new key, from the journaled response.
    expect(out.stdout).toMatch(/call: kms:ScheduleKeyDeletion \(us-east-1\) \{"KeyId":"[0-9a-f-]{36}","PendingWindowInDays":30\}/);
    expect(out.stdout.indexOf('[stage 3]')).toBeLessThan(out.stdout.indexOf('[stage 1]'));
    expect(out.stdout).toMatch(/Dry run: \d+ call\(s\) planned, nothing changed\./);
  });
});
