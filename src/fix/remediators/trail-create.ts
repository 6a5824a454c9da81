import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { logsAllManagementEvents, trails, type Trail } from '../../collect/cloudtrail.js';
import { selectorGaps } from '../../checks/logging/multi-region-trail.js';
import type { CheckContext } from '../../checks/check.js';
import type { FixOptions, RemediationPlan, Remediator, Step } from '../types.js';
import { CREATED_BY_TAG_KEY, CREATED_BY_TAG_VALUE, type AccountRef, type PolicyDocument } from './building-blocks.js';
import {
  allowsService, bucketLoggingStep, DEFAULT_TRAIL_BUCKET_RETENTION_DAYS, denyInsecureTransport, finishOwnBucket, planAccessLogTarget, privateBucketSteps, probeBucket,
  readBucketPolicy, readLoggingTarget, readRetention, retentionSteps, s3Arn, TRAIL_NAME, trailArnFor, trailBucketName,
} from './logging-builders.js';

// 2.1: an own multi-region trail that is off or misses management events is fixed in place; otherwise a new
// multi-region trail (cis-audit-trail, validated) is created in the home region, delivering to a private bucket.

const MULTI = 'cloudtrail-multi-region';
/** Basic event selectors a trail may have. */
export const MAX_BASIC_SELECTORS = 5;
export const MANAGEMENT_SELECTOR = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] };
export const MANAGEMENT_ADVANCED_SELECTOR = { Name: 'All management events (cis-audit)', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };

/** Only CloudTrail, and only for this trail (aws:SourceArn), may read the ACL and write under AWSLogs/<account>/; no plain HTTP. */
export function trailBucketPolicy(ctx: AccountRef, bucket: string, trailArn: string): PolicyDocument {
  const cloudtrail = { Service: 'cloudtrail.amazonaws.com' };
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: cloudtrail, Action: 's3:GetBucketAcl', Resource: s3Arn(ctx, bucket), Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
      {
        Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: cloudtrail, Action: 's3:PutObject', Resource: s3Arn(ctx, bucket, `AWSLogs/${ctx.account}/*`),
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
      denyInsecureTransport(ctx, bucket),
    ],
  };
}

/** Whether a bucket policy lets CloudTrail deliver this trail's logs (ACL check and write). */
export function letsCloudTrailDeliver(policy: PolicyDocument, ctx: AccountRef, bucket: string, trailArn: string): boolean {
  const context = { 'aws:SourceArn': trailArn, 'aws:SourceAccount': ctx.account };
  return allowsService(policy, { service: 'cloudtrail.amazonaws.com', action: 's3:GetBucketAcl', resource: s3Arn(ctx, bucket), context })
    && allowsService(policy, { service: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource: s3Arn(ctx, bucket, `AWSLogs/${ctx.account}/CloudTrail/x.json.gz`), context });
}

export type RawSelectors = { EventSelectors?: unknown[]; AdvancedEventSelectors?: unknown[] };

/** A trail's event selectors exactly as CloudTrail answers them (what PutEventSelectors takes back), or why not. */
export async function rawSelectors(read: AwsReader, t: Trail): Promise<{ ok: true; value: RawSelectors } | { ok: false; why: string }> {
  try {
    const out = await read.call<RawSelectors>('cloudtrail', t.homeRegion, 'GetEventSelectors', { TrailName: t.arn });
    return { ok: true, value: out };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return { ok: false, why: `cloudtrail:GetEventSelectors ${t.arn} failed: ${err.code} (${err.message})` };
  }
}

