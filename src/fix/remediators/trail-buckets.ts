import { trails } from '../../collect/cloudtrail.js';
import {
  blocksEverything, PUBLIC_GROUPS, trailBucketExposure, trailBucketLogging, type BucketExposure, type PublicAccessBlock,
} from '../../collect/s3.js';
import type { Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, WriteCall } from '../types.js';
import { bucketLoggingStep, defaultAccessLogBucket, planAccessLogTarget } from './logging-builders.js';
import { unlistedTrailRegions } from './trail-settings.js';

// 2.3 and 2.6 are separate remediators: each plans only from the data its own check had collected.

const NOT_PUBLIC = 'cloudtrail-bucket-not-public';
const ACCESS_LOGGING = 'cloudtrail-bucket-access-logging';

const FULL_BLOCK: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The bucket name in an S3 bucket ARN (arn:aws:s3:::name). */
const bucketOf = (f: Finding) => /^arn:[^:]+:s3:::([^/]+)$/.exec(f.resource)?.[1];


/** The public paths the scan saw, in words ("ACL grant READ to AuthenticatedUsers", "a public bucket policy"). */
function publicPaths(b: BucketExposure): string[] {
  const paths: string[] = [];
  if (b.acl.ok) {
    for (const g of b.acl.value.grants) {
      const group = PUBLIC_GROUPS[g.grantee as keyof typeof PUBLIC_GROUPS];
      if (group) paths.push(`ACL grant ${g.permission} to ${group}`);
    }
  }
  if (b.policyStatus.ok && b.policyStatus.value?.isPublic === true) paths.push('a public bucket policy (GetBucketPolicyStatus IsPublic)');
  return paths;
}

/** 2.3: a bucket-level public access block with all four flags on each failing trail bucket; ACLs and policies are left as they are. */
export const trailBucketPublicAccessRemediator: Remediator = {
  id: 'trail-bucket-public-access-block',
  after: ['trail-multi-region'],
  checks: [NOT_PUBLIC],
  // DeletePublicAccessBlock (undo when there was no block) is authorised by s3:PutBucketPublicAccessBlock too.
  permissions: ['s3:PutBucketPublicAccessBlock'],
  needs: [trails, trailBucketExposure],
  async plan({ state, ctx, failing }) {
    const plan: RemediationPlan = { remediator: 'trail-bucket-public-access-block', checks: [NOT_PUBLIC], steps: [], guidance: [] };
    plan.guidance.push(...unlistedTrailRegions(state.get(trails), 'a public access block on its bucket'));
    const exposure = state.get(trailBucketExposure);
    if (!exposure.ok) return { ...plan, guidance: [...plan.guidance, `nothing planned: the trail buckets could not be read: ${describeReadError(exposure.error)}`] };
    for (const [bucket, got] of Object.entries(exposure.value.buckets)) {
      if (!got.ok) plan.guidance.push(`bucket ${bucket}: nothing planned, it could not be read: ${describeReadError(got.error)}`);
    }
    const followUps: string[] = [];
    for (const f of failing.get(NOT_PUBLIC) ?? []) {
      const bucket = bucketOf(f);
      const got = bucket ? exposure.value.buckets[bucket] : undefined;
      if (!bucket || !got?.ok) continue;
      const b = got.value;
      const current = b.publicAccessBlock;
      // Undo needs the exact prior block; without it nothing is changed.
      if (!current.ok) {
        plan.guidance.push(`bucket ${bucket}: nothing planned, its current public access block could not be read: ${describeReadError(current.error)}`);
        continue;
      }
      if (blocksEverything(current.value)) continue;
      const region = b.location.region;
      const target = { Bucket: bucket, ExpectedBucketOwner: ctx.account };
      const undo: WriteCall[] = current.value === null
        ? [{ service: 's3', region, operation: 'DeletePublicAccessBlock', input: target }]
        : [{ service: 's3', region, operation: 'PutPublicAccessBlock', input: { Bucket: bucket, PublicAccessBlockConfiguration: current.value, ExpectedBucketOwner: ctx.account } }];
      const paths = publicPaths(b);
      const raised = (Object.keys(FULL_BLOCK) as Array<keyof PublicAccessBlock>).filter((k) => !current.value?.[k]);
      plan.steps.push({
        describe: `block all public access to trail bucket ${bucket} (${region}): ${current.value === null ? 'no bucket-level block yet' : `turn on ${raised.join(', ')}`}`,
        call: { service: 's3', region, operation: 'PutPublicAccessBlock', input: { Bucket: bucket, PublicAccessBlockConfiguration: { ...FULL_BLOCK }, ExpectedBucketOwner: ctx.account } },
        prior: { Bucket: bucket, PublicAccessBlockConfiguration: current.value },
        undo,
        changes: [`arn:${ctx.partition}:s3:::${bucket}`],
        warning: `anonymous and other-account access through ${paths.length > 0 ? paths.join(' and ') : 'its public ACL or policy'} stops working (anyone reading the trail logs that way loses access); `
          + 'from now on S3 refuses new public ACLs or a public policy on this bucket. CloudTrail delivery is unaffected: its service principal is not public access',
      });
      for (const p of paths) {
        followUps.push(p.startsWith('ACL')
          ? `bucket ${bucket}: the block makes S3 ignore the ${p}, but the grant is still in the ACL; remove it as a follow-up (aws s3api get-bucket-acl --bucket ${bucket}, then put-bucket-acl --access-control-policy without that grant)`
          : `bucket ${bucket}: the block restricts ${p}, but the statement is still there; remove the public statement as a follow-up (aws s3api get-bucket-policy --bucket ${bucket})`);
      }
    }
    plan.guidance.push(...followUps);
    return plan;
  },
};

