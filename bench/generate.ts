import { CIS_MONITORING_PATTERNS, type CisMonitoringEvent } from '../src/checks/monitoring/cis-patterns.js';
import type { FakeAccount, FakeIamPolicy, FakeIamRole, FakeIamUser } from '../test/fake-aws/account.js';
import { serveAccount } from '../test/fake-aws/account.js';
import { rootRow, userRow, type ReportRow } from '../test/fake-aws/credential-report.js';
import { page, type FakeAws } from '../test/fake-aws/fake-aws.js';
import type { FakeBucket, FakeConfigRegion, FakeKmsKey } from '../test/fake-aws/logging.js';
import type { FakeAlarm, FakeMetricFilter, FakeTopic } from '../test/fake-aws/monitoring.js';
import type { FakeFlowLog, FakeRegionNetwork, FakeRule, FakeSecurityGroup, FakeVpc } from '../test/fake-aws/networking.js';
import type { FakeTrail } from '../test/fake-aws/cloudtrail.js';
import { generateIdentity, IDENTITY_SPECS } from './generate-identity.js';
import { addVpcDetails, generateFrontends, generateStorage, perRegion, STORAGE_SPECS, type StorageSpec } from './generate-storage.js';

// Synthetic accounts for the scan benchmark: deterministic (seeded), shaped like real ones, at three scales.
// The model is the in-memory fake AWS's (test/fake-aws); bounds.ts derives the minimal calls from it alone.

export const SCALES = ['small', 'large', 'xl'] as const;
export type Scale = (typeof SCALES)[number];
/** What one scan covers: 'default' the 43 v1.2.0 controls, 'all' the six benchmark versions at once. */
export const BENCHMARK_SETS = ['default', 'all'] as const;
export type BenchmarkSet = (typeof BENCHMARK_SETS)[number];

/** The largest page each list operation returns (the API maximum; the scanner asks for it everywhere). */
export const API_PAGE = {
  iam: 1000, // MaxItems 1..1000 (ListVirtualMFADevices, GetAccountAuthorizationDetails, ListEntitiesForPolicy)
  ec2: 1000, // MaxResults 5..1000 (DescribeVpcs, DescribeFlowLogs, DescribeSecurityGroups, DescribeSecurityGroupRules)
  kmsListKeys: 1000, // Limit 1..1000
  logsMetricFilters: 50, // limit 1..50
  cloudwatchAlarms: 100, // MaxRecords 1..100
  snsSubscriptions: 100, // fixed
  s3ListBuckets: 10_000, // MaxBuckets 1..10000
  ec2RouteTables: 100, // MaxResults 5..100
  rds: 100, // MaxRecords 20..100 (DescribeDBInstances, DescribeDBClusters)
  efs: 100, // MaxItems: the collector asks for 100
  macieJobs: 200, // maxResults 1..200
  snsTopics: 100, // fixed
  organizations: 20, // MaxResults 1..20
  cloudfront: 100, // ListDistributions without MaxItems: the default page
  elbv2: 400, // PageSize 1..400
} as const;

/** The 17 regions every account has enabled by default. */
export const DEFAULT_REGIONS = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
  'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];
export const HOME_REGION = 'us-east-1';
export const BENCH_ACCOUNT_ID = '123456789012';
export const BENCH_NOW = new Date('2026-11-01T09:30:00.000Z');

interface RegionProfile {
  vpcs: number;
  securityGroups: number;
  kmsKeys: number;
  configRecorder: boolean;
}

export interface ScaleSpec {
  users: number;
  roles: number;
  policies: number;
  groups: number;
  home: RegionProfile;
  other: RegionProfile;
  /** Multi-region trails, each delivering to its own log group with the filters below. */
  multiRegionTrails: number;
  /** Single-region trails (data events), homed round-robin outside the home region. */
  regionalTrails: number;
  /** Per multi-region trail's log group. */
  filtersPerLogGroup: number;
  cisFiltersPerLogGroup: number;
  /** Per multi-region trail, in the home region. */
  alarmsPerLogGroup: number;
  subscriptionsPerTopic: number;
}