/** In place: add a selector for every management event (existing selectors kept), and start logging. */
async function fixInPlace(read: AwsReader, t: Trail, plan: RemediationPlan): Promise<void> {
  const region = t.homeRegion;
  if (t.selectors.ok && !logsAllManagementEvents(t.selectors.value)) {
    const raw = await rawSelectors(read, t);
    if (!raw.ok) {
      plan.guidance.push(`trail ${t.name}: its event selectors not changed: ${raw.why}`);
    } else {
      const advanced = raw.value.AdvancedEventSelectors ?? [];
      const basic = raw.value.EventSelectors ?? [];
      const gaps = selectorGaps(t.selectors.value).join(', ');
      if (advanced.length > 0) {
        plan.steps.push({
          describe: `trail ${t.name} ${gaps}: add an advanced event selector for all management events (read and write); its ${advanced.length} selector(s) stay`,
          call: { service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { TrailName: t.arn, AdvancedEventSelectors: [...advanced, MANAGEMENT_ADVANCED_SELECTOR] } },
          prior: { TrailName: t.arn, AdvancedEventSelectors: advanced },
          undo: [{ service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { TrailName: t.arn, AdvancedEventSelectors: advanced } }],
          changes: [t.arn],
        });
      } else if (basic.length >= MAX_BASIC_SELECTORS) {
        plan.guidance.push(`trail ${t.name} ${gaps} and already has ${basic.length} event selectors (the most CloudTrail allows): make one of them ReadWriteType All with IncludeManagementEvents true and no excluded sources`);
      } else {
        plan.steps.push({
          describe: `trail ${t.name} ${gaps}: add an event selector for all management events (read and write); its ${basic.length} selector(s) stay`,
          call: { service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { TrailName: t.arn, EventSelectors: [...basic, MANAGEMENT_SELECTOR] } },
          prior: { TrailName: t.arn, EventSelectors: basic },
          undo: [{ service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { TrailName: t.arn, EventSelectors: basic } }],
          changes: [t.arn],
          warning: 'the first copy of management events is free; a second trail logging them is billed',
        });
      }
    }
  }
  if (t.status.ok && !t.status.value.isLogging) {
    plan.steps.push({
      describe: `start logging on trail ${t.name} (${region})`,
      call: { service: 'cloudtrail', region, operation: 'StartLogging', input: { Name: t.arn } },
      prior: { Name: t.arn, IsLogging: false },
      undo: [{ service: 'cloudtrail', region, operation: 'StopLogging', input: { Name: t.arn } }],
      changes: [t.arn],
    });
  }
}

