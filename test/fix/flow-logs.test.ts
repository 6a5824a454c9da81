import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { logGroupSteps, serviceRoleSteps } from '../../src/fix/remediators/building-blocks.js';
import { fixCommand, type FixFlags } from '../../src/cli/fix-command.js';
import { undoCommand } from '../../src/fix/run-undo.js';
import { serveAccount, type FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { bridgeSdkTo } from '../helpers/sdk-bridge.js';
import { fixFlags, fixIo, journalOf, TOOL } from './fix-helpers.js';

// 2.9 end to end: the demo account behind mocked SDK clients; staging (us-east-1) has only an ACCEPT flow log.

const A = '210987654321';
const REGIONS = ['us-east-1', 'eu-west-1'];
const STAGING = 'vpc-07c2d5e8f1a9b3c46';
const ROLE = 'cis-audit-flow-logs-delivery';
const ROLE_ARN = `arn:aws:iam::${A}:role/${ROLE}`;
const GROUP = '/cis-audit/vpc-flow-logs';
const ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'];
const TAGS = [{ Key: 'cis-audit:created-by', Value: 'fix' }];
const groupArn = (region: string) => `arn:aws:logs:${region}:${A}:log-group:${GROUP}`;

function fresh(): FakeAccount {
  const account = demoAccount();
  account.networking = structuredClone(account.networking);
  account.iam = structuredClone(account.iam);
  // The fake's CloudWatch Logs writes live in the monitoring model.
  account.monitoring = structuredClone(account.monitoring);
  return account;
}

const READ = /^(Get|List|Describe|Generate)/;
let restore: (() => void) | undefined;
/** The fake account behind the SDK. */
function live(account = fresh()) {
  const fake = serveAccount(account);
  const bridge = bridgeSdkTo(fake);
  restore = bridge.restore;
  return { account, calls: bridge.calls, writes: () => bridge.calls.filter((c) => !READ.test(c.operation)) };
}
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});
afterEach(() => restore?.());

const run = (over: Partial<FixFlags> = {}) => fixCommand(fixFlags({ yes: true, control: ['2.9'], region: REGIONS, ...over }), fixIo().io, TOOL);
const outcome29 = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }) => r.outcomes.find((o) => o.control === '2.9')!;
const stagingLogs = (a: FakeAccount) => a.networking!.regions['us-east-1']!.flowLogs.filter((f) => f.ResourceId === STAGING);

