import type { FakeConfigRegion, FakeLogging } from './logging.js';

// The demo account's logging state (see demo-account.ts for the story): the audit trail's bucket is private and
// access-logged; the EU data-events bucket is readable by any AWS account and not logged; Config records
// everywhere except us-west-2; one customer key in us-east-1 was never set to rotate.
const recording = (account: string, region: string, global: boolean): FakeConfigRegion => ({
  recorders: [{
    name: 'default',
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: global, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
    status: { recording: true, lastStatus: 'Success' },
  }],
  deliveryChannels: [{ name: 'default', s3BucketName: `acme-config-${account}-${region}` }],
});

/** acme-audit's selectors: every management event, and S3 object writes (not reads) of every bucket (object-level
 *  write logging PASS, read logging FAIL). */
export const AUDIT_TRAIL_SELECTORS = [
  { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
  { ReadWriteType: 'WriteOnly', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] },
];

export function demoLogging(account: string): FakeLogging {
  return {
    buckets: [
      {
        Name: 'acme-cloudtrail-logs', region: 'us-east-1',
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        policyIsPublic: false,
        logging: { TargetBucket: 'acme-access-logs', TargetPrefix: 'acme-cloudtrail-logs/' },
      },
      {
        // An old bucket (its location is still the legacy "EU"), opened to "any AWS user" years ago.
        Name: 'acme-eu-data-events', region: 'eu-west-1', locationConstraint: 'EU',
        grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, Permission: 'READ' }],
      },
      { Name: 'acme-access-logs', region: 'us-east-1' },
    ],
    config: {
      'eu-west-1': recording(account, 'eu-west-1', false),
      'us-east-1': recording(account, 'us-east-1', true),
    },
    kmsKeys: [
      {
        KeyId: '6f1c2a9e-3b7d-4e52-9a10-2c4f8e7d1b35', region: 'us-east-1', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled', Description: 'acme-audit CloudTrail logs', rotation: true,
      },
      {
        KeyId: '0b9e4d7a-51c3-4f8e-8d26-7a1e3c5b9f02', region: 'us-east-1', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled', Description: 'analytics pipeline data', rotation: false,
      },
      {
        KeyId: '9a7c1e2f-4b6d-4c8a-b1e3-5d7f9a2c4e60', region: 'us-east-1', KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled', Description: 'Default key that protects my S3 objects when no other key is defined',
      },
      {
        KeyId: '3d5f7a9c-1e2b-4d6f-8a0c-2e4f6a8b0c1d', region: 'us-east-1', KeyManager: 'CUSTOMER', KeySpec: 'HMAC_256',
        KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'AWS_KMS', KeyState: 'Enabled', Description: 'webhook signatures',
      },
      {
        KeyId: '4e2a6c8b-0d1f-4a3c-9e5b-7f1d3a5c7e90', region: 'eu-west-1', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled', Description: 'EU customer data', rotation: true,
      },
    ],
  };
}
