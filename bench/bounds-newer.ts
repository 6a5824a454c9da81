import type { AddGroup } from './bounds.js';
import { API_PAGE, type BenchAccount } from './generate.js';

// The call groups only the newer benchmarks (1.4.0 to 7.0.0) add to a scan of all six versions: every bucket's
// settings, EBS defaults, RDS, EFS, Macie and the VPC details, each at its API's maximum page size. The datums the
// versions share (IAM, trails, Config, KMS, the 3.x/4.x chain) are counted once, in bounds.ts.

const pagesOf = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
const blocksAll = (b?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean }) =>
  Boolean(b && b.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets);

/**
 * IAM's newer reads, Access Analyzer, the account contacts, Organizations, and the topic and key policies of the
 * "Principal: *" review. A customer-managed policy's default document is already in GetAccountAuthorizationDetails
 * (bounds.ts iam.policies): only the attached AWS-managed policies need GetPolicyVersion. The bucket policies that
 * review reads are the storage controls' (counted once below).
 */
function identityGroups(b: BenchAccount, add: AddGroup, ids: { sts: string; regions: string }): void {
  const m = b.model;
  const home = b.homeRegion;
  const id = m.identity;
  const iam = (operation: string, rest: Partial<Parameters<AddGroup>[0]> = {}) =>
    add({ id: `iam.${operation}${rest.id ?? ''}`, service: 'iam', region: home, operation, ...rest, ...(rest.id ? { id: `iam.${operation}${rest.id}` } : {}) });
  iam('ListServerCertificates', { pages: pagesOf(id?.serverCertificates.length ?? 0, API_PAGE.iam) });
  iam('ListSAMLProviders');
  iam('ListOpenIDConnectProviders');
  iam('ListOrganizationsFeatures');
  // AWSCloudShellFullAccess: one listing per entity type (users, groups, roles).
  iam('ListEntitiesForPolicy', { id: ':cloudshell', count: 3 });
  const attachedAws = new Set([...m.iam.users, ...m.iam.roles].flatMap((e) => (e.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn)).filter((a) => a.includes(':iam::aws:policy/')));
  // Only AWS-managed policies are listed (Scope AWS): customer-managed documents come with the authorization details.
  const listed = iam('ListPolicies', { pages: pagesOf(attachedAws.size, API_PAGE.iam) });
  iam('GetPolicyVersion', { count: attachedAws.size, after: [listed] });

  for (const region of m.regions) {
    add({ id: `accessanalyzer@${region}`, service: 'accessanalyzer', region, operation: 'ListAnalyzers', after: [ids.regions] });
    const topics = (m.monitoring?.topics ?? []).filter((t) => t.arn.split(':')[3] === region).length;
    const list = add({ id: `sns.ListTopics@${region}`, service: 'sns', region, operation: 'ListTopics', pages: pagesOf(topics, API_PAGE.snsTopics), after: [ids.regions] });
    add({ id: `sns.GetTopicAttributes@${region}`, service: 'sns', region, operation: 'GetTopicAttributes', count: topics, after: [list] });
    const customer = (m.logging?.kmsKeys ?? []).filter((k) => k.region === region && k.KeyManager === 'CUSTOMER').length;
    add({ id: `kms.GetKeyPolicy@${region}`, service: 'kms', region, operation: 'GetKeyPolicy', count: customer, after: [`kms.describe@${region}`] });
  }

  add({ id: 'account.alternate', service: 'account', region: home, operation: 'GetAlternateContact', count: 3 });
  add({ id: 'account.contact', service: 'account', region: home, operation: 'GetContactInformation' });

  const o = (operation: string, rest: Partial<Parameters<AddGroup>[0]> = {}) =>
    add({ service: 'organizations', region: home, operation, ...rest, id: `organizations.${operation}${rest.id ?? ''}` });
  const described = o('DescribeOrganization');
  const org = id?.organization;
  if (!org) return;
  for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) {
    const policies = org.policies.filter((p) => p.Type === type);
    const listed = o('ListPolicies', { id: `:${type}`, pages: pagesOf(policies.length, API_PAGE.organizations), after: [described] });
    o('ListTargetsForPolicy', { id: `:${type}`, count: policies.length, after: [listed] });
  }
  const admins = o('ListDelegatedAdministrators', { pages: pagesOf(org.delegatedAdmins.length, API_PAGE.organizations), after: [described] });
  o('ListDelegatedServicesForAccount', { count: org.delegatedAdmins.length, after: [admins] });
  o('DescribeResourcePolicy', { after: [described] });
  // The OU tree: a parent's children are listed once the parent is known, level by level.
  let parents = o('ListRoots', { after: [described] });
  let level: typeof org.units = [{ Id: org.rootId, Name: 'Root', children: org.units }];
  for (let depth = 0; level.length > 0; depth++) {
    parents = o('ListOrganizationalUnitsForParent', { id: `:level${depth}`, count: level.length, after: [parents] });
    level = level.flatMap((u) => u.children ?? []);
  }
}