const LARGE: ScaleSpec = {
  users: 2000, roles: 1000, policies: 500, groups: 200,
  home: { vpcs: 20, securityGroups: 200, kmsKeys: 12, configRecorder: true },
  other: { vpcs: 20, securityGroups: 200, kmsKeys: 12, configRecorder: true },
  multiRegionTrails: 1, regionalTrails: 2,
  filtersPerLogGroup: 30, cisFiltersPerLogGroup: 14, alarmsPerLogGroup: 40, subscriptionsPerTopic: 3,
};

const times4 = (p: RegionProfile): RegionProfile => ({ ...p, vpcs: p.vpcs * 4, securityGroups: p.securityGroups * 4, kmsKeys: p.kmsKeys * 4 });

export const SCALE_SPECS: Record<Scale, ScaleSpec> = {
  // A startup: a handful of people, default VPCs everywhere, real work in one region, the CIS filters half done.
  small: {
    users: 12, roles: 25, policies: 6, groups: 3,
    home: { vpcs: 3, securityGroups: 15, kmsKeys: 6, configRecorder: true },
    other: { vpcs: 1, securityGroups: 1, kmsKeys: 0, configRecorder: false },
    multiRegionTrails: 1, regionalTrails: 0,
    filtersPerLogGroup: 8, cisFiltersPerLogGroup: 6, alarmsPerLogGroup: 7, subscriptionsPerTopic: 1,
  },
  large: LARGE,
  // 4x every count, same 17 regions (the Config recorder stays one per region: there cannot be more).
  xl: {
    users: LARGE.users * 4, roles: LARGE.roles * 4, policies: LARGE.policies * 4, groups: LARGE.groups * 4,
    home: times4(LARGE.home), other: times4(LARGE.other),
    multiRegionTrails: LARGE.multiRegionTrails * 4, regionalTrails: LARGE.regionalTrails * 4,
    filtersPerLogGroup: LARGE.filtersPerLogGroup, cisFiltersPerLogGroup: LARGE.cisFiltersPerLogGroup,
    alarmsPerLogGroup: LARGE.alarmsPerLogGroup, subscriptionsPerTopic: LARGE.subscriptionsPerTopic,
  },
};

export interface BenchAccount {
  scale: Scale;
  spec: ScaleSpec;
  /** The state only the newer benchmarks read (buckets, RDS, EFS, Macie, EBS, VPC details). */
  storageSpec: StorageSpec;
  homeRegion: string;
  now: Date;
  model: FakeAccount;
  /** "logGroupName|filterName" of the filters that carry a CIS pattern (the generator wrote them). */
  cisFilters: string[];
}

