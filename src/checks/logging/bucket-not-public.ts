import { trails } from '../../collect/cloudtrail.js';
import { PUBLIC_GROUPS, trailBucketExposure, type BucketExposure, type PublicAccessBlock } from '../../collect/s3.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Got, ReadError } from '../../model/got.js';
import type { Check, CheckContext } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass } from '../findings.js';
import { bucketArn, bucketLabel, bucketReadError, bucketsOfTrails } from './trail-buckets.js';
import { trailScope } from './trail-scope.js';

// A trail bucket is public when its ACL grants to everyone (or every AWS user) or its policy is public, and no
// public access block (the bucket's or the account's) neutralises that path.

type Tri = 'yes' | 'no' | 'unknown';

export const bucketNotPublic: Check = {
  id: 'cloudtrail-bucket-not-public',
  description: 'The S3 buckets CloudTrail delivers to are not publicly accessible (ACL, policy, public access blocks)',
  needs: [trails, trailBucketExposure],
  evaluate(state, ctx) {
    const scope = trailScope(state.get(trails), ctx);
    const buckets = bucketsOfTrails(scope.trails);
    if (buckets.size === 0 && scope.errors.length === 0) {
      return [notApplicable(accountResource(ctx), GLOBAL, 'the account has no CloudTrail trail')];
    }
    const exposure = state.get(trailBucketExposure);
    const findings = [...buckets].map(([bucket, trailNames]): Finding => {
      if (!exposure.ok) return bucketReadError(ctx, bucket, trailNames, ctx.homeRegion, exposure.error);
      const got = exposure.value.buckets[bucket];
      if (!got) return bucketReadError(ctx, bucket, trailNames, ctx.homeRegion, notCollected(bucket, ctx));
      if (!got.ok) return bucketReadError(ctx, bucket, trailNames, ctx.homeRegion, got.error);
      return judgeBucket(ctx, bucket, trailNames, got.value, exposure.value.accountPublicAccessBlock);
    });
    return [...findings, ...scope.errors];
  },
};

function judgeBucket(
  ctx: CheckContext, bucket: string, trailNames: string[], b: BucketExposure, account: Got<PublicAccessBlock | null> | undefined,
): Finding {
  const resource = bucketArn(ctx, bucket);
  const region = b.location.region;
  const label = bucketLabel(bucket, trailNames);
  const unknown: ReadError[] = [];
  const exposed: string[] = [];
  const evidence: Evidence[] = [
    { source: 's3:GetBucketLocation', field: 'LocationConstraint', value: b.location.locationConstraint, expected: region },
  ];

  const ignoreAcls = neutralised('IgnorePublicAcls', b.publicAccessBlock, account);
  const restrictPolicy = neutralised('RestrictPublicBuckets', b.publicAccessBlock, account);

  if (b.acl.ok) {
    const publicGrants = b.acl.value.grants.flatMap((g) => {
      const group = PUBLIC_GROUPS[g.grantee as keyof typeof PUBLIC_GROUPS];
      return group ? [`${g.permission} to ${group}`] : [];
    });
    evidence.push({ source: 's3:GetBucketAcl', field: 'Grants (public grantees)', value: publicGrants, expected: 'no grant to AllUsers or AuthenticatedUsers' });
    if (publicGrants.length > 0) {
      if (ignoreAcls === 'no') exposed.push(`its ACL grants ${publicGrants.join(', ')} and no public access block sets IgnorePublicAcls`);
      if (ignoreAcls === 'unknown') unknown.push(...blockErrors(b.publicAccessBlock, account));
    }
  } else {
    evidence.push(errorEvidence(b.acl.error));
    if (ignoreAcls !== 'yes') unknown.push(b.acl.error);
  }

  if (b.policyStatus.ok) {
    const isPublic = b.policyStatus.value?.isPublic ?? null;
    evidence.push({ source: 's3:GetBucketPolicyStatus', field: 'PolicyStatus.IsPublic', value: isPublic, expected: 'false, or no bucket policy' });
    if (isPublic === true) {
      if (restrictPolicy === 'no') exposed.push('its bucket policy is public and no public access block sets RestrictPublicBuckets');
      if (restrictPolicy === 'unknown') unknown.push(...blockErrors(b.publicAccessBlock, account));
    }
  } else {
    evidence.push(errorEvidence(b.policyStatus.error));
    if (restrictPolicy !== 'yes') unknown.push(b.policyStatus.error);
  }

  evidence.push(blockEvidence('s3:GetPublicAccessBlock', 'bucket', b.publicAccessBlock));
  evidence.push(
    account === undefined
      ? { source: 's3control:GetPublicAccessBlock', field: 'PublicAccessBlockConfiguration', value: 'not read: the bucket block already blocks all public access' }
      : blockEvidence('s3control:GetPublicAccessBlock', 'account', account),
  );

  if (exposed.length > 0) return fail(resource, region, `${label} is public: ${exposed.join('; ')}`, evidence);
  if (unknown.length > 0) return { ...bucketReadError(ctx, bucket, trailNames, region, unknown[0]!), evidence };
  return pass(resource, region, `${label} is not public${publicPathNote(b, ignoreAcls, restrictPolicy)}`, evidence);
}

