import { UsageError } from '../model/errors.js';
import type { FixOptions } from './types.js';

// The options of the storage remediators (EBS, S3), validated: a bad value is a usage error (exit 2).

export interface StorageOptionFlags {
  'ebs-kms-key'?: string;
  's3-bucket-level'?: boolean;
  's3-kms-key'?: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const KEY_ID = `(?:${UUID}|mrk-[0-9a-f]{32})`;
const ALIAS = 'alias/[A-Za-z0-9/_-]+';
/** A key id, key ARN, alias name or alias ARN: what EBS and S3 accept for a KMS key. */
const KMS_KEY = new RegExp(`^(?:${KEY_ID}|${ALIAS}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(?:key/${KEY_ID}|${ALIAS}))$`);

/** The region a KMS key ARN names (undefined for an id or alias, which resolve in the region of the call). */
export const regionOfKey = (key: string): string | undefined => /^arn:[^:]+:kms:([^:]+):/.exec(key)?.[1];

/** Is this key AWS's own default for the service ("alias/aws/ebs", or its ARN)? */
export const isAwsManagedAlias = (key: string, service: string): boolean => new RegExp(`(^|:)alias/aws/${service}$`).test(key);

function kmsKey(flag: string, v: string): string {
  if (!KMS_KEY.test(v)) {
    throw new UsageError(`--${flag} ${v} is not a KMS key id, key ARN, alias or alias ARN`, 'e.g. alias/my-key or arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  }
  return v;
}

export function storageOptions(flags: StorageOptionFlags): Partial<FixOptions> {
  const out: Partial<FixOptions> = {};
  if (flags['ebs-kms-key'] !== undefined) out.ebsKmsKey = kmsKey('ebs-kms-key', flags['ebs-kms-key']);
  if (flags['s3-kms-key'] !== undefined) out.s3KmsKey = kmsKey('s3-kms-key', flags['s3-kms-key']);
  if (flags['s3-bucket-level']) out.s3BucketLevel = true;
  return out;
}
