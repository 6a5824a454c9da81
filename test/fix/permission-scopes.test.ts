import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS, CIS_AWS_1_2_0 } from '../../src/benchmark/index.js';
import { selectControls } from '../../src/benchmark/select.js';
import { CIS_MONITORING_EVENTS } from '../../src/checks/monitoring/cis-patterns.js';
import { buildPermissions, describeNotes, fixActionsOf, SCAN_SID } from '../../src/cli/permissions.js';
import { fixPermissions, UnscopedActionError } from '../../src/fix/permission-policy.js';
import { PERMISSION_SCOPES } from '../../src/fix/permission-scopes.js';
import { ALL_REMEDIATORS } from '../../src/fix/registry.js';
import { FLOW_LOG_GROUP, FLOW_LOG_ROLE } from '../../src/fix/remediators/flow-logs.js';
import { configBucketName, CONFIG_ROLE, globMatch, TRAIL_KEY_ALIAS, TRAIL_LOG_GROUP, TRAIL_LOGS_ROLE, TRAIL_NAME, trailBucketName } from '../../src/fix/remediators/logging-builders.js';
import { ALERTS_TOPIC_NAME, monitoringName } from '../../src/fix/remediators/monitoring-alarms.js';
import { defaultAccessLogBucket } from '../../src/fix/remediators/logging-builders.js';
import { DEFAULT_FIX_OPTIONS, type Remediator } from '../../src/fix/types.js';

// The fix permissions are parsed and evaluated like IAM would (Allow statements: action, resource glob, conditions),
// never compared as text.

const ROOT = new URL('../..', import.meta.url).pathname;
const ACCOUNT = '111122223333';

interface Statement { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string | string[]>> }
interface Policy { Version: string; Statement: Statement[] }

const list = (v: string | string[] | undefined) => (v === undefined ? [] : ([] as string[]).concat(v));
/** The request context a condition is evaluated against: key → value (a missing key fails the condition). */
type RequestContext = Record<string, string>;

/** A minimal IAM evaluator over Allow statements: StringEquals / ArnEquals with exact values, no other operators. */
function allows(policy: Policy, action: string, resource: string, context: RequestContext = {}): boolean {
  return policy.Statement.some((s) => {
    if (s.Effect !== 'Allow') return false;
    if (!list(s.Action).includes(action)) return false;
    if (!list(s.Resource).some((r) => globMatch(r, resource))) return false;
    for (const [operator, entries] of Object.entries(s.Condition ?? {})) {
      if (operator !== 'StringEquals' && operator !== 'ArnEquals') throw new Error(`evaluator does not know ${operator}`);
      for (const [key, values] of Object.entries(entries)) {
        if (!list(values).includes(context[key] ?? '\u0000missing')) return false;
      }
    }
    return true;
  });
}

const parse = (policy: unknown) => JSON.parse(JSON.stringify(policy)) as Policy;
const fixPolicy = (controls = BENCHMARKS.flatMap((b) => b.controls), scope = {}) => parse(buildPermissions(controls, { includeFix: true, toSecurityHub: true, scope }).policy);
const READ_NAME = /^[a-z0-9-]+:(Get|List|Describe)[A-Za-z]*$/;
const UNSCOPABLE = new Set(Object.entries(PERMISSION_SCOPES).filter(([, s]) => s.kind === 'unscopable').map(([a]) => a));
const TAGGED = { 'aws:ResourceTag/cis-audit:created-by': 'fix' };
const TAGGING = { 'aws:RequestTag/cis-audit:created-by': 'fix' };

