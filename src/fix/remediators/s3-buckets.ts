import type { Finding } from '../../model/finding.js';

// What the S3 remediators share: which buckets the findings name, and where they live.

export interface FailingBucket {
  name: string;
  arn: string;
  region: string;
}

/** The buckets the FAIL findings of a per-bucket S3 check name, each once (the finding's region is the bucket's). */
export function failingBuckets(findings: Finding[] | undefined): FailingBucket[] {
  const out = new Map<string, FailingBucket>();
  for (const f of findings ?? []) {
    const name = /^arn:[^:]+:s3:::([^/]+)$/.exec(f.resource)?.[1];
    if (name && !out.has(name)) out.set(name, { name, arn: f.resource, region: f.region });
  }
  return [...out.values()];
}

/** The two inputs every bucket call of a fix carries. */
export const bucketInput = (bucket: string, account: string) => ({ Bucket: bucket, ExpectedBucketOwner: account });
