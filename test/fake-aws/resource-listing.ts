import type { FakeAccount } from './account.js';
import { page, type FakeAws } from './fake-aws.js';

// The account-wide lists the "Principal: *" review starts from: every bucket (the logging model's) and every
// topic (the monitoring model's). Policies themselves come from those models' own handlers.
export function serveResourceListings(aws: FakeAws, a: FakeAccount): void {
  // An account with a storage model lists its buckets there (same buckets, S3's own paging): keep that handler.
  if (!a.storage) aws.on('s3', 'ListBuckets', (input) => page(
    (a.logging?.buckets ?? []).map((b) => ({ Name: b.Name, BucketRegion: b.region, CreationDate: new Date('2022-01-01T00:00:00Z') })),
    input, { size: Math.min(a.pageSize, input.MaxBuckets ?? 1000), inToken: 'ContinuationToken', outToken: 'ContinuationToken', key: 'Buckets' },
  ));
  aws.on('sns', 'ListTopics', (input, region) => page(
    (a.monitoring?.topics ?? []).filter((t) => t.arn.split(':')[3] === region).map((t) => ({ TopicArn: t.arn })),
    input, { size: a.pageSize, inToken: 'NextToken', outToken: 'NextToken', key: 'Topics' },
  ));
}