describe('permissions --include-fix: every write is scoped, or listed as unscopable with its reason', () => {
  for (const benchmark of BENCHMARKS) {
    it(`${benchmark.selector}: no write action on "*" unless it is unscopable or conditioned; no wildcard actions`, () => {
      const policy = fixPolicy(benchmark.controls);
      const scanOnly = parse(buildPermissions(benchmark.controls, { toSecurityHub: true }).policy);
      // The scan statement is exactly the read-only one: fix adds nothing to it.
      expect(policy.Statement.find((s) => s.Sid === SCAN_SID)).toEqual(scanOnly.Statement.find((s) => s.Sid === SCAN_SID));
      const offenders: string[] = [];
      for (const s of policy.Statement) {
        for (const a of list(s.Action)) expect(a, s.Sid).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
        if (s.Sid === SCAN_SID || !list(s.Resource).includes('*')) continue;
        for (const a of list(s.Action)) {
          if (READ_NAME.test(a) || UNSCOPABLE.has(a) || s.Condition) continue;
          offenders.push(`${s.Sid}: ${a}`);
        }
      }
      expect(offenders).toEqual([]);
      expect(new Set(policy.Statement.map((s) => s.Sid)).size).toBe(policy.Statement.length);
    });
  }

  it('every action any remediator declares has a row in the central table (so a new remediator must be scoped)', () => {
    const missing = ALL_REMEDIATORS.flatMap((r) => r.permissions.filter((a) => !PERMISSION_SCOPES[a]).map((a) => `${r.id}: ${a}`));
    expect(missing).toEqual([]);
  });

  it('an action without a row is refused, naming the remediator and the table', () => {
    const rogue: Remediator = { ...ALL_REMEDIATORS[0]!, id: 'rogue', permissions: ['iam:CreateUser'] };
    expect(() => fixPermissions([rogue], { partition: 'aws', account: '*', supportRoleName: 'x' })).toThrow(UnscopedActionError);
    expect(() => fixPermissions([rogue], { partition: 'aws', account: '*', supportRoleName: 'x' })).toThrow(/rogue declares iam:CreateUser.*permission-scopes\.ts/);
  });

  it('the table is honest: reads are Get/List/Describe, unscopable rows and any-name grants say why', () => {
    for (const [action, scope] of Object.entries(PERMISSION_SCOPES)) {
      if (scope.kind === 'read') expect(action).toMatch(READ_NAME);
      if (scope.kind === 'unscopable') expect(scope.why.length, action).toBeGreaterThan(20);
      if (scope.kind === 'scoped') {
        for (const g of [...scope.grants, ...Object.values(scope.for ?? {}).flat()]) {
          expect(g.resources.length, action).toBeGreaterThan(0);
          // "*" is only ever granted under a condition (KMS CreateKey: the tag on the new key).
          if (g.resources.includes('*')) expect(g.conditions, action).toBeDefined();
          if (g.anyName !== undefined) expect(g.anyName.length, action).toBeGreaterThan(20);
        }
      }
    }
  });

  it('has rows for the actions the remediators being added use', () => {
    const upcoming = [
      'ec2:EnableEbsEncryptionByDefault', 'ec2:DisableEbsEncryptionByDefault', 'ec2:ModifyEbsDefaultKmsKeyId', 's3:PutAccountPublicAccessBlock',
      's3:PutBucketPublicAccessBlock', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutEncryptionConfiguration', 'rds:ModifyDBInstance',
      'ec2:ModifyInstanceMetadataOptions', 'access-analyzer:CreateAnalyzer', 'access-analyzer:DeleteAnalyzer', 'access-analyzer:TagResource',
      'ec2:DeleteNetworkAclEntry', 'ec2:CreateNetworkAclEntry', 'securityhub:EnableSecurityHub', 'securityhub:DisableSecurityHub',
      'cloudtrail:PutEventSelectors', 's3:PutBucketLogging', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:CreateBucket',
      's3:PutBucketOwnershipControls', 's3:PutBucketTagging', 'iam:DeleteServerCertificate',
    ];
    expect(upcoming.filter((a) => !PERMISSION_SCOPES[a])).toEqual([]);
    // A new remediator using one of them gets the row's default grant: it resolves without error.
    const newcomer: Remediator = { ...ALL_REMEDIATORS[0]!, id: 'newcomer', permissions: upcoming };
    const { statements } = fixPermissions([newcomer], { partition: 'aws', account: ACCOUNT, supportRoleName: 'x' });
    expect(new Set(statements.flatMap((s) => s.Action))).toEqual(new Set(upcoming));
  });
});