/** Security Hub per region; CloudFront's distributions (global), then each one's config; each region's load balancers, then each one's attributes. */
function frontendGroups(b: BenchAccount, add: AddGroup, regionsId: string): void {
  const f = b.model.frontendsAndHub;
  const home = b.homeRegion;
  const list = add({ id: 'cloudfront.list', service: 'cloudfront', region: home, operation: 'ListDistributions', pages: pagesOf(f?.distributions.length ?? 0, API_PAGE.cloudfront) });
  add({ id: 'cloudfront.config', service: 'cloudfront', region: home, operation: 'GetDistributionConfig', count: f?.distributions.length ?? 0, after: [list] });
  for (const region of b.model.regions) {
    add({ id: `securityhub@${region}`, service: 'securityhub', region, operation: 'DescribeHub', after: [regionsId] });
    const lbs = (f?.loadBalancers ?? []).filter((x) => x.region === region).length;
    const listed = add({ id: `elbv2.list@${region}`, service: 'elbv2', region, operation: 'DescribeLoadBalancers', pages: pagesOf(lbs, API_PAGE.elbv2), after: [regionsId] });
    add({ id: `elbv2.attributes@${region}`, service: 'elbv2', region, operation: 'DescribeLoadBalancerAttributes', count: lbs, after: [listed] });
  }
}

export function newerGroups(b: BenchAccount, add: AddGroup, ids: { sts: string; regions: string; trailBuckets: Set<string> }): void {
  const m = b.model;
  const home = b.homeRegion;
  const storage = m.storage;

  // Per region, each after the region list: one listing per datum (pages at the API maximum).
  for (const region of m.regions) {
    const net = m.networking?.regions[region] ?? { vpcs: [], flowLogs: [], securityGroups: [] };
    const one = (service: 'ec2' | 'rds' | 'efs' | 'macie2', operation: string, items: number, size: number) =>
      add({ id: `${service}.${operation}@${region}`, service, region, operation, pages: pagesOf(items, size), after: [ids.regions] });
    one('ec2', 'GetEbsEncryptionByDefault', 0, 1);
    one('ec2', 'GetEbsDefaultKmsKeyId', 0, 1);
    // A VPC without listed ACLs or route tables has AWS's defaults: one of each.
    one('ec2', 'DescribeNetworkAcls', net.networkAcls?.length ?? net.vpcs.length, API_PAGE.ec2);
    one('ec2', 'DescribeInstances', net.instances?.length ?? 0, API_PAGE.ec2); // one reservation per instance
    one('ec2', 'DescribeVpcPeeringConnections', net.peeringConnections?.length ?? 0, API_PAGE.ec2);
    one('ec2', 'DescribeRouteTables', net.routeTables?.length ?? net.vpcs.length, API_PAGE.ec2RouteTables);
    one('ec2', 'DescribeVpcEndpoints', net.vpcEndpoints?.length ?? 0, API_PAGE.ec2);
    one('efs', 'DescribeFileSystems', storage?.efs[region]?.length ?? 0, API_PAGE.efs);
    one('rds', 'DescribeDBInstances', storage?.rds[region]?.instances.length ?? 0, API_PAGE.rds);
    one('rds', 'DescribeDBClusters', storage?.rds[region]?.clusters?.length ?? 0, API_PAGE.rds);
    const session = one('macie2', 'GetMacieSession', 0, 1);
    const macie = storage?.macie[region];
    if (macie) {
      // Macie on: its jobs and automated discovery, once the session answered.
      add({ id: `macie2.jobs@${region}`, service: 'macie2', region, operation: 'ListClassificationJobs', pages: pagesOf(macie.jobs.length, API_PAGE.macieJobs), after: [session] });
      add({ id: `macie2.discovery@${region}`, service: 'macie2', region, operation: 'GetAutomatedDiscoveryConfiguration', after: [session] });
    }
  }

  identityGroups(b, add, ids);
  frontendGroups(b, add, ids.regions);

  // Every bucket (the trail buckets among them): listed with their regions from the home region, then each read in
  // its own region. A per-bucket call needs the listing (the bucket's region) and who we are (ExpectedBucketOwner).
  const all = new Map<string, { region: string; publicAccessBlock?: Parameters<typeof blocksAll>[0] }>();
  for (const x of [...(m.logging?.buckets ?? []), ...(storage?.buckets ?? [])]) {
    if ((x.ownerAccount ?? m.account) === m.account) all.set(x.Name, x);
  }
  const list = add({ id: 's3.ListBuckets', service: 's3', region: home, operation: 'ListBuckets', pages: pagesOf(all.size, API_PAGE.s3ListBuckets) });
  const perRegion = new Map<string, number>();
  for (const x of all.values()) perRegion.set(x.region, (perRegion.get(x.region) ?? 0) + 1);
  for (const [region, count] of perRegion) {
    for (const operation of ['GetBucketPolicy', 'GetBucketVersioning', 'GetBucketEncryption']) {
      add({ id: `s3.${operation}@${region}`, service: 's3', region, operation, count, after: [list, ids.sts] });
    }
  }
  // The account-level block first; unless it blocks everything, every bucket's own (a trail bucket's is read once).
  const accountBlock = add({ id: 's3control.accountBlock', service: 's3control', region: home, operation: 'GetPublicAccessBlock', after: [ids.sts] });
  if (blocksAll(m.logging?.accountPublicAccessBlock)) return;
  const blocks = new Map<string, number>();
  for (const [name, x] of all) if (!ids.trailBuckets.has(name) || !m.logging?.buckets.some((t) => t.Name === name)) blocks.set(x.region, (blocks.get(x.region) ?? 0) + 1);
  for (const [region, count] of blocks) {
    add({ id: `s3.GetPublicAccessBlock.all@${region}`, service: 's3', region, operation: 'GetPublicAccessBlock', count, after: [list, accountBlock] });
  }
}
