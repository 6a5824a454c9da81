import type { FakeStorage } from './storage.js';

// The demo account's storage (see demo-account.ts for the story): the data lake bucket is locked down (TLS-only
// policy, Block Public Access, SSE-KMS, versioned but without MFA delete); the reports bucket has no policy and
// suspended versioning; the web assets bucket is deliberately public; a backup bucket sits in the SCP-denied
// region. EBS encryption by default is off in us-west-2; the old EU MySQL database is unencrypted and public;
// the Aurora cluster and the orders database are fine; one EU file system predates encryption; Macie runs in
// us-east-1 (jobs and automated discovery) and is paused in eu-west-1.
const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const tlsOnly = (bucket: string) => ({
  Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*',
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
const sse = (SSEAlgorithm: string, KMSMasterKeyID?: string) => ({
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm, ...(KMSMasterKeyID ? { KMSMasterKeyID } : {}) }, BucketKeyEnabled: SSEAlgorithm !== 'AES256' }],
});

export function demoStorage(account: string): FakeStorage {
  return {
    buckets: [
      {
        Name: 'acme-raw', region: 'eu-west-1', publicAccessBlock: ALL_BLOCKED, policyIsPublic: false,
        policy: { Version: '2012-10-17', Statement: [tlsOnly('acme-raw')] },
        encryption: sse('aws:kms', `arn:aws:kms:eu-west-1:${account}:key/4e2a6c8b-0d1f-4a3c-9e5b-7f1d3a5c7e90`),
        versioning: { Status: 'Enabled', MFADelete: 'Disabled' },
      },
      {
        // Finance's exports: no policy, versioning switched off after a cost review.
        Name: 'acme-reports', region: 'us-east-1', publicAccessBlock: ALL_BLOCKED, encryption: sse('AES256'),
        versioning: { Status: 'Suspended' },
      },
      {
        // The marketing site's assets, public on purpose (and without TLS enforcement).
        Name: 'acme-web-assets', region: 'us-west-2', policyIsPublic: true, encryption: sse('AES256'),
        policy: { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-web-assets/*' }] },
      },
      {
        // The legal-hold archive: versioned with MFA delete, TLS only — in the region the SCP denies to the auditor.
        Name: 'acme-backups-syd', region: 'ap-southeast-2', publicAccessBlock: ALL_BLOCKED, policyIsPublic: false,
        policy: { Version: '2012-10-17', Statement: [tlsOnly('acme-backups-syd')] }, encryption: sse('aws:kms'),
        versioning: { Status: 'Enabled', MFADelete: 'Enabled' },
      },
    ],
    ebs: {
      'us-east-1': { encryptionByDefault: true },
      'eu-west-1': { encryptionByDefault: true, kmsKeyId: `arn:aws:kms:eu-west-1:${account}:key/4e2a6c8b-0d1f-4a3c-9e5b-7f1d3a5c7e90` },
      'us-west-2': { encryptionByDefault: false },
    },
    rds: {
      'us-east-1': {
        instances: [
          { DBInstanceIdentifier: 'orders-db', Engine: 'postgres', StorageEncrypted: true, AutoMinorVersionUpgrade: true, PubliclyAccessible: false, MultiAZ: true, AvailabilityZone: 'us-east-1a', KmsKeyId: `arn:aws:kms:us-east-1:${account}:key/0b9e4d7a-51c3-4f8e-8d26-7a1e3c5b9f02` },
          { DBInstanceIdentifier: 'analytics-1', Engine: 'aurora-postgresql', DBClusterIdentifier: 'analytics', StorageEncrypted: true, AutoMinorVersionUpgrade: true, PubliclyAccessible: false, MultiAZ: false, AvailabilityZone: 'us-east-1b' },
          { DBInstanceIdentifier: 'analytics-2', Engine: 'aurora-postgresql', DBClusterIdentifier: 'analytics', StorageEncrypted: true, AutoMinorVersionUpgrade: false, PubliclyAccessible: false, MultiAZ: false, AvailabilityZone: 'us-east-1c' },
        ],
        clusters: [{ DBClusterIdentifier: 'analytics', Engine: 'aurora-postgresql', MultiAZ: true, AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }],
      },
      'eu-west-1': {
        // A MySQL 5.7 database from 2018: unencrypted, reachable from the internet, pinned to its minor version.
        instances: [{ DBInstanceIdentifier: 'legacy-crm', Engine: 'mysql', StorageEncrypted: false, AutoMinorVersionUpgrade: false, PubliclyAccessible: true, MultiAZ: false, AvailabilityZone: 'eu-west-1a' }],
      },
    },
    efs: {
      'us-east-1': [{ FileSystemId: 'fs-0a1b2c3d4e5f60718', Name: 'shared-home', Encrypted: true, KmsKeyId: `arn:aws:kms:us-east-1:${account}:key/9a7c1e2f-4b6d-4c8a-b1e3-5d7f9a2c4e60` }],
      'eu-west-1': [{ FileSystemId: 'fs-09f8e7d6c5b4a3921', Name: 'legacy-exports', Encrypted: false }],
    },
    macie: {
      'us-east-1': { status: 'ENABLED', jobs: ['pii-discovery-weekly', 'reports-one-off'], automatedDiscovery: 'ENABLED' },
      // Switched on for a trial and paused: no jobs.
      'eu-west-1': { status: 'PAUSED', jobs: [] },
    },
  };
}
