import { describe, expect, it } from 'vitest';
import { bucketAccessLogging } from '../../../src/checks/logging/bucket-access-logging.js';
import { bucketNotPublic } from '../../../src/checks/logging/bucket-not-public.js';
import { trails } from '../../../src/collect/cloudtrail.js';
import { trailBucketExposure, trailBucketLogging, type BucketExposure, type PublicAccessBlock, type TrailBucketExposure } from '../../../src/collect/s3.js';
import type { Got } from '../../../src/model/got.js';
import { evaluate, ok, statuses } from '../../helpers/check-state.js';
import {
  ALL_USERS, bucket, FULL_BLOCK, inventory, NO_BLOCK, publicAcl, regionDenied, trail,
} from './fixtures.js';

const TRAILS = inventory([trail('audit', { s3BucketName: 'logs' })]);
const BUCKET_ARN = 'arn:aws:s3:::logs';

function exposure(b: Got<BucketExposure>, account?: Got<PublicAccessBlock | null>): Got<TrailBucketExposure> {
  return ok({ buckets: { logs: b }, ...(account ? { accountPublicAccessBlock: account } : {}) });
}
const judge = (b: Got<BucketExposure>, account?: Got<PublicAccessBlock | null>, inv = TRAILS) =>
  evaluate(bucketNotPublic, [[trails, inv], [trailBucketExposure, exposure(b, account)]]);

describe('cloudtrail-bucket-not-public (2.3)', () => {
  it('PASS: private ACL, no policy (NoSuchBucketPolicy = not public), no blocks', () => {
    const [f] = judge(ok(bucket()), ok(null));
    expect(f).toMatchObject({ status: 'PASS', resource: BUCKET_ARN, region: 'us-east-1' });
    expect(f!.evidence.map((e) => e.source)).toEqual([
      's3:GetBucketLocation', 's3:GetBucketAcl', 's3:GetBucketPolicyStatus', 's3:GetPublicAccessBlock', 's3control:GetPublicAccessBlock',
    ]);
  });

  it('FAIL: ACL grant to AuthenticatedUsers with no block names the grantee', () => {
    const [f] = judge(ok(bucket({ acl: publicAcl() })), ok(null));
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('READ to AuthenticatedUsers');
    expect(f!.message).toContain('IgnorePublicAcls');
  });

  it('FAIL: public policy with blocks that do not restrict it', () => {
    const [f] = judge(ok(bucket({ policyStatus: ok({ isPublic: true }), publicAccessBlock: ok({ ...NO_BLOCK, IgnorePublicAcls: true }) })), ok(NO_BLOCK));
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('bucket policy is public');
    expect(f!.message).toContain('RestrictPublicBuckets');
  });

  it('PASS: the account-level IgnorePublicAcls neutralises a public ACL grant', () => {
    const [f] = judge(ok(bucket({ acl: publicAcl(ALL_USERS) })), ok({ ...NO_BLOCK, IgnorePublicAcls: true }));
    expect(f!.status).toBe('PASS');
    expect(f!.message).toContain('IgnorePublicAcls');
  });

  it('PASS: the account-level RestrictPublicBuckets neutralises a public policy', () => {
    const [f] = judge(ok(bucket({ policyStatus: ok({ isPublic: true }) })), ok({ ...NO_BLOCK, RestrictPublicBuckets: true }));
    expect(f!.status).toBe('PASS');
  });

  it('PASS: the bucket block neutralises both paths; the account block was not needed', () => {
    const [f] = judge(ok(bucket({ acl: publicAcl(), policyStatus: ok({ isPublic: true }), publicAccessBlock: ok(FULL_BLOCK) })));
    expect(f!.status).toBe('PASS');
    expect(f!.evidence).toContainEqual(expect.objectContaining({ source: 's3control:GetPublicAccessBlock', value: expect.stringContaining('not read') }));
  });

  it('ERROR: the ACL is unreadable and nothing neutralises it', () => {
    const [f] = judge(ok(bucket({ acl: regionDenied('s3', 'GetBucketAcl', 'us-east-1') })), ok(null));
    expect(f).toMatchObject({ status: 'ERROR', error: expect.objectContaining({ operation: 'GetBucketAcl' }) });
  });

  it('PASS: an unreadable policy status does not matter when RestrictPublicBuckets is in force', () => {
    const [f] = judge(ok(bucket({ policyStatus: regionDenied('s3', 'GetBucketPolicyStatus', 'us-east-1'), publicAccessBlock: ok({ ...NO_BLOCK, RestrictPublicBuckets: true }) })), ok(null));
    expect(f!.status).toBe('PASS');
  });

  it('ERROR: a public ACL grant whose neutralising blocks are unreadable', () => {
    const [f] = judge(ok(bucket({ acl: publicAcl(), publicAccessBlock: regionDenied('s3', 'GetPublicAccessBlock', 'us-east-1') })),
      regionDenied('s3control', 'GetPublicAccessBlock', 'us-east-1'));
    expect(f!.status).toBe('ERROR');
  });

  it('FAIL wins over an unreadable path: a public ACL with no blocks is public whatever the policy says', () => {
    const [f] = judge(ok(bucket({ acl: publicAcl(), policyStatus: regionDenied('s3', 'GetBucketPolicyStatus', 'us-east-1') })), ok(null));
    expect(f!.status).toBe('FAIL');
  });

  it('ERROR: a bucket in another account (AccessDenied on GetBucketLocation) says so', () => {
    const [f] = judge(regionDenied('s3', 'GetBucketLocation', 'us-east-1'));
    expect(f).toMatchObject({ status: 'ERROR', resource: BUCKET_ARN });
    expect(f!.message).toContain('another account');
  });

  it('a bucket in eu-west-1 is reported in its region', () => {
    const [f] = judge(ok(bucket({ location: { region: 'eu-west-1', locationConstraint: 'EU' } })), ok(null));
    expect(f).toMatchObject({ status: 'PASS', region: 'eu-west-1' });
    expect(f!.evidence[0]).toMatchObject({ field: 'LocationConstraint', value: 'EU' });
  });

  it('a bucket shared by two trails is judged once, naming both', () => {
    const inv = inventory([trail('a', { s3BucketName: 'logs' }), trail('b', { s3BucketName: 'logs' })]);
    const findings = judge(ok(bucket()), ok(null), inv);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('trail a, b');
  });

  it('a region whose trails are unknown adds an ERROR there', () => {
    const inv = inventory([trail('audit', { s3BucketName: 'logs' })], ['us-east-1', 'eu-west-1'], { 'eu-west-1': regionDenied('cloudtrail', 'DescribeTrails', 'eu-west-1') });
    const findings = evaluate(bucketNotPublic, [[trails, inv], [trailBucketExposure, exposure(ok(bucket()), ok(null))]], { regions: ['us-east-1', 'eu-west-1'] });
    expect(statuses(findings)).toEqual(['PASS', 'ERROR']);
  });

  it('no trails: NOT_APPLICABLE', () => {
    const findings = evaluate(bucketNotPublic, [[trails, inventory([])], [trailBucketExposure, ok({ buckets: {} })]]);
    expect(statuses(findings)).toEqual(['NOT_APPLICABLE']);
  });
});

