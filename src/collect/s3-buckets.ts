import type { Got } from '../model/got.js';
import { defineDatum, orThrow, settle, type CollectContext, type DatumDef } from './datum.js';
import { paginate } from './paginate.js';
import {
  absentAs, accountPublicAccessBlock, blocksEverything, bucketLocation, bucketPublicAccessBlock, sortKeys, type PublicAccessBlock,
} from './s3.js';

// Every S3 bucket of the account and the per-bucket settings the Storage controls read. Each setting is one datum,
// read once per bucket per scan however many checks use it; every call goes to the bucket's own region and carries
// ExpectedBucketOwner. Per-bucket calls are bulk reads: they run under the reader's concurrency and S3 rate limits.

export interface ListedBucket {
  /** The bucket's region: ListBuckets' BucketRegion, or GetBucketLocation where S3 leaves it out. */
  region: string;
  creationDate?: string;
}

/** Bucket name → its place, or the error that kept us from knowing where it is. Sorted by name. */
export type AllBuckets = Record<string, Got<ListedBucket>>;

/** Bucket name → the setting, or why it could not be read. */
export type PerBucket<T> = Record<string, Got<T>>;

type RawListedBucket = { Name?: string; BucketRegion?: string; CreationDate?: Date | string };

// The largest page ListBuckets allows; asking for a page size is also what makes S3 include BucketRegion.
const MAX_BUCKETS = 10_000;

export const allBuckets = defineDatum<AllBuckets>({
  key: 's3.allBuckets',
  description: 'every S3 general purpose bucket of the account and its region',
  reads: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'],
  async load(ctx) {
    const raw = await paginate<RawListedBucket>(ctx, 's3', ctx.homeRegion, 'ListBuckets', { MaxBuckets: MAX_BUCKETS }, {
      inputToken: 'ContinuationToken', outputToken: 'ContinuationToken', items: 'Buckets',
    });
    const entries = await Promise.all(raw.map(async (b): Promise<readonly [string, Got<ListedBucket>]> => {
      if (!b.Name) throw new Error('ListBuckets returned a bucket without a name');
      const created = b.CreationDate instanceof Date ? b.CreationDate.toISOString() : b.CreationDate;
      const extra = created ? { creationDate: created } : {};
      if (b.BucketRegion) return [b.Name, { ok: true, value: { region: b.BucketRegion, ...extra } }];
      const location = await bucketLocation(ctx, b.Name);
      return [b.Name, location.ok ? { ok: true, value: { region: location.value.region, ...extra } } : location];
    }));
    return sortKeys(Object.fromEntries(entries));
  },
});

/** A datum holding one setting of every bucket: a bucket whose region is unknown keeps that error. */
function definePerBucket<T>(def: {
  key: string;
  description: string;
  reads: string[];
  operation: string;
  read(ctx: CollectContext, bucket: string, input: { Bucket: string; ExpectedBucketOwner: string }, region: string): Promise<T>;
}): DatumDef<PerBucket<T>> {
  return defineDatum<PerBucket<T>>({
    key: def.key,
    description: def.description,
    reads: def.reads,
    dependsOn: [allBuckets],
    async load(ctx) {
      const buckets = orThrow(await ctx.get(allBuckets));
      const entries = await Promise.all(Object.entries(buckets).map(async ([bucket, place]): Promise<readonly [string, Got<T>]> => {
        if (!place.ok) return [bucket, place];
        const region = place.value.region;
        const input = { Bucket: bucket, ExpectedBucketOwner: ctx.account };
        return [bucket, await settle(() => def.read(ctx, bucket, input, region), `${def.operation} ${bucket}`, region, ctx.unexpected)];
      }));
      return Object.fromEntries(entries);
    },
  });
}

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface BucketPolicy {
  /** Statement as a list (a policy may give a single statement object). */
  statements: PolicyStatement[];
}

export const bucketPolicies = definePerBucket<BucketPolicy | null>({
  key: 's3.bucketPolicies',
  description: 'the bucket policy of every S3 bucket (null: the bucket has none)',
  reads: ['s3:GetBucketPolicy'],
  operation: 'GetBucketPolicy',
  read: (ctx, _bucket, input, region) => absentAs(null, 'NoSuchBucketPolicy', async () => {
    const out = await ctx.aws.call<{ Policy?: unknown }>('s3', region, 'GetBucketPolicy', input, 'per-resource');
    // S3 sends the policy as text; a snapshot keeps it decoded (hand-editable), so both are read.
    if (out.Policy && typeof out.Policy === 'object') return parsePolicy(JSON.stringify(out.Policy));
    if (typeof out.Policy !== 'string') throw new Error('GetBucketPolicy returned no Policy document');
    return parsePolicy(out.Policy);
  }),
});