describe('permissions --include-fix: what the scoped policy allows and refuses', () => {
  const policy = fixPolicy(BENCHMARKS.flatMap((b) => b.controls), { account: ACCOUNT });
  const arn = (service: string, rest: string, region = 'eu-west-1') => `arn:aws:${service}:${service === 'iam' || service === 's3' ? '' : region}:${service === 's3' ? '' : ACCOUNT}:${rest}`;

  it('roles: only the cis-audit roles can be created, given policies and deleted', () => {
    for (const name of [FLOW_LOG_ROLE, TRAIL_LOGS_ROLE, CONFIG_ROLE, DEFAULT_FIX_OPTIONS.supportRoleName]) {
      expect(allows(policy, 'iam:CreateRole', arn('iam', `role/${name}`)), name).toBe(true);
      expect(allows(policy, 'iam:DeleteRole', arn('iam', `role/${name}`)), name).toBe(true);
    }
    for (const a of ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRole', 'iam:TagRole']) {
      expect(allows(policy, a, arn('iam', 'role/Admin')), a).toBe(false);
      expect(allows(policy, a, `arn:aws:iam::999999999999:role/${CONFIG_ROLE}`), `${a} in another account`).toBe(false);
    }
  });

  it('AttachRolePolicy: only AWSSupportAccess to the support role and AWS_ConfigRole to the config role', () => {
    const support = arn('iam', `role/${DEFAULT_FIX_OPTIONS.supportRoleName}`);
    const config = arn('iam', `role/${CONFIG_ROLE}`);
    const policyArn = (p: string) => ({ 'iam:PolicyARN': `arn:aws:iam::aws:policy/${p}` });
    expect(allows(policy, 'iam:AttachRolePolicy', support, policyArn('AWSSupportAccess'))).toBe(true);
    expect(allows(policy, 'iam:AttachRolePolicy', config, policyArn('service-role/AWS_ConfigRole'))).toBe(true);
    expect(allows(policy, 'iam:AttachRolePolicy', support, policyArn('AdministratorAccess'))).toBe(false);
    expect(allows(policy, 'iam:AttachRolePolicy', config, policyArn('AWSSupportAccess'))).toBe(false);
    expect(allows(policy, 'iam:AttachRolePolicy', support)).toBe(false);
    expect(allows(policy, 'iam:DetachRolePolicy', support, policyArn('AWSSupportAccess'))).toBe(true);
  });

  it('PassRole: each delivery role to its service; any other role only to AWS Config (an existing recorder keeps its role)', () => {
    const to = (service: string) => ({ 'iam:PassedToService': service });
    expect(allows(policy, 'iam:PassRole', arn('iam', `role/${TRAIL_LOGS_ROLE}`), to('cloudtrail.amazonaws.com'))).toBe(true);
    expect(allows(policy, 'iam:PassRole', arn('iam', `role/${FLOW_LOG_ROLE}`), to('vpc-flow-logs.amazonaws.com'))).toBe(true);
    expect(allows(policy, 'iam:PassRole', arn('iam', `role/${CONFIG_ROLE}`), to('config.amazonaws.com'))).toBe(true);
    expect(allows(policy, 'iam:PassRole', arn('iam', 'role/Admin'), to('config.amazonaws.com'))).toBe(true);
    expect(allows(policy, 'iam:PassRole', arn('iam', 'role/Admin'), to('ec2.amazonaws.com'))).toBe(false);
    expect(allows(policy, 'iam:PassRole', arn('iam', 'role/Admin'), to('lambda.amazonaws.com'))).toBe(false);
    expect(allows(policy, 'iam:PassRole', arn('iam', `role/${TRAIL_LOGS_ROLE}`), to('lambda.amazonaws.com'))).toBe(false);
  });

  it('creates only cis-audit buckets, log groups, topics, alarms, trails and tagged keys', () => {
    for (const b of [trailBucketName(ACCOUNT, 'eu-west-1'), configBucketName(ACCOUNT), defaultAccessLogBucket(ACCOUNT, 'eu-west-1')]) {
      expect(allows(policy, 's3:CreateBucket', arn('s3', b)), b).toBe(true);
    }
    expect(allows(policy, 's3:CreateBucket', arn('s3', 'prod-data'))).toBe(false);
    for (const g of [TRAIL_LOG_GROUP, FLOW_LOG_GROUP]) {
      expect(allows(policy, 'logs:CreateLogGroup', arn('logs', `log-group:${g}`)), g).toBe(true);
      expect(allows(policy, 'logs:DeleteLogGroup', arn('logs', `log-group:${g}:*`)), g).toBe(true);
    }
    expect(allows(policy, 'logs:DeleteLogGroup', arn('logs', 'log-group:/aws/lambda/prod'))).toBe(false);
    expect(allows(policy, 'sns:CreateTopic', arn('sns', ALERTS_TOPIC_NAME))).toBe(true);
    expect(allows(policy, 'sns:DeleteTopic', arn('sns', 'prod-alerts'))).toBe(false);
    for (const e of CIS_MONITORING_EVENTS) expect(allows(policy, 'cloudwatch:PutMetricAlarm', arn('cloudwatch', `alarm:${monitoringName(e)}`)), e).toBe(true);
    expect(allows(policy, 'cloudwatch:DeleteAlarms', arn('cloudwatch', 'alarm:prod-latency'))).toBe(false);
    expect(allows(policy, 'cloudtrail:CreateTrail', arn('cloudtrail', `trail/${TRAIL_NAME}`))).toBe(true);
    expect(allows(policy, 'cloudtrail:DeleteTrail', arn('cloudtrail', 'trail/org-trail'))).toBe(false);
    expect(allows(policy, 'kms:CreateKey', '*', TAGGING)).toBe(true);
    expect(allows(policy, 'kms:CreateKey', '*')).toBe(false);
    expect(allows(policy, 'kms:CreateAlias', arn('kms', TRAIL_KEY_ALIAS))).toBe(true);
    expect(allows(policy, 'kms:CreateAlias', arn('kms', 'alias/prod'))).toBe(false);
  });

  it('deletes and schedules for deletion only what carries the cis-audit:created-by tag', () => {
    expect(allows(policy, 'kms:ScheduleKeyDeletion', arn('kms', 'key/1234abcd'), TAGGED)).toBe(true);
    expect(allows(policy, 'kms:ScheduleKeyDeletion', arn('kms', 'key/1234abcd'))).toBe(false);
    expect(allows(policy, 'ec2:DeleteFlowLogs', arn('ec2', 'vpc-flow-log/fl-1'), TAGGED)).toBe(true);
    expect(allows(policy, 'ec2:DeleteFlowLogs', arn('ec2', 'vpc-flow-log/fl-1'))).toBe(false);
    expect(allows(policy, 'ec2:CreateFlowLogs', arn('ec2', 'vpc-flow-log/fl-2'), TAGGING)).toBe(true);
    expect(allows(policy, 'ec2:CreateFlowLogs', arn('ec2', 'vpc-flow-log/fl-2'))).toBe(false);
    expect(allows(policy, 'ec2:CreateTags', arn('ec2', 'vpc-flow-log/fl-2'), { 'ec2:CreateAction': 'CreateFlowLogs' })).toBe(true);
    expect(allows(policy, 'ec2:CreateTags', arn('ec2', 'instance/i-1'), { 'ec2:CreateAction': 'CreateFlowLogs' })).toBe(false);
  });

  it('--support-role-name and --account/--partition follow into the ARNs', () => {
    const controls = selectControls(CIS_AWS_1_2_0, ['1.20'], []);
    const p = parse(buildPermissions(controls, { includeFix: true, scope: { supportRoleName: 'OpsSupport', account: ACCOUNT, partition: 'aws-cn' } }).policy);
    const role = `arn:aws-cn:iam::${ACCOUNT}:role/OpsSupport`;
    expect(allows(p, 'iam:CreateRole', role)).toBe(true);
    expect(allows(p, 'iam:AttachRolePolicy', role, { 'iam:PolicyARN': 'arn:aws-cn:iam::aws:policy/AWSSupportAccess' })).toBe(true);
    expect(allows(p, 'iam:CreateRole', `arn:aws-cn:iam::${ACCOUNT}:role/${DEFAULT_FIX_OPTIONS.supportRoleName}`)).toBe(false);
    expect(allows(p, 'iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/OpsSupport`)).toBe(false);
  });

  it('a selection gets only its remediators\' grants: 1.20 alone cannot touch the delivery roles', () => {
    const p = parse(buildPermissions(selectControls(CIS_AWS_1_2_0, ['1.20'], []), { includeFix: true }).policy);
    expect(allows(p, 'iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/${DEFAULT_FIX_OPTIONS.supportRoleName}`)).toBe(true);
    expect(allows(p, 'iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/${FLOW_LOG_ROLE}`)).toBe(false);
    expect(fixActionsOf(p)).not.toContain('iam:PassRole');
  });

  it('the notes name every unscopable write in the policy and every any-name grant, with the reason', () => {
    const built = buildPermissions(BENCHMARKS.flatMap((b) => b.controls), { includeFix: true });
    const unscopable = parse(built.policy).Statement.find((s) => s.Sid === 'CisAuditFixUnscopable')!;
    expect(list(unscopable.Action).sort()).toEqual(built.notes.filter((n) => n.kind === 'unscopable').map((n) => n.action).sort());
    expect(list(unscopable.Action)).toEqual(expect.arrayContaining(['iam:UpdateAccountPasswordPolicy', 'config:PutConfigurationRecorder']));
    const text = describeNotes(built.notes);
    for (const n of built.notes) expect(text).toContain(n.action);
    expect(text).toContain('iam:DeleteAccountPasswordPolicy, iam:UpdateAccountPasswordPolicy: the account password policy');
    expect(describeNotes([])).toBe('');
  });
});

describe('cis-audit permissions (the binary)', () => {
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), 'permissions', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('prints a valid JSON policy on stdout and the reasons on stderr; --format annotated puts both in one JSON', () => {
    const r = run(['--include-fix', '--benchmark', 'cis-1.2.0', '--account', ACCOUNT]);
    expect(r.code).toBe(0);
    const policy = JSON.parse(r.stdout) as Policy;
    expect(policy.Version).toBe('2012-10-17');
    expect(allows(policy, 'iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/${CONFIG_ROLE}`)).toBe(true);
    expect(r.stderr).toMatch(/iam:DeleteAccountPasswordPolicy, iam:UpdateAccountPasswordPolicy: .*account-wide/);
    const a = run(['--include-fix', '--benchmark', 'cis-1.2.0', '--format', 'annotated']);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    const out = JSON.parse(a.stdout) as { policy: Policy; unscopable: Array<{ action: string; why: string }>; anyName: Array<{ action: string; resources: string[]; why: string }> };
    expect(out.unscopable.map((u) => u.action)).toContain('iam:UpdateAccountPasswordPolicy');
    expect(out.anyName.find((n) => n.action === 'iam:UpdateAccessKey')?.resources).toEqual(['arn:aws:iam::*:user/*']);
  });

  it('a bad --account or a fix policy as a CloudFormation audit role is a one-line usage error', () => {
    for (const [args, error] of [
      [['--account', '12345'], /--account must be a 12-digit/],
      [['--format', 'cloudformation', '--include-fix'], /read-only audit role: it takes no --include-fix/],
      [['--format', 'cloudformation', '--account', ACCOUNT], /--account does not apply to --format cloudformation/],
      [['--support-role-name', 'bad name'], /not a valid IAM role name/],
    ] as const) {
      const r = run([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(error);
      expect(lines[1]).toMatch(/^Hint: /);
    }
  });
});
