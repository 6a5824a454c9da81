import { AwsCallError } from '../../src/aws/errors.js';
import type { FakeAws } from './fake-aws.js';
import type { FakeLogging } from './logging.js';
import type { FakeStorage } from './storage.js';

// The writes of the storage remediators, applied to the model so a re-scan sees them: EBS encryption by default,
// the account-level public access block (S3 Control), bucket default encryption removal, RDS ModifyDBInstance.

const AWS_EBS_KEY = 'alias/aws/ebs';

export function serveStorageWrites(aws: FakeAws, account: string, model: FakeStorage, logging: FakeLogging): void {
  const ignore = () => model.ignoreWrites === true;
  const ebs = (region: string) => (model.ebs[region] ??= { encryptionByDefault: false });
  aws.on('ec2', 'EnableEbsEncryptionByDefault', (_input, region) => {
    if (!ignore()) ebs(region).encryptionByDefault = true;
    return { EbsEncryptionByDefault: true };
  });
  aws.on('ec2', 'DisableEbsEncryptionByDefault', (_input, region) => {
    if (!ignore()) ebs(region).encryptionByDefault = false;
    return { EbsEncryptionByDefault: false };
  });
  aws.on('ec2', 'ModifyEbsDefaultKmsKeyId', (input, region) => {
    if (typeof input.KmsKeyId !== 'string' || input.KmsKeyId === '') {
      throw new AwsCallError({ service: 'ec2', operation: 'ModifyEbsDefaultKmsKeyId', region }, 'MissingParameter', 'The request must contain the parameter KmsKeyId');
    }
    if (!ignore()) ebs(region).kmsKeyId = input.KmsKeyId;
    return { KmsKeyId: input.KmsKeyId };
  });
  aws.on('ec2', 'ResetEbsDefaultKmsKeyId', (_input, region) => {
    if (!ignore()) delete ebs(region).kmsKeyId;
    return { KmsKeyId: AWS_EBS_KEY };
  });

  const s3control = (operation: string, region: string, input: Record<string, any>) => {
    if (input.AccountId !== account) throw new AwsCallError({ service: 's3control', operation, region }, 'AccessDenied', 'Access Denied');
  };
  aws.on('s3control', 'PutPublicAccessBlock', (input, region) => {
    s3control('PutPublicAccessBlock', region, input);
    const c = input.PublicAccessBlockConfiguration ?? {};
    // Like S3: a flag left out is stored as false.
    const block = { BlockPublicAcls: c.BlockPublicAcls === true, IgnorePublicAcls: c.IgnorePublicAcls === true, BlockPublicPolicy: c.BlockPublicPolicy === true, RestrictPublicBuckets: c.RestrictPublicBuckets === true };
    if (!ignore()) logging.accountPublicAccessBlock = block;
    return {};
  });
  aws.on('s3control', 'DeletePublicAccessBlock', (input, region) => {
    s3control('DeletePublicAccessBlock', region, input);
    if (!ignore()) delete logging.accountPublicAccessBlock;
    return {};
  });
  aws.on('s3', 'DeleteBucketEncryption', (input, region) => {
    const b = logging.buckets.find((x) => x.Name === input.Bucket);
    if (!b) throw new AwsCallError({ service: 's3', operation: 'DeleteBucketEncryption', region }, 'NoSuchBucket', 'The specified bucket does not exist');
    if (!ignore()) delete b.encryption;
    return {};
  });

  aws.on('rds', 'ModifyDBInstance', (input, region) => {
    const d = model.rds[region]?.instances.find((x) => x.DBInstanceIdentifier === input.DBInstanceIdentifier);
    if (!d) throw new AwsCallError({ service: 'rds', operation: 'ModifyDBInstance', region }, 'DBInstanceNotFound', `DBInstance ${input.DBInstanceIdentifier} not found.`);
    const changes: Record<string, boolean> = {};
    for (const k of ['PubliclyAccessible', 'AutoMinorVersionUpgrade'] as const) if (typeof input[k] === 'boolean') changes[k] = input[k];
    // Without ApplyImmediately the change waits for the maintenance window: pending, not in force.
    if (!ignore()) {
      if (input.ApplyImmediately === true) Object.assign(d, changes);
      else d.pending = { ...d.pending, ...changes };
    }
    return { DBInstance: { DBInstanceIdentifier: d.DBInstanceIdentifier, PendingModifiedValues: d.pending ?? {} } };
  });
}
