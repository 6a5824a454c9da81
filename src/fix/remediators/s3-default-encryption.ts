import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { isAwsManagedAlias, regionOfKey } from '../storage-options.js';
import type { RemediationPlan, Remediator } from '../types.js';
import { bucketInput, failingBuckets, type FailingBucket } from './s3-buckets.js';

const ENCRYPTION = 's3-default-encryption';
/** Algorithms that already encrypt by default; KMS ones are never replaced (that would be a downgrade). */
const ENCRYPTING = ['AES256', 'aws:kms', 'aws:kms:dsse'];

type Config = { Rules?: Array<{ ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string } }> };
type Current = { ok: true; config: Config | null } | { ok: false; why: string };

/** The configuration exactly as S3 holds it (null: none), read when planning: undo puts back this very document. */
async function currentEncryption(read: AwsReader, b: FailingBucket, account: string): Promise<Current> {
  try {
    const out = await read.call<{ ServerSideEncryptionConfiguration?: Config }>('s3', b.region, 'GetBucketEncryption', bucketInput(b.name, account));
    return { ok: true, config: out.ServerSideEncryptionConfiguration ?? null };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    // A plain boolean, so the type guard does not narrow err away for the last line.
    const absent: boolean = isAwsError(err, 'ServerSideEncryptionConfigurationNotFoundError');
    if (absent) return { ok: true, config: null };
    return { ok: false, why: `s3:GetBucketEncryption ${b.name} in ${b.region} failed: ${err.code} (${err.message})` };
  }
}

/** SSE-S3 by default; SSE-KMS with --s3-kms-key (with an S3 Bucket Key, which cuts KMS requests and cost). */
function rule(kmsKey: string | undefined): Record<string, unknown> {
  return kmsKey
    ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKey }, BucketKeyEnabled: true }
    : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } };
}

/** PutBucketEncryption on each failing bucket: SSE-S3, or SSE-KMS with --s3-kms-key; an encrypting rule is never replaced. */
export const s3DefaultEncryptionRemediator: Remediator = {
  id: 's3-default-encryption',
  checks: [ENCRYPTION],
  // s3:PutEncryptionConfiguration authorises PutBucketEncryption and (undo) DeleteBucketEncryption; the Get is the plan's re-read.
  permissions: ['s3:GetEncryptionConfiguration', 's3:PutEncryptionConfiguration'],
  needs: [],
  async plan({ ctx, failing, read, options }) {
    const plan: RemediationPlan = { remediator: 's3-default-encryption', checks: [ENCRYPTION], steps: [], guidance: [] };
    const key = options.s3KmsKey;
    for (const b of failingBuckets(failing.get(ENCRYPTION))) {
      const keyRegion = key ? regionOfKey(key) : undefined;
      if (key && keyRegion !== undefined && keyRegion !== b.region) {
        plan.guidance.push(`bucket ${b.name} (${b.region}): nothing planned, --s3-kms-key ${key} is a key of ${keyRegion}; S3 needs a key in the bucket's region`);
        continue;
      }
      const current = await currentEncryption(read, b, ctx.account);
      if (!current.ok) {
        plan.guidance.push(`bucket ${b.name}: nothing planned, its encryption configuration could not be read (undo needs it): ${current.why}`);
        continue;
      }
      // Encrypting since the scan (or with KMS): never touched, so never downgraded.
      if (current.config?.Rules?.some((r) => ENCRYPTING.includes(r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? ''))) continue;
      const owner = bucketInput(b.name, ctx.account);
      const what = key ? `SSE-KMS with ${key}` : 'SSE-S3 (AES256)';
      plan.steps.push({
        describe: `encrypt new objects in ${b.name} (${b.region}) by default with ${what}`,
        call: { service: 's3', region: b.region, operation: 'PutBucketEncryption', input: { ...owner, ServerSideEncryptionConfiguration: { Rules: [rule(key)] } } },
        prior: { Bucket: b.name, ServerSideEncryptionConfiguration: current.config },
        undo: current.config === null
          ? [{ service: 's3', region: b.region, operation: 'DeleteBucketEncryption', input: owner }]
          : [{ service: 's3', region: b.region, operation: 'PutBucketEncryption', input: { ...owner, ServerSideEncryptionConfiguration: current.config } }],
        changes: [b.arn],
        warning: 'objects already in the bucket keep the encryption they were written with (re-copy them to change it)'
          + (key && !isAwsManagedAlias(key, 's3')
            ? `; everyone who reads or writes ${b.name} (including services delivering to it, such as CloudTrail or S3 access logging) needs kms:GenerateDataKey and kms:Decrypt on ${key} in its key policy, or their requests fail`
            : ''),
      });
    }
    return plan;
  },
};