/** 2.1: fix an own multi-region trail in place, else create cis-audit-trail with a private bucket. */
export const trailCreateRemediator: Remediator = {
  id: 'trail-multi-region',
  checks: [MULTI],
  // GetEventSelectors and the S3 Get* are read while planning; CreateTrail with tags needs AddTags; CreateBucket
  // with ObjectOwnership needs PutBucketOwnershipControls; PutBucketLifecycleConfiguration is s3:PutLifecycleConfiguration
  // (which also authorises its undo, DeleteBucketLifecycle); StopLogging, DeleteTrail, DeleteBucketPolicy are for undo.
  permissions: [
    'cloudtrail:GetEventSelectors', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging', 'cloudtrail:StopLogging', 'cloudtrail:CreateTrail', 'cloudtrail:AddTags', 'cloudtrail:DeleteTrail',
    's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:GetBucketPublicAccessBlock', 's3:GetBucketVersioning', 's3:GetLifecycleConfiguration', 's3:GetBucketLogging',
    's3:CreateBucket', 's3:PutBucketOwnershipControls', 's3:PutBucketPublicAccessBlock', 's3:PutEncryptionConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy',
    's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:PutBucketLogging',
  ],
  needs: [trails],
  async plan({ state, ctx, read, options }) {
    const plan: RemediationPlan = { remediator: 'trail-multi-region', checks: [MULTI], steps: [], guidance: [] };
    const got = state.get(trails);
    if (!got.ok) return { ...plan, guidance: [`nothing planned: the trails could not be listed (${got.error.code}); rerun once CloudTrail is readable`] };
    const own = (t: Trail) => !t.ownerAccount || t.ownerAccount === ctx.account;
    // Fixing a trail the account already pays for beats adding a second one.
    const candidates = got.value.trails
      .filter((t) => t.isMultiRegion && own(t) && t.status.ok && t.selectors.ok)
      .sort((a, b) => Number(a.status.ok && a.status.value.isLogging === false) - Number(b.status.ok && b.status.value.isLogging === false));
    for (const t of got.value.trails.filter((x) => x.isMultiRegion && !own(x))) {
      plan.guidance.push(`trail ${t.name} is another account's (${t.ownerAccount}${t.isOrganizationTrail ? ', organization trail' : ''}); it does not count until that account makes it log every management event`);
    }
    if (candidates[0]) {
      await fixInPlace(read, candidates[0], plan);
      return plan;
    }

    const region = ctx.homeRegion;
    const trailArn = trailArnFor(ctx, region, TRAIL_NAME);
    const clash = got.value.trails.find((t) => t.arn === trailArn);
    if (clash) {
      return { ...plan, guidance: [...plan.guidance, `a trail named ${TRAIL_NAME} already exists in ${region} but is not multi-region; make it multi-region (aws cloudtrail update-trail --region ${region} --name ${TRAIL_NAME} --is-multi-region-trail) or delete it, then rerun`] };
    }
    const bucket = options.trailBucket ?? trailBucketName(ctx.account, region);
    const policy = trailBucketPolicy(ctx, bucket, trailArn);
    const probe = await probeBucket(read, region, bucket, ctx.account);
    if (probe.state === 'unusable') {
      const why = `${probe.why}; rerun with --trail-bucket naming a bucket of account ${ctx.account} whose policy lets CloudTrail write`;
      return { ...plan, blocked: why, guidance: [...plan.guidance, `nothing will be written: ${why}`] };
    }
    if (options.trailBucket) {
      if (probe.state === 'absent') return { ...plan, guidance: [...plan.guidance, `nothing planned: --trail-bucket ${bucket} does not exist; create it, or leave the flag out to have cis-audit create ${trailBucketName(ctx.account, region)}`] };
      const current = await readBucketPolicy(read, probe.region, bucket, ctx.account);
      if (!current.ok) {
        const why = `--trail-bucket ${bucket}: cannot tell whether CloudTrail may deliver to it: ${current.why}`;
        return { ...plan, blocked: why, guidance: [...plan.guidance, `nothing will be written: ${why}`] };
      }
      if (!current.policy || !letsCloudTrailDeliver(current.policy, ctx, bucket, trailArn)) {
        const add = policy.Statement.filter((s) => s.Effect === 'Allow');
        const why = `the policy of bucket ${bucket} does not let CloudTrail deliver for ${trailArn}, and cis-audit never rewrites an existing bucket's policy. `
          + `Add these statements, then rerun: ${JSON.stringify(add)}`;
        // Said before any write: CreateTrail would be refused (InsufficientS3BucketPolicyException).
        return { ...plan, blocked: why, guidance: [...plan.guidance, `nothing will be written: ${why}`] };
      }
      plan.guidance.push(`the new trail delivers to existing bucket ${bucket}; its settings are not changed`);
    } else {
      const bucketSteps = probe.state === 'absent'
        ? await newTrailBucketSteps(read, ctx, region, bucket, policy, options, plan)
        : await finishTrailBucket(read, ctx, probe.region, bucket, policy, trailArn, options, plan);
      if (!bucketSteps) return plan;
      plan.steps.push(...bucketSteps);
    }
    plan.steps.push(
      {
        describe: `create multi-region trail ${TRAIL_NAME} in ${region} (global service events; log file validation) delivering to s3://${bucket}, tagged ${CREATED_BY_TAG_KEY}=${CREATED_BY_TAG_VALUE}`,
        call: {
          service: 'cloudtrail', region, operation: 'CreateTrail',
          input: {
            Name: TRAIL_NAME, S3BucketName: bucket, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
            TagsList: [{ Key: CREATED_BY_TAG_KEY, Value: CREATED_BY_TAG_VALUE }],
          },
        },
        undo: [{ service: 'cloudtrail', region, operation: 'DeleteTrail', input: { Name: trailArn } }],
        creates: [trailArn],
        warning: 'the first trail copy of management events is free; S3 storage of the log files and digest files is billed',
      },
      {
        // Explicit, not the service default: some endpoints (emulators among them) give a new trail no selector at all.
        describe: `record all management events (read and write, no excluded sources) on ${TRAIL_NAME}`,
        call: { service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { TrailName: trailArn, EventSelectors: [MANAGEMENT_SELECTOR] } },
        undo: [],
        changes: [trailArn],
      },
      {
        describe: `start logging on trail ${TRAIL_NAME}`,
        call: { service: 'cloudtrail', region, operation: 'StartLogging', input: { Name: trailArn } },
        undo: [{ service: 'cloudtrail', region, operation: 'StopLogging', input: { Name: trailArn } }],
        changes: [trailArn],
      },
    );
    plan.guidance.push(`the new trail ${TRAIL_NAME} does not yet deliver to CloudWatch Logs (2.4) or use a KMS key (2.7): `
      + 'selected in the same run, they are planned in a later stage on this trail; otherwise `cis-audit fix --control 2.4 --control 2.7` afterwards');
    return plan;
  },
};

