import type { Got } from '../model/got.js';
import { defineDatum, orThrow, settle, type CollectContext, type Regional } from './datum.js';

// Trails as the account sees them: listed in every scanned region (shadow trails included), deduplicated by
// ARN, then each read once, by ARN, in its home region.

export interface ManagementEvents {
  /** Which selector style the trail uses. */
  style: 'basic' | 'advanced' | 'none';
  read: boolean;
  write: boolean;
  /** Event sources excluded from management events (e.g. kms.amazonaws.com). */
  excludedSources: string[];
  /** Other field conditions narrowing management events (advanced selectors), as text. */
  otherConditions: string[];
}

/** What S3 object-level (data) events a trail logs, from the same GetEventSelectors answer. */
export interface S3DataEvents {
  style: 'basic' | 'advanced' | 'none';
  /** Some selector logs S3 object reads / writes for every bucket (no narrowing by bucket, prefix or event). */
  allBucketsRead: boolean;
  allBucketsWrite: boolean;
  /** The selectors that log S3 object events, as read (narrowed ones too), for evidence. */
  selectors: unknown[];
}

export interface TrailStatus {
  isLogging: boolean;
  latestCloudWatchLogsDeliveryTime?: string;
  latestCloudWatchLogsDeliveryError?: string;
  latestDeliveryTime?: string;
  latestDeliveryError?: string;
}

export interface Trail {
  arn: string;
  name: string;
  homeRegion: string;
  /** The account in the trail ARN: another account's organization trail can be seen but not always read. */
  ownerAccount: string;
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  s3BucketName?: string;
  logFileValidation: boolean;
  logGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  kmsKeyId?: string;
  /** Scanned regions whose DescribeTrails listed this trail. */
  seenIn: string[];
  status: Got<TrailStatus>;
  selectors: Got<ManagementEvents>;
  /** S3 object-level logging, from the same GetEventSelectors answer as `selectors`. */
  s3DataEvents: Got<S3DataEvents>;
}

export interface TrailInventory {
  /** Per scanned region: the trail ARNs it lists, or why it could not be listed. */
  listed: Regional<string[]>;
  trails: Trail[];
}

/** What DescribeTrails shows in each region, before any trail is read: enough to know the buckets and the
 *  candidate log groups, so those reads need not wait for every trail's status. */
export interface TrailListing {
  listed: Regional<string[]>;
  /** Each distinct trail with the regions listing it; multi-region trails with a log group first (the 3.x chain
   *  starts from them). */
  entries: ListedTrail[];
}

export interface ListedTrail {
  raw: RawTrail;
  seenIn: string[];
}

export type RawTrail = {
  Name?: string; TrailARN?: string; HomeRegion?: string; IsMultiRegionTrail?: boolean; IsOrganizationTrail?: boolean;
  S3BucketName?: string; LogFileValidationEnabled?: boolean; CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string; KmsKeyId?: string;
};

export const trailListing = defineDatum<TrailListing>({
  key: 'cloudtrail.listing',
  description: 'CloudTrail trails as each region lists them (shadow trails included)',
  reads: ['cloudtrail:DescribeTrails'],
  regional: true,
  async load(ctx) {
    const listedRaw = await Promise.all(
      ctx.regions.map(async (region) => {
        const got = await settle(async () => {
          const out = await ctx.aws.call<{ trailList?: RawTrail[] }>('cloudtrail', region, 'DescribeTrails', { includeShadowTrails: true });
          // A missing list is a malformed answer for that region, never "no trails".
          if (!Array.isArray(out.trailList)) throw new Error('DescribeTrails returned no trailList');
          return out.trailList;
        }, 'cloudtrail.trails', region, ctx.unexpected);
        return [region, got] as const;
      }),
    );
    const byArn = new Map<string, ListedTrail>();
    const listed: Regional<string[]> = {};
    for (const [region, got] of listedRaw) {
      if (!got.ok) {
        listed[region] = got;
        continue;
      }
      listed[region] = { ok: true, value: got.value.map((t) => t.TrailARN ?? '') };
      for (const raw of got.value) {
        if (!raw.TrailARN) continue;
        const entry = byArn.get(raw.TrailARN) ?? { raw, seenIn: [] };
        entry.seenIn.push(region);
        byArn.set(raw.TrailARN, entry);
      }
    }
    const feedsMonitoring = (e: ListedTrail) => (e.raw.IsMultiRegionTrail === true && !!e.raw.CloudWatchLogsLogGroupArn ? 0 : 1);
    const entries = [...byArn.values()].sort((a, b) => feedsMonitoring(a) - feedsMonitoring(b));
    return { listed, entries };
  },
});

