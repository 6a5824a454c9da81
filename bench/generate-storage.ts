import type { FakeRegionNetwork } from '../test/fake-aws/networking.js';
import type { FakeInstance, FakePeering, FakeVpcEndpoint } from '../test/fake-aws/networking-vpc.js';
import type { FakeFrontendsAndHub, FakeLoadBalancer } from '../test/fake-aws/frontends-securityhub.js';
import type { FakeDbCluster, FakeDbInstance, FakeFileSystem, FakeStorage, FakeStorageBucket } from '../test/fake-aws/storage.js';

// The account state only the newer benchmarks (1.4.0 to 7.0.0) read: every S3 bucket and its settings, EBS
// defaults, RDS, EFS, Macie, and the VPC details (instances, peering, endpoints; ACLs and route tables are the
// defaults AWS creates with each VPC). Seeded apart from the rest, so the 1.2.0 account stays as it was.

export interface StorageSpec {
  buckets: number;
  /** Per region: home, then each of `busyRegions` others, then the rest. */
  dbInstances: [number, number, number];
  auroraClusters: [number, number, number];
  fileSystems: [number, number, number];
  instances: [number, number, number];
  peeringConnections: [number, number, number];
  endpointsPerVpc: number;
  macieJobs: number;
  busyRegions: number;
  distributions: number;
  loadBalancers: [number, number, number];
  /** Regions without Security Hub (the last ones of the list). */
  regionsWithoutHub: number;
}

export const STORAGE_SPECS = {
  small: { buckets: 8, dbInstances: [1, 0, 0], auroraClusters: [0, 0, 0], fileSystems: [1, 0, 0], instances: [4, 0, 0], peeringConnections: [0, 0, 0], endpointsPerVpc: 1, macieJobs: 0, busyRegions: 0, distributions: 1, loadBalancers: [2, 0, 0], regionsWithoutHub: 16 },
  large: { buckets: 300, dbInstances: [40, 6, 0], auroraClusters: [5, 1, 0], fileSystems: [30, 3, 0], instances: [400, 60, 2], peeringConnections: [12, 2, 0], endpointsPerVpc: 2, macieJobs: 12, busyRegions: 4, distributions: 25, loadBalancers: [60, 8, 0], regionsWithoutHub: 2 },
  xl: { buckets: 1200, dbInstances: [160, 24, 0], auroraClusters: [20, 4, 0], fileSystems: [120, 12, 0], instances: [1600, 240, 8], peeringConnections: [48, 8, 0], endpointsPerVpc: 2, macieJobs: 48, busyRegions: 4, distributions: 99, loadBalancers: [240, 32, 0], regionsWithoutHub: 2 },
} as const satisfies Record<string, StorageSpec>;

interface Rng {
  chance(p: number): boolean;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  hex(n: number): string;
}

const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const tlsOnly = (bucket: string) => ({
  Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*',
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
const appRead = (bucket: string, A: string) => ({
  Sid: 'AppRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/service-role-0001` }, Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
});

/** Which region the i-th resource of a kind lives in: the home region, a few busy ones, then a trickle elsewhere. */
function perRegion(regions: string[], home: string, busy: number, counts: readonly [number, number, number]): Record<string, number> {
  const others = regions.filter((r) => r !== home);
  return Object.fromEntries([[home, counts[0]], ...others.map((r, i) => [r, i < busy ? counts[1] : counts[2]] as const)]);
}

export function generateStorage(rng: Rng, spec: StorageSpec, A: string, regions: string[], home: string): FakeStorage {
  const others = regions.filter((r) => r !== home);
  const busy = others.slice(0, spec.busyRegions);
  const buckets: FakeStorageBucket[] = [];
  for (let i = 0; i < spec.buckets; i++) {
    // Half the buckets in the home region, most of the rest in the busy regions.
    const region = i % 2 === 0 || busy.length === 0 ? home : rng.chance(0.8) ? rng.pick(busy) : rng.pick(others);
    const Name = `app-${String(i).padStart(4, '0')}-${A}`;
    const statements = [...(rng.chance(0.6) ? [tlsOnly(Name)] : []), ...(rng.chance(0.4) ? [appRead(Name, A)] : [])];
    const kms = rng.chance(0.5);
    buckets.push({
      Name, region,
      ...(rng.chance(0.85) ? { publicAccessBlock: ALL_BLOCKED } : {}),
      ...(statements.length > 0 ? { policy: { Version: '2012-10-17', Statement: statements }, policyIsPublic: false } : {}),
      // S3 encrypts every new bucket (SSE-S3) since 2023; a few old ones answer "not found" anyway in the model.
      ...(rng.chance(0.95) ? { encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: kms ? { SSEAlgorithm: 'aws:kms' } : { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: kms }] } } : {}),
      ...(rng.chance(0.5) ? { versioning: { Status: rng.chance(0.9) ? 'Enabled' as const : 'Suspended' as const, ...(rng.chance(0.05) ? { MFADelete: 'Enabled' as const } : {}) } } : {}),
    });
  }

  const rds: FakeStorage['rds'] = {};
  const efs: FakeStorage['efs'] = {};
  const dbCounts = perRegion(regions, home, spec.busyRegions, spec.dbInstances);
  const clusterCounts = perRegion(regions, home, spec.busyRegions, spec.auroraClusters);
  const fsCounts = perRegion(regions, home, spec.busyRegions, spec.fileSystems);
  for (const region of regions) {
    const instances: FakeDbInstance[] = [];
    const clusters: FakeDbCluster[] = [];
    for (let c = 0; c < clusterCounts[region]!; c++) {
      const id = `aurora-${c}`;
      const azs = ['a', 'b', 'c'].map((z) => `${region}${z}`);
      clusters.push({ DBClusterIdentifier: id, Engine: 'aurora-postgresql', MultiAZ: true, AvailabilityZones: azs });
      for (let k = 0; k < 2; k++) {
        instances.push({ DBInstanceIdentifier: `${id}-${k}`, Engine: 'aurora-postgresql', DBClusterIdentifier: id, StorageEncrypted: true, AutoMinorVersionUpgrade: rng.chance(0.9), PubliclyAccessible: false, MultiAZ: false, AvailabilityZone: azs[k] });
      }
    }
    for (let d = 0; d < dbCounts[region]!; d++) {
      instances.push({
        DBInstanceIdentifier: `db-${d}`, Engine: rng.pick(['postgres', 'mysql', 'mariadb']), StorageEncrypted: rng.chance(0.9),
        AutoMinorVersionUpgrade: rng.chance(0.8), PubliclyAccessible: rng.chance(0.03), MultiAZ: rng.chance(0.5), AvailabilityZone: `${region}a`,
      });
    }
    if (instances.length > 0) rds[region] = { instances, clusters };
    const fs: FakeFileSystem[] = Array.from({ length: fsCounts[region]! }, (_, n) => ({ FileSystemId: `fs-0${rng.hex(16)}`, Name: `share-${n}`, Encrypted: rng.chance(0.9) }));
    if (fs.length > 0) efs[region] = fs;
  }
  return {
    buckets,
    ebs: Object.fromEntries(regions.map((r) => [r, { encryptionByDefault: r === home || rng.chance(0.6) }])),
    rds,
    efs,
    macie: {
      ...(spec.macieJobs > 0 ? { [home]: { status: 'ENABLED' as const, jobs: Array.from({ length: spec.macieJobs }, (_, j) => `discovery-${j}`), automatedDiscovery: 'ENABLED' as const } } : {}),
      ...(busy[0] ? { [busy[0]]: { status: 'PAUSED' as const, jobs: [] } } : {}),
    },
    // Every list served at the caller's page size (the scanner asks for each API's maximum).
    pageSize: 10_000,
  };
}

