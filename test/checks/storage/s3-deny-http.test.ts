import { describe, expect, it } from 'vitest';
import { bucketPolicies, type BucketPolicy, type PolicyStatement } from '../../../src/collect/s3-buckets.js';
import { s3DenyHttpCheck } from '../../../src/checks/storage/s3-deny-http.js';
import type { Got } from '../../../src/model/got.js';
import { evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, THROTTLED, WEST, bucketArnOf, isGot, listing, perBucket, s3Error } from './fixtures.js';

const denyHttp = (over: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*',
  Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } }, ...over,
});
const policy = (...statements: PolicyStatement[]): BucketPolicy => ({ statements });

function run(policies: Record<string, BucketPolicy | null | Got<BucketPolicy | null>>, regions: Record<string, string> = { data: EAST }) {
  return evaluate(s3DenyHttpCheck, [listing(regions), [bucketPolicies, perBucket(policies, isGot)]]);
}

describe('s3-deny-http', () => {
  it('PASS for a bucket whose policy denies s3:* to * when aws:SecureTransport is false, naming the statement', () => {
    const findings = run({ data: policy(denyHttp()) });
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: bucketArnOf('data'), region: EAST })]);
    expect(findings[0]!.message).toContain('DenyInsecureTransport');
    expect(findings[0]!.evidence[0]).toMatchObject({ source: 's3:GetBucketPolicy', field: 'Policy.Statement' });
  });

  it.each([
    ['Principal {"AWS": "*"}', { Principal: { AWS: '*' } }],
    ['Principal {"AWS": ["*"]}', { Principal: { AWS: ['*'] } }],
    ['Action "*"', { Action: '*' }],
    ['Action ["S3:*"] (actions are case-insensitive)', { Action: ['S3:*'] }],
    ['the value false as a boolean', { Condition: { Bool: { 'aws:SecureTransport': false } } }],
    ['the value as a one-item list', { Condition: { Bool: { 'aws:SecureTransport': ['false'] } } }],
    ['Resource "*"', { Resource: '*' }],
    ['Resource "arn:aws:s3:::data*"', { Resource: 'arn:aws:s3:::data*' }],
    ['BoolIfExists', { Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }],
  ])('accepts the equivalent form: %s', (_what, over) => {
    expect(statuses(run({ data: policy(denyHttp(over as Partial<PolicyStatement>)) }))).toEqual(['PASS']);
  });

  it('FAIL for a bucket with no policy (NoSuchBucketPolicy is absent, not unreadable)', () => {
    const findings = run({ data: null });
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: bucketArnOf('data') })]);
    expect(findings[0]!.message).toContain('no bucket policy');
    expect(findings[0]!.evidence[0]).toMatchObject({ field: 'Policy', value: null });
  });

  it.each([
    ['an Allow statement', { Effect: 'Allow' }],
    ['a named principal', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } }],
    ['PutObject only (reads over HTTP stay allowed)', { Action: 's3:PutObject' }],
    ['SecureTransport true', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
    ['no condition (denies everything, not HTTP)', { Condition: undefined }],
    ['an extra condition narrowing the deny', { Condition: { Bool: { 'aws:SecureTransport': 'false' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }],
    ['another bucket\'s objects only', { Resource: 'arn:aws:s3:::other/*' }],
    ['one prefix only', { Resource: 'arn:aws:s3:::data/logs/*' }],
    ['NotPrincipal', { Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }],
  ])('FAIL when the only deny is %s', (_what, over) => {
    const findings = run({ data: policy(denyHttp(over as Partial<PolicyStatement>)) });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toContain('no statement denying HTTP');
  });

  it('one finding per bucket, each in its own region', () => {
    const findings = run({ data: policy(denyHttp()), logs: null }, { data: EAST, logs: WEST });
    expect(findings.map((f) => [f.resource, f.region, f.status])).toEqual([
      [bucketArnOf('data'), EAST, 'PASS'], [bucketArnOf('logs'), WEST, 'FAIL'],
    ]);
  });

  it('denied GetBucketPolicy is ERROR for that bucket, never FAIL', () => {
    const findings = run({ data: s3Error('GetBucketPolicy'), ok: policy(denyHttp({ Resource: '*' })) }, { data: EAST, ok: EAST });
    expect(findings.map((f) => f.status)).toEqual(['ERROR', 'PASS']);
    expect(findings[0]!.message).toContain('GetBucketPolicy');
    expect(findings[0]!.error).toMatchObject({ operation: 'GetBucketPolicy', code: 'AccessDenied' });
  });

  it('throttling that outlived retries is ERROR', () => {
    const findings = run({ data: s3Error('GetBucketPolicy', THROTTLED) });
    expect(findings[0]).toMatchObject({ status: 'ERROR', error: { code: THROTTLED } });
  });

  it('a bucket whose region could not be read is ERROR naming GetBucketLocation', () => {
    const findings = run({}, { data: s3Error('GetBucketLocation') as never });
    expect(findings).toEqual([expect.objectContaining({ status: 'ERROR', resource: bucketArnOf('data'), error: expect.objectContaining({ operation: 'GetBucketLocation' }) })]);
  });

  it('a denied ListBuckets is one ERROR for the account', () => {
    const findings = evaluate(s3DenyHttpCheck, [[listing({})[0], s3Error('ListBuckets')], [bucketPolicies, s3Error('ListBuckets')]]);
    expect(findings).toEqual([expect.objectContaining({ status: 'ERROR', resource: ACCOUNT_ARN, error: expect.objectContaining({ operation: 'ListBuckets' }) })]);
  });

  it('NOT_APPLICABLE for an account without buckets', () => {
    const findings = run({}, {});
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ACCOUNT_ARN, region: 'global' })]);
  });

  it('a bucket the datum has no entry for is ERROR, not PASS', () => {
    expect(statuses(run({}, { data: EAST }))).toEqual(['ERROR']);
  });
});