/** One trail with its status and event selectors, read once per scan however many datums ask. */
export function readListedTrail(ctx: CollectContext, entry: ListedTrail): Promise<Trail> {
  return ctx.once(`cloudtrail.trail:${entry.raw.TrailARN}`, () => readTrail(ctx, entry.raw, entry.seenIn));
}

export const trails = defineDatum<TrailInventory>({
  key: 'cloudtrail.trails',
  description: 'CloudTrail trails (with shadow trails), their status and event selectors',
  reads: ['cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
  dependsOn: [trailListing],
  regional: true,
  async load(ctx) {
    const { listed, entries } = orThrow(await ctx.get(trailListing));
    const list = await Promise.all(entries.map((e) => readListedTrail(ctx, e)));
    list.sort((a, b) => (a.arn < b.arn ? -1 : 1));
    return { listed, trails: list };
  },
});

async function readTrail(ctx: CollectContext, raw: RawTrail, seenIn: string[]): Promise<Trail> {
  const arn = raw.TrailARN!;
  const home = raw.HomeRegion ?? arn.split(':')[3] ?? ctx.homeRegion;
  const [status, got] = await Promise.all([
    settle(async () => {
      const s = await ctx.aws.call<Record<string, unknown>>('cloudtrail', home, 'GetTrailStatus', { Name: arn });
      return toStatus(s);
    }, `GetTrailStatus ${arn}`, home, ctx.unexpected),
    settle(async () => {
      const s = await ctx.aws.call<Record<string, unknown>>('cloudtrail', home, 'GetEventSelectors', { TrailName: arn });
      return { management: managementEvents(s), s3: s3DataEvents(s) };
    }, `GetEventSelectors ${arn}`, home, ctx.unexpected),
  ]);
  const selectors: Got<ManagementEvents> = got.ok ? { ok: true, value: got.value.management } : got;
  const s3: Got<S3DataEvents> = got.ok ? { ok: true, value: got.value.s3 } : got;
  return {
    arn,
    name: raw.Name ?? arn.split('/').pop() ?? arn,
    homeRegion: home,
    ownerAccount: arn.split(':')[4] ?? '',
    isMultiRegion: raw.IsMultiRegionTrail === true,
    isOrganizationTrail: raw.IsOrganizationTrail === true,
    ...(raw.S3BucketName ? { s3BucketName: raw.S3BucketName } : {}),
    logFileValidation: raw.LogFileValidationEnabled === true,
    ...(raw.CloudWatchLogsLogGroupArn ? { logGroupArn: raw.CloudWatchLogsLogGroupArn } : {}),
    ...(raw.CloudWatchLogsRoleArn ? { cloudWatchLogsRoleArn: raw.CloudWatchLogsRoleArn } : {}),
    ...(raw.KmsKeyId ? { kmsKeyId: raw.KmsKeyId } : {}),
    seenIn: seenIn.sort(),
    status,
    selectors,
    s3DataEvents: s3,
  };
}

const iso = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : new Date(v as string).toISOString());

function toStatus(s: Record<string, unknown>): TrailStatus {
  if (typeof s.IsLogging !== 'boolean') throw new Error('GetTrailStatus returned no IsLogging');
  const out: TrailStatus = { isLogging: s.IsLogging };
  const cwl = iso(s.LatestCloudWatchLogsDeliveryTime);
  if (cwl) out.latestCloudWatchLogsDeliveryTime = cwl;
  if (typeof s.LatestCloudWatchLogsDeliveryError === 'string') out.latestCloudWatchLogsDeliveryError = s.LatestCloudWatchLogsDeliveryError;
  const s3 = iso(s.LatestDeliveryTime);
  if (s3) out.latestDeliveryTime = s3;
  if (typeof s.LatestDeliveryError === 'string') out.latestDeliveryError = s.LatestDeliveryError;
  return out;
}

