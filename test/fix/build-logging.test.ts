import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { selectControls } from '../../src/benchmark/select.js';
import { fixActionsOf, permissionsPolicy } from '../../src/cli/permissions.js';
import { fixCommand } from '../../src/cli/fix-command.js';
import { undoCommand } from '../../src/fix/run-undo.js';
import { trailBucketLoggingRemediator } from '../../src/fix/remediators/trail-buckets.js';
import { trailCreateRemediator } from '../../src/fix/remediators/trail-create.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { deliverToCloudWatchLogs } from '../fake-aws/cloudtrail.js';
import { DEMO_ACCOUNT_ID, demoAccount } from '../fake-aws/demo-account.js';
import type { FakeKmsKey } from '../fake-aws/logging.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL } from './fix-helpers.js';

// 2.1 / 2.4 / 2.5 / 2.7 end to end: the remediators that create resources, against the demo account behind mocked
// SDK clients. Policies are parsed and asserted as documents; every write is asserted exactly.

const A = DEMO_ACCOUNT_ID;
const READABLE = ['us-east-1', 'eu-west-1'];
const EU_TRAIL = `arn:aws:cloudtrail:eu-west-1:${A}:trail/eu-data-events`;
const AUDIT_TRAIL = `arn:aws:cloudtrail:us-east-1:${A}:trail/acme-audit`;
const NEW_TRAIL = `arn:aws:cloudtrail:us-east-1:${A}:trail/cis-audit-trail`;
const TRAIL_BUCKET = `cis-audit-cloudtrail-${A}-us-east-1`;
const ACCESS_LOGS = `cis-audit-access-logs-${A}-us-east-1`;
const CONFIG_BUCKET = `cis-audit-config-${A}`;
const LOG_GROUP = '/cis-audit/cloudtrail';
const EU_GROUP_ARN = `arn:aws:logs:eu-west-1:${A}:log-group:${LOG_GROUP}`;
const LOGS_ROLE = 'cis-audit-cloudtrail-to-logs';
const LOGS_ROLE_ARN = `arn:aws:iam::${A}:role/${LOGS_ROLE}`;
const CONFIG_ROLE_ARN = `arn:aws:iam::${A}:role/cis-audit-config`;
const OWNER = { ExpectedBucketOwner: A };
const FULL_BLOCK = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The demo account with a fresh delivery on the audit trail (the scan evaluates at the real current time). */
function fresh(): FakeAccount {
  const account = structuredClone(demoAccount());
  trailOf(account, 'acme-audit').status.LatestCloudWatchLogsDeliveryTime = new Date().toISOString();
  return account;
}

const live = liveAccounts(() => fresh());

const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);
async function undo(journal: string) {
  const { io, out } = fixIo();
  const code = await undoCommand({ journal, 'dry-run': false, yes: true, debug: false }, io);
  return { code, out: out.stdout };
}
const trailOf = (a: FakeAccount, name: string) => a.cloudtrail!.trails.find((t) => t.Name === name)!;
const bucketOf = (a: FakeAccount, name: string) => a.logging!.buckets.find((b) => b.Name === name);
const roleOf = (a: FakeAccount, name: string) => a.iam.roles.find((r) => r.RoleName === name);
const groupOf = (a: FakeAccount, region: string, name: string) => a.monitoring!.logGroups?.find((g) => g.region === region && g.name === name);
const ops = (calls: Array<{ service: string; operation: string; region: string }>) => calls.map((c) => `${c.service}:${c.operation} ${c.region}`);
const doc = (text: unknown) => JSON.parse(String(text)) as { Version: string; Statement: Array<Record<string, any>> };
const statement = (d: ReturnType<typeof doc>, sid: string) => d.Statement.find((s) => s.Sid === sid)!;

