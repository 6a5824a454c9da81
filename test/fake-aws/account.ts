import { AwsCallError } from '../../src/aws/errors.js';
import { FakeAws, page, type InjectedError } from './fake-aws.js';
import { serveCloudTrail, type FakeCloudTrail } from './cloudtrail.js';
import { reportCsv, type ReportRow } from './credential-report.js';
import { serveLogging, type FakeLogging } from './logging.js';
import { serveMonitoring, type FakeMonitoring } from './monitoring.js';
import { serveNetworking, type FakeNetworking } from './networking.js';

// A fictional account, described as the AWS APIs would show it; `serveAccount` answers the calls a scan makes.
export interface FakeIamUser {
  UserName: string;
  AttachedManagedPolicies?: Array<{ PolicyName: string; PolicyArn: string }>;
  UserPolicyList?: Array<{ PolicyName: string; PolicyDocument: unknown }>;
  GroupList?: string[];
}

export interface FakeIamRole {
  RoleName: string;
  AttachedManagedPolicies?: Array<{ PolicyName: string; PolicyArn: string }>;
  AssumeRolePolicyDocument?: unknown;
}

export interface FakeIamPolicy {
  PolicyName: string;
  AttachmentCount: number;
  DefaultVersionId: string;
  Document: unknown;
}

export interface FakeAccount {
  account: string;
  partition: string;
  callerArn: string;
  regions: string[];
  pageSize: number;
  iam: {
    reportGeneratedAt: string;
    reportRows: ReportRow[];
    summary: Record<string, number>;
    passwordPolicy: Record<string, unknown> | null;
    virtualMfa: Array<{ SerialNumber: string; User?: { UserName: string; Arn: string } }>;
    users: FakeIamUser[];
    roles: FakeIamRole[];
    policies: FakeIamPolicy[];
  };
  cloudtrail?: FakeCloudTrail;
  monitoring?: FakeMonitoring;
  logging?: FakeLogging;
  networking?: FakeNetworking;
  /** Calls answered with an error (an SCP, a missing permission, a throttling burst). */
  errors?: InjectedError[];
}

const encode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export function serveAccount(a: FakeAccount, aws = new FakeAws()): FakeAws {
  const arn = (kind: string, name: string) => `arn:${a.partition}:iam::${a.account}:${kind}/${name}`;
  const iamPage = (items: unknown[], input: Record<string, any>, key: string) =>
    page(items, input, { size: Math.min(a.pageSize, input.MaxItems ?? 100), inToken: 'Marker', outToken: 'Marker', key, truncatedFlag: 'IsTruncated' });

  for (const e of a.errors ?? []) aws.fail(e);
  aws.on('sts', 'GetCallerIdentity', () => ({ Account: a.account, Arn: a.callerArn, UserId: 'AIDAEXAMPLEUSERID' }));
  aws.on('ec2', 'DescribeRegions', () => ({
    Regions: a.regions.map((r) => ({ RegionName: r, Endpoint: `ec2.${r}.amazonaws.com`, OptInStatus: 'opt-in-not-required' })),
  }));
  aws.on('iam', 'GenerateCredentialReport', () => ({ State: 'COMPLETE', Description: 'No report exists. Starting a new report generation task' }));
  aws.on('iam', 'GetCredentialReport', () => ({
    Content: new TextEncoder().encode(reportCsv(a.iam.reportRows)),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(a.iam.reportGeneratedAt),
  }));
  aws.on('iam', 'GetAccountSummary', () => ({ SummaryMap: a.iam.summary }));
  aws.on('iam', 'GetAccountPasswordPolicy', (_input, region) => {
    if (a.iam.passwordPolicy) return { PasswordPolicy: a.iam.passwordPolicy };
    throw new AwsCallError({ service: 'iam', operation: 'GetAccountPasswordPolicy', region }, 'NoSuchEntity',
      `The Password Policy with domain name ${a.account} cannot be found.`);
  });
  aws.on('iam', 'ListVirtualMFADevices', (input) => iamPage(a.iam.virtualMfa, input, 'VirtualMFADevices'));
  aws.on('iam', 'GetAccountAuthorizationDetails', (input) => {
    const filter: string[] = input.Filter ?? [];
    if (filter.length !== 1) throw new Error(`FakeAws: unexpected Filter ${JSON.stringify(filter)}`);
    if (filter[0] === 'User') {
      const users = a.iam.users.map((u) => ({
        UserName: u.UserName, Arn: arn('user', u.UserName), Path: '/', UserId: `AIDA${u.UserName.toUpperCase()}`,
        CreateDate: new Date('2020-01-15T09:00:00Z'), GroupList: u.GroupList ?? [],
        AttachedManagedPolicies: u.AttachedManagedPolicies ?? [],
        UserPolicyList: (u.UserPolicyList ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: encode(p.PolicyDocument) })),
      }));
      return iamPage(users, input, 'UserDetailList');
    }
    if (filter[0] === 'Role') {
      const roles = a.iam.roles.map((r) => ({
        RoleName: r.RoleName, Arn: arn('role', r.RoleName), Path: '/', RoleId: `AROA${r.RoleName.toUpperCase()}`,
        CreateDate: new Date('2021-05-01T12:00:00Z'),
        AssumeRolePolicyDocument: encode(r.AssumeRolePolicyDocument ?? { Version: '2012-10-17', Statement: [] }),
        AttachedManagedPolicies: r.AttachedManagedPolicies ?? [], RolePolicyList: [], InstanceProfileList: [],
      }));
      return iamPage(roles, input, 'RoleDetailList');
    }
    if (filter[0] === 'LocalManagedPolicy') {
      const policies = a.iam.policies.map((p) => ({
        PolicyName: p.PolicyName, Arn: arn('policy', p.PolicyName), PolicyId: `ANPA${p.PolicyName.toUpperCase()}`, Path: '/',
        DefaultVersionId: p.DefaultVersionId, AttachmentCount: p.AttachmentCount, IsAttachable: true,
        CreateDate: new Date('2022-02-02T08:00:00Z'), UpdateDate: new Date('2024-07-07T08:00:00Z'),
        PolicyVersionList: [{ VersionId: p.DefaultVersionId, IsDefaultVersion: true, Document: encode(p.Document), CreateDate: new Date('2024-07-07T08:00:00Z') }],
      }));
      return iamPage(policies, input, 'Policies');
    }
    throw new Error(`FakeAws: unexpected Filter ${filter[0]}`);
  });
  if (a.cloudtrail) serveCloudTrail(aws, a.account, a.cloudtrail);
  if (a.monitoring) serveMonitoring(aws, a.account, a.monitoring);
  if (a.logging) serveLogging(aws, a.account, a.logging);
  if (a.networking) serveNetworking(aws, a.account, a.networking);
  return aws;
}
