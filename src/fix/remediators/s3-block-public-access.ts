import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { allBuckets, publicAccessBlocks } from '../../collect/s3-buckets.js';
import { blocksEverything, PUBLIC_GROUPS, type PublicAccessBlock } from '../../collect/s3.js';
import type { CheckContext } from '../../checks/check.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, Step, WriteCall } from '../types.js';
import { bucketInput, failingBuckets, type FailingBucket } from './s3-buckets.js';

const BPA = 's3-block-public-access';
const FULL_BLOCK: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const FLAGS = Object.keys(FULL_BLOCK) as Array<keyof PublicAccessBlock>;

/** What the block turns on, in words ("IgnorePublicAcls, RestrictPublicBuckets", or "no block yet"). */
const raising = (prior: PublicAccessBlock | null) => (prior === null ? 'no block yet' : `turn on ${FLAGS.filter((k) => !prior[k]).join(', ')}`);

/** Why a bucket serves publicly right now (its policy status, its ACL grants to everyone), or why we cannot tell. */
async function publicPaths(read: AwsReader, b: { name: string; region: string }, account: string): Promise<string[]> {
  const input = bucketInput(b.name, account);
  const paths: string[] = [];
  try {
    const out = await read.call<{ PolicyStatus?: { IsPublic?: boolean } }>('s3', b.region, 'GetBucketPolicyStatus', input);
    if (out.PolicyStatus?.IsPublic === true) paths.push('its bucket policy is public');
  } catch (err) {
    if (!isAwsError(err)) throw err;
    const absent: boolean = isAwsError(err, 'NoSuchBucketPolicy');
    if (!absent) paths.push(`whether its policy is public is unknown (s3:GetBucketPolicyStatus: ${err.code})`);
  }
  try {
    const out = await read.call<{ Grants?: Array<{ Grantee?: { URI?: string }; Permission?: string }> }>('s3', b.region, 'GetBucketAcl', input);
    for (const g of out.Grants ?? []) {
      const group = PUBLIC_GROUPS[(g.Grantee?.URI ?? '') as keyof typeof PUBLIC_GROUPS];
      if (group) paths.push(`its ACL grants ${g.Permission ?? '?'} to ${group}`);
    }
  } catch (err) {
    if (!isAwsError(err)) throw err;
    paths.push(`whether its ACL is public is unknown (s3:GetBucketAcl: ${err.code})`);
  }
  return paths;
}

/** "bucket a (its bucket policy is public); bucket b (its ACL grants READ to AllUsers)" for the warning. */
async function describeExposed(read: AwsReader, buckets: Array<{ name: string; region: string }>, account: string): Promise<string[]> {
  const out: string[] = [];
  for (const b of buckets) {
    const paths = await publicPaths(read, b, account);
    if (paths.length > 0) out.push(`${b.name} (${paths.join('; ')})`);
  }
  return out;
}

const stopServing = (exposed: string[]) => (exposed.length > 0
  ? `these buckets serve publicly now and stop doing so: ${exposed.join(', ')}. Move what must stay public behind CloudFront with origin access control first; `
  : 'no bucket was found serving publicly; ');

/** Account mode: one S3 Control PutPublicAccessBlock with all four flags; undo the prior flags or delete. */
async function accountStep(read: AwsReader, ctx: CheckContext, prior: PublicAccessBlock | null, buckets: Array<{ name: string; region: string }>): Promise<Step> {
  const region = ctx.homeRegion;
  const target = { AccountId: ctx.account };
  const undo: WriteCall[] = prior === null
    ? [{ service: 's3control', region, operation: 'DeletePublicAccessBlock', input: target }]
    : [{ service: 's3control', region, operation: 'PutPublicAccessBlock', input: { ...target, PublicAccessBlockConfiguration: prior } }];
  const exposed = await describeExposed(read, buckets, ctx.account);
  return {
    describe: `block all public access at account level for ${ctx.account} (every bucket and access point, every region): ${raising(prior)}`,
    call: { service: 's3control', region, operation: 'PutPublicAccessBlock', input: { ...target, PublicAccessBlockConfiguration: { ...FULL_BLOCK } } },
    prior: { AccountId: ctx.account, PublicAccessBlockConfiguration: prior },
    undo,
    changes: [`S3 Block Public Access of account ${ctx.account}`],
    warning: `${stopServing(exposed)}from now on S3 refuses public ACLs and public bucket policies on every bucket of the account (use --s3-bucket-level to block only the failing buckets)`,
  };
}