/** mulberry32: a small, fast, seeded PRNG, so every run sees the same account. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    hex: (n: number) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
}
type Rng = ReturnType<typeof prng>;

const DAY = 86_400_000;
const daysAgo = (now: Date, d: number) => new Date(now.getTime() - d * DAY).toISOString().replace('.000Z', '+00:00');
const pad = (n: number, w = 4) => String(n).padStart(w, '0');

/** `accountId`: the same account under another id (the org bench's members). */
export function generateAccount(scale: Scale, seed = 20261101, accountId = BENCH_ACCOUNT_ID): BenchAccount {
  const spec = SCALE_SPECS[scale];
  const rng = prng(seed);
  const A = accountId;
  const now = BENCH_NOW;
  const regions = [...DEFAULT_REGIONS];
  const iam = generateIam(rng, spec, A, now);
  const logging = generateLogging(rng, spec, A, regions);
  const { cloudtrail, monitoring, cisFilters, buckets } = generateTrails(rng, spec, A, regions, now, logging.kmsKeys);
  const model: FakeAccount = {
    account: A,
    partition: 'aws',
    callerArn: `arn:aws:sts::${A}:assumed-role/SecurityAudit/cis-audit`,
    regions,
    pageSize: API_PAGE.iam,
    iam,
    cloudtrail,
    monitoring,
    logging: { ...logging, buckets, kmsPageSize: API_PAGE.kmsListKeys },
    networking: { regions: Object.fromEntries(regions.map((r, i) => [r, generateNetwork(rng, r === HOME_REGION ? spec.home : spec.other, A, i)])), pageSize: API_PAGE.ec2 },
  };
  // The newer benchmarks' state from a PRNG of its own: the rest of the account is what it was before it existed.
  const storageSpec = STORAGE_SPECS[scale];
  const srng = prng(seed ^ 0x5eed5);
  model.storage = generateStorage(srng, storageSpec, A, regions, HOME_REGION);
  const instances = perRegion(regions, HOME_REGION, storageSpec.busyRegions, storageSpec.instances);
  const peering = perRegion(regions, HOME_REGION, storageSpec.busyRegions, storageSpec.peeringConnections);
  for (const r of regions) addVpcDetails(srng, storageSpec, model.networking!.regions[r]!, { instances: instances[r]!, peering: peering[r]! }, A);
  model.frontendsAndHub = generateFrontends(srng, storageSpec, A, regions, HOME_REGION);
  model.identity = generateIdentity(IDENTITY_SPECS[scale], A, now, HOME_REGION, iam);
  return { scale, spec, storageSpec, homeRegion: HOME_REGION, now, model, cisFilters };
}

// ---------------------------------------------------------------------------------------------------------------
// IAM

const AWS_POLICIES = [
  'ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonEC2ReadOnlyAccess', 'CloudWatchLogsFullAccess', 'AWSLambdaBasicExecutionRole',
  'AmazonSSMManagedInstanceCore', 'AmazonEKSWorkerNodePolicy', 'AmazonDynamoDBReadOnlyAccess', 'SecurityAudit', 'ViewOnlyAccess',
];
const awsPolicy = (name: string) => ({ PolicyName: name, PolicyArn: `arn:aws:iam::aws:policy/${name}` });

