import { isAwsError } from '../aws/errors.js';
import type { Got } from '../model/got.js';
import { trailListing, type TrailListing } from './cloudtrail.js';
import { defineDatum, settle, type CollectContext } from './datum.js';

// The S3 buckets CloudTrail delivers to, each read once however many trails share it. Every bucket call carries
// ExpectedBucketOwner, so a bucket owned by another account answers AccessDenied instead of someone else's settings.

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface AclGrant {
  /** Group URI, canonical user id or e-mail, whichever the grantee carries. */
  grantee: string;
  granteeType: string;
  permission: string;
}

export interface BucketAcl {
  ownerId?: string;
  grants: AclGrant[];
}

export interface BucketLocation {
  region: string;
  /** LocationConstraint as S3 returned it (null for us-east-1). */
  locationConstraint: string | null;
}

export interface BucketExposure {
  location: BucketLocation;
  acl: Got<BucketAcl>;
  /** null: the bucket has no policy (NoSuchBucketPolicy), absent not unreadable. */
  policyStatus: Got<{ isPublic: boolean } | null>;
  /** null: the bucket has no public access block configuration. */
  publicAccessBlock: Got<PublicAccessBlock | null>;
}

export interface TrailBucketExposure {
  buckets: Record<string, Got<BucketExposure>>;
  /** The account-level block (s3control); absent when every bucket's own block already blocks everything. */
  accountPublicAccessBlock?: Got<PublicAccessBlock | null>;
}

export const PUBLIC_GROUPS = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
} as const;

/** Distinct trail buckets, from the regions' trail listings (empty when they could not be read): the buckets are
 *  known before any trail's status is. */
export function trailBucketNames(listing: Got<TrailListing>): string[] {
  if (!listing.ok) return [];
  return [...new Set(listing.value.entries.flatMap((e) => (e.raw.S3BucketName ? [e.raw.S3BucketName] : [])))].sort();
}

