import { AwsCallError } from '../../src/aws/errors.js';
import { page, type FakeAws } from './fake-aws.js';
import { serveLogging, type FakeBucket, type FakeLogging } from './logging.js';
import { serveStorageWrites } from './storage-writes.js';

// The storage part of a fake account: every S3 bucket (ListBuckets, versioning, default encryption; policies and
// public access blocks are served by the logging fake, which holds the bucket model), EBS defaults, RDS, EFS, Macie.
export interface FakeStorageBucket extends FakeBucket {
  /** GetBucketVersioning's answer; undefined: never versioned (S3 answers with neither field). */
  versioning?: { Status?: 'Enabled' | 'Suspended'; MFADelete?: 'Enabled' | 'Disabled' };
}

export interface FakeDbInstance {
  DBInstanceIdentifier: string;
  Engine: string;
  StorageEncrypted: boolean;
  AutoMinorVersionUpgrade: boolean;
  PubliclyAccessible: boolean;
  MultiAZ: boolean;
  AvailabilityZone?: string;
  DBClusterIdentifier?: string;
  KmsKeyId?: string;
  /** Changes ModifyDBInstance made without ApplyImmediately: waiting for the maintenance window. */
  pending?: Partial<Pick<FakeDbInstance, 'PubliclyAccessible' | 'AutoMinorVersionUpgrade'>>;
}

export interface FakeDbCluster {
  DBClusterIdentifier: string;
  Engine: string;
  MultiAZ: boolean;
  AvailabilityZones: string[];
}

export interface FakeFileSystem {
  FileSystemId: string;
  Name?: string;
  Encrypted: boolean;
  KmsKeyId?: string;
}

export interface FakeStorage {
  /** Buckets besides the logging fake's (they join its model, so every S3 handler sees them). */
  buckets: FakeStorageBucket[];
  /** Regions absent: encryption by default off, default key alias/aws/ebs. */
  ebs: Record<string, { encryptionByDefault: boolean; kmsKeyId?: string }>;
  /** Regions absent: no DB instances or clusters. */
  rds: Record<string, { instances: FakeDbInstance[]; clusters?: FakeDbCluster[] }>;
  /** Regions absent: no file systems. */
  efs: Record<string, FakeFileSystem[]>;
  /** Regions absent: Macie not enabled. */
  macie: Record<string, { status: 'ENABLED' | 'PAUSED'; jobs: string[]; automatedDiscovery?: 'ENABLED' | 'DISABLED' }>;
  /** Items per page for the paginated storage lists (default 100). */
  pageSize?: number;
  /** Simulates EBS, S3 Control and RDS accepting a write but not changing anything (for STILL_FAILING). */
  ignoreWrites?: boolean;
}

export function serveStorage(aws: FakeAws, account: string, model: FakeStorage, logging: FakeLogging | undefined): void {
  // The bucket model is the logging fake's; without one, serve it over an otherwise empty logging model.
  const buckets = logging ?? { buckets: [], config: {}, kmsKeys: [] };
  if (!logging) serveLogging(aws, account, buckets);
  // Served twice (a re-check over the same model), the buckets join once.
  buckets.buckets.push(...model.buckets.filter((b) => !buckets.buckets.includes(b)));
  const size = model.pageSize ?? 100;
  serveS3Storage(aws, account, buckets, size);
  serveEbs(aws, model);
  serveRds(aws, account, model, size);
  serveEfs(aws, account, model, size);
  serveMacie(aws, model, size);
  serveStorageWrites(aws, account, model, buckets);
}

