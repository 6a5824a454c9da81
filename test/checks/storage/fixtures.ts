// Collected storage state for the storage check tests, shaped as the datums return it.
import type { Regional } from '../../../src/collect/datum.js';
import { allBuckets, type AllBuckets, type PerBucket } from '../../../src/collect/s3-buckets.js';
import { failed, ok, type Got } from '../../../src/model/got.js';
import { ACCOUNT } from '../../helpers/check-state.js';

export const EAST = 'us-east-1';
export const WEST = 'us-west-2';
export const ACCOUNT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
export const bucketArnOf = (name: string) => `arn:aws:s3:::${name}`;

/** An S3 error as the collector leaves it. */
export const s3Error = <T>(operation: string, code = 'AccessDenied', service = 's3', region = EAST): Got<T> =>
  failed({ service, operation, region, code, message: code === 'AccessDenied' ? 'Access Denied' : `Rate exceeded (${code})` });

/** The listing datum: bucket name → region (or a failed Got). */
export function listing(buckets: Record<string, string | Got<never>>): readonly [typeof allBuckets, Got<AllBuckets>] {
  return [allBuckets, ok(Object.fromEntries(Object.entries(buckets).map(([n, r]) => [n, typeof r === 'string' ? ok({ region: r }) : r])))];
}

/** A per-bucket datum value: plain values become ok(...). */
export function perBucket<T>(values: Record<string, T | Got<T>>, isGot: (v: T | Got<T>) => v is Got<T>): Got<PerBucket<T>> {
  return ok(Object.fromEntries(Object.entries(values).map(([n, v]) => [n, isGot(v) ? v : ok(v)])));
}

/** Tells a Got from a plain value (Gots carry a boolean `ok` and `value` or `error`). */
export const isGot = <T>(v: T | Got<T>): v is Got<T> =>
  v !== null && typeof v === 'object' && 'ok' in (v as object) && typeof (v as { ok: unknown }).ok === 'boolean' && ('value' in (v as object) || 'error' in (v as object));

/** A regional datum value: arrays/plain values become ok(...). */
export function regional<T>(per: Record<string, T | Got<T>>): Got<Regional<T>> {
  return ok(Object.fromEntries(Object.entries(per).map(([r, v]) => [r, isGot(v) ? v : ok(v)])));
}

export const THROTTLED = 'ThrottlingException';