/** null or "" is us-east-1 and "EU" is eu-west-1: the legacy names S3 still returns. */
export function regionOfLocation(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

export const trailBucketLocations = defineDatum<Record<string, Got<BucketLocation>>>({
  key: 's3.trailBucketLocations',
  description: 'the region of each S3 bucket CloudTrail delivers to',
  reads: ['s3:GetBucketLocation'],
  dependsOn: [trailListing],
  async load(ctx) {
    const names = trailBucketNames(await ctx.get(trailListing));
    const entries = await Promise.all(names.map(async (b) => [b, await bucketLocation(ctx, b)] as const));
    return Object.fromEntries(entries);
  },
});

/** One bucket's region (GetBucketLocation), read once per scan however many datums need it. */
export function bucketLocation(ctx: CollectContext, bucket: string): Promise<Got<BucketLocation>> {
  return ctx.once(`s3.location ${bucket}`, () => settle(async () => {
    const out = await ctx.aws.call<{ LocationConstraint?: string | null }>(
      's3', ctx.homeRegion, 'GetBucketLocation', { Bucket: bucket, ExpectedBucketOwner: ctx.account },
    );
    const constraint = out.LocationConstraint ?? null;
    return { region: regionOfLocation(constraint), locationConstraint: constraint };
  }, `bucket ${bucket}`, ctx.homeRegion, ctx.unexpected));
}

/** A bucket's own public access block, read once per scan (the trail-bucket and storage datums share it). */
export function bucketPublicAccessBlock(ctx: CollectContext, bucket: string, region: string): Promise<Got<PublicAccessBlock | null>> {
  return ctx.once(`s3.publicAccessBlock ${bucket}`, () => settle(
    () => absentAs(null, 'NoSuchPublicAccessBlockConfiguration', async () => {
      const out = await ctx.aws.call<{ PublicAccessBlockConfiguration?: Partial<PublicAccessBlock> }>(
        's3', region, 'GetPublicAccessBlock', { Bucket: bucket, ExpectedBucketOwner: ctx.account }, 'per-resource',
      );
      return toBlock(out.PublicAccessBlockConfiguration);
    }),
    `GetPublicAccessBlock ${bucket}`, region, ctx.unexpected,
  ));
}

/** The account-level block (S3 Control), read once per scan. */
export function accountPublicAccessBlock(ctx: CollectContext): Promise<Got<PublicAccessBlock | null>> {
  return ctx.once('s3.accountPublicAccessBlock', () => settle(
    () => absentAs(null, 'NoSuchPublicAccessBlockConfiguration', async () => {
      const out = await ctx.aws.call<{ PublicAccessBlockConfiguration?: Partial<PublicAccessBlock> }>(
        's3control', ctx.homeRegion, 'GetPublicAccessBlock', { AccountId: ctx.account },
      );
      return toBlock(out.PublicAccessBlockConfiguration);
    }),
    'account public access block', ctx.homeRegion, ctx.unexpected,
  ));
}

export const trailBucketExposure = defineDatum<TrailBucketExposure>({
  key: 's3.trailBucketExposure',
  description: 'ACL, policy status and public access blocks (bucket and account) of the CloudTrail buckets',
  reads: ['s3:GetBucketAcl', 's3:GetBucketPolicyStatus', 's3:GetBucketPublicAccessBlock', 's3:GetAccountPublicAccessBlock'],
  dependsOn: [trailBucketLocations],
  async load(ctx) {
    const locations = await ctx.get(trailBucketLocations);
    if (!locations.ok) throw new Error(`bucket locations unavailable: ${locations.error.code}`);
    const buckets: Record<string, Got<BucketExposure>> = {};
    await Promise.all(
      Object.entries(locations.value).map(async ([bucket, location]) => {
        buckets[bucket] = location.ok ? { ok: true, value: await readExposure(ctx, bucket, location.value) } : location;
      }),
    );
    const result: TrailBucketExposure = { buckets: sortKeys(buckets) };
    const needsAccount = Object.values(buckets).some(
      (b) => !b.ok || !b.value.publicAccessBlock.ok || !blocksEverything(b.value.publicAccessBlock.value),
    );
    if (needsAccount) {
      result.accountPublicAccessBlock = await accountPublicAccessBlock(ctx);
    }
    return result;
  },
});

export interface BucketLogging {
  /** The bucket's region (where it was read). */
  region: string;
  /** Where access logs go; absent when access logging is off. */
  targetBucket?: string;
  targetPrefix?: string;
}

export const trailBucketLogging = defineDatum<Record<string, Got<BucketLogging>>>({
  key: 's3.trailBucketLogging',
  description: 'server access logging of the CloudTrail buckets',
  reads: ['s3:GetBucketLogging'],
  dependsOn: [trailBucketLocations],
  async load(ctx) {
    const locations = await ctx.get(trailBucketLocations);
    if (!locations.ok) throw new Error(`bucket locations unavailable: ${locations.error.code}`);
    const out: Record<string, Got<BucketLogging>> = {};
    await Promise.all(
      Object.entries(locations.value).map(async ([bucket, location]) => {
        if (!location.ok) {
          out[bucket] = location;
          return;
        }
        const region = location.value.region;
        out[bucket] = await settle(async () => {
          const res = await ctx.aws.call<{ LoggingEnabled?: { TargetBucket?: string; TargetPrefix?: string } }>(
            's3', region, 'GetBucketLogging', { Bucket: bucket, ExpectedBucketOwner: ctx.account },
          );
          const le = res.LoggingEnabled;
          const logging: BucketLogging = { region };
          if (le?.TargetBucket) logging.targetBucket = le.TargetBucket;
          if (le?.TargetPrefix !== undefined) logging.targetPrefix = le.TargetPrefix;
          return logging;
        }, `GetBucketLogging ${bucket}`, region, ctx.unexpected);
      }),
    );
    return sortKeys(out);
  },
});

async function readExposure(ctx: CollectContext, bucket: string, location: BucketLocation): Promise<BucketExposure> {
  const region = location.region;
  const input = { Bucket: bucket, ExpectedBucketOwner: ctx.account };
  const [acl, policyStatus, publicAccessBlock] = await Promise.all([
    settle(async () => {
      const out = await ctx.aws.call<{ Owner?: { ID?: string }; Grants?: RawGrant[] }>('s3', region, 'GetBucketAcl', input);
      // A missing Grants list (AWS always sends one, with at least the owner) is malformed, never "no grants".
      if (!Array.isArray(out.Grants)) throw new Error('GetBucketAcl returned no Grants list');
      const acl: BucketAcl = { grants: out.Grants.map(toGrant) };
      if (out.Owner?.ID) acl.ownerId = out.Owner.ID;
      return acl;
    }, `GetBucketAcl ${bucket}`, region, ctx.unexpected),
    settle(
      () => absentAs(null, 'NoSuchBucketPolicy', async () => {
        const out = await ctx.aws.call<{ PolicyStatus?: { IsPublic?: boolean } }>('s3', region, 'GetBucketPolicyStatus', input);
        return { isPublic: out.PolicyStatus?.IsPublic === true };
      }),
      `GetBucketPolicyStatus ${bucket}`, region, ctx.unexpected,
    ),
    bucketPublicAccessBlock(ctx, bucket, region),
  ]);
  return { location, acl, policyStatus, publicAccessBlock };
}

type RawGrant = { Grantee?: { Type?: string; URI?: string; ID?: string; EmailAddress?: string }; Permission?: string };

function toGrant(g: RawGrant): AclGrant {
  const grantee = g.Grantee?.URI ?? g.Grantee?.ID ?? g.Grantee?.EmailAddress;
  // A grant to someone we cannot identify could be a public one: refuse to judge rather than call it private.
  if (!grantee) throw new Error(`GetBucketAcl returned a ${g.Permission ?? ''} grant with no identifiable grantee`);
  return { grantee, granteeType: g.Grantee?.Type ?? '', permission: g.Permission ?? '' };
}

function toBlock(c: Partial<PublicAccessBlock> | undefined): PublicAccessBlock {
  return {
    BlockPublicAcls: c?.BlockPublicAcls === true,
    IgnorePublicAcls: c?.IgnorePublicAcls === true,
    BlockPublicPolicy: c?.BlockPublicPolicy === true,
    RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
  };
}

export const blocksEverything = (b: PublicAccessBlock | null): boolean =>
  b !== null && b.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets;

/** A not-found that means "this setting does not exist" is a value, not a failure. */
export async function absentAs<T, A>(absent: A, code: string, read: () => Promise<T>): Promise<T | A> {
  try {
    return await read();
  } catch (err) {
    if (isAwsError(err, code)) return absent;
    throw err;
  }
}

export function sortKeys<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