function generateIam(rng: Rng, spec: ScaleSpec, A: string, now: Date): FakeAccount['iam'] {
  const groups = Array.from({ length: spec.groups }, (_, i) => `group-${pad(i, 3)}`);
  const policies: FakeIamPolicy[] = Array.from({ length: spec.policies }, (_, i) => ({
    PolicyName: i === 0 ? 'break-glass-admin' : `app-policy-${pad(i)}`,
    AttachmentCount: rng.int(0, 4),
    DefaultVersionId: `v${rng.int(1, 6)}`,
    Document: i === 0
      ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
      : { Version: '2012-10-17', Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::app-${i}`, `arn:aws:s3:::app-${i}/*`] },
        { Sid: 'Queue', Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:us-east-1:${A}:app-${i}` },
      ] },
  }));
  const localPolicy = (p: FakeIamPolicy) => ({ PolicyName: p.PolicyName, PolicyArn: `arn:aws:iam::${A}:policy/${p.PolicyName}` });

  const users: FakeIamUser[] = [];
  const rows: ReportRow[] = [rootRow(A, { password_last_used: daysAgo(now, 200), mfa_active: 'true' })];
  const virtualMfa: FakeAccount['iam']['virtualMfa'] = [];
  for (let i = 0; i < spec.users; i++) {
    const name = `user-${pad(i, 5)}`;
    const created = rng.int(30, 2000);
    const console = rng.chance(0.55);
    const mfa = console && rng.chance(0.88);
    const row: ReportRow = { user_creation_time: daysAgo(now, created) };
    if (console) {
      Object.assign(row, {
        password_enabled: 'true', password_last_changed: daysAgo(now, rng.int(1, Math.min(created, 400))),
        password_last_used: rng.chance(0.1) ? 'no_information' : daysAgo(now, rng.int(0, 150)), mfa_active: String(mfa),
      });
    }
    if (rng.chance(0.6)) {
      const rotated = rng.int(1, Math.min(created, 500));
      Object.assign(row, {
        access_key_1_active: String(rng.chance(0.9)), access_key_1_last_rotated: daysAgo(now, rotated),
        access_key_1_last_used_date: daysAgo(now, rng.int(0, rotated)), access_key_1_last_used_region: rng.pick(DEFAULT_REGIONS),
        access_key_1_last_used_service: rng.pick(['s3', 'ec2', 'sts', 'dynamodb', 'sqs']),
      });
    }
    rows.push(userRow(A, name, row));
    if (mfa && rng.chance(0.8)) virtualMfa.push({ SerialNumber: `arn:aws:iam::${A}:mfa/${name}`, User: { UserName: name, Arn: `arn:aws:iam::${A}:user/${name}` } });
    const user: FakeIamUser = { UserName: name, GroupList: Array.from(new Set([rng.pick(groups), rng.pick(groups)])).filter(Boolean) };
    if (rng.chance(0.03)) user.AttachedManagedPolicies = [awsPolicy(rng.pick(AWS_POLICIES))];
    if (rng.chance(0.02)) {
      user.UserPolicyList = [{ PolicyName: `${name}-inline`, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }];
    }
    users.push(user);
  }
  // Devices bought and never assigned.
  for (let i = 0; i < Math.ceil(virtualMfa.length / 50); i++) virtualMfa.push({ SerialNumber: `arn:aws:iam::${A}:mfa/spare-${pad(i)}` });

  const roles: FakeIamRole[] = Array.from({ length: spec.roles }, (_, i) => {
    if (i === 0) return { RoleName: 'AWSSupport', AttachedManagedPolicies: [awsPolicy('AWSSupportAccess')] };
    const attached = Array.from({ length: rng.int(1, 3) }, () =>
      rng.chance(0.5) || policies.length === 0 ? awsPolicy(rng.pick(AWS_POLICIES)) : localPolicy(rng.pick(policies)));
    return {
      RoleName: `service-role-${pad(i)}`,
      AttachedManagedPolicies: attached,
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: rng.pick(['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com']) }, Action: 'sts:AssumeRole' }] },
    };
  });

  return {
    reportGeneratedAt: new Date(now.getTime() - 60_000).toISOString(),
    reportRows: rows,
    summary: {
      AccountAccessKeysPresent: 0, AccountMFAEnabled: 1, Users: spec.users, Groups: spec.groups, Roles: spec.roles,
      Policies: spec.policies, MFADevices: virtualMfa.length, MFADevicesInUse: virtualMfa.filter((d) => d.User).length,
      AccountSigningCertificatesPresent: 0,
    },
    passwordPolicy: {
      MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90,
      PasswordReusePrevention: 24, HardExpiry: false,
    },
    virtualMfa,
    users,
    roles,
    policies,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Config and KMS per region

function generateLogging(rng: Rng, spec: ScaleSpec, A: string, regions: string[]) {
  const config: Record<string, FakeConfigRegion> = {};
  const kmsKeys: FakeKmsKey[] = [];
  for (const region of regions) {
    const profile = region === HOME_REGION ? spec.home : spec.other;
    if (profile.configRecorder) {
      config[region] = {
        recorders: [{
          name: 'default',
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === HOME_REGION, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
          status: { recording: true, lastStatus: 'Success' },
        }],
        deliveryChannels: [{ name: 'default', s3BucketName: `config-${A}-${region}` }],
      };
    }
    for (let i = 0; i < profile.kmsKeys; i++) {
      const KeyId = `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
      // A quarter AWS-managed (aws/s3, aws/ebs…), a few HMAC or disabled, the rest customer symmetric keys.
      const kind = i % 12;
      const base = { KeyId, region, KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled' };
      if (kind < 3) kmsKeys.push({ ...base, KeyManager: 'AWS', Description: `Default key for ${['s3', 'ebs', 'rds'][kind]}` });
      else if (kind === 3) kmsKeys.push({ ...base, KeyManager: 'CUSTOMER', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Description: 'webhook signing' });
      else if (kind === 4) kmsKeys.push({ ...base, KeyManager: 'CUSTOMER', KeyState: 'PendingDeletion', Description: 'retired' });
      else kmsKeys.push({ ...base, KeyManager: 'CUSTOMER', Description: `app data ${i}`, rotation: rng.chance(0.7) });
    }
  }
  return { config, kmsKeys };
}

// ---------------------------------------------------------------------------------------------------------------
// EC2 networking per region

const CIS_EVENTS = Object.keys(CIS_MONITORING_PATTERNS) as CisMonitoringEvent[];

function generateNetwork(rng: Rng, profile: RegionProfile, A: string, regionIndex: number): FakeRegionNetwork {
  const id = (prefix: string) => `${prefix}-0${rng.hex(16)}`;
  const vpcs: FakeVpc[] = Array.from({ length: profile.vpcs }, (_, i) => ({
    VpcId: id('vpc'), CidrBlock: i === 0 ? '172.31.0.0/16' : `10.${(regionIndex * 16 + i) % 256}.0.0/16`, IsDefault: i === 0, Name: i === 0 ? undefined : `vpc-${i}`,
  }));
  const flowLogs: FakeFlowLog[] = [];
  for (const v of vpcs) {
    if (v.IsDefault ? !rng.chance(0.2) : !rng.chance(0.75)) continue;
    flowLogs.push({
      FlowLogId: id('fl'), ResourceId: v.VpcId, TrafficType: rng.pick(['ALL', 'ALL', 'REJECT'] as const),
      LogDestinationType: rng.chance(0.5) ? 's3' : 'cloud-watch-logs',
      LogDestination: `arn:aws:logs:${HOME_REGION}:${A}:log-group:vpc-flow-logs-${v.VpcId}`,
    });
  }
  let ruleSeq = 0;
  const rule = (r: Omit<FakeRule, 'SecurityGroupRuleId'>): FakeRule => ({ SecurityGroupRuleId: `sgr-0${pad(regionIndex, 2)}${(ruleSeq++).toString(16).padStart(14, '0')}`, ...r });
  const egressAll = () => rule({ IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' });
  const securityGroups: FakeSecurityGroup[] = [];
  for (let i = 0; i < profile.securityGroups && vpcs.length > 0; i++) {
    const vpc = vpcs[i % vpcs.length]!;
    const GroupId = id('sg');
    if (i < vpcs.length) {
      // The default group: AWS's default rules (self-reference in, all out), closed in about half the VPCs.
      const rules = rng.chance(0.5) ? [] : [rule({ IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1, ReferencedGroupId: GroupId }), egressAll()];
      securityGroups.push({ GroupId, GroupName: 'default', VpcId: vpc.VpcId, Description: 'default VPC security group', rules });
      continue;
    }
    const rules: FakeRule[] = [egressAll()];
    for (let k = rng.int(1, 8); k > 0; k--) {
      const port = rng.pick([443, 443, 80, 5432, 6379, 8080, 22, 3389]);
      const wide = rng.chance(port === 22 || port === 3389 ? 0.05 : 0.3);
      rules.push(rule({ IsEgress: false, IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIpv4: wide ? '0.0.0.0/0' : `10.${rng.int(0, 255)}.0.0/16`, Description: `app ${port}` }));
    }
    securityGroups.push({ GroupId, GroupName: `app-sg-${i}`, VpcId: vpc.VpcId, Description: 'application tier', rules });
  }
  return { vpcs, flowLogs, securityGroups };
}

// ---------------------------------------------------------------------------------------------------------------
// Trails, buckets, the monitoring chain

const APP_JSON_PATTERNS = [
  '{ $.errorCode = "ThrottlingException" }', '{ $.eventName = "RunInstances" && $.requestParameters.instanceType = "p4d*" }',
  '{ $.eventSource = "lambda.amazonaws.com" && $.errorCode = "*" }', '{ $.eventName = "PutObject" && $.requestParameters.bucketName = "billing-*" }',
];
const APP_TEXT_PATTERNS = ['"ERROR"', '"Task timed out"', '[ip, user, timestamp, request, status_code = 5*, size]', '"OutOfMemory"'];

function generateTrails(rng: Rng, spec: ScaleSpec, A: string, regions: string[], now: Date, kmsKeys: FakeKmsKey[]) {
  const trails: FakeTrail[] = [];
  const buckets: FakeBucket[] = [];
  const metricFilters: FakeMetricFilter[] = [];
  const alarms: FakeAlarm[] = [];
  const topics: FakeTopic[] = [];
  const cisFilters: string[] = [];
  const recent = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const homeKey = kmsKeys.find((k) => k.region === HOME_REGION && k.KeyManager === 'CUSTOMER' && k.KeySpec === 'SYMMETRIC_DEFAULT');
  const fullBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

  for (let t = 0; t < spec.multiRegionTrails; t++) {
    const name = t === 0 ? 'org-audit' : `org-audit-${t}`;
    const logGroup = `aws-cloudtrail-logs-${name}`;
    const bucket = `${name}-cloudtrail-${A}`;
    buckets.push({ Name: bucket, region: HOME_REGION, publicAccessBlock: fullBlock, policyIsPublic: false, logging: { TargetBucket: `access-logs-${A}`, TargetPrefix: `${bucket}/` } });
    trails.push({
      Name: name, HomeRegion: HOME_REGION, IsMultiRegionTrail: true, S3BucketName: bucket, LogFileValidationEnabled: true,
      ...(homeKey ? { KmsKeyId: `arn:aws:kms:${HOME_REGION}:${A}:key/${homeKey.KeyId}` } : {}),
      CloudWatchLogsLogGroupArn: `arn:aws:logs:${HOME_REGION}:${A}:log-group:${logGroup}:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${A}:role/CloudTrailToCloudWatchLogs`,
      status: { IsLogging: true, LatestCloudWatchLogsDeliveryTime: recent(4), LatestDeliveryTime: recent(2) },
    });

    const namespace = t === 0 ? 'CISBenchmark' : `CISBenchmark/${name}`;
    const alerts = `arn:aws:sns:${HOME_REGION}:${A}:${t === 0 ? 'security-alerts' : `security-alerts-${t}`}`;
    const pager = `arn:aws:sns:${HOME_REGION}:${A}:${t === 0 ? 'secops-pager' : `secops-pager-${t}`}`;
    const ops = `arn:aws:sns:${HOME_REGION}:${A}:${t === 0 ? 'ops-oncall' : `ops-oncall-${t}`}`;
    const groupAlarms: FakeAlarm[] = [];
    for (let f = 0; f < spec.filtersPerLogGroup; f++) {
      if (f < spec.cisFiltersPerLogGroup) {
        const event = CIS_EVENTS[f % CIS_EVENTS.length]!;
        const filterName = `cis-${event}`;
        const metric = { namespace, name: `CIS-${event}` };
        metricFilters.push({ region: HOME_REGION, logGroupName: logGroup, filterName, filterPattern: CIS_MONITORING_PATTERNS[event].accepted[0]!, metric });
        cisFilters.push(`${logGroup}|${filterName}`);
        groupAlarms.push({
          region: HOME_REGION, AlarmName: `${name}-cis-${event}`, Namespace: namespace, MetricName: metric.name,
          ActionsEnabled: true, AlarmActions: f % 4 === 0 ? [alerts, pager] : [alerts],
        });
        continue;
      }
      // The application teams' filters on the same log group: some JSON, some plain text, each with an alarm to ops.
      const json = f % 2 === 0;
      const metric = { namespace: `App/${name}`, name: `app-metric-${f}` };
      metricFilters.push({
        region: HOME_REGION, logGroupName: logGroup, filterName: `app-filter-${f}`,
        filterPattern: json ? APP_JSON_PATTERNS[f % APP_JSON_PATTERNS.length]! : APP_TEXT_PATTERNS[f % APP_TEXT_PATTERNS.length]!, metric,
      });
      if (groupAlarms.length < spec.alarmsPerLogGroup) {
        groupAlarms.push({ region: HOME_REGION, AlarmName: `${name}-app-${f}`, Namespace: metric.namespace, MetricName: metric.name, ActionsEnabled: true, AlarmActions: [ops] });
      }
    }
    // Infrastructure alarms (per instance or table: dimensioned metrics) fill the region's alarm list.
    for (let k = 0; groupAlarms.length < spec.alarmsPerLogGroup; k++) {
      groupAlarms.push({
        region: HOME_REGION, AlarmName: `${name}-infra-${k}`, Namespace: rng.pick(['AWS/EC2', 'AWS/RDS', 'AWS/DynamoDB']), MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'InstanceId', Value: `i-0${rng.hex(16)}` }], ActionsEnabled: true, AlarmActions: [ops],
      });
    }
    alarms.push(...groupAlarms);
    const subs = (prefix: string) => Array.from({ length: spec.subscriptionsPerTopic }, (_, i) => ({ Protocol: 'email', Endpoint: `${prefix}-${i}@example.com`, confirmed: i !== 1 }));
    topics.push({ arn: alerts, subscriptions: subs('secops') }, { arn: pager, subscriptions: subs('pager') }, { arn: ops, subscriptions: subs('ops') });
  }

  const others = regions.filter((r) => r !== HOME_REGION);
  for (let t = 0; t < spec.regionalTrails; t++) {
    const region = others[(t * 5) % others.length]!;
    const bucket = `data-events-${Math.floor(t / 2)}-${A}`;
    if (!buckets.some((b) => b.Name === bucket)) {
      // The data-events buckets: one readable by any AWS account, the other merely unlogged.
      buckets.push(t % 4 === 0
        ? { Name: bucket, region, grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, Permission: 'READ' }] }
        : { Name: bucket, region, publicAccessBlock: fullBlock, policyIsPublic: false });
    }
    trails.push({
      Name: `data-events-${t}`, HomeRegion: region, IsMultiRegionTrail: false, S3BucketName: bucket, LogFileValidationEnabled: t % 2 === 0,
      status: { IsLogging: true, LatestDeliveryTime: recent(7) },
      eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::data-${t}/`] }] }],
    });
  }
  return {
    cloudtrail: { trails },
    monitoring: { metricFilters, alarms, topics, pageSize: API_PAGE.cloudwatchAlarms },
    cisFilters,
    buckets,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Serving

/**
 * The fake AWS for a generated account. The fake's monitoring model has one page size for every list, so
 * DescribeMetricFilters is re-served here with its own API maximum (50) while alarms and subscriptions page at 100.
 */
export function serveBench(b: BenchAccount): FakeAws {
  const aws = serveAccount(b.model);
  const filters = b.model.monitoring?.metricFilters ?? [];
  aws.on('logs', 'DescribeMetricFilters', (input, region) => {
    const items = filters
      .filter((f) => f.region === region && f.logGroupName === input.logGroupName)
      .map((f) => ({
        filterName: f.filterName, filterPattern: f.filterPattern, logGroupName: f.logGroupName, creationTime: 1_700_000_000_000,
        metricTransformations: f.metric ? [{ metricName: f.metric.name, metricNamespace: f.metric.namespace, metricValue: '1' }] : [],
      }));
    const size = Math.min(API_PAGE.logsMetricFilters, input.limit ?? API_PAGE.logsMetricFilters);
    return page(items, input, { size, inToken: 'nextToken', outToken: 'nextToken', key: 'metricFilters' });
  });
  return aws;
}