/** Whether a public access block flag is in force from the bucket's or the account's configuration. */
function neutralised(flag: 'IgnorePublicAcls' | 'RestrictPublicBuckets', bucket: Got<PublicAccessBlock | null>, account: Got<PublicAccessBlock | null> | undefined): Tri {
  const fromBucket = bucket.ok ? (bucket.value?.[flag] ?? false) : undefined;
  const fromAccount = account === undefined ? undefined : account.ok ? (account.value?.[flag] ?? false) : undefined;
  if (fromBucket === true || fromAccount === true) return 'yes';
  if (fromBucket === false && fromAccount === false) return 'no';
  return 'unknown';
}

/** Why a neutralising flag is unknown; never empty, so an undecided path can never end as PASS. */
function blockErrors(bucket: Got<PublicAccessBlock | null>, account: Got<PublicAccessBlock | null> | undefined): ReadError[] {
  const errors = [bucket, account].flatMap((g) => (g && !g.ok ? [g.error] : []));
  if (errors.length > 0) return errors;
  return [{ service: 's3control', operation: 'GetPublicAccessBlock', region: GLOBAL, code: 'NotCollected', message: 'the account public access block was not read' }];
}

function publicPathNote(b: BucketExposure, ignoreAcls: Tri, restrictPolicy: Tri): string {
  const notes: string[] = [];
  if (b.acl.ok && b.acl.value.grants.some((g) => g.grantee in PUBLIC_GROUPS) && ignoreAcls === 'yes') notes.push('its public ACL grant is ignored (IgnorePublicAcls)');
  if (b.policyStatus.ok && b.policyStatus.value?.isPublic === true && restrictPolicy === 'yes') notes.push('its public policy is restricted (RestrictPublicBuckets)');
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

function blockEvidence(source: string, scope: string, got: Got<PublicAccessBlock | null>): Evidence {
  if (!got.ok) return errorEvidence(got.error);
  return {
    source,
    field: `PublicAccessBlockConfiguration (${scope})`,
    value: got.value,
    expected: 'IgnorePublicAcls and RestrictPublicBuckets true (on the bucket or the account) when a public path exists',
  };
}

const errorEvidence = (e: ReadError): Evidence => ({ source: `${e.service}:${e.operation}`, field: 'error', value: { code: e.code, message: e.message } });

function notCollected(bucket: string, ctx: CheckContext): ReadError {
  return { service: 'cis-audit', operation: `collect bucket ${bucket}`, region: ctx.homeRegion, code: 'NotCollected', message: 'the bucket was not read' };
}
