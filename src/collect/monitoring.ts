import type { Got, ReadError } from '../model/got.js';
import { isJsonPattern, tryParsePattern } from '../patterns/index.js';
import {
  logsAllManagementEvents, readListedTrail, trailListing, type ListedTrail, type ManagementEvents, type Trail,
} from './cloudtrail.js';
import { defineDatum, orThrow, settle, type CollectContext } from './datum.js';
import { NEXT_TOKEN_PAGES, paginate, type PageShape } from './paginate.js';

// The 3.x chain's state: trail → log group → metric filters → alarms (per region) → SNS subscriptions (per topic).
// Each link is read once per scan and only for what the chain can reach from a candidate trail. The links are
// pipelined per log group (ctx.once parts): one trail's status in starts its log group's filters, whose alarms and
// topics follow, without waiting for every other trail, so the per-service rate limits do not add up along the chain.

// ---------------------------------------------------------------------------------------------------------------
// Candidate trails

export type Candidacy =
  | { kind: 'candidate' }
  | { kind: 'not-candidate'; reason: string }
  /** The trail could be a candidate, but what decides it could not be read. */
  | { kind: 'unknown'; what: string; error: ReadError };

/** Multi-region, logging, management events read+write from every source. */
export function monitoringCandidacy(t: Trail): Candidacy {
  if (!t.isMultiRegion) return { kind: 'not-candidate', reason: 'single-region trail' };
  if (!t.status.ok) return { kind: 'unknown', what: `the status of trail ${t.name}`, error: t.status.error };
  if (!t.status.value.isLogging) return { kind: 'not-candidate', reason: 'not logging (IsLogging false)' };
  if (!t.selectors.ok) return { kind: 'unknown', what: `the event selectors of trail ${t.name}`, error: t.selectors.error };
  if (!logsAllManagementEvents(t.selectors.value)) return { kind: 'not-candidate', reason: managementGap(t.selectors.value) };
  return { kind: 'candidate' };
}