/** Instances, peering connections and endpoints added to a region's VPCs (ACLs and route tables: AWS's defaults). */
export function addVpcDetails(rng: Rng, spec: StorageSpec, net: FakeRegionNetwork, counts: { instances: number; peering: number }, A: string): void {
  const id = (prefix: string) => `${prefix}-0${rng.hex(16)}`;
  if (net.vpcs.length === 0) return;
  net.instances = Array.from({ length: counts.instances }, (_, i): FakeInstance => ({
    InstanceId: id('i'), State: rng.chance(0.85) ? 'running' : 'stopped', Name: `app-${i}`, VpcId: net.vpcs[i % net.vpcs.length]!.VpcId,
    HttpTokens: rng.chance(0.7) ? 'required' : 'optional', ...(rng.chance(0.8) ? { InstanceProfile: `app-profile-${i % 20}` } : {}),
  }));
  net.peeringConnections = Array.from({ length: counts.peering }, (_, i): FakePeering => {
    const vpc = net.vpcs[i % net.vpcs.length]!;
    return {
      VpcPeeringConnectionId: id('pcx'), Status: 'active',
      Requester: { VpcId: vpc.VpcId, CidrBlock: vpc.CidrBlock },
      Accepter: { OwnerId: i % 3 === 0 ? '210987654321' : A, VpcId: id('vpc'), CidrBlock: `192.168.${i % 256}.0/24` },
    };
  });
  net.vpcEndpoints = net.vpcs.flatMap((v) => Array.from({ length: spec.endpointsPerVpc }, (_, k): FakeVpcEndpoint => (k === 0
    ? { VpcEndpointId: id('vpce'), VpcId: v.VpcId, VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3', State: 'available', RouteTableIds: [`rtb-${v.VpcId.slice(4)}`] }
    : { VpcEndpointId: id('vpce'), VpcId: v.VpcId, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.ssm', State: 'available', SubnetIds: [id('subnet')] })));
}

/** Security Hub per region, CloudFront distributions and load balancers (most logging to S3). */
export function generateFrontends(rng: Rng, spec: StorageSpec, A: string, regions: string[], home: string): FakeFrontendsAndHub {
  const lbCounts = perRegion(regions, home, spec.busyRegions, spec.loadBalancers);
  const loadBalancers: FakeLoadBalancer[] = regions.flatMap((region) => Array.from({ length: lbCounts[region]! }, (_, i): FakeLoadBalancer => ({
    name: `app-lb-${i}`, region, Type: i % 5 === 4 ? 'network' : 'application', Scheme: i % 3 === 0 ? 'internal' : 'internet-facing',
    ...(rng.chance(0.7) ? { accessLogs: { bucket: `elb-logs-${A}-${region}`, prefix: `app-lb-${i}` } } : {}),
  })));
  return {
    securityHub: Object.fromEntries(regions.slice(0, regions.length - spec.regionsWithoutHub).map((r) => [r, { SubscribedAt: '2024-06-01T00:00:00.000Z' }])),
    distributions: Array.from({ length: spec.distributions }, (_, i) => ({
      Id: `E${rng.hex(13).toUpperCase()}`, DomainName: `d${rng.hex(12)}.cloudfront.net`,
      ...(rng.chance(0.8) ? { logging: { Bucket: `cf-logs-${A}.s3.amazonaws.com`, Prefix: `site-${i}/` } } : {}),
    })),
    loadBalancers,
    // Under CloudFront's default page (100) and ELBv2's PageSize (400) at every scale.
    pageSize: 100,
  };
}

export { perRegion };
