import { AwsCallError } from '../../src/aws/errors.js';
import type { AwsCall } from '../../src/aws/transport.js';
import { FakeAws, page, type InjectedError } from './fake-aws.js';
import { serveCloudTrail, type FakeCloudTrail } from './cloudtrail.js';
import { reportCsv, type ReportRow } from './credential-report.js';
import { serveLogging, type FakeLogging } from './logging.js';
import { serveMonitoring, type FakeMonitoring } from './monitoring.js';
import { serveNetworking, type FakeNetworking } from './networking.js';
import { serveStorage, type FakeStorage } from './storage.js';
import { serveIdentity, type FakeIdentity } from './identity.js';
import { serveFrontendsAndHub, type FakeFrontendsAndHub } from './frontends-securityhub.js';

// A fictional account, described as the AWS APIs would show it; `serveAccount` answers the calls a scan makes.
export interface FakeIamUser {
  UserName: string;
  AttachedManagedPolicies?: Array<{ PolicyName: string; PolicyArn: string }>;
  UserPolicyList?: Array<{ PolicyName: string; PolicyDocument: unknown }>;
  GroupList?: string[];
}

export interface FakeIamRole {
  RoleName: string;
  /** Inline policies by name (decoded documents). */
  inlinePolicies?: Record<string, unknown>;
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
    /** Access keys by user name, for ListAccessKeys / UpdateAccessKey (the credential report stays as written: it is a stale view). */
    accessKeys?: Record<string, Array<{ AccessKeyId: string; Status: 'Active' | 'Inactive'; CreateDate: string }>>;
    /** Simulates AWS accepting a write but not changing anything (for STILL_FAILING). */
    ignoreWrites?: boolean;
    /**
     * IAM propagation delay: a role created (CreateRole) or given a policy (PutRolePolicy) is refused, the way each
     * service refuses a role it cannot assume yet, by the next N calls that hand it to CloudTrail (UpdateTrail /
     * CreateTrail CloudWatchLogsRoleArn), EC2 (CreateFlowLogs DeliverLogsPermissionArn) or Config (PutDeliveryChannel
     * behind a recorder with that role). Unset: roles work at once.
     */
    propagationRefusals?: number;
  };
  cloudtrail?: FakeCloudTrail;
  monitoring?: FakeMonitoring;
  logging?: FakeLogging;
  networking?: FakeNetworking;
  storage?: FakeStorage;
  identity?: FakeIdentity;
  /** Security Hub, CloudFront and ELBv2. */
  frontendsAndHub?: FakeFrontendsAndHub;
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
  aws.on('iam', 'ListEntitiesForPolicy', (input, region) => {
    const policyArn = String(input.PolicyArn);
    const attachedTo = (list: Array<{ PolicyArn: string }> | undefined) => (list ?? []).some((p) => p.PolicyArn === policyArn);
    // The policies the model knows: AWSSupportAccess (always), the customer-managed ones, any the model attaches.
    const known = policyArn === `arn:${a.partition}:iam::aws:policy/AWSSupportAccess`
      || policyArn === `arn:${a.partition}:iam::aws:policy/AWSCloudShellFullAccess`
      || a.iam.policies.some((p) => arn('policy', p.PolicyName) === policyArn)
      || [...a.iam.users, ...a.iam.roles].some((e) => attachedTo(e.AttachedManagedPolicies));
    if (!known) throw new AwsCallError({ service: 'iam', operation: 'ListEntitiesForPolicy', region }, 'NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`);
    const roles = a.iam.roles.filter((r) => attachedTo(r.AttachedManagedPolicies))
      .map((r) => ({ RoleName: r.RoleName, RoleId: `AROA${r.RoleName.toUpperCase()}` }));
    const users = a.iam.users.filter((u) => attachedTo(u.AttachedManagedPolicies))
      .map((u) => ({ UserName: u.UserName, UserId: `AIDA${u.UserName.toUpperCase()}` }));
    // Groups are not modelled. One entity type per call (what the collector asks), paged like the real API.
    const empty = { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [] };
    switch (input.EntityFilter) {
      case 'Role': return { ...empty, ...iamPage(roles, input, 'PolicyRoles') };
      case 'User': return { ...empty, ...iamPage(users, input, 'PolicyUsers') };
      case 'Group': return { ...empty, ...iamPage([], input, 'PolicyGroups') };
      default: throw new Error(`FakeAws: ListEntitiesForPolicy EntityFilter ${JSON.stringify(input.EntityFilter)} is not modelled`);
    }
  });
  const unpropagated = new Map<string, number>();
  serveIamWrites(aws, a, unpropagated);
  serveIamPropagation(aws, a, unpropagated);
  if (a.cloudtrail) serveCloudTrail(aws, a.account, a.cloudtrail);
  if (a.monitoring) serveMonitoring(aws, a.account, a.monitoring);
  if (a.logging) serveLogging(aws, a.account, a.logging);
  if (a.networking) serveNetworking(aws, a.account, a.networking);
  if (a.storage) serveStorage(aws, a.account, a.storage, a.logging);
  if (a.identity) serveIdentity(aws, a, a.identity);
  if (a.frontendsAndHub) serveFrontendsAndHub(aws, a.account, a.frontendsAndHub);
  return aws;
}