/** 2.6: PutBucketLogging on each failing trail bucket, into --access-log-bucket or cis-audit-access-logs-<account>-<region>, made able to receive them. */
export const trailBucketLoggingRemediator: Remediator = {
  id: 'trail-bucket-access-logging',
  after: ['trail-multi-region'],
  checks: [ACCESS_LOGGING],
  // GetBucketLocation: the target is in the same region and account; GetBucketPolicy: whether it already admits the
  // S3 logging service. The default target is created private (CreateBucket with ObjectOwnership, public access
  // block, SSE-S3); PutBucketLogging both enables and (undo) disables; DeleteBucketPolicy undoes a first policy.
  permissions: [
    's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:PutBucketLogging', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy',
    's3:CreateBucket', 's3:PutBucketOwnershipControls', 's3:PutBucketPublicAccessBlock', 's3:PutEncryptionConfiguration',
  ],
  needs: [trails, trailBucketLogging],
  async plan({ state, ctx, failing, read, options }) {
    const plan: RemediationPlan = { remediator: 'trail-bucket-access-logging', checks: [ACCESS_LOGGING], steps: [], guidance: [] };
    plan.guidance.push(...unlistedTrailRegions(state.get(trails), 'access logging on its bucket'));
    const logging = state.get(trailBucketLogging);
    if (!logging.ok) return { ...plan, guidance: [...plan.guidance, `nothing planned: the trail buckets' logging could not be read: ${describeReadError(logging.error)}`] };
    for (const [bucket, got] of Object.entries(logging.value)) {
      if (!got.ok) plan.guidance.push(`bucket ${bucket}: nothing planned, its logging could not be read: ${describeReadError(got.error)}`);
    }
    const given = options.accessLogBucket;
    // S3 logs only within a region: one target per region of the failing buckets.
    const byRegion = new Map<string, string[]>();
    for (const f of failing.get(ACCESS_LOGGING) ?? []) {
      const bucket = bucketOf(f);
      const got = bucket ? logging.value[bucket] : undefined;
      if (!bucket || !got?.ok || got.value.targetBucket) continue;
      // A bucket logging to itself writes a log record about every log record it stores.
      if (bucket === given) {
        plan.guidance.push(`bucket ${bucket}: not logging it to itself (every log delivery would be logged again); choose another bucket in ${got.value.region}, e.g. ${defaultAccessLogBucket(ctx.account, got.value.region)}`);
        continue;
      }
      byRegion.set(got.value.region, [...(byRegion.get(got.value.region) ?? []), bucket]);
    }
    const blocked: string[] = [];
    for (const [region, sources] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
      const t = await planAccessLogTarget({ read, ctx, region, sources, ...(given ? { given } : {}) });
      if (t.blocked) blocked.push(t.blocked);
      if (t.missing) plan.guidance.push(`${sources.join(', ')} (${region}): nothing planned, ${t.missing}`);
      if (t.blocked || t.missing) continue;
      plan.steps.push(...t.steps);
      for (const source of sources) plan.steps.push(bucketLoggingStep(ctx, region, source, t.target, 'trail bucket'));
    }
    if (blocked.length > 0) return { ...plan, blocked: blocked.join('; '), guidance: [...plan.guidance, ...blocked.map((b) => `nothing will be written: ${b}`)] };
    return plan;
  },
};
