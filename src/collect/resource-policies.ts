import { decodePolicyText } from '../aws/wire-json.js';
import type { Got } from '../model/got.js';
import { defineDatum, defineRegionalDatum, orThrow, settle, type CollectContext } from './datum.js';
import { kmsKeys } from './kms.js';
import { NEXT_TOKEN_PAGES, paginate } from './paginate.js';
import { allBuckets, bucketPolicies } from './s3-buckets.js';

// Resource policies the "Principal: *" review (CIS v7 2.21) reads cheaply: every S3 bucket policy, every SNS
// topic policy, every customer-managed KMS key policy. One resource's read failure stays that resource's.
// Bucket policies come from the storage controls' per-bucket reads (s3-buckets.ts), so each is read once per scan.

export interface ResourcePolicy {
  arn: string;
  region: string;
  /** The decoded policy document; null when the resource has none (NoSuchBucketPolicy: absent, not unreadable). */
  policy: Got<unknown | null>;
}

const decode = (text: unknown): unknown => (typeof text === 'string' ? decodePolicyText(text) : text ?? null);

async function perResource<T>(
  ctx: CollectContext, items: T[], region: (item: T) => string, arn: (item: T) => string, read: (item: T) => Promise<unknown | null>,
): Promise<ResourcePolicy[]> {
  return Promise.all(items.map(async (item) => ({
    arn: arn(item),
    region: region(item),
    policy: await settle(() => read(item), `policy of ${arn(item)}`, region(item), ctx.unexpected),
  })));
}

/** Every bucket's policy, from the same per-bucket reads the storage controls use (each bucket read once per scan). */
export const allBucketPolicies = defineDatum<ResourcePolicy[]>({
  key: 's3.allBucketPolicies',
  description: 'the bucket policy of every S3 bucket in the account',
  reads: [],
  dependsOn: [allBuckets, bucketPolicies],
  async load(ctx) {
    const buckets = orThrow(await ctx.get(allBuckets));
    const policies = orThrow(await ctx.get(bucketPolicies));
    return Object.entries(buckets).map(([name, place]): ResourcePolicy => {
      const got = policies[name] ?? (place.ok ? undefined : place);
      const policy: Got<unknown | null> = !got ? { ok: true, value: null } : got.ok ? { ok: true, value: got.value === null ? null : { Statement: got.value.statements } } : got;
      return { arn: `arn:${ctx.partition}:s3:::${name}`, region: place.ok ? place.value.region : ctx.homeRegion, policy };
    });
  },
});

export const topicPolicies = defineRegionalDatum<ResourcePolicy[]>({
  key: 'sns.topicPolicies',
  description: 'the access policy of every SNS topic in each region',
  reads: ['sns:ListTopics', 'sns:GetTopicAttributes'],
  async loadRegion(ctx, region) {
    const topics = await paginate<{ TopicArn?: string }>(ctx, 'sns', region, 'ListTopics', {}, NEXT_TOKEN_PAGES('Topics'));
    return perResource(ctx, topics, () => region, (t) => t.TopicArn ?? '', async (t) => {
      const out = await ctx.aws.call<{ Attributes?: Record<string, string> }>('sns', region, 'GetTopicAttributes', { TopicArn: t.TopicArn }, 'per-resource');
      if (!out.Attributes) throw new Error('GetTopicAttributes returned no Attributes');
      return decode(out.Attributes.Policy);
    });
  },
});

export const keyPolicies = defineRegionalDatum<ResourcePolicy[]>({
  key: 'kms.keyPolicies',
  description: 'the key policy of every customer-managed KMS key in each region',
  reads: ['kms:GetKeyPolicy'],
  dependsOn: [kmsKeys],
  async loadRegion(ctx, region) {
    const keys = orThrow(orThrow(await ctx.get(kmsKeys))[region] ?? { ok: true, value: [] });
    // AWS-managed keys' policies are AWS's; a key whose DescribeKey failed is read anyway (its manager is unknown).
    const customer = keys.filter((k) => !k.metadata.ok || k.metadata.value.keyManager === 'CUSTOMER');
    return perResource(ctx, customer, () => region, (k) => k.arn, async (k) => {
      const out = await ctx.aws.call<{ Policy?: string }>('kms', region, 'GetKeyPolicy', { KeyId: k.keyId, PolicyName: 'default' }, 'per-resource');
      return decode(out.Policy);
    });
  },
});
