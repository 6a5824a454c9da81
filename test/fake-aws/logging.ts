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
  /** The bucket policy document (decoded); when absent but policyIsPublic is set, GetBucketPolicy serves an empty-statement policy. */
  policy?: unknown;
  /** PutBucketEncryption's ServerSideEncryptionConfiguration. */
  encryption?: unknown;
  /** CreateBucket's ObjectOwnership. */
  objectOwnership?: string;
  /** DeleteBucket answers BucketNotEmpty (log files were delivered). */
  hasObjects?: boolean;
  /** PutBucketVersioning's Status (GetBucketVersioning is served by the storage fake); undefined: never versioned. */
  versioning?: { Status?: 'Enabled' | 'Suspended'; MFADelete?: 'Enabled' | 'Disabled' };
  /** PutBucketLifecycleConfiguration's Rules; undefined: no lifecycle configuration. */
  lifecycleRules?: unknown[];
}

export interface FakeConfigRegion {
  recorders: Array<{
    name: string;
    recordingGroup: { allSupported: boolean; includeGlobalResourceTypes: boolean; resourceTypes?: string[]; recordingStrategy?: { useOnly: string } };
    status: { recording: boolean; lastStatus: string; lastErrorCode?: string };
    /** Default: the Config service-linked role. */
    roleARN?: string;
    /** Default: continuous recording. */
    recordingMode?: Record<string, unknown>;
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
  /** The key policy (decoded); default: the policy KMS gives a key created without one. */
  policy?: unknown;
  tags?: Array<{ TagKey: string; TagValue: string }>;
  /** ScheduleKeyDeletion's window. */
  pendingWindowInDays?: number;
}

export interface FakeKmsAlias {
  region: string;
  AliasName: string;
  TargetKeyId: string;
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
  kmsAliases?: FakeKmsAlias[];
  /** Simulates S3, Config and KMS accepting a write but not changing anything (for STILL_FAILING). */
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
      // Like S3 (and emulators): the target must let the logging service write, by policy or by the Log Delivery group's ACL grant.
      if (!grantsLogDelivery(target, b, enabled.TargetPrefix ?? '', account)) {
        throw err('PutBucketLogging', region, 'InvalidTargetBucketForLogging', 'You must either provide the necessary permissions to the logging service using a bucket policy or give the log-delivery group WRITE and READ_ACP permissions to the target bucket');
      }
    }
    if (!model.ignoreWrites) {
      if (enabled) b.logging = { TargetBucket: enabled.TargetBucket!, TargetPrefix: enabled.TargetPrefix ?? '' };
      else delete b.logging;
    }
    return {};
  });
  serveBucketLifecycle(aws, account, model, bucket, err);
}

const LOG_DELIVERY_GROUP = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const asList = (v: unknown): string[] => (v === undefined ? [] : ([] as unknown[]).concat(v).map(String));
const wildcard = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);

/**
 * Whether the target's policy lets logging.s3.amazonaws.com s3:PutObject under the prefix for this source (its
 * aws:SourceArn / aws:SourceAccount conditions, when present, must match), or its ACL grants the Log Delivery group WRITE.
 */
function grantsLogDelivery(target: FakeBucket, source: FakeBucket, prefix: string, account: string): boolean {
  if ((target.grants ?? []).some((g) => g.Grantee.URI === LOG_DELIVERY_GROUP && (g.Permission === 'WRITE' || g.Permission === 'FULL_CONTROL'))) return true;
  const statements = ([] as Array<Record<string, any>>).concat(((target.policy as { Statement?: unknown } | undefined)?.Statement as never) ?? []);
  const context: Record<string, string> = { 'aws:sourcearn': `arn:aws:s3:::${source.Name}`, 'aws:sourceaccount': source.ownerAccount ?? account };
  const key = `arn:aws:s3:::${target.Name}/${prefix}2026-11-01-09-31-00-0000000000000000`;
  return statements.some((st) => st.Effect === 'Allow'
    && asList(st.Principal?.Service).includes('logging.s3.amazonaws.com')
    && asList(st.Action).some((a) => wildcard(a, 's3:PutObject'))
    && asList(st.Resource).some((r) => wildcard(r, key))
    && Object.entries((st.Condition ?? {}) as Record<string, Record<string, unknown>>).every(([op, entries]) => Object.entries(entries).every(([k, v]) => {
      const actual = context[k.toLowerCase()];
      if (actual === undefined) return true;
      return asList(v).some((x) => (op.endsWith('Like') ? wildcard(x, actual) : x === actual));
    })));
}