describe('cloudtrail-bucket-access-logging (2.6)', () => {
  const logging = (v: Record<string, Got<{ region: string; targetBucket?: string }>>) => ok(v);
  const run = (v: Parameters<typeof logging>[0]) => evaluate(bucketAccessLogging, [[trails, TRAILS], [trailBucketLogging, logging(v)]]);

  it('PASS with a target bucket', () => {
    const [f] = run({ logs: ok({ region: 'eu-west-1', targetBucket: 'access-logs' }) });
    expect(f).toMatchObject({ status: 'PASS', resource: BUCKET_ARN, region: 'eu-west-1' });
    expect(f!.evidence).toEqual([expect.objectContaining({ source: 's3:GetBucketLogging', value: 'access-logs' })]);
  });

  it('FAIL without LoggingEnabled', () => {
    expect(statuses(run({ logs: ok({ region: 'us-east-1' }) }))).toEqual(['FAIL']);
  });

  it('ERROR when GetBucketLogging (or the location) failed', () => {
    const [f] = run({ logs: regionDenied('s3', 'GetBucketLogging', 'us-east-1') });
    expect(f).toMatchObject({ status: 'ERROR', error: expect.objectContaining({ operation: 'GetBucketLogging' }) });
  });
});

describe('cloudtrail-bucket-not-public, undecidable neutraliser', () => {
  it('a public ACL with the account block never read is ERROR, not PASS', () => {
    const [f] = judge(ok(bucket({ acl: publicAcl() })));
    expect(f).toMatchObject({ status: 'ERROR', error: expect.objectContaining({ service: 's3control', code: 'NotCollected' }) });
  });
});
