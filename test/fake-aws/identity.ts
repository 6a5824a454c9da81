import { AwsCallError } from '../../src/aws/errors.js';
import type { FakeAccount } from './account.js';
import { page, type FakeAws } from './fake-aws.js';
import { serveResourceListings } from './resource-listing.js';

// The identity side of a fake account the newer CIS versions read: IAM server certificates, identity providers,
// attached-policy documents, Access Analyzer, the Account API contacts and AWS Organizations.
export interface FakeOrgPolicy {
  Id: string;
  Name: string;
  Type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  AwsManaged?: boolean;
  targets: Array<{ TargetId: string; Name: string; Type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT' }>;
}

export interface FakeOrgUnit {
  Id: string;
  Name: string;
  children?: FakeOrgUnit[];
}

export interface FakeOrganization {
  Id: string;
  MasterAccountId: string;
  FeatureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  /** IAM ListOrganizationsFeatures; omitted: the IAM trusted access is not enabled. */
  iamFeatures?: string[];
  policies: FakeOrgPolicy[];
  delegatedAdmins: Array<{ Id: string; Name: string; services: string[] }>;
  resourcePolicy?: string;
  rootId: string;
  units: FakeOrgUnit[];
}

export interface FakeIdentity {
  serverCertificates: Array<{ ServerCertificateName: string; Expiration: string }>;
  samlProviders: string[];
  oidcProviders: string[];
  /** AWS-managed policy documents by ARN (the ones the account attaches); others answer NoSuchEntity. */
  awsManagedPolicies: Record<string, { DefaultVersionId: string; Document: unknown }>;
  /** Access Analyzer analyzers by region (a region not listed has none). */
  analyzers: Record<string, Array<{ name: string; type: string; status: string; tags?: Record<string, string> }>>;
  alternateContacts: Partial<Record<'SECURITY' | 'OPERATIONS' | 'BILLING', { Name: string; Title: string; EmailAddress: string; PhoneNumber: string }>>;
  contactInformation: Record<string, string>;
  /** null: the account is in no organization. */
  organization: FakeOrganization | null;
  /** The account is a member: Organizations answers only DescribeOrganization, IAM refuses the org features. */
  memberAccount?: boolean;
}

const encode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export function serveIdentity(aws: FakeAws, a: FakeAccount, id: FakeIdentity): void {
  const err = (service: string, operation: string, region: string, code: string, message: string) =>
    new AwsCallError({ service: service as 'iam', operation, region }, code, message);
  const iamPage = (items: unknown[], input: Record<string, any>, key: string) =>
    page(items, input, { size: Math.min(a.pageSize, input.MaxItems ?? 100), inToken: 'Marker', outToken: 'Marker', key, truncatedFlag: 'IsTruncated' });
  const tokenPage = (items: unknown[], input: Record<string, any>, key: string, token = 'NextToken') =>
    page(items, input, { size: a.pageSize, inToken: token, outToken: token, key });
  const customerArn = (name: string) => `arn:${a.partition}:iam::${a.account}:policy/${name}`;

  aws.on('iam', 'ListServerCertificates', (input) => iamPage(id.serverCertificates.map((c) => ({
    ServerCertificateName: c.ServerCertificateName, Path: '/', ServerCertificateId: `ASCA${c.ServerCertificateName.toUpperCase()}`,
    Arn: `arn:${a.partition}:iam::${a.account}:server-certificate/${c.ServerCertificateName}`,
    Expiration: new Date(c.Expiration), UploadDate: new Date('2020-01-01T00:00:00Z'),
  })), input, 'ServerCertificateMetadataList'));
  aws.on('iam', 'ListSAMLProviders', () => ({ SAMLProviderList: id.samlProviders.map((Arn) => ({ Arn, CreateDate: new Date('2023-03-01T00:00:00Z') })) }));
  aws.on('iam', 'ListOpenIDConnectProviders', () => ({ OpenIDConnectProviderList: id.oidcProviders.map((Arn) => ({ Arn })) }));

  // Attached policies: customer-managed with AttachmentCount > 0, and the AWS-managed ones users or roles carry.
  aws.on('iam', 'ListPolicies', (input) => {
    if (input.OnlyAttached !== true || !['All', 'AWS'].includes(input.Scope)) throw new Error(`FakeAws: ListPolicies ${JSON.stringify(input)} is not modelled`);
    const awsArns = [...new Set([...a.iam.users, ...a.iam.roles].flatMap((e) => (e.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn)))]
      .filter((arn) => arn.includes(':iam::aws:policy/')).sort();
    const listed = [
      ...a.iam.policies.filter((p) => input.Scope === 'All' && p.AttachmentCount > 0).map((p) => ({ PolicyName: p.PolicyName, Arn: customerArn(p.PolicyName), DefaultVersionId: p.DefaultVersionId, AttachmentCount: p.AttachmentCount })),
      ...awsArns.map((arn) => ({ PolicyName: arn.split('/').pop(), Arn: arn, DefaultVersionId: id.awsManagedPolicies[arn]?.DefaultVersionId ?? 'v1', AttachmentCount: 1 })),
    ];
    return iamPage(listed, input, 'Policies');
  });
  aws.on('iam', 'DeleteServerCertificate', (input, region) => {
    const at = id.serverCertificates.findIndex((c) => c.ServerCertificateName === input.ServerCertificateName);
    if (at < 0) throw err('iam', 'DeleteServerCertificate', region, 'NoSuchEntity', `The Server Certificate with name ${input.ServerCertificateName} cannot be found.`);
    id.serverCertificates.splice(at, 1);
    return {};
  });
  aws.on('iam', 'GetPolicyVersion', (input, region) => {
    const customer = a.iam.policies.find((p) => customerArn(p.PolicyName) === input.PolicyArn && p.DefaultVersionId === input.VersionId);
    const managed = id.awsManagedPolicies[input.PolicyArn];
    const doc = customer?.Document ?? (managed && managed.DefaultVersionId === input.VersionId ? managed.Document : undefined);
    if (doc === undefined) throw err('iam', 'GetPolicyVersion', region, 'NoSuchEntity', `Policy ${input.PolicyArn} version ${input.VersionId} does not exist.`);
    return { PolicyVersion: { Document: encode(doc), VersionId: input.VersionId, IsDefaultVersion: true } };
  });

  aws.on('iam', 'ListOrganizationsFeatures', (_input, region) => {
    const org = id.organization;
    if (!org) throw err('iam', 'ListOrganizationsFeatures', region, 'OrganizationNotFoundException', 'The request was rejected because no organization is associated with your account.');
    if (id.memberAccount) throw err('iam', 'ListOrganizationsFeatures', region, 'AccountNotManagementOrDelegatedAdministratorException', 'The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.');
    if (!org.iamFeatures) throw err('iam', 'ListOrganizationsFeatures', region, 'ServiceAccessNotEnabledException', 'The request was rejected because trusted access for IAM is not enabled for the organization.');
    return { OrganizationId: org.Id, EnabledFeatures: org.iamFeatures };
  });

  aws.on('accessanalyzer', 'ListAnalyzers', (input, region) => tokenPage((id.analyzers[region] ?? []).map((x) => ({
    ...x, arn: `arn:${a.partition}:access-analyzer:${region}:${a.account}:analyzer/${x.name}`, createdAt: new Date('2024-02-02T00:00:00Z'),
  })), input, 'analyzers', 'nextToken'));

  // CreateAnalyzer / DeleteAnalyzer (fix and undo of the Access Analyzer control): a new analyzer is ACTIVE at once.
  aws.on('accessanalyzer', 'CreateAnalyzer', (input, region) => {
    const list = (id.analyzers[region] ??= []);
    if (list.some((x) => x.name === input.analyzerName)) throw err('accessanalyzer', 'CreateAnalyzer', region, 'ConflictException', `Analyzer ${input.analyzerName} already exists`);
    list.push({ name: input.analyzerName, type: input.type, status: 'ACTIVE', ...(input.tags ? { tags: input.tags } : {}) });
    return { arn: `arn:${a.partition}:access-analyzer:${region}:${a.account}:analyzer/${input.analyzerName}` };
  });
  aws.on('accessanalyzer', 'DeleteAnalyzer', (input, region) => {
    const list = id.analyzers[region] ?? [];
    const at = list.findIndex((x) => x.name === input.analyzerName);
    if (at < 0) throw err('accessanalyzer', 'DeleteAnalyzer', region, 'ResourceNotFoundException', `Analyzer ${input.analyzerName} not found`);
    list.splice(at, 1);
    return {};
  });

  aws.on('account', 'GetAlternateContact', (input, region) => {
    const c = id.alternateContacts[input.AlternateContactType as 'SECURITY'];
    if (!c) throw err('account', 'GetAlternateContact', region, 'ResourceNotFoundException', 'No contact of the inputted alternate contact type found.');
    return { AlternateContact: { ...c, AlternateContactType: input.AlternateContactType } };
  });
  aws.on('account', 'GetContactInformation', () => ({ ContactInformation: id.contactInformation }));

  serveOrganizations(aws, id, tokenPage, err);
  serveResourceListings(aws, a);
}

function serveOrganizations(
  aws: FakeAws, id: FakeIdentity,
  tokenPage: (items: unknown[], input: Record<string, any>, key: string) => Record<string, unknown>,
  err: (service: string, operation: string, region: string, code: string, message: string) => AwsCallError,
): void {
  // Every Organizations read but DescribeOrganization: refused for a member, "not in use" outside an organization.
  const org = (operation: string, region: string): FakeOrganization => {
    if (!id.organization) throw err('organizations', operation, region, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    if (id.memberAccount) throw err('organizations', operation, region, 'AccessDeniedException', 'You don\'t have permissions to access this resource.');
    return id.organization;
  };
  aws.on('organizations', 'DescribeOrganization', (_input, region) => {
    if (!id.organization) throw err('organizations', 'DescribeOrganization', region, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    const o = id.organization;
    return { Organization: { Id: o.Id, MasterAccountId: o.MasterAccountId, FeatureSet: o.FeatureSet, Arn: `arn:aws:organizations::${o.MasterAccountId}:organization/${o.Id}` } };
  });
  aws.on('organizations', 'ListPolicies', (input, region) => tokenPage(org('ListPolicies', region).policies
    .filter((p) => p.Type === input.Filter).map((p) => ({ Id: p.Id, Name: p.Name, Type: p.Type, AwsManaged: !!p.AwsManaged })), input, 'Policies'));
  aws.on('organizations', 'ListTargetsForPolicy', (input, region) => {
    const p = org('ListTargetsForPolicy', region).policies.find((x) => x.Id === input.PolicyId);
    if (!p) throw err('organizations', 'ListTargetsForPolicy', region, 'PolicyNotFoundException', `policy ${input.PolicyId} not found`);
    return tokenPage(p.targets, input, 'Targets');
  });
  aws.on('organizations', 'ListDelegatedAdministrators', (input, region) =>
    tokenPage(org('ListDelegatedAdministrators', region).delegatedAdmins.map((d) => ({ Id: d.Id, Name: d.Name, Status: 'ACTIVE' })), input, 'DelegatedAdministrators'));
  aws.on('organizations', 'ListDelegatedServicesForAccount', (input, region) => {
    const d = org('ListDelegatedServicesForAccount', region).delegatedAdmins.find((x) => x.Id === input.AccountId);
    if (!d) throw err('organizations', 'ListDelegatedServicesForAccount', region, 'AccountNotRegisteredException', `${input.AccountId} is not a delegated administrator`);
    return tokenPage(d.services.map((ServicePrincipal) => ({ ServicePrincipal })), input, 'DelegatedServices');
  });
  aws.on('organizations', 'DescribeResourcePolicy', (_input, region) => {
    const o = org('DescribeResourcePolicy', region);
    if (!o.resourcePolicy) throw err('organizations', 'DescribeResourcePolicy', region, 'ResourcePolicyNotFoundException', 'We can\'t find a resource policy request with the parameter you specified.');
    return { ResourcePolicy: { Content: o.resourcePolicy } };
  });
  aws.on('organizations', 'ListRoots', (input, region) => tokenPage([{ Id: org('ListRoots', region).rootId, Name: 'Root' }], input, 'Roots'));
  aws.on('organizations', 'ListOrganizationalUnitsForParent', (input, region) => {
    const o = org('ListOrganizationalUnitsForParent', region);
    const find = (units: FakeOrgUnit[]): FakeOrgUnit | undefined => units.map((u) => (u.Id === input.ParentId ? u : find(u.children ?? []))).find(Boolean);
    const children = input.ParentId === o.rootId ? o.units : find(o.units)?.children ?? [];
    return tokenPage(children.map((u) => ({ Id: u.Id, Name: u.Name })), input, 'OrganizationalUnits');
  });
}
