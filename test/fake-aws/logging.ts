import { AwsCallError } from '../../src/aws/errors.js';
import { page, type FakeAws } from './fake-aws.js';

// The logging part of a fake account: trail buckets (S3), AWS Config per region, KMS keys per region.
export interface FakePublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface FakeBucket {
  Name: string;
  region: string;
  /** What GetBucketLocation returns; default: null for us-east-1, else the region. */
  locationConstraint?: string | null;
  /** Defaults to the scanned account. */
  ownerAccount?: string;
  grants?: Array<{ Grantee: { Type: string; URI?: string; ID?: string; DisplayName?: string }; Permission: string }>;
  /** undefined: the bucket has no policy (NoSuchBucketPolicy). */
  policyIsPublic?: boolean;
  /** undefined: no bucket-level block (NoSuchPublicAccessBlockConfiguration). */
  publicAccessBlock?: FakePublicAccessBlock;
  logging?: { TargetBucket: string; TargetPrefix: string };
}

export interface FakeConfigRegion {
  recorders: Array<{
    name: string;
    recordingGroup: { allSupported: boolean; includeGlobalResourceTypes: boolean; resourceTypes?: string[]; recordingStrategy?: { useOnly: string } };
    status: { recording: boolean; lastStatus: string; lastErrorCode?: string };
  }>;
  deliveryChannels: Array<{ name: string; s3BucketName: string }>;
}

export interface FakeKmsKey {
  KeyId: string;
  region: string;
  KeyManager: 'CUSTOMER' | 'AWS';
  KeySpec: string;
  KeyUsage: string;
  Origin: string;
  KeyState: string;
  Description?: string;
  rotation?: boolean;
  /** The key policy does not let the caller change rotation: Enable/DisableKeyRotation answer AccessDeniedException. */
  writesDenied?: boolean;
}

export interface FakeLogging {
  buckets: FakeBucket[];
  /** undefined: the account has no public access block. */
  accountPublicAccessBlock?: FakePublicAccessBlock;
  /** Regions absent from this map have no Config recorder or delivery channel. */
  config: Record<string, FakeConfigRegion>;
  kmsKeys: FakeKmsKey[];
  /** Keys per ListKeys page (default 100). */
  kmsPageSize?: number;
  /** Simulates S3 and KMS accepting a write but not changing anything (for STILL_FAILING). */
  ignoreWrites?: boolean;
}

const CANONICAL = (account: string) => `c0ffee${account}`.padEnd(64, '0');

export function serveLogging(aws: FakeAws, account: string, model: FakeLogging): void {
  serveS3(aws, account, model);
  serveConfig(aws, account, model);
  serveKms(aws, account, model);
}