type DataResource = { Type?: string; Values?: string[] };
type BasicSelector = { ReadWriteType?: string; IncludeManagementEvents?: boolean; ExcludeManagementEventSources?: string[]; DataResources?: DataResource[] };
type FieldSelector = { Field?: string; Equals?: string[]; NotEquals?: string[]; StartsWith?: string[]; NotStartsWith?: string[]; EndsWith?: string[]; NotEndsWith?: string[] };
type AdvancedSelector = { Name?: string; FieldSelectors?: FieldSelector[] };

/** What management events a trail logs, from basic or advanced event selectors. */
export function managementEvents(out: { EventSelectors?: unknown; AdvancedEventSelectors?: unknown }): ManagementEvents {
  const advanced = (out.AdvancedEventSelectors as AdvancedSelector[] | undefined) ?? [];
  if (advanced.length > 0) return combine('advanced', advanced.map(advancedCoverage));
  const basic = (out.EventSelectors as BasicSelector[] | undefined) ?? [];
  if (basic.length === 0) return { style: 'none', read: false, write: false, excludedSources: [], otherConditions: [] };
  return combine('basic', basic.map(basicCoverage));
}

/** What one selector contributes to management events (null: it selects none). */
interface Coverage {
  read: boolean;
  write: boolean;
  excluded: string[];
  other: string[];
}

function basicCoverage(s: BasicSelector): Coverage | null {
  if (s.IncludeManagementEvents === false) return null; // the API default is true
  const rw = s.ReadWriteType ?? 'All';
  return {
    read: rw === 'All' || rw === 'ReadOnly',
    write: rw === 'All' || rw === 'WriteOnly',
    excluded: s.ExcludeManagementEventSources ?? [],
    other: [],
  };
}

const OPERATORS = ['Equals', 'NotEquals', 'StartsWith', 'NotStartsWith', 'EndsWith', 'NotEndsWith'] as const;
/** The operators a field selector really uses (the SDK may leave absent members as undefined). */
const operatorsOf = (f: FieldSelector) => OPERATORS.filter((op) => Array.isArray(f[op]) && f[op]!.length > 0);

function advancedCoverage(sel: AdvancedSelector): Coverage | null {
  const fields = sel.FieldSelectors ?? [];
  const category = fields.find((f) => f.Field === 'eventCategory');
  if (!category?.Equals?.includes('Management')) return null;
  const readOnly = fields.filter((f) => f.Field === 'readOnly');
  // readOnly may be narrowed with Equals or NotEquals; "true" selects reads, "false" writes.
  const allows = (value: 'true' | 'false') =>
    readOnly.every((f) => (!f.Equals || f.Equals.length === 0 || f.Equals.includes(value)) && !(f.NotEquals ?? []).includes(value));
  const coverage: Coverage = { read: allows('true'), write: allows('false'), excluded: [], other: [] };
  for (const f of fields) {
    if (f.Field === 'eventCategory' || f.Field === 'readOnly') continue;
    const ops = operatorsOf(f);
    if (f.Field === 'eventSource' && ops.length === 1 && ops[0] === 'NotEquals') {
      coverage.excluded.push(...f.NotEquals!);
      continue;
    }
    coverage.other.push(JSON.stringify(Object.fromEntries([['Field', f.Field], ...ops.map((op) => [op, f[op]])])));
  }
  return coverage;
}