describe('fix 2.9: VPC flow logs', () => {
  it('creates the delivery role (parsed trust and inline policy), the log group with retention, and a REJECT flow log → FIXED', async () => {
    const { writes, account } = live();
    const result = await run();
    const w = writes();
    expect(w.map((c) => c.operation)).toEqual(['CreateRole', 'PutRolePolicy', 'CreateLogGroup', 'PutRetentionPolicy', 'CreateFlowLogs']);

    const { AssumeRolePolicyDocument, ...createRole } = w[0]!.input as Record<string, unknown>;
    expect(createRole).toEqual({ RoleName: ROLE, Description: expect.stringContaining('cis-audit'), MaxSessionDuration: 3600, Tags: TAGS });
    expect(JSON.parse(AssumeRolePolicyDocument as string)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': A } } }],
    });
    const { PolicyDocument, ...putPolicy } = w[1]!.input as Record<string, unknown>;
    expect(putPolicy).toEqual({ RoleName: ROLE, PolicyName: 'deliver-vpc-flow-logs' });
    expect(JSON.parse(PolicyDocument as string)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DeliverVpcFlowLogs', Effect: 'Allow', Action: ACTIONS, Resource: [`${groupArn('us-east-1')}:*`] }],
    });
    expect(w[2]).toEqual({ service: 'logs', region: 'us-east-1', operation: 'CreateLogGroup', input: { logGroupName: GROUP, tags: { 'cis-audit:created-by': 'fix' } } });
    expect(w[3]).toEqual({ service: 'logs', region: 'us-east-1', operation: 'PutRetentionPolicy', input: { logGroupName: GROUP, retentionInDays: 365 } });
    expect(w[4]).toEqual({
      service: 'ec2', region: 'us-east-1', operation: 'CreateFlowLogs',
      input: {
        ResourceIds: [STAGING], ResourceType: 'VPC', TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs', LogGroupName: GROUP,
        DeliverLogsPermissionArn: ROLE_ARN, TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: TAGS }],
      },
    });

    // The model now has them: the re-check sees an ACTIVE REJECT flow log on staging.
    expect(account.iam.roles.find((r) => r.RoleName === ROLE)?.inlinePolicies?.['deliver-vpc-flow-logs']).toEqual(JSON.parse(PolicyDocument as string));
    expect(account.monitoring!.logGroups).toContainEqual({ region: 'us-east-1', name: GROUP, retentionInDays: 365, tags: { 'cis-audit:created-by': 'fix' } });
    expect(stagingLogs(account).map((f) => f.TrafficType)).toEqual(['ACCEPT', 'REJECT']);
    expect(outcome29(result)).toMatchObject({ outcome: 'FIXED' });
    expect(outcome29(result).detail).toContain(STAGING);
    expect(result.exitCode).toBe(0);

    const journal = journalOf(result.journalPath!);
    expect(journal.steps.flatMap((s) => s.creates ?? [])).toEqual([ROLE_ARN, groupArn('us-east-1'), `flow log on arn:aws:ec2:us-east-1:${A}:vpc/${STAGING}`]);

    // Idempotent: the control passes, a second run writes nothing.
    const again = await run();
    expect(writes()).toHaveLength(5);
    expect(outcome29(again).outcome).toBe('NOTHING_TO_DO');
  });

  it('--traffic-type ALL and --log-retention-days are used as given', async () => {
    const { writes } = live();
    await run({ 'traffic-type': 'ALL', 'log-retention-days': 90 });
    expect(writes().find((c) => c.operation === 'PutRetentionPolicy')!.input).toEqual({ logGroupName: GROUP, retentionInDays: 90 });
    expect(writes().find((c) => c.operation === 'CreateFlowLogs')!.input).toMatchObject({ TrafficType: 'ALL' });
  });

  it('PENDING while the new role propagates: the flow log exists but cannot deliver yet', async () => {
    const account = fresh();
    account.networking!.newFlowLogDelivery = { status: 'FAILED', message: 'Access error' };
    live(account);
    const result = await run();
    expect(outcome29(result).outcome).toBe('PENDING');
    expect(outcome29(result).detail).toContain(`IAM propagation of role ${ROLE} and the first delivery to ${GROUP}`);
    expect(outcome29(result).detail).toContain('delivery FAILED (Access error)');
    expect(result.exitCode).toBe(0);
  });

  it('STILL_FAILING (exit 1) when EC2 accepted the call but no flow log appears', async () => {
    const account = fresh();
    account.networking!.ignoreWrites = true;
    live(account);
    const result = await run();
    expect(outcome29(result).outcome).toBe('STILL_FAILING');
    expect(outcome29(result).detail).toContain(`no active flow log capturing REJECT/ALL on ${STAGING} (us-east-1)`);
    expect(result.exitCode).toBe(1);
  });

  it('UNVERIFIED (exit 3) when the re-check cannot read the flow logs: the change is applied but unconfirmed', async () => {
    const account = fresh();
    // The scan's DescribeFlowLogs in us-east-1 answers; the re-check's is denied.
    account.errors = [{ service: 'ec2', operation: 'DescribeFlowLogs', region: 'us-east-1', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', skip: 1 }];
    const { writes } = live(account);
    const result = await run();
    expect(writes().map((w) => w.operation)).toContain('CreateFlowLogs');
    expect(outcome29(result)).toEqual({
      control: '2.9', outcome: 'UNVERIFIED',
      detail: 'applied; the re-check failed: ec2:DescribeFlowLogs in us-east-1 failed: UnauthorizedOperation (You are not authorized to perform this operation.)',
    });
    expect(result.exitCode).toBe(3);
  });

  it('a failure mid-plan is APPLY_ERROR (exit 3); undo removes the log group and the role, newest first', async () => {
    const account = fresh();
    account.errors = [{ service: 'ec2', operation: 'CreateFlowLogs', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' }];
    const rolesBefore = structuredClone(account.iam.roles);
    const { writes } = live(account);
    const result = await run();
    expect(outcome29(result)).toMatchObject({ outcome: 'APPLY_ERROR' });
    expect(outcome29(result).detail).toContain('ec2:CreateFlowLogs failed: UnauthorizedOperation');
    expect(result.exitCode).toBe(3);
    expect(journalOf(result.journalPath!).steps.map((s) => [s.call.operation, s.status])).toEqual([
      ['CreateRole', 'applied'], ['PutRolePolicy', 'applied'], ['CreateLogGroup', 'applied'], ['PutRetentionPolicy', 'applied'], ['CreateFlowLogs', 'failed'],
    ]);

    expect(await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, fixIo().io)).toBe(0);
    expect(writes().slice(5)).toEqual([
      { service: 'logs', region: 'us-east-1', operation: 'DeleteRetentionPolicy', input: { logGroupName: GROUP } },
      { service: 'logs', region: 'us-east-1', operation: 'DeleteLogGroup', input: { logGroupName: GROUP } },
      { service: 'iam', region: 'us-east-1', operation: 'DeleteRolePolicy', input: { RoleName: ROLE, PolicyName: 'deliver-vpc-flow-logs' } },
      { service: 'iam', region: 'us-east-1', operation: 'DeleteRole', input: { RoleName: ROLE } },
    ]);
    expect(account.iam.roles).toEqual(rolesBefore);
    expect(account.monitoring!.logGroups?.some((g) => g.name === GROUP)).toBe(false);
  });

  it('re-running after a partial failure reuses the role and log group: only the flow log is created', async () => {
    const account = fresh();
    account.errors = [{ service: 'ec2', operation: 'CreateFlowLogs', code: 'Throttling', message: 'Rate exceeded', times: 1 }];
    const { writes } = live(account);
    const first = await run();
    expect(first.exitCode).toBe(3);
    const second = await run();
    expect(writes().slice(5).map((c) => c.operation)).toEqual(['CreateFlowLogs']);
    expect(outcome29(second).outcome).toBe('FIXED');
  });

  it('undo deletes the flow log (its id from the journaled response), then the log group and the role', async () => {
    const { writes, account } = live();
    const rolesBefore = structuredClone(account.iam.roles);
    const result = await run();
    const created = stagingLogs(account).find((f) => f.TrafficType === 'REJECT')!.FlowLogId;
    const entry = journalOf(result.journalPath!).steps.find((s) => s.call.operation === 'CreateFlowLogs')!;
    expect(entry.undo).toEqual([{ service: 'ec2', region: 'us-east-1', operation: 'DeleteFlowLogs', input: { FlowLogIds: { $fromOutput: 'FlowLogIds' } } }]);
    expect(entry.output).toMatchObject({ FlowLogIds: [created], Unsuccessful: [] });

    expect(await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, fixIo().io)).toBe(0);
    expect(writes().slice(5)).toEqual([
      { service: 'ec2', region: 'us-east-1', operation: 'DeleteFlowLogs', input: { FlowLogIds: [created] } },
      { service: 'logs', region: 'us-east-1', operation: 'DeleteRetentionPolicy', input: { logGroupName: GROUP } },
      { service: 'logs', region: 'us-east-1', operation: 'DeleteLogGroup', input: { logGroupName: GROUP } },
      { service: 'iam', region: 'us-east-1', operation: 'DeleteRolePolicy', input: { RoleName: ROLE, PolicyName: 'deliver-vpc-flow-logs' } },
      { service: 'iam', region: 'us-east-1', operation: 'DeleteRole', input: { RoleName: ROLE } },
    ]);
    // Exactly what was created is gone; the ACCEPT flow log that was there before stays.
    expect(stagingLogs(account).map((f) => f.TrafficType)).toEqual(['ACCEPT']);
    expect(account.iam.roles).toEqual(rolesBefore);
    expect(account.monitoring!.logGroups?.some((g) => g.name === GROUP)).toBe(false);
    expect(journalOf(result.journalPath!).steps.every((s) => s.status === 'undone')).toBe(true);
  });

  it('a VPC in a new region widens the existing role\'s policy (prior journaled, undo restores it) and never drops a grant', async () => {
    const account = fresh();
    const existingPolicy = { Version: '2012-10-17', Statement: [{ Sid: 'DeliverVpcFlowLogs', Effect: 'Allow', Action: ACTIONS, Resource: [`${groupArn('us-east-1')}:*`] }] };
    account.iam.roles.push({
      RoleName: ROLE, AttachedManagedPolicies: [], inlinePolicies: { 'deliver-vpc-flow-logs': existingPolicy },
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': A } } }] },
    });
    account.networking!.regions['us-east-1']!.flowLogs.push({ FlowLogId: 'fl-0aa', ResourceId: STAGING, TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs', LogDestination: groupArn('us-east-1') });
    account.networking!.regions['eu-west-1']!.vpcs.push({ VpcId: 'vpc-0eu0000000000new', CidrBlock: '10.40.0.0/16' });
    const { writes } = live(account);
    const result = await run();
    const w = writes();
    expect(w.map((c) => `${c.operation} ${c.region}`)).toEqual(['PutRolePolicy us-east-1', 'CreateLogGroup eu-west-1', 'PutRetentionPolicy eu-west-1', 'CreateFlowLogs eu-west-1']);
    expect(JSON.parse(w[0]!.input.PolicyDocument as string)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DeliverVpcFlowLogs', Effect: 'Allow', Action: ACTIONS, Resource: [`${groupArn('eu-west-1')}:*`, `${groupArn('us-east-1')}:*`] }],
    });
    const step = journalOf(result.journalPath!).steps[0]!;
    expect(step.prior).toEqual({ PolicyName: 'deliver-vpc-flow-logs', PolicyDocument: existingPolicy });
    expect(step.undo).toEqual([{ service: 'iam', region: 'us-east-1', operation: 'PutRolePolicy', input: { RoleName: ROLE, PolicyName: 'deliver-vpc-flow-logs', PolicyDocument: JSON.stringify(existingPolicy) } }]);
    expect(outcome29(result).outcome).toBe('FIXED');
  });

  it('a same-named role that vpc-flow-logs may not assume → GUIDANCE, nothing written', async () => {
    const account = fresh();
    account.iam.roles.push({ RoleName: ROLE, AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
    const { writes } = live(account);
    const result = await run();
    expect(outcome29(result).outcome).toBe('GUIDANCE');
    expect(outcome29(result).detail).toContain(`role ${ROLE} already exists but vpc-flow-logs.amazonaws.com may not assume it`);
    expect(writes()).toEqual([]);
  });

  it('--flow-log-bucket: an S3 destination, no role and no log group', async () => {
    const { writes } = live();
    const result = await run({ 'flow-log-bucket': 'acme-flow-logs' });
    expect(writes()).toEqual([{
      service: 'ec2', region: 'us-east-1', operation: 'CreateFlowLogs',
      input: { ResourceIds: [STAGING], ResourceType: 'VPC', TrafficType: 'REJECT', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::acme-flow-logs', TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: TAGS }] },
    }]);
    expect(outcome29(result).outcome).toBe('FIXED');
  });

  it('--dry-run sends reads only', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ control: ['2.9'], region: REGIONS, 'dry-run': true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['DescribeLogGroups', 'GetRole']));
    expect(out.stdout).toContain('Dry run: 5 change(s) planned, nothing changed.');
  });

  it('bad flag values are usage errors (exit 2)', async () => {
    live();
    for (const over of [{ 'traffic-type': 'ACCEPT' }, { 'log-retention-days': 42 }, { 'flow-log-destination': 's3' }, { 'flow-log-destination': 'cloud-watch-logs', 'flow-log-bucket': 'b' }]) {
      const err = await run(over).catch((e: unknown) => e);
      expect(err, JSON.stringify(over)).toBeInstanceOf(UsageError);
    }
  });
});

describe('building blocks', () => {
  const ctx = { account: A, partition: 'aws', homeRegion: 'us-east-1' };
  it('logGroupSteps: create (tagged, KMS when given) + retention, undo deletes only what it creates; an existing group is reused untouched', () => {
    const built = logGroupSteps({ ctx, region: 'eu-west-1', name: '/x', retentionDays: 731, kmsKeyArn: 'arn:aws:kms:eu-west-1:210987654321:key/k' });
    expect(built.exists).toBe(false);
    expect(built.arn).toBe(`arn:aws:logs:eu-west-1:${A}:log-group:/x`);
    expect(built.steps.map((s) => [s.call.operation, s.call.input, s.undo])).toEqual([
      ['CreateLogGroup', { logGroupName: '/x', kmsKeyId: 'arn:aws:kms:eu-west-1:210987654321:key/k', tags: { 'cis-audit:created-by': 'fix' } }, [{ service: 'logs', region: 'eu-west-1', operation: 'DeleteLogGroup', input: { logGroupName: '/x' } }]],
      ['PutRetentionPolicy', { logGroupName: '/x', retentionInDays: 731 }, [{ service: 'logs', region: 'eu-west-1', operation: 'DeleteRetentionPolicy', input: { logGroupName: '/x' } }]],
    ]);
    expect(built.steps[0]!.warning).toContain('deletes log group /x');
    expect(logGroupSteps({ ctx, region: 'eu-west-1', name: '/x', retentionDays: 30, existing: {} })).toEqual({ steps: [], exists: true, arn: built.arn });
    expect(() => logGroupSteps({ ctx, region: 'eu-west-1', name: '/x', retentionDays: 42 })).toThrow(/not one CloudWatch Logs accepts/);
  });

  it('serviceRoleSteps: nothing when the role and its policy already match; a wrong trust is a conflict', () => {
    const statements = [{ Effect: 'Allow' as const, Action: ['logs:PutLogEvents'], Resource: ['arn:aws:logs:us-east-1:1:log-group:/x:*'] }];
    const input = { ctx, roleName: 'r', servicePrincipal: 'cloudtrail.amazonaws.com', sourceAccountCondition: true as const, inlinePolicyName: 'p', statements };
    const created = serviceRoleSteps(input);
    expect(created.steps.map((s) => s.call.operation)).toEqual(['CreateRole', 'PutRolePolicy']);
    expect(created.steps.map((s) => s.undo)).toEqual([
      [{ service: 'iam', region: 'us-east-1', operation: 'DeleteRole', input: { RoleName: 'r' } }],
      [{ service: 'iam', region: 'us-east-1', operation: 'DeleteRolePolicy', input: { RoleName: 'r', PolicyName: 'p' } }],
    ]);
    const same = serviceRoleSteps({ ...input, existing: { trustPolicy: created.trustPolicy, inlinePolicy: created.inlinePolicy } });
    expect(same).toMatchObject({ steps: [], exists: true });
    const foreign = serviceRoleSteps({ ...input, existing: { trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } });
    expect(foreign.steps).toEqual([]);
    expect(foreign.conflict).toContain('cloudtrail.amazonaws.com may not assume it');
  });
});