/** Where the trail bucket's access logs go (2.6): the target's steps and the PutBucketLogging, or guidance why not. */
async function trailBucketLogging(
  read: AwsReader, ctx: CheckContext, region: string, bucket: string, options: FixOptions, plan: RemediationPlan, newBucket: boolean,
): Promise<{ target: Step[]; logging: Step[] }> {
  const t = await planAccessLogTarget({ read, ctx, region, sources: [bucket], ...(options.accessLogBucket ? { given: options.accessLogBucket } : {}) });
  const why = t.blocked ?? t.missing;
  if (why) {
    plan.guidance.push(`trail bucket ${bucket}: access logging (2.6) not set up: ${why}`);
    return { target: [], logging: [] };
  }
  return { target: t.steps, logging: [bucketLoggingStep(ctx, region, bucket, t.target, 'trail bucket', newBucket)] };
}

/** A new private trail bucket: block, SSE-S3, this trail's policy, versioning, the retention rule, access logging. */
async function newTrailBucketSteps(
  read: AwsReader, ctx: CheckContext, region: string, bucket: string, policy: PolicyDocument, options: FixOptions, plan: RemediationPlan,
): Promise<Step[]> {
  const days = options.trailBucketRetentionDays ?? DEFAULT_TRAIL_BUCKET_RETENTION_DAYS;
  const logging = await trailBucketLogging(read, ctx, region, bucket, options, plan, true);
  return [
    ...logging.target,
    ...privateBucketSteps({ ctx, region, bucket, policy, holds: 'CloudTrail log files' }),
    ...retentionSteps(ctx, region, bucket, days).steps,
    ...logging.logging,
  ];
}

/** Ours from an earlier run that stopped half-way: only what is missing; never a policy or lifecycle someone set. */
async function finishTrailBucket(
  read: AwsReader, ctx: CheckContext, region: string, bucket: string, policy: PolicyDocument, trailArn: string, options: FixOptions, plan: RemediationPlan,
): Promise<Step[] | undefined> {
  const done = await finishOwnBucket(read, ctx, region, bucket, policy, (p) => letsCloudTrailDeliver(p, ctx, bucket, trailArn));
  if (done.guidance.length > 0) {
    plan.guidance.push(...done.guidance);
    return undefined;
  }
  const steps = [...done.steps];
  const retention = await readRetention(read, region, bucket, ctx.account);
  if (!retention.ok) plan.guidance.push(`bucket ${bucket}: versioning and lifecycle not changed, ${retention.why}`);
  else {
    const r = retentionSteps(ctx, region, bucket, options.trailBucketRetentionDays ?? DEFAULT_TRAIL_BUCKET_RETENTION_DAYS, retention.value);
    steps.push(...r.steps);
    if (r.kept) plan.guidance.push(r.kept);
  }
  const current = await readLoggingTarget(read, region, bucket, ctx.account);
  if (!current.ok) plan.guidance.push(`bucket ${bucket}: access logging not changed, ${current.why}`);
  else if (!current.target) {
    const logging = await trailBucketLogging(read, ctx, region, bucket, options, plan, false);
    steps.unshift(...logging.target);
    steps.push(...logging.logging);
  }
  return steps;
}
