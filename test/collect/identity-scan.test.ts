import { describe, expect, it } from 'vitest';
import { findBenchmark } from '../../src/benchmark/index.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { runScan } from '../../src/engine/scan.js';
import { serveAccount, type FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import type { FakeIdentity } from '../fake-aws/identity.js';

// The v7.0.0 IAM, Account and Organizations controls end to end over the fake AWS: collection (every page,
// absent vs unreadable), checks and aggregation. The demo account is a member; here it is also the management one.
const A = '210987654321';
const CONTROLS = ['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.1.5', '2.1.6', '2.2', '2.3', '2.14', '2.17', '2.18', '2.19', '2.20'];

function management(edit: (id: FakeIdentity, a: FakeAccount) => void = () => {}): FakeAccount {
  const a = demoAccount();
  a.pageSize = 1; // every list takes several pages
  const id = a.identity!;
  id.memberAccount = false;
  id.organization = {
    Id: 'o-acme4x7k2p', MasterAccountId: A, FeatureSet: 'ALL', iamFeatures: ['RootCredentialsManagement', 'RootSessions'], rootId: 'r-ac12',
    policies: [
      { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true, targets: [{ TargetId: 'r-ac12', Name: 'Root', Type: 'ROOT' }] },
      { Id: 'p-deny-regions', Name: 'deny-unused-regions', Type: 'SERVICE_CONTROL_POLICY', targets: [{ TargetId: 'ou-ac12-prod', Name: 'Prod', Type: 'ORGANIZATIONAL_UNIT' }, { TargetId: 'ou-ac12-dev', Name: 'Dev', Type: 'ORGANIZATIONAL_UNIT' }] },
      { Id: 'p-rcp-s3', Name: 'no-public-s3', Type: 'RESOURCE_CONTROL_POLICY', targets: [{ TargetId: 'r-ac12', Name: 'Root', Type: 'ROOT' }] },
    ],
    delegatedAdmins: [{ Id: '300000000003', Name: 'acme-security', services: ['securityhub.amazonaws.com', 'guardduty.amazonaws.com'] }],
    units: [{ Id: 'ou-ac12-wl', Name: 'Workloads', children: [{ Id: 'ou-ac12-prod', Name: 'Prod' }, { Id: 'ou-ac12-dev', Name: 'Dev' }] }, { Id: 'ou-ac12-sec', Name: 'Security' }],
  };
  edit(id, a);
  return a;
}

async function scan(a: FakeAccount) {
  const aws = serveAccount(a);
  const result = await runScan({
    controls: findBenchmark('cis-7.0.0').controls.filter((c) => CONTROLS.includes(c.id)),
    transport: aws, homeRegion: 'us-east-1', options: DEFAULT_CHECK_OPTIONS, concurrency: 4, sleep: async () => {},
    collectedAt: new Date('2026-11-01T09:30:00Z'),
  });
  return { aws, byId: Object.fromEntries(result.controls.map((c) => [c.control.id, c])) };
}

describe('IAM, Account and Organizations reads over the fake AWS (management account)', () => {
  it('follows every page and gives each control its verdict or evidence', async () => {
    const { aws, byId } = await scan(management());
    const status = Object.fromEntries(Object.entries(byId).map(([id, c]) => [id, c.status]));
    expect(status).toEqual({
      '2.1.1': 'PASS', '2.1.2': 'MANUAL', '2.1.3': 'MANUAL', '2.1.4': 'MANUAL', '2.1.5': 'MANUAL', '2.1.6': 'MANUAL',
      '2.2': 'MANUAL', '2.3': 'FAIL', '2.14': 'FAIL', '2.17': 'FAIL', '2.18': 'FAIL', '2.19': 'MANUAL', '2.20': 'PASS',
    });
    expect(byId['2.1.2']!.findings[0]!.message).toBe('2 SCP(s) and 1 RCP(s), 2 of them your own, 1 attached to the root; confirm the baseline guardrails cover every account');
    expect(byId['2.1.2']!.findings[0]!.evidence[1]!.value).toContainEqual({ policy: 'deny-unused-regions (SERVICE_CONTROL_POLICY)', targets: ['ORGANIZATIONAL_UNIT Prod (ou-ac12-prod)', 'ORGANIZATIONAL_UNIT Dev (ou-ac12-dev)'] });
    expect(byId['2.1.4']!.findings[0]!.evidence[1]!.value).toEqual(['Workloads', 'Workloads/Prod', 'Workloads/Dev', 'Security']);
    expect(byId['2.1.6']!.findings[0]!.evidence[1]!.value).toEqual([{ account: '300000000003', name: 'acme-security', services: ['guardduty.amazonaws.com', 'securityhub.amazonaws.com'] }]);
    // *:* through the customer policy; the attached AWS-managed policies are read and pass.
    const admin = byId['2.14']!.findings.filter((f) => f.status === 'FAIL').map((f) => f.resource);
    expect(admin).toEqual([`arn:aws:iam::${A}:policy/break-glass-admin`]);
    // Customer-managed documents come with GetAccountAuthorizationDetails: only AWS-managed ones are fetched.
    expect(aws.log.filter((c) => c.operation === 'GetPolicyVersion').map((c) => c.input.PolicyArn).sort()).toEqual([
      'arn:aws:iam::aws:policy/AWSSupportAccess', 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser', 'arn:aws:iam::aws:policy/SecurityAudit',
    ]);
    // Paged with pageSize 1: ListPolicies (IAM) and Organizations' ListPolicies both followed to the end.
    expect(aws.count('iam', 'ListPolicies')).toBe(3);
    expect(aws.log.filter((c) => c.operation === 'ListPolicies' && c.service === 'iam').every((c) => c.input.Scope === 'AWS')).toBe(true);
    expect(aws.log.filter((c) => c.service === 'organizations' && c.operation === 'ListPolicies').map((c) => [c.input.Filter, c.input.NextToken ?? null])).toEqual(
      expect.arrayContaining([['SERVICE_CONTROL_POLICY', null], ['SERVICE_CONTROL_POLICY', 't1'], ['RESOURCE_CONTROL_POLICY', null]]),
    );
    // Access Analyzer per region: the SCP-denied region is ERROR, the others decided.
    expect(byId['2.18']!.findings.map((f) => [f.region, f.status])).toEqual([
      ['ap-southeast-2', 'ERROR'], ['eu-west-1', 'FAIL'], ['us-east-1', 'PASS'], ['us-west-2', 'FAIL'],
    ]);
    expect(byId['2.17']!.findings.map((f) => f.status)).toEqual(['FAIL', 'PASS']);
  });

  it('outside an organization: the Organizations items are NOT_APPLICABLE and make no further Organizations call', async () => {
    const { aws, byId } = await scan(management((id) => { id.organization = null; }));
    for (const c of ['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.1.5', '2.1.6']) expect(byId[c]!.status, c).toBe('NOT_APPLICABLE');
    expect(aws.log.filter((c) => c.service === 'organizations').map((c) => c.operation)).toEqual(['DescribeOrganization']);
  });

  it('IAM\'s wire codes without the "Exception" suffix are understood (OrganizationNotFound → NOT_APPLICABLE, ServiceAccessNotEnabled → FAIL)', async () => {
    for (const [code, expected] of [['OrganizationNotFound', 'NOT_APPLICABLE'], ['ServiceAccessNotEnabled', 'FAIL'], ['AccountNotManagementOrDelegatedAdministrator', 'MANUAL']] as const) {
      const { byId } = await scan(management((_id, a) => { a.errors = [{ service: 'iam', operation: 'ListOrganizationsFeatures', code, message: 'rejected' }]; }));
      expect(byId['2.1.1']!.status, code).toBe(expected);
    }
  });

  it('one unreadable policy version is that policy\'s ERROR; analyzers are followed across nextToken pages', async () => {
    const { aws, byId } = await scan(management((id, a) => {
      a.errors = [{ service: 'iam', operation: 'GetPolicyVersion', code: 'AccessDenied', message: 'not authorized', times: 1 }];
      id.analyzers['us-west-2'] = [
        { name: 'acme-unused-2', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' },
        { name: 'acme-org', type: 'ORGANIZATION', status: 'ACTIVE' },
      ];
    }));
    const statuses = byId['2.14']!.findings.filter((f) => f.error?.operation === 'GetPolicyVersion').map((f) => f.status);
    expect(statuses).toEqual(['ERROR']);
    expect(byId['2.14']!.findings.filter((f) => f.status === 'PASS').length).toBeGreaterThanOrEqual(3);
    expect(byId['2.18']!.findings.find((f) => f.region === 'us-west-2')).toMatchObject({ status: 'PASS', message: 'external access analyzer acme-org is active' });
    expect(aws.log.filter((c) => c.operation === 'ListAnalyzers' && c.region === 'us-west-2').map((c) => c.input.nextToken ?? null)).toEqual([null, 't1']);
  });

  it('CloudShell full access attached to a user and a role FAILs naming both; a security contact PASSes', async () => {
    const { byId } = await scan(management((id, a) => {
      const cs = { PolicyName: 'AWSCloudShellFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess' };
      a.iam.users.find((u) => u.UserName === 'bob')!.AttachedManagedPolicies = [cs];
      a.iam.roles.find((r) => r.RoleName === 'DataPipeline')!.AttachedManagedPolicies!.push(cs);
      id.awsManagedPolicies[cs.PolicyArn] = { DefaultVersionId: 'v1', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudshell:*', Resource: '*' }] } };
      id.alternateContacts.SECURITY = { Name: 'Acme SecOps', Title: 'Security', EmailAddress: 'secops@acme.example', PhoneNumber: '+44 1' };
    }));
    expect(byId['2.20']).toMatchObject({ status: 'FAIL', reason: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess is attached to user bob, role DataPipeline' });
    expect(byId['2.3']).toMatchObject({ status: 'PASS', reason: 'security contact registered: Acme SecOps <secops@acme.example>' });
  });

  it('denied and throttled reads: verdict checks ERROR, evidence items stay MANUAL with the error', async () => {
    const { byId } = await scan(management((_id, a) => {
      a.errors = [
        ...(a.errors ?? []),
        { service: 'account', operation: 'GetAlternateContact', code: 'AccessDeniedException', message: 'not authorized to perform: account:GetAlternateContact' },
        { service: 'iam', operation: 'ListServerCertificates', code: 'Throttling', message: 'Rate exceeded' },
        { service: 'iam', operation: 'ListOrganizationsFeatures', code: 'AccessDenied', message: 'not authorized' },
        { service: 'organizations', operation: 'ListRoots', code: 'TooManyRequestsException', message: 'AWS Organizations can\'t complete your request because another request is already in progress.' },
        { service: 'iam', operation: 'ListSAMLProviders', code: 'AccessDenied', message: 'not authorized' },
      ];
    }));
    expect(byId['2.3']!.status).toBe('ERROR');
    expect(byId['2.17']!.status).toBe('ERROR');
    expect(byId['2.17']!.findings[0]!.error).toMatchObject({ operation: 'ListServerCertificates', code: 'Throttling' });
    expect(byId['2.1.1']!.status).toBe('ERROR');
    expect(byId['2.1.4']!.status).toBe('MANUAL');
    expect(byId['2.1.4']!.findings[0]!.message).toContain('TooManyRequestsException');
    expect(byId['2.2']!.status).toBe('MANUAL');
    expect(byId['2.19']!.status).toBe('MANUAL');
  });
});

describe('resource policies over the fake AWS', () => {
  it('lists every bucket and topic (paged), reads each policy in its region, and names the open one', async () => {
    const a = management((_id, acct) => {
      acct.logging!.buckets[0]!.policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${acct.logging!.buckets[0]!.Name}/*` }] };
    });
    const aws = serveAccount(a);
    const result = await runScan({
      controls: findBenchmark('cis-7.0.0').controls.filter((c) => c.id === '2.21'),
      transport: aws, homeRegion: 'us-east-1', options: DEFAULT_CHECK_OPTIONS, concurrency: 4, sleep: async () => {},
    });
    const [control] = result.controls;
    const name = a.logging!.buckets[0]!.Name;
    expect(control!.status).toBe('MANUAL');
    expect(control!.findings.map((f) => f.resource)).toContain(`arn:aws:s3:::${name}`);
    expect(aws.log.filter((c) => c.operation === 'GetBucketPolicy').map((c) => c.input.Bucket).sort()).toEqual(a.logging!.buckets.map((b) => b.Name).sort());
    for (const c of aws.log.filter((x) => x.operation === 'GetBucketPolicy')) expect(c.region).toBe(a.logging!.buckets.find((b) => b.Name === c.input.Bucket)!.region);
    // Every page was followed (the storage model pages ListBuckets at its own size): every bucket's policy was read above.
    expect(aws.count('s3', 'ListBuckets')).toBeGreaterThanOrEqual(1);
  });
});