describe('fix 2.4: trails → CloudWatch Logs', () => {
  it('--dry-run plans log group, role and UpdateTrail with exact arguments and sends only reads', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.4'], 'dry-run': true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain(
      `call: cloudtrail:UpdateTrail (eu-west-1) {"Name":"${EU_TRAIL}","CloudWatchLogsLogGroupArn":"${EU_GROUP_ARN}:*","CloudWatchLogsRoleArn":"${LOGS_ROLE_ARN}"}`,
    );
    expect(out.stdout).toContain(`undo: cloudtrail:UpdateTrail (eu-west-1) {"Name":"${EU_TRAIL}","CloudWatchLogsLogGroupArn":"","CloudWatchLogsRoleArn":""}`);
    expect(out.stdout).toContain('Dry run: 5 change(s) planned, nothing changed.');
    expect(result.exitCode).toBe(0);
  });

  it('creates the log group (365 days), a role only CloudTrail may assume for that trail, sets the trail; PENDING until the first delivery', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const w = writes();
    expect(ops(w)).toEqual([
      'logs:CreateLogGroup eu-west-1', 'logs:PutRetentionPolicy eu-west-1', 'iam:CreateRole us-east-1', 'iam:PutRolePolicy us-east-1', 'cloudtrail:UpdateTrail eu-west-1',
    ]);
    expect(w[0]!.input).toEqual({ logGroupName: LOG_GROUP, tags: { 'cis-audit:created-by': 'fix' } });
    expect(w[1]!.input).toEqual({ logGroupName: LOG_GROUP, retentionInDays: 365 });
    const trust = doc(w[2]!.input.AssumeRolePolicyDocument);
    expect(trust.Statement).toEqual([{
      Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': A, 'aws:SourceArn': EU_TRAIL } },
    }]);
    expect(w[3]!.input).toMatchObject({ RoleName: LOGS_ROLE, PolicyName: 'cloudtrail-to-log-group' });
    expect(doc(w[3]!.input.PolicyDocument).Statement).toEqual([
      { Sid: 'CloudTrailDelivery', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${EU_GROUP_ARN}:log-stream:*`] },
    ]);
    expect(w[4]!.input).toEqual({ Name: EU_TRAIL, CloudWatchLogsLogGroupArn: `${EU_GROUP_ARN}:*`, CloudWatchLogsRoleArn: LOGS_ROLE_ARN });

    expect(groupOf(account, 'eu-west-1', LOG_GROUP)).toMatchObject({ retentionInDays: 365 });
    expect(trailOf(account, 'eu-data-events')).toMatchObject({ CloudWatchLogsLogGroupArn: `${EU_GROUP_ARN}:*`, CloudWatchLogsRoleArn: LOGS_ROLE_ARN });
    expect(trailOf(account, 'eu-data-events').status.LatestCloudWatchLogsDeliveryTime).toBeUndefined();
    expect(outcomeOf(result, '2.4')).toMatchObject({ outcome: 'PENDING', detail: expect.stringContaining("waiting for CloudTrail's first delivery to the log group") });
    expect(result.exitCode).toBe(0);
    expect(journalOf(result.journalPath!).steps.at(-1)).toMatchObject({ prior: { Name: EU_TRAIL, CloudWatchLogsLogGroupArn: null, CloudWatchLogsRoleArn: null } });
  });

  it('is idempotent: before the first delivery a rerun plans nothing (guidance); after it the control passes', async () => {
    const { writes, account } = live();
    const flags = { control: ['2.4'], yes: true, region: READABLE };
    await fixCommand(fixFlags(flags), fixIo().io, TOOL);
    expect(writes()).toHaveLength(5);
    const waiting = await fixCommand(fixFlags(flags), fixIo().io, TOOL);
    expect(writes()).toHaveLength(5);
    expect(outcomeOf(waiting, '2.4')).toMatchObject({ outcome: 'GUIDANCE', detail: expect.stringContaining('trail eu-data-events already sends to') });
    deliverToCloudWatchLogs(account.cloudtrail!, 'eu-data-events');
    const delivered = await fixCommand(fixFlags(flags), fixIo().io, TOOL);
    expect(writes()).toHaveLength(5);
    expect(outcomeOf(delivered, '2.4')).toMatchObject({ outcome: 'NOTHING_TO_DO', detail: 'already PASS' });
  });

  it('--log-retention-days sets the retention of the group it creates', async () => {
    const { writes } = live();
    await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: READABLE, 'log-retention-days': 90 }), fixIo().io, TOOL);
    expect(writes()[1]!.input).toEqual({ logGroupName: LOG_GROUP, retentionInDays: 90 });
  });

  it('undo clears the trail setting, then deletes the role policy, the role, the retention and the group it created', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const { code } = await undo(result.journalPath!);
    expect(code).toBe(0);
    expect(writes().slice(5)).toEqual([
      { service: 'cloudtrail', region: 'eu-west-1', operation: 'UpdateTrail', input: { Name: EU_TRAIL, CloudWatchLogsLogGroupArn: '', CloudWatchLogsRoleArn: '' } },
      { service: 'iam', region: 'us-east-1', operation: 'DeleteRolePolicy', input: { RoleName: LOGS_ROLE, PolicyName: 'cloudtrail-to-log-group' } },
      { service: 'iam', region: 'us-east-1', operation: 'DeleteRole', input: { RoleName: LOGS_ROLE } },
      { service: 'logs', region: 'eu-west-1', operation: 'DeleteRetentionPolicy', input: { logGroupName: LOG_GROUP } },
      { service: 'logs', region: 'eu-west-1', operation: 'DeleteLogGroup', input: { logGroupName: LOG_GROUP } },
    ]);
    expect(trailOf(account, 'eu-data-events').CloudWatchLogsLogGroupArn).toBeUndefined();
    expect(roleOf(account, LOGS_ROLE)).toBeUndefined();
    expect(groupOf(account, 'eu-west-1', LOG_GROUP)).toBeUndefined();
  });

  it('partial failure: UpdateTrail still refused after the propagation retries → APPLY_ERROR (exit 3), group and role journaled; undo removes exactly those', async () => {
    const account = fresh();
    account.errors = [...account.errors!, { service: 'cloudtrail', operation: 'UpdateTrail', code: 'InvalidCloudWatchLogsRoleArnException', message: 'Access denied. Verify in IAM that the role has adequate permissions.' }];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(outcomeOf(result, '2.4')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringContaining('cloudtrail:UpdateTrail failed: InvalidCloudWatchLogsRoleArnException') });
    expect(outcomeOf(result, '2.4')?.detail).toContain('still refused after 6 attempts over 30 s (IAM propagation of role cis-audit-cloudtrail-to-logs created above); once IAM has propagated it, rerun the fix');
    expect(result.exitCode).toBe(3);
    expect(journalOf(result.journalPath!).steps.map((s) => [s.call.operation, s.status])).toEqual([
      ['CreateLogGroup', 'applied'], ['PutRetentionPolicy', 'applied'], ['CreateRole', 'applied'], ['PutRolePolicy', 'applied'], ['UpdateTrail', 'failed'],
    ]);
    expect((await undo(result.journalPath!)).code).toBe(0);
    // 4 writes + 6 UpdateTrail attempts, then undo.
    expect(ops(writes().slice(10))).toEqual(['iam:DeleteRolePolicy us-east-1', 'iam:DeleteRole us-east-1', 'logs:DeleteRetentionPolicy eu-west-1', 'logs:DeleteLogGroup eu-west-1']);
    expect(roleOf(account, LOGS_ROLE)).toBeUndefined();
    expect(groupOf(account, 'eu-west-1', LOG_GROUP)).toBeUndefined();
  });

  it('a rerun after UpdateTrail failed reuses the group and role it made: only UpdateTrail is planned', async () => {
    const account = fresh();
    // Refused through all 6 attempts of the first run (IAM slower than the retry budget), accepted on the rerun.
    account.errors = [...account.errors!, { service: 'cloudtrail', operation: 'UpdateTrail', code: 'InvalidCloudWatchLogsRoleArnException', message: 'Access denied.', times: 6 }];
    const { writes } = live(account);
    const first = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(outcomeOf(first, '2.4')?.outcome).toBe('APPLY_ERROR');
    expect(writes()).toHaveLength(10);
    const rerun = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(ops(writes().slice(10))).toEqual(['cloudtrail:UpdateTrail eu-west-1']);
    expect(outcomeOf(rerun, '2.4')?.outcome).toBe('PENDING');
  });

  it('an existing role CloudTrail may assume for the trail gets its inline policy replaced, prior journaled; undo puts the prior back', async () => {
    const account = fresh();
    const old = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] };
    account.iam.roles.push({
      RoleName: LOGS_ROLE, inlinePolicies: { 'cloudtrail-to-log-group': structuredClone(old) },
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': A } } }] },
    });
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(ops(writes())).toEqual(['logs:CreateLogGroup eu-west-1', 'logs:PutRetentionPolicy eu-west-1', 'iam:PutRolePolicy us-east-1', 'cloudtrail:UpdateTrail eu-west-1']);
    expect(journalOf(result.journalPath!).steps[2]!.prior).toEqual({ RoleName: LOGS_ROLE, PolicyName: 'cloudtrail-to-log-group', PolicyDocument: old });
    expect((await undo(result.journalPath!)).code).toBe(0);
    const restored = writes().find((w, i) => i > 3 && w.operation === 'PutRolePolicy')!;
    expect(doc(restored.input.PolicyDocument)).toEqual(old);
    expect(roleOf(account, LOGS_ROLE)!.inlinePolicies!['cloudtrail-to-log-group']).toEqual(old);
  });

  it('reuses an existing log group untouched, and a same-named role another service trusts is guidance, not a write', async () => {
    const account = fresh();
    account.monitoring!.logGroups = [{ region: 'eu-west-1', name: LOG_GROUP }];
    account.iam.roles.push({ RoleName: LOGS_ROLE, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.4'], yes: true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(out.stdout).toContain(`reusing the existing log group ${LOG_GROUP} as it is`);
    expect(outcomeOf(result, '2.4')).toMatchObject({ outcome: 'GUIDANCE', detail: expect.stringContaining(`role ${LOGS_ROLE} already exists but its trust policy does not let cloudtrail.amazonaws.com assume it for ${EU_TRAIL}`) });
  });
});

describe('fix 2.7: KMS encryption of trails', () => {
  it('creates a rotating key with a least-privilege key policy, its alias, and points the trail at it; ids AWS assigned are used and journaled', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.7'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const w = writes();
    expect(ops(w)).toEqual(['kms:CreateKey eu-west-1', 'kms:EnableKeyRotation eu-west-1', 'kms:CreateAlias eu-west-1', 'cloudtrail:UpdateTrail eu-west-1']);
    expect(w[0]!.input).toMatchObject({ KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS', MultiRegion: false, Tags: [{ TagKey: 'cis-audit:created-by', TagValue: 'fix' }] });
    const policy = doc(w[0]!.input.Policy);
    const trailsHere = `arn:aws:cloudtrail:eu-west-1:${A}:trail/*`;
    const admin = statement(policy, 'KeyAdministrationByThisAccount');
    expect(admin).toMatchObject({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Resource: '*' });
    expect(admin.Action).toEqual(expect.arrayContaining(['kms:Put*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion']));
    expect(admin.Action.some((a: string) => /Decrypt|Encrypt|GenerateDataKey|^kms:\*$/.test(a))).toBe(false);
    expect(statement(policy, 'CloudTrailEncryptsLogsOfThisAccount')).toEqual({
      Sid: 'CloudTrailEncryptsLogsOfThisAccount', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*',
      Condition: { StringLike: { 'aws:SourceArn': trailsHere, 'kms:EncryptionContext:aws:cloudtrail:arn': trailsHere } },
    });
    expect(statement(policy, 'CloudTrailDescribesKey')).toMatchObject({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Condition: { StringLike: { 'aws:SourceArn': trailsHere } } });
    expect(statement(policy, 'DecryptLogFilesInThisAccount')).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      Condition: { StringEquals: { 'kms:CallerAccount': A }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailsHere } },
    });
    expect(policy.Statement).toHaveLength(4);

    const key = account.logging!.kmsKeys.at(-1)!;
    const keyArn = `arn:aws:kms:eu-west-1:${A}:key/${key.KeyId}`;
    expect(w[1]!.input).toEqual({ KeyId: key.KeyId });
    expect(w[2]!.input).toEqual({ AliasName: 'alias/cis-audit-cloudtrail', TargetKeyId: key.KeyId });
    expect(w[3]!.input).toEqual({ Name: EU_TRAIL, KmsKeyId: keyArn });
    expect(key).toMatchObject({ rotation: true, KeyState: 'Enabled' });
    expect(account.logging!.kmsAliases).toEqual([{ region: 'eu-west-1', AliasName: 'alias/cis-audit-cloudtrail', TargetKeyId: key.KeyId }]);
    expect(trailOf(account, 'eu-data-events').KmsKeyId).toBe(keyArn);
    expect(outcomeOf(result, '2.7')?.outcome).toBe('FIXED');
    const journal = journalOf(result.journalPath!);
    expect(journal.steps.map((s) => s.call.input)).toEqual(w.map((c) => c.input));
    expect(journal.steps[0]!.undo).toEqual([{ service: 'kms', region: 'eu-west-1', operation: 'ScheduleKeyDeletion', input: { KeyId: { $fromOutput: 'KeyMetadata.KeyId' }, PendingWindowInDays: 30 } }]);
  });

  it('the plan shows where the new key id goes and warns that undo schedules the key for deletion', async () => {
    live();
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ control: ['2.7'], 'dry-run': true, region: READABLE }), io, TOOL);
    expect(out.stdout).toContain('call: kms:EnableKeyRotation (eu-west-1) {"KeyId":{"$fromStep":"trail-key-eu-west-1","output":"KeyMetadata.KeyId"}}');
    expect(out.stdout).toContain(`call: cloudtrail:UpdateTrail (eu-west-1) {"Name":"${EU_TRAIL}","KmsKeyId":{"$fromStep":"trail-key-eu-west-1","output":"KeyMetadata.Arn"}}`);
    expect(out.stdout).toMatch(/WARNING: a customer managed key is billed monthly\. Undo schedules this key for deletion after 30 days \(undo asks for confirmation first/);
  });

  it('is idempotent: a second run plans nothing', async () => {
    const { writes } = live();
    await fixCommand(fixFlags({ control: ['2.7'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const second = await fixCommand(fixFlags({ control: ['2.7'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(4);
    expect(outcomeOf(second, '2.7')).toMatchObject({ outcome: 'NOTHING_TO_DO' });
  });

  it('undo points the trail back to SSE-S3, deletes the alias and schedules the key for deletion (30 days)', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.7'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const key = account.logging!.kmsKeys.at(-1)!;
    const { code, out } = await undo(result.journalPath!);
    expect(code).toBe(0);
    expect(writes().slice(4)).toEqual([
      { service: 'cloudtrail', region: 'eu-west-1', operation: 'UpdateTrail', input: { Name: EU_TRAIL, KmsKeyId: '' } },
      { service: 'kms', region: 'eu-west-1', operation: 'DeleteAlias', input: { AliasName: 'alias/cis-audit-cloudtrail' } },
      { service: 'kms', region: 'eu-west-1', operation: 'ScheduleKeyDeletion', input: { KeyId: key.KeyId, PendingWindowInDays: 30 } },
    ]);
    expect(out).toContain('will NOT revert: turn on automatic yearly rotation of the new key in eu-west-1 — covered by the scheduled deletion of the new key');
    expect(trailOf(account, 'eu-data-events').KmsKeyId).toBeUndefined();
    expect(account.logging!.kmsAliases).toEqual([]);
    expect(key).toMatchObject({ KeyState: 'PendingDeletion', pendingWindowInDays: 30 });
  });

  it('partial failure: CreateAlias refused → APPLY_ERROR (exit 3); undo schedules the deletion of the key it created', async () => {
    const account = fresh();
    account.errors = [...account.errors!, { service: 'kms', operation: 'CreateAlias', code: 'AccessDeniedException', message: 'not authorized to perform: kms:CreateAlias' }];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.7'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(result.exitCode).toBe(3);
    expect(outcomeOf(result, '2.7')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringContaining('kms:CreateAlias failed: AccessDeniedException') });
    const key = account.logging!.kmsKeys.at(-1)!;
    expect(journalOf(result.journalPath!).steps.map((s) => [s.call.operation, s.status])).toEqual([['CreateKey', 'applied'], ['EnableKeyRotation', 'applied'], ['CreateAlias', 'failed']]);
    expect((await undo(result.journalPath!)).code).toBe(0);
    expect(writes().slice(3)).toEqual([{ service: 'kms', region: 'eu-west-1', operation: 'ScheduleKeyDeletion', input: { KeyId: key.KeyId, PendingWindowInDays: 30 } }]);
    expect(trailOf(account, 'eu-data-events').KmsKeyId).toBeUndefined();
  });

  it('reuses alias/cis-audit-cloudtrail when its key policy lets CloudTrail encrypt; otherwise guidance with the statements, no write', async () => {
    const existing: FakeKmsKey = {
      KeyId: '11111111-2222-4333-8444-555555555555', region: 'eu-west-1', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT',
      Origin: 'AWS_KMS', KeyState: 'Enabled', rotation: true,
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${A}:trail/*` } } }] },
    };
    const good = fresh();
    good.logging!.kmsKeys.push(structuredClone(existing));
    good.logging!.kmsAliases = [{ region: 'eu-west-1', AliasName: 'alias/cis-audit-cloudtrail', TargetKeyId: existing.KeyId }];
    const first = live(good);
    await fixCommand(fixFlags({ control: ['2.7'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(first.writes()).toEqual([{ service: 'cloudtrail', region: 'eu-west-1', operation: 'UpdateTrail', input: { Name: EU_TRAIL, KmsKeyId: `arn:aws:kms:eu-west-1:${A}:key/${existing.KeyId}` } }]);
    first.restore();

    const bad = fresh();
    bad.logging!.kmsKeys.push({ ...structuredClone(existing), policy: undefined });
    bad.logging!.kmsAliases = [{ region: 'eu-west-1', AliasName: 'alias/cis-audit-cloudtrail', TargetKeyId: existing.KeyId }];
    const second = live(bad);
    const result = await fixCommand(fixFlags({ control: ['2.7'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(second.writes()).toEqual([]);
    expect(outcomeOf(result, '2.7')).toMatchObject({ outcome: 'GUIDANCE', detail: expect.stringContaining('does not let CloudTrail encrypt for eu-data-events; cis-audit does not rewrite an existing key policy') });
  });
});

describe('fix 2.5: AWS Config in every region', () => {
  const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];

  it('creates the role, a private bucket and, in the failing region, recorder + channel + start; global types stay where they are', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: REGIONS }), fixIo().io, TOOL);
    const w = writes();
    expect(ops(w)).toEqual([
      'iam:CreateRole us-east-1', 'iam:PutRolePolicy us-east-1', 'iam:AttachRolePolicy us-east-1',
      's3:CreateBucket us-east-1', 's3:PutPublicAccessBlock us-east-1', 's3:PutBucketEncryption us-east-1', 's3:PutBucketPolicy us-east-1',
      'config:PutConfigurationRecorder us-west-2', 'config:PutDeliveryChannel us-west-2', 'config:StartConfigurationRecorder us-west-2',
    ]);
    expect(doc(w[0]!.input.AssumeRolePolicyDocument).Statement).toEqual([{
      Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': A } },
    }]);
    expect(doc(w[1]!.input.PolicyDocument).Statement).toEqual([
      { Sid: 'DeliverToConfigBucket', Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${CONFIG_BUCKET}/AWSLogs/${A}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
      { Sid: 'CheckConfigBucketAcl', Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${CONFIG_BUCKET}` },
    ]);
    expect(w[2]!.input).toEqual({ RoleName: 'cis-audit-config', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole' });
    expect(w[3]!.input).toEqual({ Bucket: CONFIG_BUCKET, ObjectOwnership: 'BucketOwnerEnforced' });
    expect(w[4]!.input).toEqual({ Bucket: CONFIG_BUCKET, PublicAccessBlockConfiguration: FULL_BLOCK, ...OWNER });
    expect(w[5]!.input).toEqual({ Bucket: CONFIG_BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }, ...OWNER });
    const policy = doc(w[6]!.input.Policy);
    const source = { 'aws:SourceAccount': A };
    expect(statement(policy, 'AWSConfigBucketPermissionsCheck')).toMatchObject({ Principal: { Service: 'config.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${CONFIG_BUCKET}`, Condition: { StringEquals: source } });
    expect(statement(policy, 'AWSConfigBucketExistenceCheck')).toMatchObject({ Principal: { Service: 'config.amazonaws.com' }, Action: 's3:ListBucket', Condition: { StringEquals: source } });
    expect(statement(policy, 'AWSConfigBucketDelivery')).toMatchObject({
      Principal: { Service: 'config.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${CONFIG_BUCKET}/AWSLogs/${A}/Config/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source } },
    });
    expect(statement(policy, 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(policy.Statement.filter((s) => s.Effect === 'Allow').every((s) => s.Principal?.Service === 'config.amazonaws.com' && s.Condition?.StringEquals?.['aws:SourceAccount'] === A)).toBe(true);
    expect(w[7]!.input).toEqual({ ConfigurationRecorder: { name: 'default', roleARN: CONFIG_ROLE_ARN, recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } } });
    expect(w[8]!.input).toEqual({ DeliveryChannel: { name: 'default', s3BucketName: CONFIG_BUCKET, configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' } } });
    expect(w[9]!.input).toEqual({ ConfigurationRecorderName: 'default' });
    expect(account.logging!.config['us-west-2']!.recorders[0]).toMatchObject({ roleARN: CONFIG_ROLE_ARN, status: { recording: true } });
    expect(outcomeOf(result, '2.5')?.outcome).toBe('FIXED');

    const again = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: REGIONS }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(10);
    expect(outcomeOf(again, '2.5')).toMatchObject({ outcome: 'NOTHING_TO_DO' });
  });

  it('undo stops and deletes what it created in reverse order and leaves the bucket to the operator', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: REGIONS }), fixIo().io, TOOL);
    const { code, out } = await undo(result.journalPath!);
    expect(code).toBe(0);
    expect(ops(writes().slice(10))).toEqual([
      'config:StopConfigurationRecorder us-west-2', 'config:DeleteDeliveryChannel us-west-2', 'config:DeleteConfigurationRecorder us-west-2',
      'iam:DetachRolePolicy us-east-1', 'iam:DeleteRolePolicy us-east-1', 'iam:DeleteRole us-east-1',
    ]);
    expect(out).toContain(`will NOT revert: create private bucket ${CONFIG_BUCKET} in us-east-1 for AWS Config configuration history and snapshots`);
    expect(out).toContain(`aws s3 rb s3://${CONFIG_BUCKET} --force --region us-east-1`);
    expect(account.logging!.config['us-west-2']).toEqual({ recorders: [], deliveryChannels: [] });
    expect(roleOf(account, 'cis-audit-config')).toBeUndefined();
    expect(bucketOf(account, CONFIG_BUCKET)).toBeDefined();
  });

  it('raises a narrow recorder to all supported types (role kept, prior journaled), never adds a second one; undo restores it exactly', async () => {
    const account = fresh();
    account.logging!.config['eu-west-1']!.recorders[0]!.recordingGroup = { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: ['AWS::EC2::Instance'], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } };
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const slr = `arn:aws:iam::${A}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    const prior = {
      name: 'default', roleARN: slr, recordingMode: { recordingFrequency: 'CONTINUOUS' },
      recordingGroup: { resourceTypes: ['AWS::EC2::Instance'], exclusionByResourceTypes: { resourceTypes: [] }, allSupported: false, includeGlobalResourceTypes: false, recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } },
    };
    expect(writes()).toEqual([{
      service: 'config', region: 'eu-west-1', operation: 'PutConfigurationRecorder',
      input: { ConfigurationRecorder: { ...prior, recordingGroup: { allSupported: true, includeGlobalResourceTypes: false, resourceTypes: [], recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } } } },
    }]);
    expect(outcomeOf(result, '2.5')?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]!.prior).toEqual(prior);
    expect((await undo(result.journalPath!)).code).toBe(0);
    expect(writes()[1]).toEqual({ service: 'config', region: 'eu-west-1', operation: 'PutConfigurationRecorder', input: { ConfigurationRecorder: prior } });
  });

  it('global types: recorded in exactly one region, the home region by default or --config-global-region', async () => {
    const account = fresh();
    account.logging!.config['us-east-1']!.recorders[0]!.recordingGroup.includeGlobalResourceTypes = false;
    const byDefault = live(structuredClone(account));
    await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(byDefault.writes().map((w) => [w.region, (w.input.ConfigurationRecorder as any).recordingGroup])).toEqual([
      ['us-east-1', { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [], recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } }],
    ]);
    byDefault.restore();
    const chosen = live(structuredClone(account));
    const result = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: REGIONS, 'config-global-region': 'us-west-2' }), fixIo().io, TOOL);
    const recorders = chosen.writes().filter((w) => w.operation === 'PutConfigurationRecorder');
    expect(recorders.map((w) => [w.region, (w.input.ConfigurationRecorder as any).recordingGroup.includeGlobalResourceTypes])).toEqual([['us-west-2', true]]);
    expect(outcomeOf(result, '2.5')?.outcome).toBe('FIXED');
  });

  it('partial failure: the delivery channel is refused → APPLY_ERROR (exit 3); undo deletes the recorder and role, lists the bucket as manual', async () => {
    const account = fresh();
    account.errors = [...account.errors!, { service: 'config', operation: 'PutDeliveryChannel', code: 'InsufficientDeliveryPolicyException', message: 'Insufficient delivery policy to s3 bucket' }];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: REGIONS }), fixIo().io, TOOL);
    expect(result.exitCode).toBe(3);
    expect(journalOf(result.journalPath!).steps.map((s) => s.status)).toEqual([...Array(8).fill('applied'), 'failed']);
    const { code, out } = await undo(result.journalPath!);
    expect(code).toBe(0);
    // 8 writes + 6 PutDeliveryChannel attempts (the role was created by this plan: retried as IAM propagation), then undo.
    expect(ops(writes().slice(14))).toEqual(['config:DeleteConfigurationRecorder us-west-2', 'iam:DetachRolePolicy us-east-1', 'iam:DeleteRolePolicy us-east-1', 'iam:DeleteRole us-east-1']);
    expect(out).toContain(`will NOT revert: create private bucket ${CONFIG_BUCKET}`);
  });

  it('--config-bucket: an existing bucket is used as it is; a missing one is guidance', async () => {
    const { writes } = live();
    await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: REGIONS, 'config-bucket': 'acme-access-logs' }), fixIo().io, TOOL);
    expect(writes().some((w) => w.service === 's3')).toBe(false);
    expect(writes().find((w) => w.operation === 'PutDeliveryChannel')!.input).toMatchObject({ DeliveryChannel: { s3BucketName: 'acme-access-logs' } });
    live.restore();
    const again = live();
    const result = await fixCommand(fixFlags({ control: ['2.5'], yes: true, region: REGIONS, 'config-bucket': 'no-such-bucket' }), fixIo().io, TOOL);
    expect(again.writes()).toEqual([]);
    expect(outcomeOf(result, '2.5')).toMatchObject({ outcome: 'GUIDANCE', detail: expect.stringContaining('--config-bucket no-such-bucket does not exist') });
  });
});

describe('fix 2.1: a multi-region trail', () => {
  /** The demo without a multi-region trail: the audit trail is made single-region. */
  function noMultiRegion(): FakeAccount {
    const account = fresh();
    trailOf(account, 'acme-audit').IsMultiRegionTrail = false;
    return account;
  }

  it('creates a private bucket (block, SSE-S3, policy for this trail only, versioning, 365-day lifecycle, access logging) and a validated multi-region trail with explicit selectors, then starts it', async () => {
    const { writes, account } = live(noMultiRegion());
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), io, TOOL);
    const w = writes();
    expect(ops(w)).toEqual([
      's3:CreateBucket us-east-1', 's3:PutPublicAccessBlock us-east-1', 's3:PutBucketEncryption us-east-1', 's3:PutBucketPolicy us-east-1',
      's3:CreateBucket us-east-1', 's3:PutPublicAccessBlock us-east-1', 's3:PutBucketEncryption us-east-1', 's3:PutBucketPolicy us-east-1',
      's3:PutBucketVersioning us-east-1', 's3:PutBucketLifecycleConfiguration us-east-1', 's3:PutBucketLogging us-east-1',
      'cloudtrail:CreateTrail us-east-1', 'cloudtrail:PutEventSelectors us-east-1', 'cloudtrail:StartLogging us-east-1',
    ]);
    // The access-log bucket first (2.6): private, and its policy admits the S3 logging service for the new trail bucket only.
    expect(w[0]!.input).toEqual({ Bucket: ACCESS_LOGS, ObjectOwnership: 'BucketOwnerEnforced' });
    expect(w[1]!.input).toEqual({ Bucket: ACCESS_LOGS, PublicAccessBlockConfiguration: FULL_BLOCK, ...OWNER });
    const logsPolicy = doc(w[3]!.input.Policy);
    expect(statement(logsPolicy, 'CisAuditS3ServerAccessLogs')).toEqual({
      Sid: 'CisAuditS3ServerAccessLogs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject',
      Resource: [`arn:aws:s3:::${ACCESS_LOGS}/${TRAIL_BUCKET}/*`],
      Condition: { ArnLike: { 'aws:SourceArn': [`arn:aws:s3:::${TRAIL_BUCKET}`] }, StringEquals: { 'aws:SourceAccount': A } },
    });
    expect(statement(logsPolicy, 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    // us-east-1 takes no LocationConstraint.
    expect(w[4]!.input).toEqual({ Bucket: TRAIL_BUCKET, ObjectOwnership: 'BucketOwnerEnforced' });
    expect(w[5]!.input).toEqual({ Bucket: TRAIL_BUCKET, PublicAccessBlockConfiguration: FULL_BLOCK, ...OWNER });
    expect(w[6]!.input).toMatchObject({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    const policy = doc(w[7]!.input.Policy);
    expect(policy.Statement).toHaveLength(3);
    expect(statement(policy, 'AWSCloudTrailAclCheck')).toEqual({
      Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${TRAIL_BUCKET}`,
      Condition: { StringEquals: { 'aws:SourceArn': NEW_TRAIL } },
    });
    expect(statement(policy, 'AWSCloudTrailWrite')).toEqual({
      Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${A}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': NEW_TRAIL } },
    });
    expect(statement(policy, 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Principal: '*', Resource: [`arn:aws:s3:::${TRAIL_BUCKET}`, `arn:aws:s3:::${TRAIL_BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(w[8]!.input).toEqual({ Bucket: TRAIL_BUCKET, VersioningConfiguration: { Status: 'Enabled' }, ...OWNER });
    expect(w[9]!.input).toEqual({
      Bucket: TRAIL_BUCKET, ...OWNER,
      LifecycleConfiguration: { Rules: [{
        ID: 'cis-audit-log-retention', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 }, NoncurrentVersionExpiration: { NoncurrentDays: 365 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      }] },
    });
    expect(w[10]!.input).toEqual({ Bucket: TRAIL_BUCKET, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: ACCESS_LOGS, TargetPrefix: `${TRAIL_BUCKET}/` } }, ...OWNER });
    expect(w[11]!.input).toEqual({
      Name: 'cis-audit-trail', S3BucketName: TRAIL_BUCKET, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
      TagsList: [{ Key: 'cis-audit:created-by', Value: 'fix' }],
    });
    expect(w[12]!.input).toEqual({ TrailName: NEW_TRAIL, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] });
    expect(w[13]!.input).toEqual({ Name: NEW_TRAIL });
    expect(bucketOf(account, TRAIL_BUCKET)).toMatchObject({
      region: 'us-east-1', publicAccessBlock: FULL_BLOCK, policyIsPublic: false, versioning: { Status: 'Enabled' },
      logging: { TargetBucket: ACCESS_LOGS, TargetPrefix: `${TRAIL_BUCKET}/` }, lifecycleRules: [expect.objectContaining({ Expiration: { Days: 365 } })],
    });
    expect(trailOf(account, 'cis-audit-trail')).toMatchObject({ IsMultiRegionTrail: true, LogFileValidationEnabled: true, status: { IsLogging: true } });
    expect(outcomeOf(result, '2.1')).toMatchObject({ outcome: 'FIXED', detail: expect.stringContaining('trail cis-audit-trail is multi-region, logging') });
    expect(out.stdout).toContain('they are planned in a later stage on this trail');

    const again = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(14);
    expect(outcomeOf(again, '2.1')).toMatchObject({ outcome: 'NOTHING_TO_DO' });
  });

  it('on an emulator that gives a new trail no event selectors, the explicit selectors make the re-check PASS', async () => {
    const account = noMultiRegion();
    account.cloudtrail!.newTrailsWithoutSelectors = true;
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes().map((w) => w.operation).slice(-3)).toEqual(['CreateTrail', 'PutEventSelectors', 'StartLogging']);
    expect(trailOf(account, 'cis-audit-trail').eventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }]);
    expect(outcomeOf(result, '2.1')).toMatchObject({ outcome: 'FIXED', detail: expect.stringContaining('records all management events') });
  });

  it('a multi-region trail the emulator shows with no event selectors FAILs ("has no event selectors") and is completed in place → PASS', async () => {
    const account = fresh();
    trailOf(account, 'acme-audit').eventSelectors = [];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toEqual([{
      service: 'cloudtrail', region: 'us-east-1', operation: 'PutEventSelectors',
      input: { TrailName: AUDIT_TRAIL, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] },
    }]);
    expect(outcomeOf(result, '2.1')?.outcome).toBe('FIXED');
  });

  it('--dry-run plans every bucket setting, the explicit selectors and the logging grant, and sends only reads', async () => {
    const { writes, calls } = live(noMultiRegion());
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ control: ['2.1'], 'dry-run': true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    for (const op of ['PutBucketVersioning', 'PutBucketLifecycleConfiguration', 'PutBucketLogging', 'PutEventSelectors']) expect(out.stdout).toContain(`:${op} (us-east-1)`);
    expect(out.stdout).toContain('Dry run: 14 change(s) planned, nothing changed.');
  });

  it('a half-made bucket of ours: its lifecycle rules are kept (never shortened), versioning raised with the prior journaled; undo suspends it again', async () => {
    const account = noMultiRegion();
    const rules = [{ ID: 'keep-ten-years', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 3650 } }];
    account.logging!.buckets.push({ Name: TRAIL_BUCKET, region: 'us-east-1', publicAccessBlock: { ...FULL_BLOCK }, versioning: { Status: 'Suspended' }, lifecycleRules: structuredClone(rules) });
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE, 'trail-bucket-retention-days': 30 }), io, TOOL);
    const trailBucketOps = writes().filter((w) => w.input.Bucket === TRAIL_BUCKET).map((w) => w.operation);
    expect(trailBucketOps).toEqual(['PutBucketPolicy', 'PutBucketVersioning', 'PutBucketLogging']);
    expect(out.stdout).toContain(`bucket ${TRAIL_BUCKET}: its 1 lifecycle rule(s) are kept as they are`);
    expect(bucketOf(account, TRAIL_BUCKET)!.lifecycleRules).toEqual(rules);
    expect(outcomeOf(result, '2.1')?.outcome).toBe('FIXED');
    const versioning = journalOf(result.journalPath!).steps.find((st) => st.call.operation === 'PutBucketVersioning')!;
    expect(versioning.prior).toEqual({ Bucket: TRAIL_BUCKET, Status: 'Suspended' });
    expect((await undo(result.journalPath!)).code).toBe(0);
    expect(bucketOf(account, TRAIL_BUCKET)!.versioning).toEqual({ Status: 'Suspended' });
    expect(bucketOf(account, TRAIL_BUCKET)!.logging).toBeUndefined();
  });

  it('an --access-log-bucket in another region: the trail and its bucket are still made, without access logging, and the plan says why', async () => {
    const account = noMultiRegion();
    account.logging!.buckets.push({ Name: 'acme-eu-logs', region: 'eu-west-1' });
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE, 'access-log-bucket': 'acme-eu-logs' }), io, TOOL);
    expect(writes().some((w) => w.operation === 'PutBucketLogging' || w.input.Bucket === 'acme-eu-logs')).toBe(false);
    expect(out.stdout).toContain(`trail bucket ${TRAIL_BUCKET}: access logging (2.6) not set up: --access-log-bucket acme-eu-logs is in eu-west-1`);
    expect(outcomeOf(result, '2.1')?.outcome).toBe('FIXED');
  });

  it('--trail-bucket-retention-days sets the lifecycle expiration; a bad value is a usage error before any call', async () => {
    const { writes, calls } = live(noMultiRegion());
    await expect(fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE, 'trail-bucket-retention-days': 0 }), fixIo().io, TOOL)).rejects.toThrow(/--trail-bucket-retention-days 0 is not a number of days/);
    expect(calls).toEqual([]);
    await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE, 'trail-bucket-retention-days': 2557 }), fixIo().io, TOOL);
    const rule = writes().find((w) => w.operation === 'PutBucketLifecycleConfiguration')!.input.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> };
    expect(rule.Rules[0]).toMatchObject({ Expiration: { Days: 2557 }, NoncurrentVersionExpiration: { NoncurrentDays: 2557 } });
  });

  it('outside us-east-1 the bucket gets its LocationConstraint and the trail lives in the home region', async () => {
    const { writes } = live(noMultiRegion());
    const { io } = fixIo();
    io.env = { AWS_REGION: 'eu-west-1' };
    await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), io, TOOL);
    // Both buckets in the trail's region: S3 delivers access logs only within a region.
    expect(writes().filter((w) => w.operation === 'CreateBucket')).toEqual([`cis-audit-access-logs-${A}-eu-west-1`, `cis-audit-cloudtrail-${A}-eu-west-1`].map((Bucket) => ({
      service: 's3', region: 'eu-west-1', operation: 'CreateBucket',
      input: { Bucket, ObjectOwnership: 'BucketOwnerEnforced', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } },
    })));
    expect(writes().find((w) => w.operation === 'CreateTrail')!.region).toBe('eu-west-1');
  });

  it('undo stops logging and deletes the trail; the bucket holding logs is left to the operator', async () => {
    const { writes, account } = live(noMultiRegion());
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const { code, out } = await undo(result.journalPath!);
    expect(code).toBe(0);
    expect(writes().slice(14)).toEqual([
      { service: 'cloudtrail', region: 'us-east-1', operation: 'StopLogging', input: { Name: NEW_TRAIL } },
      { service: 'cloudtrail', region: 'us-east-1', operation: 'DeleteTrail', input: { Name: NEW_TRAIL } },
    ]);
    expect(out).toContain(`will NOT revert: create private bucket ${TRAIL_BUCKET} in us-east-1 for CloudTrail log files`);
    expect(out).toContain(`will NOT revert: create private bucket ${ACCESS_LOGS} in us-east-1 for S3 server access logs`);
    expect(account.cloudtrail!.trails.some((t) => t.Name === 'cis-audit-trail')).toBe(false);
    expect(bucketOf(account, TRAIL_BUCKET)).toBeDefined();
  });

  it('partial failure: CreateTrail denied after the bucket was made → APPLY_ERROR (exit 3); undo lists the bucket as manual; a rerun finishes without a second bucket', async () => {
    const account = noMultiRegion();
    account.errors = [...account.errors!, { service: 'cloudtrail', operation: 'CreateTrail', code: 'AccessDeniedException', message: 'not authorized to perform: cloudtrail:CreateTrail', times: 1 }];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(result.exitCode).toBe(3);
    expect(outcomeOf(result, '2.1')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringContaining('cloudtrail:CreateTrail failed: AccessDeniedException') });
    const journal = journalOf(result.journalPath!);
    expect(journal.steps.map((s) => [s.call.operation, s.status])).toEqual([
      ...['CreateBucket', 'PutPublicAccessBlock', 'PutBucketEncryption', 'PutBucketPolicy'].map((op) => [op, 'applied']),
      ...['CreateBucket', 'PutPublicAccessBlock', 'PutBucketEncryption', 'PutBucketPolicy', 'PutBucketVersioning', 'PutBucketLifecycleConfiguration', 'PutBucketLogging'].map((op) => [op, 'applied']),
      ['CreateTrail', 'failed'],
    ]);
    expect(journal.steps[4]!.creates).toEqual([`arn:aws:s3:::${TRAIL_BUCKET}`]);
    const { code, out } = await undo(result.journalPath!);
    expect(code).toBe(0);
    expect(out).toContain(`will NOT revert: create private bucket ${TRAIL_BUCKET}`);
    expect(out).toContain('Nothing to undo.');
    expect(writes()).toHaveLength(12);

    // The bucket is found complete (policy, versioning, lifecycle, logging all read back): only the trail is left to make.
    const rerun = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(ops(writes().slice(12))).toEqual(['cloudtrail:CreateTrail us-east-1', 'cloudtrail:PutEventSelectors us-east-1', 'cloudtrail:StartLogging us-east-1']);
    expect(outcomeOf(rerun, '2.1')?.outcome).toBe('FIXED');
  });

  it('fixes an own multi-region trail in place: adds a management selector (existing ones kept) and starts logging; undo restores both', async () => {
    const account = fresh();
    const audit = trailOf(account, 'acme-audit');
    audit.status.IsLogging = false;
    const before = [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::acme-raw/'] }], ExcludeManagementEventSources: ['kms.amazonaws.com'] }];
    audit.eventSelectors = structuredClone(before);
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toEqual([
      {
        service: 'cloudtrail', region: 'us-east-1', operation: 'PutEventSelectors',
        input: { TrailName: AUDIT_TRAIL, EventSelectors: [...before, { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] },
      },
      { service: 'cloudtrail', region: 'us-east-1', operation: 'StartLogging', input: { Name: AUDIT_TRAIL } },
    ]);
    expect(outcomeOf(result, '2.1')?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]!.prior).toEqual({ TrailName: AUDIT_TRAIL, EventSelectors: before });
    expect((await undo(result.journalPath!)).code).toBe(0);
    expect(writes().slice(2)).toEqual([
      { service: 'cloudtrail', region: 'us-east-1', operation: 'StopLogging', input: { Name: AUDIT_TRAIL } },
      { service: 'cloudtrail', region: 'us-east-1', operation: 'PutEventSelectors', input: { TrailName: AUDIT_TRAIL, EventSelectors: before } },
    ]);
    expect(audit.eventSelectors).toEqual(before);
    expect(audit.status.IsLogging).toBe(false);
  });

  it('--trail-bucket: never rewrites its policy; without a CloudTrail statement it is APPLY_ERROR before any write, naming the statements to add', async () => {
    const account = noMultiRegion();
    account.logging!.buckets.push({ Name: 'acme-trail-logs', region: 'us-east-1', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/DataPipeline` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-trail-logs/*' }] }, policyIsPublic: false });
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE, 'trail-bucket': 'acme-trail-logs' }), fixIo().io, TOOL);
    expect(writes()).toEqual([]);
    const detail = outcomeOf(result, '2.1')!.detail;
    expect(outcomeOf(result, '2.1')!.outcome).toBe('APPLY_ERROR');
    expect(result.exitCode).toBe(3);
    expect(result.journalPath).toBeUndefined();
    expect(detail).toContain(`the policy of bucket acme-trail-logs does not let CloudTrail deliver for ${NEW_TRAIL}, and cis-audit never rewrites an existing bucket's policy`);
    const added = JSON.parse(detail.slice(detail.indexOf('rerun: ') + 'rerun: '.length).split(' | ')[0]!) as Array<Record<string, any>>;
    expect(added.map((s) => [s.Principal.Service, s.Action, s.Condition.StringEquals['aws:SourceArn']])).toEqual([
      ['cloudtrail.amazonaws.com', 's3:GetBucketAcl', NEW_TRAIL], ['cloudtrail.amazonaws.com', 's3:PutObject', NEW_TRAIL],
    ]);
  });

  it('--trail-bucket whose policy lets CloudTrail write: only the trail is created', async () => {
    const account = noMultiRegion();
    account.logging!.buckets.push({
      Name: 'acme-trail-logs', region: 'us-east-1', policyIsPublic: false,
      policy: { Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::acme-trail-logs' },
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::acme-trail-logs/AWSLogs/*', Condition: { StringEquals: { 'aws:SourceAccount': A } } },
      ] },
    });
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.1'], yes: true, region: READABLE, 'trail-bucket': 'acme-trail-logs' }), fixIo().io, TOOL);
    expect(ops(writes())).toEqual(['cloudtrail:CreateTrail us-east-1', 'cloudtrail:PutEventSelectors us-east-1', 'cloudtrail:StartLogging us-east-1']);
    expect(writes()[0]!.input).toMatchObject({ S3BucketName: 'acme-trail-logs' });
    expect(outcomeOf(result, '2.1')?.outcome).toBe('FIXED');
  });

  it('--trail-bucket that is not a bucket name is a usage error before any call', async () => {
    const { calls } = live();
    await expect(fixCommand(fixFlags({ control: ['2.1'], yes: true, 'trail-bucket': 's3://acme-trail-logs' }), fixIo().io, TOOL)).rejects.toThrow(/not an S3 bucket name/);
    expect(calls).toEqual([]);
  });
});

describe('fix 2.1/2.4/2.5/2.7: permissions', () => {
  it('every call 2.1 and 2.6 make, apply and undo, is an action their remediators declare', async () => {
    // IAM action names of the S3 operations whose action is named otherwise.
    const ACTION: Record<string, string> = {
      PutBucketEncryption: 'PutEncryptionConfiguration', PutPublicAccessBlock: 'PutBucketPublicAccessBlock', GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
      PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration', GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration', DeleteBucketLifecycle: 'PutLifecycleConfiguration',
      DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
    };
    const account = fresh();
    trailOf(account, 'acme-audit').IsMultiRegionTrail = false;
    const { calls } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.1', '2.6'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['2.1', 'FIXED'], ['2.6', 'FIXED']]);
    expect((await undo(result.journalPath!)).code).toBe(0);
    const declared = new Set([...trailCreateRemediator.permissions, ...trailBucketLoggingRemediator.permissions]);
    const made = new Set(calls.filter((c) => c.service !== 'sts').map((c) => `${c.service}:${ACTION[c.operation] ?? c.operation}`));
    const scanReads = new Set((permissionsPolicy(selectControls(CIS_AWS_1_2_0, ['2.1', '2.6'], []), false).Statement as Array<{ Sid: string; Action: string[] }>).find((st) => st.Sid === 'CisAuditScan')!.Action);
    expect([...made].filter((a) => !declared.has(a) && !scanReads.has(a))).toEqual([]);
  });
  it('declares every write and planning read, and no wildcard action', () => {
    const policy = permissionsPolicy(selectControls(CIS_AWS_1_2_0, ['2.1', '2.4', '2.5', '2.7'], []), true);
    const fix = fixActionsOf(policy);
    expect(fix).toEqual(expect.arrayContaining([
      'cloudtrail:CreateTrail', 'cloudtrail:AddTags', 'cloudtrail:StartLogging', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:UpdateTrail',
      's3:CreateBucket', 's3:PutBucketOwnershipControls', 's3:PutBucketPublicAccessBlock', 's3:PutEncryptionConfiguration', 's3:PutBucketPolicy', 's3:GetBucketPolicy',
      's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:PutBucketLogging', 's3:GetLifecycleConfiguration',
      'logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteLogGroup', 'iam:CreateRole', 'iam:PutRolePolicy', 'iam:PassRole', 'iam:AttachRolePolicy',
      'config:PutConfigurationRecorder', 'config:PutDeliveryChannel', 'config:StartConfigurationRecorder', 'config:DeleteConfigurationRecorder',
      'kms:CreateKey', 'kms:CreateAlias', 'kms:EnableKeyRotation', 'kms:ScheduleKeyDeletion', 'kms:GetKeyPolicy',
    ]));
    expect(fix.some((a) => a.includes('*'))).toBe(false);
  });
});
