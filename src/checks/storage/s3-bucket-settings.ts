import { allBuckets, bucketEncryption, bucketVersioning } from '../../collect/s3-buckets.js';
import type { Check } from '../check.js';
import { fail, pass } from '../findings.js';
import { eachBucket } from './buckets.js';

const DEFAULT_SSE = ['AES256', 'aws:kms', 'aws:kms:dsse'];

/** MFA delete needs versioning Enabled and MFADelete Enabled on every bucket. */
export const s3MfaDeleteCheck: Check = {
  id: 's3-mfa-delete',
  description: 'Every S3 bucket has versioning and MFA delete enabled',
  needs: [allBuckets, bucketVersioning],
  evaluate(state, ctx) {
    return eachBucket(state, ctx, bucketVersioning, 'the versioning configuration', ({ name, arn, region, value: v }) => {
      const evidence = [
        { source: 's3:GetBucketVersioning', field: 'Status', value: v.status, expected: 'Enabled' },
        { source: 's3:GetBucketVersioning', field: 'MFADelete', value: v.mfaDelete, expected: 'Enabled' },
      ];
      if (v.status === 'Enabled' && v.mfaDelete === 'Enabled') return pass(arn, region, `${name} has versioning and MFA delete enabled`, evidence);
      const why = v.status !== 'Enabled' ? `versioning is ${v.status ?? 'never enabled'}` : `MFA delete is ${v.mfaDelete ?? 'not enabled'}`;
      return fail(arn, region, `${name}: ${why}`, evidence);
    });
  },
};

/** Every bucket has a default server-side encryption rule (SSE-S3, SSE-KMS or DSSE-KMS). */
export const s3DefaultEncryptionCheck: Check = {
  id: 's3-default-encryption',
  description: 'Every S3 bucket has default encryption (AES256, aws:kms or aws:kms:dsse)',
  needs: [allBuckets, bucketEncryption],
  evaluate(state, ctx) {
    return eachBucket(state, ctx, bucketEncryption, 'the default encryption', ({ name, arn, region, value: rules }) => {
      const evidence = [{
        source: 's3:GetBucketEncryption',
        field: 'ServerSideEncryptionConfiguration.Rules',
        value: rules,
        expected: `a rule with ApplyServerSideEncryptionByDefault.SSEAlgorithm ${DEFAULT_SSE.join(', ')}`,
      }];
      const algorithm = rules?.find((r) => r.sseAlgorithm !== undefined && DEFAULT_SSE.includes(r.sseAlgorithm))?.sseAlgorithm;
      if (algorithm) return pass(arn, region, `${name} encrypts new objects by default with ${algorithm}`, evidence);
      return fail(arn, region, rules === null ? `${name} has no default encryption configuration` : `${name} has no default encryption rule`, evidence);
    });
  },
};