/** Selectors add up: events a complete selector logs are not lost to another selector's exclusions. */
function combine(style: 'basic' | 'advanced', list: Array<Coverage | null>): ManagementEvents {
  const covers = list.filter((c): c is Coverage => c !== null);
  const complete = (c: Coverage) => c.excluded.length === 0 && c.other.length === 0;
  const fullRead = covers.some((c) => complete(c) && c.read);
  const fullWrite = covers.some((c) => complete(c) && c.write);
  const narrowing = covers.filter((c) => !complete(c) && ((c.read && !fullRead) || (c.write && !fullWrite)));
  return {
    style,
    read: covers.some((c) => c.read),
    write: covers.some((c) => c.write),
    excludedSources: [...new Set(narrowing.flatMap((c) => c.excluded))].sort(),
    otherConditions: [...new Set(narrowing.flatMap((c) => c.other))].sort(),
  };
}

/** Logs every management event, reads and writes, from every source. */
export const logsAllManagementEvents = (m: ManagementEvents) =>
  m.read && m.write && m.excludedSources.length === 0 && m.otherConditions.length === 0;

const S3_OBJECT = 'AWS::S3::Object';
/** "Every bucket" in a data resource or an ARN prefix: arn:<partition>:s3 or arn:<partition>:s3::: (nothing after). */
const ALL_BUCKETS = /^arn:[a-z-]+:s3(:::)?$/;

/** What S3 object events a trail logs for all buckets, from basic or advanced event selectors. */
export function s3DataEvents(out: { EventSelectors?: unknown; AdvancedEventSelectors?: unknown }): S3DataEvents {
  const advanced = (out.AdvancedEventSelectors as AdvancedSelector[] | undefined) ?? [];
  if (advanced.length > 0) {
    const s3 = advanced.filter((sel) => {
      const fields = sel.FieldSelectors ?? [];
      return fields.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Data'))
        && fields.some((f) => f.Field === 'resources.type' && f.Equals?.includes(S3_OBJECT));
    });
    const covers = s3.map(advancedS3Coverage);
    return { style: 'advanced', allBucketsRead: covers.some((c) => c.read), allBucketsWrite: covers.some((c) => c.write), selectors: s3 };
  }
  const basic = (out.EventSelectors as BasicSelector[] | undefined) ?? [];
  if (basic.length === 0) return { style: 'none', allBucketsRead: false, allBucketsWrite: false, selectors: [] };
  const s3 = basic.filter((sel) => (sel.DataResources ?? []).some((d) => d.Type === S3_OBJECT));
  const all = s3.filter((sel) => (sel.DataResources ?? []).some((d) => d.Type === S3_OBJECT && (d.Values ?? []).some((v) => ALL_BUCKETS.test(v))));
  const rw = (sel: BasicSelector) => sel.ReadWriteType ?? 'All';
  return {
    style: 'basic',
    allBucketsRead: all.some((sel) => rw(sel) === 'All' || rw(sel) === 'ReadOnly'),
    allBucketsWrite: all.some((sel) => rw(sel) === 'All' || rw(sel) === 'WriteOnly'),
    selectors: s3.map((sel) => ({ ReadWriteType: rw(sel), DataResources: (sel.DataResources ?? []).filter((d) => d.Type === S3_OBJECT) })),
  };
}

/** One advanced S3 data selector: reads and/or writes of every bucket, unless another field narrows it. */
function advancedS3Coverage(sel: AdvancedSelector): { read: boolean; write: boolean } {
  const fields = sel.FieldSelectors ?? [];
  const narrowed = fields.some((f) => {
    if (f.Field === 'eventCategory' || f.Field === 'resources.type' || f.Field === 'readOnly') return false;
    // resources.ARN StartsWith arn:aws:s3 (or arn:aws:s3:::) is every bucket; any other condition narrows.
    const ops = operatorsOf(f);
    return !(f.Field === 'resources.ARN' && ops.length === 1 && ops[0] === 'StartsWith' && f.StartsWith!.some((v) => ALL_BUCKETS.test(v)));
  });
  if (narrowed) return { read: false, write: false };
  const readOnly = fields.filter((f) => f.Field === 'readOnly');
  const allows = (value: 'true' | 'false') =>
    readOnly.every((f) => (!f.Equals || f.Equals.length === 0 || f.Equals.includes(value)) && !(f.NotEquals ?? []).includes(value));
  return { read: allows('true'), write: allows('false') };
}