const PASSWORD_FIELDS = [
  'MinimumPasswordLength', 'RequireSymbols', 'RequireNumbers', 'RequireUppercaseCharacters', 'RequireLowercaseCharacters',
  'AllowUsersToChangePassword', 'MaxPasswordAge', 'PasswordReusePrevention', 'HardExpiry',
];

/**
 * Refuses roles IAM has not propagated yet (see `iam.propagationRefusals`) with the answer each service gives:
 * CloudTrail InvalidCloudWatchLogsRoleArnException "Access denied…", EC2 InvalidParameter "Unable to assume given IAM
 * role", Config InsufficientDeliveryPolicyException "…unable to assume role". Each refusal uses up one of the role's.
 */
function serveIamPropagation(aws: FakeAws, a: FakeAccount, unpropagated: Map<string, number>): void {
  const refuse = (call: AwsCall, role: unknown, code: string, message: string) => {
    const left = typeof role === 'string' ? unpropagated.get(role) ?? 0 : 0;
    if (left <= 0) return;
    unpropagated.set(role as string, left - 1);
    throw new AwsCallError(call, code, message);
  };
  aws.guard((call) => {
    const input = call.input as Record<string, any>;
    if (call.service === 'cloudtrail' && (call.operation === 'UpdateTrail' || call.operation === 'CreateTrail')) {
      refuse(call, input.CloudWatchLogsRoleArn, 'InvalidCloudWatchLogsRoleArnException', 'Access denied. Verify in IAM that the role has adequate permissions.');
    } else if (call.service === 'ec2' && call.operation === 'CreateFlowLogs') {
      refuse(call, input.DeliverLogsPermissionArn, 'InvalidParameter', `Unable to assume given IAM role: '${input.DeliverLogsPermissionArn}'`);
    } else if (call.service === 'config' && call.operation === 'PutDeliveryChannel') {
      const role = a.logging?.config[call.region]?.recorders[0]?.roleARN;
      refuse(call, role, 'InsufficientDeliveryPolicyException', `Insufficient delivery policy to s3 bucket: ${input.DeliveryChannel?.s3BucketName}, unable to assume role: ${role}`);
    }
  });
}