function serveS3(aws: FakeAws, account: string, model: FakeLogging): void {
  const err = (operation: string, region: string, code: string, message: string) =>
    new AwsCallError({ service: 's3', operation, region }, code, message);
  const bucket = (input: Record<string, any>, region: string, operation: string, anyRegion = false) => {
    const b = model.buckets.find((x) => x.Name === input.Bucket);
    if (!b) throw err(operation, region, 'NoSuchBucket', 'The specified bucket does not exist');
    const owner = b.ownerAccount ?? account;
    if (owner !== account || (input.ExpectedBucketOwner !== undefined && input.ExpectedBucketOwner !== owner)) {
      throw err(operation, region, 'AccessDenied', 'Access Denied');
    }
    if (!anyRegion && region !== b.region) {
      throw err(operation, region, 'PermanentRedirect', `The bucket you are attempting to access must be addressed using the ${b.region} endpoint.`);
    }
    return b;
  };
  aws.on('s3', 'GetBucketLocation', (input, region) => {
    const b = bucket(input, region, 'GetBucketLocation', true);
    const constraint = b.locationConstraint !== undefined ? b.locationConstraint : b.region === 'us-east-1' ? null : b.region;
    return constraint === null ? {} : { LocationConstraint: constraint };
  });
  aws.on('s3', 'GetBucketAcl', (input, region) => {
    const b = bucket(input, region, 'GetBucketAcl');
    const owner = { ID: CANONICAL(b.ownerAccount ?? account), DisplayName: 'acme-aws' };
    return {
      Owner: owner,
      Grants: [{ Grantee: { Type: 'CanonicalUser', ...owner }, Permission: 'FULL_CONTROL' }, ...(b.grants ?? [])],
    };
  });
  aws.on('s3', 'GetBucketPolicyStatus', (input, region) => {
    const b = bucket(input, region, 'GetBucketPolicyStatus');
    if (b.policyIsPublic === undefined) throw err('GetBucketPolicyStatus', region, 'NoSuchBucketPolicy', 'The bucket policy does not exist');
    return { PolicyStatus: { IsPublic: b.policyIsPublic } };
  });
  aws.on('s3', 'GetPublicAccessBlock', (input, region) => {
    const b = bucket(input, region, 'GetPublicAccessBlock');
    if (!b.publicAccessBlock) {
      throw err('GetPublicAccessBlock', region, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
    }
    return { PublicAccessBlockConfiguration: b.publicAccessBlock };
  });
  aws.on('s3', 'GetBucketLogging', (input, region) => {
    const b = bucket(input, region, 'GetBucketLogging');
    return b.logging ? { LoggingEnabled: b.logging } : {};
  });
  aws.on('s3control', 'GetPublicAccessBlock', (input, region) => {
    if (input.AccountId !== account) throw new AwsCallError({ service: 's3control', operation: 'GetPublicAccessBlock', region }, 'AccessDenied', 'Access Denied');
    if (!model.accountPublicAccessBlock) {
      throw new AwsCallError({ service: 's3control', operation: 'GetPublicAccessBlock', region }, 'NoSuchPublicAccessBlockConfiguration',
        'The public access block configuration was not found');
    }
    return { PublicAccessBlockConfiguration: model.accountPublicAccessBlock };
  });

  // Writes, applied to the model so a re-scan sees them.
  aws.on('s3', 'PutPublicAccessBlock', (input, region) => {
    const b = bucket(input, region, 'PutPublicAccessBlock');
    const c = input.PublicAccessBlockConfiguration;
    if (!c) throw err('PutPublicAccessBlock', region, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    // Like S3: a flag left out of the configuration is stored as false.
    const block = { BlockPublicAcls: c.BlockPublicAcls === true, IgnorePublicAcls: c.IgnorePublicAcls === true, BlockPublicPolicy: c.BlockPublicPolicy === true, RestrictPublicBuckets: c.RestrictPublicBuckets === true };
    if (!model.ignoreWrites) b.publicAccessBlock = block;
    return {};
  });
  aws.on('s3', 'DeletePublicAccessBlock', (input, region) => {
    const b = bucket(input, region, 'DeletePublicAccessBlock');
    // S3 answers 204 whether or not a configuration existed.
    if (!model.ignoreWrites) delete b.publicAccessBlock;
    return {};
  });
  aws.on('s3', 'PutBucketLogging', (input, region) => {
    const b = bucket(input, region, 'PutBucketLogging');
    if (!input.BucketLoggingStatus) throw err('PutBucketLogging', region, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    const enabled = input.BucketLoggingStatus.LoggingEnabled as { TargetBucket?: string; TargetPrefix?: string } | undefined;
    if (enabled) {
      const target = model.buckets.find((x) => x.Name === enabled.TargetBucket);
      if (!target) throw err('PutBucketLogging', region, 'InvalidTargetBucketForLogging', 'The target bucket for logging does not exist');
      if ((target.ownerAccount ?? account) !== (b.ownerAccount ?? account)) {
        throw err('PutBucketLogging', region, 'InvalidTargetBucketForLogging', 'The owner for the bucket to be logged and the target bucket must be the same.');
      }
      if (target.region !== b.region) throw err('PutBucketLogging', region, 'CrossLocationLoggingProhibitted', 'Cross S3 location logging not allowed. ');
    }
    if (!model.ignoreWrites) {
      if (enabled) b.logging = { TargetBucket: enabled.TargetBucket!, TargetPrefix: enabled.TargetPrefix ?? '' };
      else delete b.logging;
    }
    return {};
  });
}

function serveConfig(aws: FakeAws, account: string, model: FakeLogging): void {
  const none: FakeConfigRegion = { recorders: [], deliveryChannels: [] };
  aws.on('config', 'DescribeConfigurationRecorders', (_input, region) => ({
    ConfigurationRecorders: (model.config[region] ?? none).recorders.map((r) => ({
      name: r.name,
      roleARN: `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: { resourceTypes: [], exclusionByResourceTypes: { resourceTypes: [] }, ...r.recordingGroup },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    })),
  }));
  aws.on('config', 'DescribeConfigurationRecorderStatus', (_input, region) => ({
    ConfigurationRecordersStatus: (model.config[region] ?? none).recorders.map((r) => ({
      name: r.name,
      recording: r.status.recording,
      lastStatus: r.status.lastStatus,
      ...(r.status.lastErrorCode ? { lastErrorCode: r.status.lastErrorCode } : {}),
    })),
  }));
  aws.on('config', 'DescribeDeliveryChannels', (_input, region) => ({
    DeliveryChannels: (model.config[region] ?? none).deliveryChannels,
  }));
}

function serveKms(aws: FakeAws, account: string, model: FakeLogging): void {
  const arn = (k: FakeKmsKey) => `arn:aws:kms:${k.region}:${account}:key/${k.KeyId}`;
  const find = (input: Record<string, any>, region: string, operation: string) => {
    const k = model.kmsKeys.find((x) => x.region === region && (x.KeyId === input.KeyId || arn(x) === input.KeyId));
    if (!k) throw new AwsCallError({ service: 'kms', operation, region }, 'NotFoundException', `Key '${input.KeyId}' does not exist`);
    return k;
  };
  aws.on('kms', 'ListKeys', (input, region) => {
    const keys = model.kmsKeys.filter((k) => k.region === region).map((k) => ({ KeyId: k.KeyId, KeyArn: arn(k) }));
    return page(keys, input, {
      size: Math.min(model.kmsPageSize ?? 100, input.Limit ?? 100), inToken: 'Marker', outToken: 'NextMarker', key: 'Keys', truncatedFlag: 'Truncated',
    });
  });
  aws.on('kms', 'DescribeKey', (input, region) => {
    const k = find(input, region, 'DescribeKey');
    return {
      KeyMetadata: {
        AWSAccountId: account, KeyId: k.KeyId, Arn: arn(k), CreationDate: new Date('2024-03-01T10:00:00Z'), Enabled: k.KeyState === 'Enabled',
        Description: k.Description ?? '', KeyUsage: k.KeyUsage, KeyState: k.KeyState, Origin: k.Origin, KeyManager: k.KeyManager,
        KeySpec: k.KeySpec, CustomerMasterKeySpec: k.KeySpec, MultiRegion: false,
      },
    };
  });
  aws.on('kms', 'GetKeyRotationStatus', (input, region) => {
    const k = find(input, region, 'GetKeyRotationStatus');
    if (k.KeyManager !== 'CUSTOMER' || k.KeySpec !== 'SYMMETRIC_DEFAULT' || k.Origin !== 'AWS_KMS') {
      throw new AwsCallError({ service: 'kms', operation: 'GetKeyRotationStatus', region }, 'UnsupportedOperationException', `${arn(k)} origin is ${k.Origin} which is not valid for this operation.`);
    }
    if (k.KeyState !== 'Enabled') {
      throw new AwsCallError({ service: 'kms', operation: 'GetKeyRotationStatus', region }, 'KMSInvalidStateException', `${arn(k)} is ${k.KeyState}`);
    }
    return { KeyRotationEnabled: k.rotation === true, KeyId: arn(k) };
  });

  // Rotation writes, refused the way KMS refuses them, applied to the model so a re-scan sees them.
  for (const [operation, rotation] of [['EnableKeyRotation', true], ['DisableKeyRotation', false]] as const) {
    aws.on('kms', operation, (input, region) => {
      const k = find(input, region, operation);
      const error = (code: string, message: string) => new AwsCallError({ service: 'kms', operation, region }, code, message);
      if (k.writesDenied) {
        throw error('AccessDeniedException',
          `User: arn:aws:iam::${account}:user/auditor is not authorized to perform: kms:${operation} on resource: ${arn(k)} because no resource-based policy allows the kms:${operation} action`);
      }
      if (k.KeyManager !== 'CUSTOMER') throw error('AccessDeniedException', `${arn(k)} is an AWS managed key; its rotation cannot be changed`);
      if (k.KeySpec !== 'SYMMETRIC_DEFAULT' || k.Origin !== 'AWS_KMS') throw error('UnsupportedOperationException', `${arn(k)} origin is ${k.Origin} which is not valid for this operation.`);
      if (k.KeyState === 'Disabled') throw error('DisabledException', `${arn(k)} is disabled.`);
      if (k.KeyState !== 'Enabled') throw error('KMSInvalidStateException', `${arn(k)} is ${k.KeyState}`);
      if (!model.ignoreWrites) k.rotation = rotation;
      return {};
    });
  }
}
