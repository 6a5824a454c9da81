import { describe, expect, it } from 'vitest';
import { publicAccessBlocks, type PublicAccessBlocks } from '../../../src/collect/s3-buckets.js';
import type { PublicAccessBlock } from '../../../src/collect/s3.js';
import { s3BlockPublicAccessCheck } from '../../../src/checks/storage/s3-block-public-access.js';
import { ok, type Got } from '../../../src/model/got.js';
import { evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, THROTTLED, WEST, bucketArnOf, listing, s3Error } from './fixtures.js';

const ALL: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const only = (...on: Array<keyof PublicAccessBlock>): PublicAccessBlock =>
  ({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false, ...Object.fromEntries(on.map((f) => [f, true])) });

function run(account: Got<PublicAccessBlock | null>, buckets: Record<string, Got<PublicAccessBlock | null>> | undefined, regions: Record<string, string> = { data: EAST }) {
  const value: PublicAccessBlocks = buckets ? { account, buckets } : { account };
  return evaluate(s3BlockPublicAccessCheck, [listing(regions), [publicAccessBlocks, ok(value)]]);
}

describe('s3-block-public-access', () => {
  it('PASS once for the account when the account-level block has all four settings', () => {
    const findings = run(ok(ALL), undefined, { a: EAST, b: WEST });
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: ACCOUNT_ARN, region: 'global' })]);
    expect(findings[0]!.evidence[0]).toMatchObject({ source: 's3control:GetPublicAccessBlock', value: ALL });
  });

  it('without an account-level block, PASS per bucket that blocks everything itself and FAIL per bucket that does not', () => {
    const findings = run(ok(null), { a: ok(ALL), b: ok(null), c: ok(only('BlockPublicAcls')) }, { a: EAST, b: WEST, c: EAST });
    expect(findings.map((f) => [f.resource, f.region, f.status])).toEqual([
      [bucketArnOf('a'), EAST, 'PASS'], [bucketArnOf('b'), WEST, 'FAIL'], [bucketArnOf('c'), EAST, 'FAIL'],
    ]);
    expect(findings[1]!.message).toContain('b has no public access block');
    expect(findings[2]!.message).toContain('IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off');
    expect(findings[2]!.evidence.map((e) => e.source)).toEqual(['s3:GetPublicAccessBlock', 's3control:GetPublicAccessBlock']);
  });

  it('a partial account-level block and a partial bucket block together cover everything: PASS (S3 applies the stricter of each)', () => {
    const findings = run(ok(only('BlockPublicAcls', 'IgnorePublicAcls')), { a: ok(only('BlockPublicPolicy', 'RestrictPublicBuckets')) }, { a: EAST });
    expect(statuses(findings)).toEqual(['PASS']);
    expect(findings[0]!.message).toContain("with the account's");
  });

  it('an unreadable account block: a bucket blocking everything itself still PASSes; one that does not is ERROR, not FAIL', () => {
    const findings = run(s3Error('GetPublicAccessBlock', 'AccessDenied', 's3control'), { a: ok(ALL), b: ok(null) }, { a: EAST, b: EAST });
    expect(statuses(findings)).toEqual(['PASS', 'ERROR']);
    expect(findings[1]!.error).toMatchObject({ service: 's3control', operation: 'GetPublicAccessBlock', code: 'AccessDenied' });
  });

  it('denied or throttled bucket GetPublicAccessBlock is ERROR for that bucket', () => {
    const findings = run(ok(null), { a: s3Error('GetPublicAccessBlock'), b: s3Error('GetPublicAccessBlock', THROTTLED) }, { a: EAST, b: EAST });
    expect(findings.map((f) => [f.status, f.error?.code])).toEqual([['ERROR', 'AccessDenied'], ['ERROR', THROTTLED]]);
  });

  it('the datum failing (ListBuckets denied) is one ERROR', () => {
    const findings = evaluate(s3BlockPublicAccessCheck, [listing({}), [publicAccessBlocks, s3Error('ListBuckets')]]);
    expect(findings).toEqual([expect.objectContaining({ status: 'ERROR', resource: ACCOUNT_ARN })]);
  });

  it('NOT_APPLICABLE without buckets when the account block is not complete', () => {
    const findings = run(ok(null), {}, {});
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ACCOUNT_ARN })]);
  });
});