function serveS3Storage(aws: FakeAws, account: string, model: FakeLogging, size: number): void {
  const err = (operation: string, region: string, code: string, message: string) => new AwsCallError({ service: 's3', operation, region }, code, message);
  const bucket = (input: Record<string, any>, region: string, operation: string): FakeStorageBucket => {
    const b = model.buckets.find((x) => x.Name === input.Bucket);
    if (!b) throw err(operation, region, 'NoSuchBucket', 'The specified bucket does not exist');
    if ((b.ownerAccount ?? account) !== account || (input.ExpectedBucketOwner ?? account) !== account) throw err(operation, region, 'AccessDenied', 'Access Denied');
    if (region !== b.region) throw err(operation, region, 'PermanentRedirect', `The bucket you are attempting to access must be addressed using the ${b.region} endpoint.`);
    return b;
  };
  aws.on('s3', 'ListBuckets', (input) => {
    const own = model.buckets.filter((b) => (b.ownerAccount ?? account) === account).sort((a, b) => (a.Name < b.Name ? -1 : 1));
    // S3 sends BucketRegion only when the request has a parameter (MaxBuckets, ContinuationToken…).
    const withParams = input.MaxBuckets !== undefined || input.ContinuationToken !== undefined;
    const listed = own.map((b) => ({ Name: b.Name, CreationDate: new Date('2022-03-01T10:00:00Z'), ...(withParams ? { BucketRegion: b.region } : {}) }));
    const pageSize = Math.min(size, input.MaxBuckets ?? 10_000);
    return { ...page(listed, input, { size: pageSize, inToken: 'ContinuationToken', outToken: 'ContinuationToken', key: 'Buckets' }), Owner: { ID: `c0ffee${account}`.padEnd(64, '0') } };
  });
  aws.on('s3', 'GetBucketVersioning', (input, region) => {
    const v = bucket(input, region, 'GetBucketVersioning').versioning;
    return { ...(v?.Status ? { Status: v.Status } : {}), ...(v?.MFADelete ? { MFADelete: v.MFADelete } : {}) };
  });
  aws.on('s3', 'GetBucketEncryption', (input, region) => {
    const b = bucket(input, region, 'GetBucketEncryption');
    if (b.encryption === undefined) {
      throw err('GetBucketEncryption', region, 'ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
    }
    return { ServerSideEncryptionConfiguration: b.encryption };
  });
}

function serveEbs(aws: FakeAws, model: FakeStorage): void {
  aws.on('ec2', 'GetEbsEncryptionByDefault', (_input, region) => ({ EbsEncryptionByDefault: model.ebs[region]?.encryptionByDefault ?? false, SseType: 'sse-ebs' }));
  aws.on('ec2', 'GetEbsDefaultKmsKeyId', (_input, region) => ({ KmsKeyId: model.ebs[region]?.kmsKeyId ?? 'alias/aws/ebs' }));
}

function serveRds(aws: FakeAws, account: string, model: FakeStorage, size: number): void {
  const pages = (items: unknown[], input: Record<string, any>, key: string) =>
    page(items, input, { size: Math.min(size, input.MaxRecords ?? 100), inToken: 'Marker', outToken: 'Marker', key });
  aws.on('rds', 'DescribeDBInstances', (input, region) => {
    const instances = (model.rds[region]?.instances ?? []).map(({ pending, ...d }) => ({
      ...d, ...(pending ? { PendingModifiedValues: pending } : {}), DBInstanceArn: `arn:aws:rds:${region}:${account}:db:${d.DBInstanceIdentifier}`, DBInstanceStatus: 'available',
    }));
    return pages(instances, input, 'DBInstances');
  });
  aws.on('rds', 'DescribeDBClusters', (input, region) => {
    const r = model.rds[region];
    const clusters = (r?.clusters ?? []).map((c) => ({
      ...c, DBClusterArn: `arn:aws:rds:${region}:${account}:cluster:${c.DBClusterIdentifier}`, Status: 'available',
      DBClusterMembers: r!.instances.filter((d) => d.DBClusterIdentifier === c.DBClusterIdentifier).map((d, i) => ({ DBInstanceIdentifier: d.DBInstanceIdentifier, IsClusterWriter: i === 0 })),
    }));
    return pages(clusters, input, 'DBClusters');
  });
}

function serveEfs(aws: FakeAws, account: string, model: FakeStorage, size: number): void {
  aws.on('efs', 'DescribeFileSystems', (input, region) => {
    const all = (model.efs[region] ?? []).map((f) => ({
      ...f, FileSystemArn: `arn:aws:elasticfilesystem:${region}:${account}:file-system/${f.FileSystemId}`, OwnerId: account, LifeCycleState: 'available',
    }));
    const out = page(all, input, { size: Math.min(size, input.MaxItems ?? 100), inToken: 'Marker', outToken: 'NextMarker', key: 'FileSystems' });
    return { ...out, ...(input.Marker ? { Marker: input.Marker } : {}) };
  });
}

function serveMacie(aws: FakeAws, model: FakeStorage, size: number): void {
  const notEnabled = (operation: string, region: string) => new AwsCallError({ service: 'macie2', operation, region }, 'AccessDeniedException', 'Macie is not enabled.');
  aws.on('macie2', 'GetMacieSession', (_input, region) => {
    const m = model.macie[region];
    if (!m) throw notEnabled('GetMacieSession', region);
    return { status: m.status, findingPublishingFrequency: 'FIFTEEN_MINUTES', createdAt: new Date('2025-04-01T09:00:00Z') };
  });
  aws.on('macie2', 'GetAutomatedDiscoveryConfiguration', (_input, region) => {
    const m = model.macie[region];
    if (!m) throw notEnabled('GetAutomatedDiscoveryConfiguration', region);
    return { status: m.automatedDiscovery ?? 'DISABLED', autoEnableOrganizationMembers: 'NONE' };
  });
  aws.on('macie2', 'ListClassificationJobs', (input, region) => {
    const m = model.macie[region];
    if (!m) throw notEnabled('ListClassificationJobs', region);
    const jobs = m.jobs.map((name, i) => ({ jobId: `job${i}${region.replace(/-/g, '')}`, name, jobStatus: 'COMPLETE', jobType: 'ONE_TIME' }));
    return page(jobs, input, { size: Math.min(size, input.maxResults ?? 200), inToken: 'nextToken', outToken: 'nextToken', key: 'items' });
  });
}