/** The policy text as S3 returns it; a document we cannot read as a policy is an error, never "no policy". */
export function parsePolicy(text: string): BucketPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('GetBucketPolicy returned a policy that is not JSON');
  }
  const statement = (doc as { Statement?: unknown } | null)?.Statement;
  if (statement === undefined || statement === null || typeof statement !== 'object') {
    throw new Error('GetBucketPolicy returned a policy without a Statement');
  }
  return { statements: (Array.isArray(statement) ? statement : [statement]) as PolicyStatement[] };
}

export interface BucketVersioning {
  /** "Enabled", "Suspended", or null for a bucket that never had versioning. */
  status: string | null;
  /** "Enabled", "Disabled", or null when S3 does not report it (never configured). */
  mfaDelete: string | null;
}

export const bucketVersioning = definePerBucket<BucketVersioning>({
  key: 's3.bucketVersioning',
  description: 'versioning and MFA delete of every S3 bucket',
  reads: ['s3:GetBucketVersioning'],
  operation: 'GetBucketVersioning',
  async read(ctx, _bucket, input, region) {
    const out = await ctx.aws.call<{ Status?: string; MFADelete?: string }>('s3', region, 'GetBucketVersioning', input, 'per-resource');
    return { status: out.Status ?? null, mfaDelete: out.MFADelete ?? null };
  },
});

export interface EncryptionRule {
  /** ApplyServerSideEncryptionByDefault.SSEAlgorithm: AES256, aws:kms or aws:kms:dsse. */
  sseAlgorithm?: string;
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
}

type RawRule = { ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean };

export const bucketEncryption = definePerBucket<EncryptionRule[] | null>({
  key: 's3.bucketEncryption',
  description: 'the default encryption rules of every S3 bucket (null: none configured)',
  reads: ['s3:GetEncryptionConfiguration'],
  operation: 'GetBucketEncryption',
  read: (ctx, _bucket, input, region) => absentAs(null, 'ServerSideEncryptionConfigurationNotFoundError', async () => {
    const out = await ctx.aws.call<{ ServerSideEncryptionConfiguration?: { Rules?: RawRule[] } }>(
      's3', region, 'GetBucketEncryption', input, 'per-resource',
    );
    const rules = out.ServerSideEncryptionConfiguration?.Rules;
    if (!Array.isArray(rules)) throw new Error('GetBucketEncryption returned no Rules list');
    return rules.map((r) => {
      const d = r.ApplyServerSideEncryptionByDefault;
      const rule: EncryptionRule = {};
      if (d?.SSEAlgorithm) rule.sseAlgorithm = d.SSEAlgorithm;
      if (d?.KMSMasterKeyID) rule.kmsMasterKeyId = d.KMSMasterKeyID;
      if (r.BucketKeyEnabled !== undefined) rule.bucketKeyEnabled = r.BucketKeyEnabled;
      return rule;
    });
  }),
});

export interface PublicAccessBlocks {
  /** The account-level block (null: not configured). */
  account: Got<PublicAccessBlock | null>;
  /** Each bucket's own block; left out when the account-level block already blocks everything. */
  buckets?: PerBucket<PublicAccessBlock | null>;
}

export const publicAccessBlocks = defineDatum<PublicAccessBlocks>({
  key: 's3.publicAccessBlocks',
  description: 'the account-level S3 Block Public Access and, unless it blocks everything, every bucket\'s own',
  reads: ['s3:GetAccountPublicAccessBlock', 's3:GetBucketPublicAccessBlock'],
  dependsOn: [allBuckets],
  async load(ctx) {
    const account = await accountPublicAccessBlock(ctx);
    if (account.ok && blocksEverything(account.value)) return { account };
    const buckets = orThrow(await ctx.get(allBuckets));
    const entries = await Promise.all(Object.entries(buckets).map(async ([bucket, place]) =>
      [bucket, place.ok ? await bucketPublicAccessBlock(ctx, bucket, place.value.region) : place] as const));
    return { account, buckets: Object.fromEntries(entries) };
  },
});