/** Bucket mode: each failing bucket gets its own block with all four flags; undo puts back its prior flags or deletes. */
async function bucketStep(read: AwsReader, ctx: CheckContext, b: FailingBucket, prior: PublicAccessBlock | null): Promise<Step> {
  const owner = bucketInput(b.name, ctx.account);
  const exposed = await describeExposed(read, [b], ctx.account);
  return {
    describe: `block all public access to bucket ${b.name} (${b.region}): ${raising(prior)}`,
    call: { service: 's3', region: b.region, operation: 'PutPublicAccessBlock', input: { ...owner, PublicAccessBlockConfiguration: { ...FULL_BLOCK } } },
    prior: { Bucket: b.name, PublicAccessBlockConfiguration: prior },
    undo: prior === null
      ? [{ service: 's3', region: b.region, operation: 'DeletePublicAccessBlock', input: owner }]
      : [{ service: 's3', region: b.region, operation: 'PutPublicAccessBlock', input: { ...owner, PublicAccessBlockConfiguration: prior } }],
    changes: [b.arn],
    warning: `${stopServing(exposed)}from now on S3 refuses public ACLs and a public policy on ${b.name}`,
  };
}

/** S3 Block Public Access with all four flags: at account level (S3 Control), or per failing bucket with --s3-bucket-level. */
export const s3BlockPublicAccessRemediator: Remediator = {
  id: 's3-block-public-access',
  checks: [BPA],
  // The policy status and ACL reads name, before anything changes, the buckets that stop serving publicly.
  // Each Put also authorises the Delete that undoes it when there was no block.
  permissions: ['s3:GetBucketPolicyStatus', 's3:GetBucketAcl', 's3:PutAccountPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
  needs: [allBuckets, publicAccessBlocks],
  async plan({ state, ctx, failing, read, options }) {
    const plan: RemediationPlan = { remediator: 's3-block-public-access', checks: [BPA], steps: [], guidance: [] };
    const blocks = state.get(publicAccessBlocks);
    if (!blocks.ok) return { ...plan, guidance: [`nothing planned: the public access blocks could not be read: ${describeReadError(blocks.error)}`] };
    const failed = failingBuckets(failing.get(BPA));
    if (!options.s3BucketLevel) {
      const acct = blocks.value.account;
      if (!acct.ok) return { ...plan, guidance: [`nothing planned: the account-level block could not be read (undo needs it): ${describeReadError(acct.error)}; or rerun with --s3-bucket-level`] };
      if (blocksEverything(acct.value)) return plan;
      // The account block reaches every bucket not already blocking everything itself.
      const listing = state.get(allBuckets);
      const reached = listing.ok
        ? Object.entries(listing.value).flatMap(([name, place]) => {
          const own = blocks.value.buckets?.[name];
          return place.ok && !(own?.ok && blocksEverything(own.value)) ? [{ name, region: place.value.region }] : [];
        })
        : failed;
      plan.steps.push(await accountStep(read, ctx, acct.value, reached));
      return plan;
    }
    for (const b of failed) {
      const own = blocks.value.buckets?.[b.name];
      if (!own?.ok) {
        plan.guidance.push(`bucket ${b.name}: nothing planned, its public access block could not be read (undo needs it)${own ? `: ${describeReadError(own.error)}` : ''}`);
        continue;
      }
      if (blocksEverything(own.value)) continue;
      plan.steps.push(await bucketStep(read, ctx, b, own.value));
    }
    return plan;
  },
};
