import { describe, expect, it } from 'vitest';
import { bucketEncryption, bucketVersioning, type BucketVersioning, type EncryptionRule } from '../../../src/collect/s3-buckets.js';
import { s3DefaultEncryptionCheck, s3MfaDeleteCheck } from '../../../src/checks/storage/s3-bucket-settings.js';
import type { Got } from '../../../src/model/got.js';
import { evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, THROTTLED, WEST, bucketArnOf, isGot, listing, perBucket, s3Error } from './fixtures.js';

const versioning = (status: string | null, mfaDelete: string | null): BucketVersioning => ({ status, mfaDelete });
const mfa = (values: Record<string, BucketVersioning | Got<BucketVersioning>>, regions: Record<string, string> = { data: EAST }) =>
  evaluate(s3MfaDeleteCheck, [listing(regions), [bucketVersioning, perBucket(values, isGot)]]);
const enc = (values: Record<string, EncryptionRule[] | null | Got<EncryptionRule[] | null>>, regions: Record<string, string> = { data: EAST }) =>
  evaluate(s3DefaultEncryptionCheck, [listing(regions), [bucketEncryption, perBucket(values, isGot)]]);

describe('s3-mfa-delete', () => {
  it('PASS for versioning Enabled and MFADelete Enabled, with both values as evidence', () => {
    const findings = mfa({ data: versioning('Enabled', 'Enabled') });
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: bucketArnOf('data'), region: EAST })]);
    expect(findings[0]!.evidence).toEqual([
      expect.objectContaining({ field: 'Status', value: 'Enabled' }), expect.objectContaining({ field: 'MFADelete', value: 'Enabled' }),
    ]);
  });

  it('FAIL for versioning without MFA delete, never-versioned and suspended buckets, saying which', () => {
    const findings = mfa(
      { a: versioning('Enabled', 'Disabled'), b: versioning(null, null), c: versioning('Suspended', 'Enabled') },
      { a: EAST, b: WEST, c: EAST },
    );
    expect(statuses(findings)).toEqual(['FAIL', 'FAIL', 'FAIL']);
    expect(findings.map((f) => f.message)).toEqual(['a: MFA delete is Disabled', 'b: versioning is never enabled', 'c: versioning is Suspended']);
    expect(findings[1]!.region).toBe(WEST);
  });

  it('denied or throttled GetBucketVersioning is ERROR for that bucket', () => {
    const findings = mfa({ a: s3Error('GetBucketVersioning'), b: s3Error('GetBucketVersioning', THROTTLED) }, { a: EAST, b: EAST });
    expect(findings.map((f) => [f.status, f.error?.code])).toEqual([['ERROR', 'AccessDenied'], ['ERROR', THROTTLED]]);
    expect(findings[0]!.message).toContain('GetBucketVersioning');
  });

  it('NOT_APPLICABLE without buckets', () => {
    expect(mfa({}, {})).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ACCOUNT_ARN })]);
  });
});

describe('s3-default-encryption', () => {
  it.each(['AES256', 'aws:kms', 'aws:kms:dsse'])('PASS for a default %s rule', (alg) => {
    const findings = enc({ data: [{ sseAlgorithm: alg }] });
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: bucketArnOf('data') })]);
    expect(findings[0]!.message).toContain(alg);
    expect(findings[0]!.evidence[0]).toMatchObject({ source: 's3:GetBucketEncryption', value: [{ sseAlgorithm: alg }] });
  });

  it('FAIL for no configuration (ServerSideEncryptionConfigurationNotFoundError) and for rules without a default', () => {
    const findings = enc({ a: null, b: [{ bucketKeyEnabled: true }] }, { a: EAST, b: EAST });
    expect(statuses(findings)).toEqual(['FAIL', 'FAIL']);
    expect(findings[0]!.message).toBe('a has no default encryption configuration');
    expect(findings[1]!.message).toBe('b has no default encryption rule');
  });

  it('denied or throttled GetBucketEncryption is ERROR, not FAIL', () => {
    const findings = enc({ a: s3Error('GetBucketEncryption'), b: s3Error('GetBucketEncryption', THROTTLED) }, { a: EAST, b: EAST });
    expect(findings.map((f) => [f.status, f.error?.operation, f.error?.code])).toEqual([
      ['ERROR', 'GetBucketEncryption', 'AccessDenied'], ['ERROR', 'GetBucketEncryption', THROTTLED],
    ]);
  });

  it('NOT_APPLICABLE without buckets', () => {
    expect(statuses(enc({}, {}))).toEqual(['NOT_APPLICABLE']);
  });
});