/** The IAM writes remediators make, applied to the model so a re-check sees them. */
function serveIamWrites(aws: FakeAws, a: FakeAccount, unpropagated: Map<string, number>): void {
  const deny = (operation: string, region: string, code: string, message: string) => new AwsCallError({ service: 'iam', operation, region }, code, message);
  const changed = (roleName: string) => {
    if (a.iam.propagationRefusals) unpropagated.set(`arn:${a.partition}:iam::${a.account}:role/${roleName}`, a.iam.propagationRefusals);
  };
  aws.on('iam', 'UpdateAccountPasswordPolicy', (input) => {
    if (a.iam.ignoreWrites) return {};
    // Like AWS: the call replaces the whole policy; fields not given fall back to defaults.
    const policy: Record<string, unknown> = { MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: false, RequireUppercaseCharacters: false, RequireLowercaseCharacters: false, AllowUsersToChangePassword: false, HardExpiry: false };
    for (const f of PASSWORD_FIELDS) if (input[f] !== undefined) policy[f] = input[f];
    policy.ExpirePasswords = typeof policy.MaxPasswordAge === 'number' && policy.MaxPasswordAge > 0;
    a.iam.passwordPolicy = policy;
    return {};
  });
  aws.on('iam', 'DeleteAccountPasswordPolicy', (_input, region) => {
    if (!a.iam.passwordPolicy) throw deny('DeleteAccountPasswordPolicy', region, 'NoSuchEntity', 'no password policy');
    a.iam.passwordPolicy = null;
    return {};
  });
  aws.on('iam', 'CreateRole', (input, region) => {
    if (a.iam.roles.some((r) => r.RoleName === input.RoleName)) throw deny('CreateRole', region, 'EntityAlreadyExists', `Role with name ${input.RoleName} already exists.`);
    a.iam.roles.push({ RoleName: input.RoleName, AssumeRolePolicyDocument: JSON.parse(input.AssumeRolePolicyDocument), AttachedManagedPolicies: [] });
    changed(input.RoleName);
    return { Role: { RoleName: input.RoleName, Arn: `arn:${a.partition}:iam::${a.account}:role/${input.RoleName}` } };
  });
  aws.on('iam', 'DeleteRole', (input, region) => {
    const role = a.iam.roles.find((r) => r.RoleName === input.RoleName);
    if (!role) throw deny('DeleteRole', region, 'NoSuchEntity', `The role ${input.RoleName} cannot be found.`);
    if (role.AttachedManagedPolicies?.length || Object.keys(role.inlinePolicies ?? {}).length) {
      throw deny('DeleteRole', region, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
    }
    a.iam.roles = a.iam.roles.filter((r) => r !== role);
    return {};
  });
  aws.on('iam', 'AttachRolePolicy', (input, region) => {
    const role = a.iam.roles.find((r) => r.RoleName === input.RoleName);
    if (!role) throw deny('AttachRolePolicy', region, 'NoSuchEntity', `The role ${input.RoleName} cannot be found.`);
    role.AttachedManagedPolicies = [...(role.AttachedManagedPolicies ?? []), { PolicyName: String(input.PolicyArn).split('/').pop()!, PolicyArn: input.PolicyArn }];
    return {};
  });
  aws.on('iam', 'DetachRolePolicy', (input, region) => {
    const role = a.iam.roles.find((r) => r.RoleName === input.RoleName);
    if (!role) throw deny('DetachRolePolicy', region, 'NoSuchEntity', `The role ${input.RoleName} cannot be found.`);
    role.AttachedManagedPolicies = (role.AttachedManagedPolicies ?? []).filter((p) => p.PolicyArn !== input.PolicyArn);
    return {};
  });
  aws.on('iam', 'PutRolePolicy', (input, region) => {
    const role = a.iam.roles.find((r) => r.RoleName === input.RoleName);
    if (!role) throw deny('PutRolePolicy', region, 'NoSuchEntity', `The role with name ${input.RoleName} cannot be found.`);
    role.inlinePolicies = { ...role.inlinePolicies, [input.PolicyName]: JSON.parse(input.PolicyDocument) };
    changed(input.RoleName);
    return {};
  });
  aws.on('iam', 'DeleteRolePolicy', (input, region) => {
    const role = a.iam.roles.find((r) => r.RoleName === input.RoleName);
    if (!role?.inlinePolicies?.[input.PolicyName]) throw deny('DeleteRolePolicy', region, 'NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`);
    delete role.inlinePolicies[input.PolicyName];
    return {};
  });
  aws.on('iam', 'GetRolePolicy', (input, region) => {
    const doc = a.iam.roles.find((r) => r.RoleName === input.RoleName)?.inlinePolicies?.[input.PolicyName];
    if (!doc) throw deny('GetRolePolicy', region, 'NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`);
    return { RoleName: input.RoleName, PolicyName: input.PolicyName, PolicyDocument: encode(doc) };
  });
  aws.on('iam', 'GetRole', (input, region) => {
    const role = a.iam.roles.find((r) => r.RoleName === input.RoleName);
    if (!role) throw deny('GetRole', region, 'NoSuchEntity', `The role with name ${input.RoleName} cannot be found.`);
    return { Role: { RoleName: role.RoleName, Arn: `arn:${a.partition}:iam::${a.account}:role/${role.RoleName}`, AssumeRolePolicyDocument: encode(role.AssumeRolePolicyDocument ?? {}) } };
  });
  aws.on('iam', 'ListAccessKeys', (input) => ({
    AccessKeyMetadata: (a.iam.accessKeys?.[input.UserName] ?? []).map((k) => ({ UserName: input.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: new Date(k.CreateDate) })),
    IsTruncated: false,
  }));
  aws.on('iam', 'UpdateAccessKey', (input, region) => {
    const key = a.iam.accessKeys?.[input.UserName]?.find((k) => k.AccessKeyId === input.AccessKeyId);
    if (!key) throw deny('UpdateAccessKey', region, 'NoSuchEntity', `The Access Key with id ${input.AccessKeyId} cannot be found.`);
    if (!a.iam.ignoreWrites) key.Status = input.Status;
    return {};
  });
}