type BucketLookup = (input: Record<string, any>, region: string, operation: string, anyRegion?: boolean) => FakeBucket;

/** CreateBucket, bucket policy and encryption writes, DeleteBucket — refused the way S3 refuses them. */
function serveBucketLifecycle(
  aws: FakeAws, account: string, model: FakeLogging, bucket: BucketLookup, err: (operation: string, region: string, code: string, message: string) => AwsCallError,
): void {
  const isPublic = (doc: { Statement?: unknown }) => ([] as Array<Record<string, any>>).concat((doc.Statement as never) ?? [])
    .some((st) => st.Effect === 'Allow' && (st.Principal === '*' || st.Principal?.AWS === '*') && !st.Condition);
  aws.on('s3', 'CreateBucket', (input, region) => {
    const existing = model.buckets.find((b) => b.Name === input.Bucket);
    if (existing) {
      if ((existing.ownerAccount ?? account) !== account) throw err('CreateBucket', region, 'BucketAlreadyExists', 'The requested bucket name is not available.');
      // us-east-1 answers 200 for a bucket you already own there (legacy behaviour); elsewhere it refuses.
      if (region === 'us-east-1' && existing.region === 'us-east-1') return { Location: `/${input.Bucket}` };
      throw err('CreateBucket', region, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
    }
    const constraint = input.CreateBucketConfiguration?.LocationConstraint as string | undefined;
    if (region === 'us-east-1' ? constraint !== undefined && constraint !== 'us-east-1' : constraint !== region) {
      throw err('CreateBucket', region, 'IllegalLocationConstraintException', `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`);
    }
    if (!model.ignoreWrites) model.buckets.push({ Name: input.Bucket, region, ...(input.ObjectOwnership ? { objectOwnership: input.ObjectOwnership } : {}) });
    return { Location: region === 'us-east-1' ? `/${input.Bucket}` : `http://${input.Bucket}.s3.amazonaws.com/` };
  });
  aws.on('s3', 'DeleteBucket', (input, region) => {
    const b = bucket(input, region, 'DeleteBucket');
    if (b.hasObjects) throw err('DeleteBucket', region, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
    if (!model.ignoreWrites) model.buckets = model.buckets.filter((x) => x !== b);
    return {};
  });
  aws.on('s3', 'GetBucketPolicy', (input, region) => {
    const b = bucket(input, region, 'GetBucketPolicy');
    if (b.policy === undefined && b.policyIsPublic === undefined) throw err('GetBucketPolicy', region, 'NoSuchBucketPolicy', 'The bucket policy does not exist');
    return { Policy: JSON.stringify(b.policy ?? { Version: '2012-10-17', Statement: [] }) };
  });
  aws.on('s3', 'PutBucketPolicy', (input, region) => {
    const b = bucket(input, region, 'PutBucketPolicy');
    let doc: { Statement?: unknown };
    try {
      doc = JSON.parse(String(input.Policy));
    } catch {
      throw err('PutBucketPolicy', region, 'MalformedPolicy', 'Policies must be valid JSON and the first byte must be \'{\'');
    }
    if (isPublic(doc) && b.publicAccessBlock?.BlockPublicPolicy) throw err('PutBucketPolicy', region, 'AccessDenied', 'Access Denied (BlockPublicPolicy)');
    if (!model.ignoreWrites) {
      b.policy = doc;
      b.policyIsPublic = isPublic(doc);
    }
    return {};
  });
  aws.on('s3', 'DeleteBucketPolicy', (input, region) => {
    const b = bucket(input, region, 'DeleteBucketPolicy');
    if (!model.ignoreWrites) {
      delete b.policy;
      delete b.policyIsPublic;
    }
    return {};
  });
  aws.on('s3', 'PutBucketEncryption', (input, region) => {
    const b = bucket(input, region, 'PutBucketEncryption');
    const rules = input.ServerSideEncryptionConfiguration?.Rules;
    if (!Array.isArray(rules) || rules.length === 0) throw err('PutBucketEncryption', region, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    if (!model.ignoreWrites) b.encryption = structuredClone(input.ServerSideEncryptionConfiguration);
    return {};
  });
  aws.on('s3', 'PutBucketVersioning', (input, region) => {
    const b = bucket(input, region, 'PutBucketVersioning');
    const status = input.VersioningConfiguration?.Status;
    if (status !== 'Enabled' && status !== 'Suspended') throw err('PutBucketVersioning', region, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    if (!model.ignoreWrites) b.versioning = { ...b.versioning, Status: status };
    return {};
  });
  serveBucketLifecycleRules(aws, model, bucket, err);
}

/** Lifecycle configuration: S3 replaces the whole configuration on every put. */
function serveBucketLifecycleRules(aws: FakeAws, model: FakeLogging, bucket: BucketLookup, err: (operation: string, region: string, code: string, message: string) => AwsCallError): void {
  aws.on('s3', 'GetBucketLifecycleConfiguration', (input, region) => {
    const b = bucket(input, region, 'GetBucketLifecycleConfiguration');
    if (!b.lifecycleRules) throw err('GetBucketLifecycleConfiguration', region, 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
    return { Rules: structuredClone(b.lifecycleRules) };
  });
  aws.on('s3', 'PutBucketLifecycleConfiguration', (input, region) => {
    const b = bucket(input, region, 'PutBucketLifecycleConfiguration');
    const rules = input.LifecycleConfiguration?.Rules as Array<Record<string, any>> | undefined;
    if (!Array.isArray(rules) || rules.length === 0 || rules.some((r) => r.Status !== 'Enabled' && r.Status !== 'Disabled')) {
      throw err('PutBucketLifecycleConfiguration', region, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    if (!model.ignoreWrites) b.lifecycleRules = structuredClone(rules);
    return {};
  });
  aws.on('s3', 'DeleteBucketLifecycle', (input, region) => {
    const b = bucket(input, region, 'DeleteBucketLifecycle');
    if (!model.ignoreWrites) delete b.lifecycleRules;
    return {};
  });
}

function serveConfig(aws: FakeAws, account: string, model: FakeLogging): void {
  const none: FakeConfigRegion = { recorders: [], deliveryChannels: [] };
  aws.on('config', 'DescribeConfigurationRecorders', (input, region) => {
    const names = input.ConfigurationRecorderNames as string[] | undefined;
    const recorders = (model.config[region] ?? none).recorders;
    const missing = (names ?? []).find((n) => !recorders.some((r) => r.name === n));
    if (missing) throw new AwsCallError({ service: 'config', operation: 'DescribeConfigurationRecorders', region }, 'NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${missing}'.`);
    return {
      ConfigurationRecorders: recorders.filter((r) => !names || names.includes(r.name)).map((r) => ({
        name: r.name,
        roleARN: r.roleARN ?? `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: { resourceTypes: [], exclusionByResourceTypes: { resourceTypes: [] }, ...r.recordingGroup },
        recordingMode: r.recordingMode ?? { recordingFrequency: 'CONTINUOUS' },
      })),
    };
  });
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
  serveConfigWrites(aws, model);
}

/** The recorder/channel writes, with AWS Config's rules: one recorder and one channel per region, a channel before start. */
function serveConfigWrites(aws: FakeAws, model: FakeLogging): void {
  const at = (region: string) => (model.config[region] ??= { recorders: [], deliveryChannels: [] });
  const err = (operation: string, region: string, code: string, message: string) => new AwsCallError({ service: 'config', operation, region }, code, message);
  const recorder = (operation: string, region: string, name: unknown) => {
    const r = model.config[region]?.recorders.find((x) => x.name === name);
    if (!r) throw err(operation, region, 'NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${String(name)}'.`);
    return r;
  };
  aws.on('config', 'PutConfigurationRecorder', (input, region) => {
    const c = input.ConfigurationRecorder as { name?: string; roleARN?: string; recordingGroup?: Record<string, any>; recordingMode?: Record<string, unknown> } | undefined;
    if (!c?.name) throw err('PutConfigurationRecorder', region, 'ValidationException', 'ConfigurationRecorder.name is required');
    if (!c.roleARN) throw err('PutConfigurationRecorder', region, 'InvalidRoleException', 'The role ARN is not valid.');
    const g = c.recordingGroup ?? { allSupported: true, includeGlobalResourceTypes: false };
    if (g.allSupported === true && (g.resourceTypes ?? []).length > 0) throw err('PutConfigurationRecorder', region, 'InvalidRecordingGroupException', 'resourceTypes must be empty when allSupported is true');
    if (g.includeGlobalResourceTypes === true && g.allSupported !== true) throw err('PutConfigurationRecorder', region, 'InvalidRecordingGroupException', 'includeGlobalResourceTypes needs allSupported');
    const here = at(region);
    const existing = here.recorders.find((r) => r.name === c.name);
    if (!existing && here.recorders.length > 0) throw err('PutConfigurationRecorder', region, 'MaxNumberOfConfigurationRecordersExceededException', 'You have reached the limit of the number of recorders you can create.');
    if (model.ignoreWrites) return {};
    const recordingGroup = {
      allSupported: g.allSupported === true, includeGlobalResourceTypes: g.includeGlobalResourceTypes === true, resourceTypes: g.resourceTypes ?? [],
      ...(g.recordingStrategy ? { recordingStrategy: g.recordingStrategy } : {}),
    };
    if (existing) {
      existing.recordingGroup = recordingGroup;
      existing.roleARN = c.roleARN;
      if (c.recordingMode) existing.recordingMode = c.recordingMode;
    } else {
      here.recorders.push({ name: c.name, roleARN: c.roleARN, recordingGroup, ...(c.recordingMode ? { recordingMode: c.recordingMode } : {}), status: { recording: false, lastStatus: '' } });
    }
    return {};
  });
  aws.on('config', 'PutDeliveryChannel', (input, region) => {
    const c = input.DeliveryChannel as { name?: string; s3BucketName?: string } | undefined;
    const here = at(region);
    if (here.recorders.length === 0) throw err('PutDeliveryChannel', region, 'NoAvailableConfigurationRecorderException', 'Configuration recorder is not available to put delivery channel.');
    if (!c?.name || !c.s3BucketName) throw err('PutDeliveryChannel', region, 'NoSuchBucketException', 'Cannot find a S3 bucket with an empty bucket name.');
    if (!model.buckets.some((b) => b.Name === c.s3BucketName)) throw err('PutDeliveryChannel', region, 'NoSuchBucketException', `Cannot find a S3 bucket with name ${c.s3BucketName}.`);
    const existing = here.deliveryChannels.find((d) => d.name === c.name);
    if (!existing && here.deliveryChannels.length > 0) throw err('PutDeliveryChannel', region, 'MaxNumberOfDeliveryChannelsExceededException', 'You have reached the limit of the number of delivery channels you can create.');
    if (!model.ignoreWrites) {
      if (existing) existing.s3BucketName = c.s3BucketName;
      else here.deliveryChannels.push({ name: c.name, s3BucketName: c.s3BucketName });
    }
    return {};
  });
  aws.on('config', 'StartConfigurationRecorder', (input, region) => {
    const r = recorder('StartConfigurationRecorder', region, input.ConfigurationRecorderName);
    if (at(region).deliveryChannels.length === 0) throw err('StartConfigurationRecorder', region, 'NoAvailableDeliveryChannelException', 'Delivery channel is not available to start configuration recorder.');
    if (!model.ignoreWrites) r.status = { recording: true, lastStatus: 'Success' };
    return {};
  });
  aws.on('config', 'StopConfigurationRecorder', (input, region) => {
    const r = recorder('StopConfigurationRecorder', region, input.ConfigurationRecorderName);
    if (!model.ignoreWrites) r.status = { ...r.status, recording: false };
    return {};
  });
  aws.on('config', 'DeleteDeliveryChannel', (input, region) => {
    const here = at(region);
    const c = here.deliveryChannels.find((d) => d.name === input.DeliveryChannelName);
    if (!c) throw err('DeleteDeliveryChannel', region, 'NoSuchDeliveryChannelException', `Cannot find delivery channel with specified name '${String(input.DeliveryChannelName)}'.`);
    if (here.recorders.some((r) => r.status.recording)) throw err('DeleteDeliveryChannel', region, 'LastDeliveryChannelDeleteFailedException', 'Failed to delete last specified delivery channel because the ConfigurationRecorder is running.');
    if (!model.ignoreWrites) here.deliveryChannels = here.deliveryChannels.filter((d) => d !== c);
    return {};
  });
  aws.on('config', 'DeleteConfigurationRecorder', (input, region) => {
    const r = recorder('DeleteConfigurationRecorder', region, input.ConfigurationRecorderName);
    if (!model.ignoreWrites) at(region).recorders = at(region).recorders.filter((x) => x !== r);
    return {};
  });
}

function serveKms(aws: FakeAws, account: string, model: FakeLogging): void {
  const arn = (k: FakeKmsKey) => `arn:aws:kms:${k.region}:${account}:key/${k.KeyId}`;
  const find = (input: Record<string, any>, region: string, operation: string) => {
    // An alias (name or ARN) names its target key, like KMS resolves it for DescribeKey.
    const alias = (model.kmsAliases ?? []).find((a) => a.region === region && (a.AliasName === input.KeyId || `arn:aws:kms:${region}:${account}:${a.AliasName}` === input.KeyId));
    const id = alias ? alias.TargetKeyId : input.KeyId;
    const k = model.kmsKeys.find((x) => x.region === region && (x.KeyId === id || arn(x) === id));
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
  serveKmsWrites(aws, account, model, arn, find);
}

/** The policy KMS gives a key created without one: the account administers and uses it through IAM. */
const defaultKeyPolicy = (account: string) => ({
  Version: '2012-10-17', Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
});

/** CreateKey, key policies, aliases and ScheduleKeyDeletion, refused the way KMS refuses them. */
function serveKmsWrites(
  aws: FakeAws, account: string, model: FakeLogging, arn: (k: FakeKmsKey) => string, find: (input: Record<string, any>, region: string, operation: string) => FakeKmsKey,
): void {
  const err = (operation: string, region: string, code: string, message: string) => new AwsCallError({ service: 'kms', operation, region }, code, message);
  const aliases = () => (model.kmsAliases ??= []);
  const parse = (operation: string, region: string, text: unknown) => {
    try {
      return JSON.parse(String(text)) as unknown;
    } catch {
      throw err(operation, region, 'MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.');
    }
  };
  let created = 0;
  aws.on('kms', 'CreateKey', (input, region) => {
    const policy = input.Policy === undefined ? defaultKeyPolicy(account) : parse('CreateKey', region, input.Policy);
    created++;
    const k: FakeKmsKey = {
      KeyId: `c15a${String(created).padStart(4, '0')}-0000-4000-8000-${account}`, region, KeyManager: 'CUSTOMER', KeySpec: input.KeySpec ?? 'SYMMETRIC_DEFAULT',
      KeyUsage: input.KeyUsage ?? 'ENCRYPT_DECRYPT', Origin: input.Origin ?? 'AWS_KMS', KeyState: 'Enabled', Description: input.Description ?? '', rotation: false, policy,
      ...(input.Tags ? { tags: structuredClone(input.Tags) } : {}),
    };
    if (!model.ignoreWrites) model.kmsKeys.push(k);
    return {
      KeyMetadata: {
        AWSAccountId: account, KeyId: k.KeyId, Arn: arn(k), CreationDate: new Date('2026-11-01T09:31:00Z'), Enabled: true, Description: k.Description,
        KeyUsage: k.KeyUsage, KeyState: 'Enabled', Origin: k.Origin, KeyManager: 'CUSTOMER', KeySpec: k.KeySpec, CustomerMasterKeySpec: k.KeySpec, MultiRegion: false,
      },
    };
  });
  aws.on('kms', 'GetKeyPolicy', (input, region) => {
    const k = find(input, region, 'GetKeyPolicy');
    return { Policy: JSON.stringify(k.policy ?? defaultKeyPolicy(account)), PolicyName: 'default' };
  });
  aws.on('kms', 'PutKeyPolicy', (input, region) => {
    const k = find(input, region, 'PutKeyPolicy');
    const policy = parse('PutKeyPolicy', region, input.Policy);
    if (!model.ignoreWrites) k.policy = policy;
    return {};
  });
  aws.on('kms', 'CreateAlias', (input, region) => {
    const name = String(input.AliasName ?? '');
    if (!name.startsWith('alias/') || name.startsWith('alias/aws/')) throw err('CreateAlias', region, 'ValidationException', `Alias ${name} must begin with alias/ and not alias/aws/`);
    if (aliases().some((a) => a.region === region && a.AliasName === name)) throw err('CreateAlias', region, 'AlreadyExistsException', `An alias with the name arn:aws:kms:${region}:${account}:${name} already exists`);
    const k = find({ KeyId: input.TargetKeyId }, region, 'CreateAlias');
    if (!model.ignoreWrites) aliases().push({ region, AliasName: name, TargetKeyId: k.KeyId });
    return {};
  });
  aws.on('kms', 'DeleteAlias', (input, region) => {
    const a = aliases().find((x) => x.region === region && x.AliasName === input.AliasName);
    if (!a) throw err('DeleteAlias', region, 'NotFoundException', `Alias arn:aws:kms:${region}:${account}:${String(input.AliasName)} is not found.`);
    if (!model.ignoreWrites) model.kmsAliases = aliases().filter((x) => x !== a);
    return {};
  });
  aws.on('kms', 'ScheduleKeyDeletion', (input, region) => {
    const k = find(input, region, 'ScheduleKeyDeletion');
    const days = input.PendingWindowInDays ?? 30;
    if (days < 7 || days > 30) throw err('ScheduleKeyDeletion', region, 'ValidationException', 'PendingWindowInDays must be between 7 and 30');
    if (k.KeyState === 'PendingDeletion') throw err('ScheduleKeyDeletion', region, 'KMSInvalidStateException', `${arn(k)} is pending deletion.`);
    if (!model.ignoreWrites) {
      k.KeyState = 'PendingDeletion';
      k.pendingWindowInDays = days;
    }
    return { KeyId: arn(k), DeletionDate: new Date(Date.parse('2026-11-01T09:31:00Z') + days * 86_400_000), KeyState: 'PendingDeletion', PendingWindowInDays: days };
  });
}
