import type { Trail } from '../../collect/cloudtrail.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { describeReadError, type ReadError } from '../../model/got.js';
import type { CheckContext } from '../check.js';

// The buckets trails deliver to, each judged once with the names of the trails that use it.

export function bucketsOfTrails(list: Trail[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of list) {
    if (!t.s3BucketName) continue;
    out.set(t.s3BucketName, [...(out.get(t.s3BucketName) ?? []), t.name]);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const bucketArn = (ctx: Pick<CheckContext, 'partition'>, bucket: string) => `arn:${ctx.partition}:s3:::${bucket}`;

export const bucketLabel = (bucket: string, trailNames: string[]) => `bucket ${bucket} (trail ${trailNames.join(', ')})`;

/** ERROR for a bucket read that failed; AccessDenied here usually means the bucket belongs to another account. */
export function bucketReadError(
  ctx: CheckContext, bucket: string, trailNames: string[], region: string, error: ReadError, evidence: Evidence[] = [],
): Finding {
  const foreign = /AccessDenied/.test(error.code)
    ? ` (every bucket read asks ExpectedBucketOwner=${ctx.account}: the bucket may belong to another account; scan that account)`
    : '';
  return {
    status: 'ERROR',
    resource: bucketArn(ctx, bucket),
    region,
    message: `${bucketLabel(bucket, trailNames)}: could not read ${describeReadError(error)}${foreign}`,
    evidence: [...evidence, { source: `${error.service}:${error.operation}`, field: 'error', value: { code: error.code, message: error.message } }],
    error,
  };
}
