import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { trails } from '../../collect/cloudtrail.js';
import {
  blocksEverything, PUBLIC_GROUPS, regionOfLocation, trailBucketExposure, trailBucketLogging, type BucketExposure, type PublicAccessBlock,
} from '../../collect/s3.js';
import type { Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, WriteCall } from '../types.js';
import { unlistedTrailRegions } from './trail-settings.js';

// 2.3 and 2.6 are separate remediators: each plans only from the data its own check had collected.

const NOT_PUBLIC = 'cloudtrail-bucket-not-public';
const ACCESS_LOGGING = 'cloudtrail-bucket-access-logging';

const FULL_BLOCK: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The bucket name in an S3 bucket ARN (arn:aws:s3:::name). */
const bucketOf = (f: Finding) => /^arn:[^:]+:s3:::([^/]+)$/.exec(f.resource)?.[1];

/** The documented default target for access logs: one per account and region (S3 logs only to a bucket in the same region). */
export const defaultAccessLogBucket = (account: string, region: string) => `cis-audit-access-logs-${account}-${region}`;

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

type Located = { ok: true; region: string } | { ok: false; why: string };

/** Where the --access-log-bucket target lives; S3 logs only to a bucket of the same account and region. */
async function locate(read: AwsReader, homeRegion: string, bucket: string, account: string): Promise<Located> {
  try {
    const out = await read.call<{ LocationConstraint?: string | null }>('s3', homeRegion, 'GetBucketLocation', { Bucket: bucket, ExpectedBucketOwner: account });
    return { ok: true, region: regionOfLocation(out.LocationConstraint) };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    // A plain boolean, so the type guard does not narrow err away for the last line.
    const is = (code: string): boolean => isAwsError(err, code);
    if (is('NoSuchBucket')) return { ok: false, why: `--access-log-bucket ${bucket} does not exist` };
    if (is('AccessDenied')) {
      return { ok: false, why: `--access-log-bucket ${bucket} cannot be read as a bucket of account ${account} (AccessDenied): S3 logs only to a bucket of the same account` };
    }
    return { ok: false, why: `s3:GetBucketLocation ${bucket} failed: ${err.code} (${err.message})` };
  }
}

/** 2.6: PutBucketLogging on each failing trail bucket, to the bucket given with --access-log-bucket. */
export const trailBucketLoggingRemediator: Remediator = {
  id: 'trail-bucket-access-logging',
  after: ['trail-multi-region'],
  checks: [ACCESS_LOGGING],
  // GetBucketLocation: the plan checks the target is in the same region; PutBucketLogging both enables and (undo) disables.
  permissions: ['s3:GetBucketLocation', 's3:PutBucketLogging'],
  needs: [trails, trailBucketLogging],
  async plan({ state, ctx, failing, read, options }) {
    const plan: RemediationPlan = { remediator: 'trail-bucket-access-logging', checks: [ACCESS_LOGGING], steps: [], guidance: [] };
    plan.guidance.push(...unlistedTrailRegions(state.get(trails), 'access logging on its bucket'));
    const logging = state.get(trailBucketLogging);
    if (!logging.ok) return { ...plan, guidance: [...plan.guidance, `nothing planned: the trail buckets' logging could not be read: ${describeReadError(logging.error)}`] };
    for (const [bucket, got] of Object.entries(logging.value)) {
      if (!got.ok) plan.guidance.push(`bucket ${bucket}: nothing planned, its logging could not be read: ${describeReadError(got.error)}`);
    }
    const target = options.accessLogBucket;
    const located = target ? await locate(read, ctx.homeRegion, target, ctx.account) : undefined;
    for (const f of failing.get(ACCESS_LOGGING) ?? []) {
      const bucket = bucketOf(f);
      const got = bucket ? logging.value[bucket] : undefined;
      if (!bucket || !got?.ok || got.value.targetBucket) continue;
      const region = got.value.region;
      const suggested = defaultAccessLogBucket(ctx.account, region);
      if (!target || !located) {
        plan.guidance.push(
          `bucket ${bucket} (${region}): say where its access logs go. The documented default is ${suggested} (same account and region; `
          + 'its bucket policy must let the S3 logging service principal logging.s3.amazonaws.com s3:PutObject, with aws:SourceAccount '
          + `${ctx.account}). cis-audit does not create it yet. Then run: cis-audit fix --control 2.6 --access-log-bucket ${suggested}`,
        );
        continue;
      }
      if (!located.ok) {
        plan.guidance.push(`bucket ${bucket} (${region}): nothing planned, ${located.why}; use a bucket of account ${ctx.account} in ${region}, e.g. ${suggested}`);
        continue;
      }
      if (located.region !== region) {
        plan.guidance.push(`bucket ${bucket} is in ${region} but ${target} is in ${located.region}: S3 logs only to a bucket in the same region; rerun with --access-log-bucket naming a bucket in ${region} (e.g. ${suggested})`);
        continue;
      }
      // A bucket logging to itself writes a log record about every log record it stores.
      if (target === bucket) {
        plan.guidance.push(`bucket ${bucket}: not logging it to itself (every log delivery would be logged again); choose another bucket in ${region}, e.g. ${suggested}`);
        continue;
      }
      const owner = { ExpectedBucketOwner: ctx.account };
      plan.steps.push({
        describe: `turn on server access logging for trail bucket ${bucket} (${region}) into s3://${target}/${bucket}/`,
        call: {
          service: 's3', region, operation: 'PutBucketLogging',
          input: { Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: `${bucket}/` } }, ...owner },
        },
        prior: { Bucket: bucket, BucketLoggingStatus: {} },
        undo: [{ service: 's3', region, operation: 'PutBucketLogging', input: { Bucket: bucket, BucketLoggingStatus: {}, ...owner } }],
        changes: [`arn:${ctx.partition}:s3:::${bucket}`],
        warning: `${target} must let the S3 logging service principal (logging.s3.amazonaws.com) s3:PutObject to arn:${ctx.partition}:s3:::${target}/${bucket}/* `
          + `(bucket policy, ideally with aws:SourceAccount ${ctx.account}); otherwise logging shows as enabled but no log is ever delivered. Logs add storage cost in ${target}`,
      });
    }
    return plan;
  },
};