function managementGap(m: ManagementEvents): string {
  if (!m.read && !m.write) return 'logs no management events';
  if (!m.read) return 'logs write-only management events';
  if (!m.write) return 'logs read-only management events';
  if (m.excludedSources.length > 0) return `excludes management events from ${m.excludedSources.join(', ')}`;
  return `narrows management events with ${m.otherConditions.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// ARNs

export interface LogGroupRef {
  partition: string;
  region: string;
  account: string;
  name: string;
  /** The log group ARN without the trailing ":*"; keys the metric filters datum. */
  key: string;
}

/** arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME[:*] */
export function parseLogGroupArn(arn: string): LogGroupRef | undefined {
  const parts = arn.split(':');
  const [prefix, partition, service, region, account, kind, name, suffix, ...rest] = parts;
  if (prefix !== 'arn' || service !== 'logs' || kind !== 'log-group' || !partition || !region || !account || !name) return undefined;
  if (rest.length > 0 || (suffix !== undefined && suffix !== '*')) return undefined;
  return { partition, region, account, name, key: `arn:${partition}:logs:${region}:${account}:log-group:${name}` };
}

export interface TopicRef {
  arn: string;
  region: string;
  account: string;
  name: string;
}

/** arn:PARTITION:sns:REGION:ACCOUNT:NAME; undefined for any other action (Auto Scaling, SSM, EC2 actions…). */
export function parseTopicArn(arn: string): TopicRef | undefined {
  const [prefix, partition, service, region, account, name, ...rest] = arn.split(':');
  if (prefix !== 'arn' || !partition || service !== 'sns' || !region || !account || !name || rest.length > 0) return undefined;
  return { arn, region, account, name };
}

// ---------------------------------------------------------------------------------------------------------------
// Metric filters per log group

export interface MetricRef {
  namespace: string;
  name: string;
}

export interface MetricFilter {
  name: string;
  pattern: string;
  /** metricTransformations[0] (the service allows exactly one); absent when the filter has none. */
  metric?: MetricRef;
}

/** Keyed by LogGroupRef.key; one log group's denied read stays that log group's. */
export type MetricFiltersByLogGroup = Record<string, Got<MetricFilter[]>>;

const METRIC_FILTER_PAGES: PageShape = { inputToken: 'nextToken', outputToken: 'nextToken', items: 'metricFilters' };

type RawMetricFilter = {
  filterName?: string;
  filterPattern?: string;
  metricTransformations?: Array<{ metricName?: string; metricNamespace?: string }>;
};

/** A candidate-to-be log group: known from the listings, a candidate once one of its trails is read as one. */
interface PendingGroup {
  ref: LogGroupRef;
  candidate: Promise<boolean>;
}

/** Same-account log groups of multi-region trails, each settling as a candidate as soon as its trails are read. */
function pendingGroups(ctx: CollectContext): Promise<PendingGroup[]> {
  return ctx.once('monitoring.pendingGroups', async () => {
    const listing = orThrow(await ctx.get(trailListing));
    // One region's listing shows every multi-region trail; none at all must not read as "no candidates".
    const listings = Object.values(listing.listed);
    if (listings.length > 0 && listings.every((g) => !g.ok)) orThrow(listings[0]!);
    const byKey = new Map<string, { ref: LogGroupRef; trails: ListedTrail[] }>();
    for (const entry of listing.entries) {
      if (entry.raw.IsMultiRegionTrail !== true || !entry.raw.CloudWatchLogsLogGroupArn) continue;
      const ref = parseLogGroupArn(entry.raw.CloudWatchLogsLogGroupArn);
      if (!ref || ref.account !== ctx.account) continue;
      const group = byKey.get(ref.key) ?? { ref, trails: [] };
      group.trails.push(entry);
      byKey.set(ref.key, group);
    }
    return [...byKey.values()]
      .sort((a, b) => (a.ref.key < b.ref.key ? -1 : 1))
      .map((g) => ({
        ref: g.ref,
        candidate: anyTrue(g.trails.map(async (e) => monitoringCandidacy(await readListedTrail(ctx, e)).kind === 'candidate')),
      }));
  });
}

/** True as soon as one settles true; false once all settled false. */
function anyTrue(list: Array<Promise<boolean>>): Promise<boolean> {
  if (list.length === 0) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    let pending = list.length;
    for (const p of list) {
      p.then((yes) => {
        if (yes) resolve(true);
        else if (--pending === 0) resolve(false);
      }, reject);
    }
  });
}

/** One log group's metric filters, read once. */
function logGroupFilters(ctx: CollectContext, g: LogGroupRef): Promise<Got<MetricFilter[]>> {
  return ctx.once(`monitoring.filters:${g.key}`, () => settle(async () => {
    const raw = await paginate<RawMetricFilter>(ctx, 'logs', g.region, 'DescribeMetricFilters', { logGroupName: g.name }, METRIC_FILTER_PAGES);
    return raw.map(toMetricFilter);
  }, `DescribeMetricFilters ${g.name}`, g.region, ctx.unexpected));
}

/** The filters of a candidate log group, or undefined for a group that turned out not to be a candidate. */
async function candidateFilters(ctx: CollectContext, g: PendingGroup): Promise<Got<MetricFilter[]> | undefined> {
  return (await g.candidate) ? logGroupFilters(ctx, g.ref) : undefined;
}

const hasFilters = (got: Got<MetricFilter[]> | undefined): got is { ok: true; value: MetricFilter[] } =>
  got !== undefined && got.ok && got.value.length > 0;

export const metricFilters = defineDatum<MetricFiltersByLogGroup>({
  key: 'monitoring.metricFilters',
  description: 'CloudWatch Logs metric filters on the log groups of candidate trails',
  reads: ['logs:DescribeMetricFilters'],
  dependsOn: [trailListing],
  async load(ctx) {
    const groups = await pendingGroups(ctx);
    const entries = await Promise.all(groups.map(async (g) => [g.ref.key, await candidateFilters(ctx, g)] as const));
    return Object.fromEntries(entries.filter((e): e is readonly [string, Got<MetricFilter[]>] => e[1] !== undefined));
  },
});

function toMetricFilter(raw: RawMetricFilter): MetricFilter {
  const t = raw.metricTransformations?.[0];
  const filter: MetricFilter = { name: raw.filterName ?? '', pattern: raw.filterPattern ?? '' };
  if (t?.metricName && t.metricNamespace) filter.metric = { namespace: t.metricNamespace, name: t.metricName };
  return filter;
}

// ---------------------------------------------------------------------------------------------------------------
// Alarms per region

export interface AlarmMetric {
  namespace?: string;
  name?: string;
  dimensions: number;
}

export interface MetricAlarm {
  name: string;
  arn: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  /** The alarm's own metric, or each MetricStat metric of a metric-math alarm. */
  metrics: AlarmMetric[];
  math: boolean;
}

/** Keyed by region: the regions of candidate log groups that have metric filters. */
export type AlarmsByRegion = Record<string, Got<MetricAlarm[]>>;

type RawMetric = { Namespace?: string; MetricName?: string; Dimensions?: unknown[] };
type RawAlarm = RawMetric & {
  AlarmName?: string;
  AlarmArn?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
  Metrics?: Array<{ MetricStat?: { Metric?: RawMetric } }>;
};

/** One region's metric alarms, read once. */
function regionAlarms(ctx: CollectContext, region: string): Promise<Got<MetricAlarm[]>> {
  return ctx.once(`monitoring.alarms:${region}`, () => settle(async () => {
    const raw = await paginate<RawAlarm>(ctx, 'cloudwatch', region, 'DescribeAlarms', { MaxRecords: 100 }, NEXT_TOKEN_PAGES('MetricAlarms'));
    return raw.map(toAlarm);
  }, 'DescribeAlarms', region, ctx.unexpected));
}

export const metricAlarms = defineDatum<AlarmsByRegion>({
  key: 'monitoring.alarms',
  description: 'CloudWatch metric alarms in the regions of candidate log groups',
  reads: ['cloudwatch:DescribeAlarms'],
  dependsOn: [metricFilters],
  async load(ctx) {
    const groups = await pendingGroups(ctx);
    const regions = [...new Set(groups.map((g) => g.ref.region))].sort();
    // A region's alarms are read as soon as one of its candidate log groups shows filters.
    const entries = await Promise.all(regions.map(async (region) => {
      const inRegion = groups.filter((g) => g.ref.region === region);
      const needed = await anyTrue(inRegion.map(async (g) => hasFilters(await candidateFilters(ctx, g))));
      return needed ? [[region, await regionAlarms(ctx, region)] as const] : [];
    }));
    return Object.fromEntries(entries.flat());
  },
});

const metricOf = (m: RawMetric): AlarmMetric => ({
  ...(m.Namespace ? { namespace: m.Namespace } : {}),
  ...(m.MetricName ? { name: m.MetricName } : {}),
  dimensions: m.Dimensions?.length ?? 0,
});

function toAlarm(raw: RawAlarm): MetricAlarm {
  const math = (raw.Metrics?.length ?? 0) > 0;
  const metrics = math
    ? (raw.Metrics ?? []).flatMap((m) => (m.MetricStat?.Metric ? [metricOf(m.MetricStat.Metric)] : []))
    : [metricOf(raw)];
  return {
    name: raw.AlarmName ?? '',
    arn: raw.AlarmArn ?? '',
    actionsEnabled: raw.ActionsEnabled === true,
    alarmActions: raw.AlarmActions ?? [],
    metrics,
    math,
  };
}

/** Alarms watching exactly this metric with no dimensions (directly or as one of a metric-math alarm's metrics). */
export function alarmsOnMetric(alarms: MetricAlarm[], metric: MetricRef): MetricAlarm[] {
  return alarms.filter((a) => a.metrics.some((m) => m.namespace === metric.namespace && m.name === metric.name && m.dimensions === 0));
}

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions per topic

export interface Subscription {
  arn: string;
  protocol: string;
  endpoint?: string;
}

/** Keyed by topic ARN: same-account topics that actions-enabled alarms on filter metrics notify. */
export type SubscriptionsByTopic = Record<string, Got<Subscription[]>>;

/** A real subscription ARN, not "PendingConfirmation" (or "Deleted"). */
export const isConfirmed = (s: Subscription) => s.arn.startsWith('arn:');

/** One topic's subscriptions, read once. */
function topicSubscriptionList(ctx: CollectContext, t: TopicRef): Promise<Got<Subscription[]>> {
  return ctx.once(`monitoring.subscriptions:${t.arn}`, () => settle(async () => {
    const raw = await paginate<{ SubscriptionArn?: string; Protocol?: string; Endpoint?: string }>(
      ctx, 'sns', t.region, 'ListSubscriptionsByTopic', { TopicArn: t.arn }, NEXT_TOKEN_PAGES('Subscriptions'),
    );
    return raw.map((s) => ({ arn: s.SubscriptionArn ?? '', protocol: s.Protocol ?? '', ...(s.Endpoint ? { endpoint: s.Endpoint } : {}) }));
  }, `ListSubscriptionsByTopic ${t.arn}`, t.region, ctx.unexpected));
}

export const topicSubscriptions = defineDatum<SubscriptionsByTopic>({
  key: 'monitoring.topicSubscriptions',
  description: 'SNS subscriptions of the topics that metric-filter alarms notify',
  reads: ['sns:ListSubscriptionsByTopic'],
  dependsOn: [metricFilters, metricAlarms],
  async load(ctx) {
    const groups = await pendingGroups(ctx);
    // Each log group's topics are read as soon as its filters and its region's alarms are in.
    const perGroup = await Promise.all(groups.map(async (g) => {
      const filters = await candidateFilters(ctx, g);
      if (!hasFilters(filters)) return [];
      const alarms = await regionAlarms(ctx, g.ref.region);
      const topics = notifiedTopics({ [g.ref.key]: filters }, { [g.ref.region]: alarms }, ctx.account);
      return Promise.all(topics.map(async (t) => [t.arn, await topicSubscriptionList(ctx, t)] as const));
    }));
    const entries = perGroup.flat().sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  },
});

/** Same-account SNS topics notified by enabled alarms on the metric of a JSON filter of a candidate log group. */
export function notifiedTopics(filters: MetricFiltersByLogGroup, alarms: AlarmsByRegion, account: string): TopicRef[] {
  const topics = new Map<string, TopicRef>();
  for (const [key, got] of Object.entries(filters)) {
    const region = parseLogGroupArn(key)?.region;
    const inRegion = region ? alarms[region] : undefined;
    if (!got.ok || !inRegion?.ok) continue;
    for (const f of got.value) {
      if (!f.metric || !isJsonPattern(f.pattern) || !tryParsePattern(f.pattern).ok) continue;
      for (const alarm of alarmsOnMetric(inRegion.value, f.metric)) {
        if (!alarm.actionsEnabled) continue;
        for (const action of alarm.alarmActions) {
          const topic = parseTopicArn(action);
          if (topic && topic.account === account) topics.set(topic.arn, topic);
        }
      }
    }
  }
  return [...topics.values()].sort((a, b) => (a.arn < b.arn ? -1 : 1));
}
