import { describe, expect, it } from 'vitest';
import { RESPONSE_SHAPES } from '../../src/aws/response-shapes.js';
import { BENCHMARKS, CIS_AWS_1_2_0 } from '../../src/benchmark/index.js';
import type { ControlDef } from '../../src/benchmark/control.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import { closeOver } from '../../src/collect/datum.js';
import { runScan, type ScanResult } from '../../src/engine/scan.js';
import { UsageError } from '../../src/model/errors.js';
import type { Finding } from '../../src/model/finding.js';
import type { Snapshot } from '../../src/snapshot/format.js';
import { ReplayTransport } from '../../src/snapshot/replay-transport.js';
import { serveAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { generateDemoSnapshot } from '../fake-aws/demo-snapshot.js';

// Every answer a datum reads has a shape entry, and an answer of the wrong shape is ERROR UnexpectedResponse
// naming the call: never a PASS or FAIL judged on a misread value.

const demo = await generateDemoSnapshot();
const opOf = (c: { service: string; operation: string }) => `${c.service}:${c.operation}`;
const demoOps = [...new Set(demo.calls.map(opOf))].sort();

// One control per check and parameter set, over every benchmark: each datum is read by some control here.
const seen = new Set<string>();
const REPRESENTATIVE: ControlDef[] = BENCHMARKS.flatMap((b) => b.controls).filter((c) => {
  const key = `${c.checks.join()}|${JSON.stringify(c.params ?? {})}`;
  return !seen.has(key) && seen.add(key);
});
const cid = (c: Pick<ControlDef, 'benchmark' | 'id'>) => `${c.benchmark}/${c.id}`;

async function scanSnapshot(snapshot: Snapshot, controls = REPRESENTATIVE): Promise<ScanResult> {
  const collectedAt = new Date(snapshot.collectedAt);
  return runScan({
    controls, transport: new ReplayTransport(snapshot), homeRegion: snapshot.homeRegion, collectedAt, now: collectedAt,
    options: DEFAULT_CHECK_OPTIONS, concurrency: 8, sleep: async () => {},
  });
}

describe('the response shape table', () => {
  it('has an entry for every operation the demo snapshot records', () => {
    expect(demoOps.length).toBeGreaterThanOrEqual(31);
    expect(demoOps.filter((op) => !RESPONSE_SHAPES[op])).toEqual([]);
  });

  // IAM actions whose API operation has another name (or another service).
  const OPERATION_OF_ACTION: Record<string, string> = {
    's3:ListAllMyBuckets': 's3:ListBuckets',
    'access-analyzer:ListAnalyzers': 'accessanalyzer:ListAnalyzers',
    's3:GetEncryptionConfiguration': 's3:GetBucketEncryption',
    'elasticfilesystem:DescribeFileSystems': 'efs:DescribeFileSystems',
    's3:GetBucketPublicAccessBlock': 's3:GetPublicAccessBlock',
    's3:GetAccountPublicAccessBlock': 's3control:GetPublicAccessBlock',
    'elasticloadbalancing:DescribeLoadBalancers': 'elbv2:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeLoadBalancerAttributes': 'elbv2:DescribeLoadBalancerAttributes',
  };

  it('has an entry for every read every datum declares, so a new datum cannot skip it', () => {
    const reads = closeOver(ALL_CHECKS.flatMap((c) => c.needs)).flatMap((d) => d.reads.map((a) => [d.key, OPERATION_OF_ACTION[a] ?? a] as const));
    expect(reads.length).toBeGreaterThanOrEqual(30);
    expect(reads.filter(([, op]) => !RESPONSE_SHAPES[op]).map(([key, op]) => `${key}: ${op}`)).toEqual([]);
  });

  it('accepts the live SDK values (Date, Uint8Array) of a whole demo scan, and their snapshot replay', async () => {
    const live = await runScan({
      controls: CIS_AWS_1_2_0.controls, transport: serveAccount(demoAccount()), homeRegion: 'us-east-1',
      collectedAt: new Date(demo.collectedAt), options: DEFAULT_CHECK_OPTIONS, concurrency: 8, sleep: async () => {},
    });
    const replay = await scanSnapshot(demo);
    for (const r of [live, replay]) {
      const shapeErrors = r.controls.flatMap((c) => c.findings).filter((f) => f.error?.code === 'UnexpectedResponse');
      expect(shapeErrors).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// One corruption per operation: a member the checks use, given the wrong type, in every recorded answer.

type Corruption = Array<[path: string, value: unknown]>;

const CORRUPT: Record<string, Corruption> = {
  'sts:GetCallerIdentity': [['Account', 210987654321]],
  'ec2:DescribeRegions': [['Regions[].RegionName', 1]],
  'iam:GenerateCredentialReport': [['State', 1]],
  'iam:GetCredentialReport': [['Content', 5]],
  'iam:GetAccountSummary': [['SummaryMap.AccountMFAEnabled', '1']],
  'iam:GetAccountPasswordPolicy': [['PasswordPolicy', 'x']],
  'iam:ListVirtualMFADevices': [['VirtualMFADevices[].User', 'arn:aws:iam::210987654321:root']],
  'iam:GetAccountAuthorizationDetails': [
    ['UserDetailList[].AttachedManagedPolicies', 'AdministratorAccess'],
    ['Policies[].PolicyVersionList[].IsDefaultVersion', 'true'],
  ],
  'iam:ListEntitiesForPolicy': [['PolicyRoles', { RoleName: 'support' }]],
  'cloudtrail:DescribeTrails': [['trailList[].IsMultiRegionTrail', 'true']],
  'cloudtrail:GetTrailStatus': [['IsLogging', 'true']],
  'cloudtrail:GetEventSelectors': [
    ['EventSelectors[].ReadWriteType', 1],
    ['AdvancedEventSelectors[].FieldSelectors[].Equals', 'Management'],
  ],
  'logs:DescribeMetricFilters': [['metricFilters[].filterPattern', 42]],
  'cloudwatch:DescribeAlarms': [['MetricAlarms[].AlarmActions', 'arn:aws:sns:us-east-1:210987654321:alerts']],
  'sns:ListSubscriptionsByTopic': [['Subscriptions[].SubscriptionArn', null]],
  'config:DescribeConfigurationRecorders': [['ConfigurationRecorders[].recordingGroup.allSupported', 'true']],
  'config:DescribeConfigurationRecorderStatus': [['ConfigurationRecordersStatus[].recording', 'true']],
  'config:DescribeDeliveryChannels': [['DeliveryChannels', {}]],
  'ec2:DescribeVpcs': [['Vpcs[].IsDefault', 'false']],
  'ec2:DescribeFlowLogs': [['FlowLogs[].ResourceId', 5]],
  'ec2:DescribeSecurityGroups': [['SecurityGroups[].GroupId', 5]],
  'ec2:DescribeSecurityGroupRules': [['SecurityGroupRules[].FromPort', '22']],
  'kms:ListKeys': [['Keys[].KeyId', 5]],
  'kms:DescribeKey': [['KeyMetadata.KeyManager', 1]],
  'kms:GetKeyRotationStatus': [['KeyRotationEnabled', 'true']],
  's3:GetBucketLocation': [['LocationConstraint', 5]],
  's3:GetBucketAcl': [['Grants[].Permission', 1]],
  's3:GetBucketPolicyStatus': [['PolicyStatus.IsPublic', 'false']],
  's3:GetPublicAccessBlock': [['PublicAccessBlockConfiguration.BlockPublicAcls', 'true']],
  's3:GetBucketLogging': [['LoggingEnabled', 'bucket']],
  's3control:GetPublicAccessBlock': [['PublicAccessBlockConfiguration', 'all']],
  'ec2:DescribeNetworkAcls': [['NetworkAcls[].Entries[].Egress', 'false']],
  'ec2:DescribeInstances': [['Reservations[].Instances[].MetadataOptions', 'required']],
  'ec2:DescribeVpcPeeringConnections': [['VpcPeeringConnections[].Status', 'active']],
  'ec2:DescribeRouteTables': [['RouteTables[].Routes', 'local']],
  'ec2:DescribeVpcEndpoints': [['VpcEndpoints[].SubnetIds', 'subnet-1']],
  'ec2:GetEbsEncryptionByDefault': [['EbsEncryptionByDefault', 'true']],
  'ec2:GetEbsDefaultKmsKeyId': [['KmsKeyId', 5]],
  's3:ListBuckets': [['Buckets[].Name', 5]],
  's3:GetBucketPolicy': [['Policy', undefined]],
  's3:GetBucketVersioning': [['Status', true]],
  's3:GetBucketEncryption': [['ServerSideEncryptionConfiguration.Rules', 'AES256']],
  'rds:DescribeDBInstances': [['DBInstances[].StorageEncrypted', 'true'], ['DBInstances[].PubliclyAccessible', 'false'], ['DBInstances[].AutoMinorVersionUpgrade', 'true'], ['DBInstances[].MultiAZ', 'false']],
  'rds:DescribeDBClusters': [['DBClusters[].MultiAZ', 'true']],
  'efs:DescribeFileSystems': [['FileSystems[].Encrypted', 'true']],
  'macie2:GetMacieSession': [['status', 1]],
  'macie2:ListClassificationJobs': [['items', 'job']],
  'macie2:GetAutomatedDiscoveryConfiguration': [['status', 1]],
  'iam:ListServerCertificates': [['ServerCertificateMetadataList[].Expiration', 5]],
  'iam:ListPolicies': [['Policies[].DefaultVersionId', 1]],
  'iam:GetPolicyVersion': [['PolicyVersion', 'v1']],
  'iam:ListSAMLProviders': [['SAMLProviderList', 'saml']],
  'iam:ListOpenIDConnectProviders': [['OpenIDConnectProviderList', 'oidc']],
  'iam:ListOrganizationsFeatures': [['EnabledFeatures', 'RootCredentialsManagement']],
  'accessanalyzer:ListAnalyzers': [['analyzers[].status', 1]],
  'account:GetAlternateContact': [['AlternateContact', 'security@example.com']],
  'account:GetContactInformation': [['ContactInformation', 'Acme']],
  'organizations:DescribeOrganization': [['Organization.MasterAccountId', 1]],
  'organizations:ListPolicies': [['Policies', 'FullAWSAccess']],
  'organizations:ListDelegatedAdministrators': [['DelegatedAdministrators', 'none']],
  'organizations:DescribeResourcePolicy': [['ResourcePolicy', 'policy']],
  'organizations:ListRoots': [['Roots', 'r-root']],
  'sns:ListTopics': [['Topics[].TopicArn', 5]],
  'sns:GetTopicAttributes': [['Attributes', 'policy']],
  'kms:GetKeyPolicy': [['Policy', undefined]],
  'securityhub:DescribeHub': [['HubArn', 5]],
  'cloudfront:ListDistributions': [['DistributionList.Items[].Id', 5]],
  'cloudfront:GetDistributionConfig': [['DistributionConfig.Logging.Enabled', 'true']],
  'elbv2:DescribeLoadBalancers': [['LoadBalancers[].LoadBalancerArn', 5]],
  'elbv2:DescribeLoadBalancerAttributes': [['Attributes[].Value', true]],
};

/** Sets `path` ("A[].B.C") wherever its parents exist; returns how many values were set. */
function setPath(node: unknown, path: string[], value: unknown): number {
  const [head, ...rest] = path;
  if (head === undefined || node === null || typeof node !== 'object') return 0;
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  const target = node as Record<string, unknown>;
  if (rest.length === 0 && !list) {
    target[key] = value;
    return 1;
  }
  const child = target[key];
  if (!list) return setPath(child, rest, value);
  if (!Array.isArray(child)) return 0;
  return child.reduce<number>((n, item, i) => {
    if (rest.length > 0) return n + setPath(item, rest, value);
    child[i] = value;
    return n + 1;
  }, 0);
}

function corrupted(op: string, corruption: Corruption): { snapshot: Snapshot; changed: number } {
  const snapshot = structuredClone(demo);
  let changed = 0;
  const calls = snapshot.calls.filter((c) => opOf(c) === op);
  // The demo answers some operations only with a not-found (the account has no public access block): answer instead.
  if (calls.every((c) => !c.output)) {
    for (const c of calls) {
      delete c.error;
      c.output = {};
    }
  }
  for (const call of snapshot.calls) {
    if (opOf(call) !== op || !call.output) continue;
    for (const [path, value] of corruption) changed += setPath(call.output, path.split('.'), value);
  }
  return { snapshot, changed };
}

/** Which operations each control's scan calls, from a scan of that control alone. */
const callsOf = new Map<string, Set<string>>();
for (const control of REPRESENTATIVE) {
  const r = await scanSnapshot(demo, [control]);
  callsOf.set(cid(control), new Set(r.reader.calls.keys()));
}
const baseline = await scanSnapshot(demo);
const resourceKey = (f: Finding) => `${f.region} ${f.resource}`;
const statusOf = (r: ScanResult) => Object.fromEntries(r.controls.map((c) => [cid(c.control), c.status]));

describe('an answer of the wrong shape is ERROR UnexpectedResponse naming the call, never PASS or FAIL', () => {
  it('corrupts every operation of the demo snapshot', () => {
    expect(Object.keys(CORRUPT).sort()).toEqual(demoOps);
  });

  const identityOps = new Set(['sts:GetCallerIdentity', 'ec2:DescribeRegions']);

  it.each(demoOps.filter((op) => identityOps.has(op)))('%s → no scan: a usage error naming the call and the shape', async (op) => {
    const { snapshot, changed } = corrupted(op, CORRUPT[op]!);
    expect(changed).toBeGreaterThan(0);
    const err = await scanSnapshot(snapshot).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(op);
    expect((err as Error).message).toMatch(/UnexpectedResponse \(.+: expected /);
  });

  it.each(demoOps.filter((op) => !identityOps.has(op)))('%s', async (op) => {
    const { snapshot, changed } = corrupted(op, CORRUPT[op]!);
    expect(changed, 'the corruption found its member').toBeGreaterThan(0);
    const r = await scanSnapshot(snapshot);
    const dependents = [...callsOf].filter(([, ops]) => ops.has(op)).map(([id]) => id);
    expect(dependents.length).toBeGreaterThan(0);
    const before = statusOf(baseline);
    const after = statusOf(r);
    for (const c of r.controls) {
      const id = cid(c.control);
      if (!dependents.includes(id)) {
        expect(after[id], `${id} does not read ${op}`).toBe(before[id]);
        continue;
      }
      const base = baseline.controls.find((x) => cid(x.control) === id)!;
      const keys = (list: Finding[], status: string) => list.filter((f) => f.status === status).map(resourceKey);
      // Nothing is judged on the misread answer: no PASS and no FAIL on a resource the clean snapshot did not have.
      expect(keys(c.findings, 'PASS').filter((k) => !keys(base.findings, 'PASS').includes(k)), `${id}: new PASS`).toEqual([]);
      expect(keys(c.findings, 'FAIL').filter((k) => !keys(base.findings, 'FAIL').includes(k)), `${id}: new FAIL`).toEqual([]);
      // ERROR, unless a FAIL proved by other data still stands (FAIL wins for all-of controls).
      // (MANUAL evidence stays MANUAL, with the read error in its evidence.)
      if (c.status !== 'ERROR' && c.status !== 'MANUAL') expect([c.status, before[id]], `${id} reads ${op}`).toEqual(['FAIL', 'FAIL']);

      // The bad answer is named: as an ERROR finding, or in the evidence of a verdict that did not need it.
      const named = c.findings.filter((f) => f.error?.code === 'UnexpectedResponse' && `${f.error.service}:${f.error.operation}` === op);
      const inEvidence = c.findings.some((f) => f.evidence.some((e) => (e.source === op || JSON.stringify(e.value).includes(op)) && JSON.stringify(e.value).includes('UnexpectedResponse')));
      // (Or the verdict stopped before it: no filter matched, so the alarms were never looked at.)
      const unchanged = JSON.stringify(c.findings) === JSON.stringify(base.findings);
      // Evidence for a person names the failed read in its evidence, wherever it was used.
      const manualNamed = c.status === 'MANUAL' && (JSON.stringify(c.findings).includes('UnexpectedResponse') || before[id] === 'MANUAL');
      expect(named.length > 0 || inEvidence || unchanged || manualNamed, `${id} names the UnexpectedResponse of ${op}`).toBe(true);
      for (const f of named) expect(f.message).toMatch(/UnexpectedResponse \(.+: expected .+, got .+\)/);
    }
  });

  it('the issue\'s case: "PasswordPolicy": "x" makes 1.5-1.11 ERROR with the path and what was found', async () => {
    const r = await scanSnapshot(corrupted('iam:GetAccountPasswordPolicy', [['PasswordPolicy', 'x']]).snapshot, CIS_AWS_1_2_0.controls);
    for (const id of ['1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11']) {
      const c = r.controls.find((x) => x.control.id === id)!;
      expect(c.status, id).toBe('ERROR');
      expect(c.findings.map((f) => f.error)).toEqual([{
        service: 'iam', operation: 'GetAccountPasswordPolicy', region: 'us-east-1', code: 'UnexpectedResponse',
        message: 'PasswordPolicy: expected an object, got string "x"',
      }]);
    }
  });
});
