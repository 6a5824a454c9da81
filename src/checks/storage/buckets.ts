import type { DatumDef } from '../../collect/datum.js';
import { allBuckets, type PerBucket } from '../../collect/s3-buckets.js';
import type { Finding } from '../../model/finding.js';
import { failed, type Got } from '../../model/got.js';
import type { CheckContext, CheckState } from '../check.js';
import { accountResource, GLOBAL, notApplicable, readErrorFinding } from '../findings.js';

// What the S3 checks share: bucket ARNs and the walk "one finding per bucket" with its NOT_APPLICABLE and ERROR cases.

export const bucketArn = (ctx: Pick<CheckContext, 'partition'>, bucket: string) => `arn:${ctx.partition}:s3:::${bucket}`;

export interface BucketView<T> {
  name: string;
  arn: string;
  region: string;
  value: T;
}

/** A datum's entry for one bucket; a bucket it has no entry for is unreadable, never compliant. */
export function ofBucket<T>(per: PerBucket<T>, bucket: string, key: string, region: string): Got<T> {
  return per[bucket] ?? failed({ service: 'cis-audit', operation: `collect ${key}`, region, code: 'NotCollected', message: 'no data was collected for this bucket' });
}

/**
 * One finding per bucket of the account: the listing unreadable → one ERROR; no buckets → NOT_APPLICABLE; a bucket
 * whose region or setting could not be read → ERROR for that bucket; otherwise `judge` decides.
 */
export function eachBucket<T>(
  state: CheckState, ctx: CheckContext, datum: DatumDef<PerBucket<T>>, what: string, judge: (b: BucketView<T>) => Finding,
): Finding[] {
  const account = accountResource(ctx);
  const listing = state.get(allBuckets);
  if (!listing.ok) return [readErrorFinding(account, GLOBAL, listing.error, 'the S3 buckets')];
  const names = Object.keys(listing.value);
  if (names.length === 0) return [notApplicable(account, GLOBAL, 'the account has no S3 buckets', [{ source: 's3:ListBuckets', field: 'Buckets', value: [] }])];
  const settings = state.get(datum);
  if (!settings.ok) return [readErrorFinding(account, GLOBAL, settings.error, what)];
  return names.map((name) => {
    const arn = bucketArn(ctx, name);
    const place = listing.value[name]!;
    if (!place.ok) return readErrorFinding(arn, GLOBAL, place.error, `the region of bucket ${name}`);
    const region = place.value.region;
    const got = ofBucket(settings.value, name, datum.key, region);
    if (!got.ok) return readErrorFinding(arn, region, got.error, `${what} of ${name}`);
    return judge({ name, arn, region, value: got.value });
  });
}
