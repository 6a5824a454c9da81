import type { AddGroup } from './bounds.js';
import { API_PAGE, type BenchAccount } from './generate.js';

// The call groups only the newer benchmarks (1.4.0 to 7.0.0) add to a scan of all six versions: every bucket's
// settings, EBS defaults, RDS, EFS, Macie and the VPC details, each at its API's maximum page size. The datums the
// versions share (IAM, trails, Config, KMS, the 3.x/4.x chain) are counted once, in bounds.ts.

const pagesOf = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
const blocksAll = (b?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean }) =>
  Boolean(b && b.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets);

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
