import { DEFAULT_RATES } from '../src/aws/rate-limit.js';
import type { ServiceName } from '../src/aws/services.js';
import { trailArn } from '../test/fake-aws/cloudtrail.js';
import { API_PAGE, type BenchAccount, type BenchmarkSet } from './generate.js';
import { newerGroups } from './bounds-newer.js';

// What a perfect scanner would need for all 43 controls on a generated account, computed from the account alone
// (never from the scanner's plan): one call per page per distinct datum, and the wall time no scanner can beat.
//
//   minimal calls   = Σ pages over every datum the 43 controls need (API maximum page sizes);
//   chain           = the longest path of dependent calls, pages included (a page needs the previous page's token);
//   rate term       = per limiter bucket (service AND region, as the scanner limits): the bucket's first call cannot
//                     start before its dependencies answer, the limiter (GCRA, burst = rate) lets the k-th call start
//                     (k - burst) / rate after the first, and the last call still takes one latency:
//                     earliest + max(0, n - burst) / rate + latency;
//   bound           = max(chain × latency, the largest rate term).
// The literal "calls ÷ rate" of the issue is reported too (naiveRateMs); it ignores the burst the limiter allows,
// so it is not a lower bound (a scanner can beat it) and is not used for the ratio.

export interface CallGroup {
  id: string;
  service: ServiceName;
  region: string;
  operation: string;
  /** Independent calls of this kind (e.g. one DescribeKey per key)… */
  count: number;
  /** …each of this many sequential pages. */
  pages: number;
  /** Groups whose answers this one needs before its first call… */
  after: string[];
  /** …and one of these, whichever answers first (e.g. the first log group that shows filters). */
  afterAny?: string[];
}

/** Adds a group (count and pages default to 1, after to none; a group of no calls is left out); returns its id. */
export type AddGroup = (g: Omit<CallGroup, 'count' | 'pages' | 'after'> & Partial<Pick<CallGroup, 'count' | 'pages' | 'after'>>) => string;

export interface RateBucket {
  bucket: string;
  calls: number;
  rate: number;
  burst: number;
  earliestStartMs: number;
  ms: number;
  naiveMs: number;
}

export interface Bounds {
  latencyMs: number;
  minimalCalls: number;
  minimalByOperation: Record<string, number>;
  /** Dependent calls on the longest chain (pages included). */
  chainCalls: number;
  criticalPath: string[];
  chainMs: number;
  rateMs: number;
  rateBucket: string;
  naiveRateMs: number;
  boundMs: number;
  limitedBy: 'chain' | 'rate';
  /** The five tightest limiter buckets. */
  buckets: RateBucket[];
  groups: CallGroup[];
}

const pagesOf = (items: number, size: number) => Math.max(1, Math.ceil(items / size));

/** Every datum the set's controls need (the 43 of v1.2.0, or all six versions'), as call groups with their dependencies. */
export function callGroups(b: BenchAccount, set: BenchmarkSet = 'default'): CallGroup[] {
  const m = b.model;
  const home = b.homeRegion;
  const groups: CallGroup[] = [];
  const add: AddGroup = (g) => {
    const group: CallGroup = { count: 1, pages: 1, after: [], ...g };
    if (group.count > 0) groups.push(group);
    return group.id;
  };

  // Who we are (account id for ARNs and ownership) and which regions exist: independent of each other.
  const sts = add({ id: 'sts', service: 'sts', region: home, operation: 'GetCallerIdentity' });
  const regionsId = add({ id: 'regions', service: 'ec2', region: home, operation: 'DescribeRegions' });

  // IAM (global, home region endpoint).
  const gen = add({ id: 'iam.generate', service: 'iam', region: home, operation: 'GenerateCredentialReport' });
  add({ id: 'iam.report', service: 'iam', region: home, operation: 'GetCredentialReport', after: [gen] });
  add({ id: 'iam.summary', service: 'iam', region: home, operation: 'GetAccountSummary' });
  add({ id: 'iam.passwordPolicy', service: 'iam', region: home, operation: 'GetAccountPasswordPolicy' });
  add({ id: 'iam.mfa', service: 'iam', region: home, operation: 'ListVirtualMFADevices', pages: pagesOf(m.iam.virtualMfa.length, API_PAGE.iam) });
  add({ id: 'iam.users', service: 'iam', region: home, operation: 'GetAccountAuthorizationDetails', pages: pagesOf(m.iam.users.length, API_PAGE.iam) });
  // 1.20: only the roles AWSSupportAccess is attached to (ListEntitiesForPolicy), not every role.
  const supportPolicy = `arn:${m.partition}:iam::aws:policy/AWSSupportAccess`;
  const supportRoles = m.iam.roles.filter((r) => (r.AttachedManagedPolicies ?? []).some((p) => p.PolicyArn === supportPolicy)).length;
  add({ id: 'iam.supportAccessRoles', service: 'iam', region: home, operation: 'ListEntitiesForPolicy', pages: pagesOf(supportRoles, API_PAGE.iam) });
  add({ id: 'iam.policies', service: 'iam', region: home, operation: 'GetAccountAuthorizationDetails', pages: pagesOf(m.iam.policies.length, API_PAGE.iam) });

  // Per region: EC2 networking, trails listing, Config, KMS.
  for (const region of m.regions) {
    const net = m.networking?.regions[region] ?? { vpcs: [], flowLogs: [], securityGroups: [] };
    const ec2 = (operation: string, items: number) =>
      add({ id: `ec2.${operation}@${region}`, service: 'ec2', region, operation, pages: pagesOf(items, API_PAGE.ec2), after: [regionsId] });
    ec2('DescribeVpcs', net.vpcs.length);
    ec2('DescribeFlowLogs', net.flowLogs.length);
    ec2('DescribeSecurityGroups', net.securityGroups.length);
    ec2('DescribeSecurityGroupRules', net.securityGroups.reduce((n, g) => n + g.rules.length, 0));
    add({ id: `trails@${region}`, service: 'cloudtrail', region, operation: 'DescribeTrails', after: [regionsId] });
    for (const op of ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus', 'DescribeDeliveryChannels']) {
      add({ id: `config.${op}@${region}`, service: 'config', region, operation: op, after: [regionsId] });
    }
    const keys = (m.logging?.kmsKeys ?? []).filter((k) => k.region === region);
    const list = add({ id: `kms.list@${region}`, service: 'kms', region, operation: 'ListKeys', pages: pagesOf(keys.length, API_PAGE.kmsListKeys), after: [regionsId] });
    const describe = add({ id: `kms.describe@${region}`, service: 'kms', region, operation: 'DescribeKey', count: keys.length, after: [list] });
    const eligible = keys.filter((k) => k.KeyManager === 'CUSTOMER' && k.KeySpec === 'SYMMETRIC_DEFAULT' && k.Origin === 'AWS_KMS' && k.KeyState === 'Enabled');
    add({ id: `kms.rotation@${region}`, service: 'kms', region, operation: 'GetKeyRotationStatus', count: eligible.length, after: [describe] });
  }

  // Each distinct trail: status and event selectors, in its home region, once its listing answered.
  const trails = m.cloudtrail?.trails ?? [];
  const trailReads = new Map<string, string[]>();
  for (const t of trails) {
    const arn = trailArn(m.account, t, m.partition);
    const listed = `trails@${t.HomeRegion}`;
    trailReads.set(arn, [
      add({ id: `cloudtrail.status:${arn}`, service: 'cloudtrail', region: t.HomeRegion, operation: 'GetTrailStatus', after: [listed] }),
      add({ id: `cloudtrail.selectors:${arn}`, service: 'cloudtrail', region: t.HomeRegion, operation: 'GetEventSelectors', after: [listed] }),
    ]);
  }

  // The trail buckets: located from the home region, then read in their own region; the account-level block only
  // when some bucket's own block does not already block everything.
  const buckets = [...new Set(trails.map((t) => t.S3BucketName))];
  const blockReads: string[] = [];
  let accountBlockNeeded = false;
  for (const name of buckets) {
    const bucket = m.logging?.buckets.find((x) => x.Name === name);
    const listedBy = trails.filter((t) => t.S3BucketName === name).map((t) => `trails@${t.HomeRegion}`);
    const loc = add({ id: `s3.location:${name}`, service: 's3', region: home, operation: 'GetBucketLocation', after: [...listedBy, sts] });
    if (!bucket) {
      accountBlockNeeded = true;
      continue;
    }
    for (const op of ['GetBucketAcl', 'GetBucketPolicyStatus', 'GetPublicAccessBlock', 'GetBucketLogging']) {
      const id = add({ id: `s3.${op}:${name}`, service: 's3', region: bucket.region, operation: op, after: [loc] });
      if (op === 'GetPublicAccessBlock') blockReads.push(id);
    }
    const pab = bucket.publicAccessBlock;
    if (!(pab && pab.BlockPublicAcls && pab.IgnorePublicAcls && pab.BlockPublicPolicy && pab.RestrictPublicBuckets)) accountBlockNeeded = true;
  }
  // The newer benchmarks read the account-level block first, for every bucket (bounds-newer.ts).
  if (accountBlockNeeded && set === 'default') add({ id: 's3control.accountBlock', service: 's3control', region: home, operation: 'GetPublicAccessBlock', after: [...blockReads, sts] });
  if (set === 'all') newerGroups(b, add, { sts, regions: regionsId, trailBuckets: new Set(buckets) });

  // The 3.x chain: candidate trails (multi-region, logging, all management events) → their same-account log
  // groups' filters → alarms in those regions → topics that alarms on the CIS filters' metrics notify.
  const candidateGroups = new Map<string, { region: string; name: string; after: string[] }>();
  for (const t of trails) {
    const selectsAll = t.advancedEventSelectors === undefined
      && (t.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true }])
        .some((s) => s.IncludeManagementEvents && s.ReadWriteType === 'All' && (s.ExcludeManagementEventSources ?? []).length === 0);
    if (!t.IsMultiRegionTrail || !t.status.IsLogging || !selectsAll || !t.CloudWatchLogsLogGroupArn) continue;
    const [, , , region, account, , name] = t.CloudWatchLogsLogGroupArn.split(':');
    if (account !== m.account || !region || !name) continue;
    const entry = candidateGroups.get(`${region}|${name}`) ?? { region, name, after: [sts] };
    entry.after.push(...trailReads.get(trailArn(m.account, t, m.partition))!);
    candidateGroups.set(`${region}|${name}`, entry);
  }
  // The chain is pipelined per log group: a region's alarms need only the first of its log groups with filters,
  // and a topic needs its region's alarms and the filters of one log group whose CIS metric alarms on it.
  const filters = m.monitoring?.metricFilters ?? [];
  const cis = new Set(b.cisFilters);
  const filtersIn = new Map<string, string[]>();
  const filterReadOfMetric = new Map<string, string[]>();
  for (const g of candidateGroups.values()) {
    const own = filters.filter((f) => f.region === g.region && f.logGroupName === g.name);
    const id = add({ id: `logs.filters:${g.name}@${g.region}`, service: 'logs', region: g.region, operation: 'DescribeMetricFilters', pages: pagesOf(own.length, API_PAGE.logsMetricFilters), after: g.after });
    if (own.length === 0) continue;
    filtersIn.set(g.region, [...(filtersIn.get(g.region) ?? []), id]);
    for (const f of own) {
      if (!cis.has(`${f.logGroupName}|${f.filterName}`) || !f.metric) continue;
      const key = `${g.region}|${f.metric.namespace}|${f.metric.name}`;
      filterReadOfMetric.set(key, [...(filterReadOfMetric.get(key) ?? []), id]);
    }
  }
  const alarms = m.monitoring?.alarms ?? [];
  const topics = new Map<string, { after: string; afterAny: Set<string> }>();
  for (const [region, groupReads] of filtersIn) {
    const inRegion = alarms.filter((a) => a.region === region);
    const id = add({ id: `cloudwatch.alarms@${region}`, service: 'cloudwatch', region, operation: 'DescribeAlarms', pages: pagesOf(inRegion.length, API_PAGE.cloudwatchAlarms), afterAny: groupReads });
    for (const a of inRegion) {
      const metrics = a.Metrics
        ? a.Metrics.flatMap((x) => {
          const metric = (x as { MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: unknown[] } } }).MetricStat?.Metric;
          return metric && (metric.Dimensions ?? []).length === 0 ? [`${metric.Namespace}|${metric.MetricName}`] : [];
        })
        : (a.Dimensions ?? []).length === 0 ? [`${a.Namespace}|${a.MetricName}`] : [];
      const via = metrics.flatMap((x) => filterReadOfMetric.get(`${region}|${x}`) ?? []);
      if (!a.ActionsEnabled || via.length === 0) continue;
      for (const action of a.AlarmActions) {
        const [, , service, topicRegion, account] = action.split(':');
        if (service !== 'sns' || account !== m.account || !topicRegion) continue;
        const topic = topics.get(action) ?? { after: id, afterAny: new Set<string>() };
        via.forEach((x) => topic.afterAny.add(x));
        topics.set(action, topic);
      }
    }
  }
  for (const [arn, t] of topics) {
    const n = m.monitoring?.topics.find((x) => x.arn === arn)?.subscriptions.length ?? 0;
    add({ id: `sns.subscriptions:${arn}`, service: 'sns', region: arn.split(':')[3]!, operation: 'ListSubscriptionsByTopic', pages: pagesOf(n, API_PAGE.snsSubscriptions), after: [t.after], afterAny: [...t.afterAny] });
  }
  return groups;
}

export function computeBounds(b: BenchAccount, latencyMs: number, set: BenchmarkSet = 'default', rates: Record<ServiceName, number> = DEFAULT_RATES): Bounds {
  const groups = callGroups(b, set);
  const byId = new Map(groups.map((g) => [g.id, g]));
  // Finish depth (in calls) of each group, memoized; the groups are a DAG by construction.
  const finish = new Map<string, { depth: number; path: string[] }>();
  const depthOf = (id: string): { depth: number; path: string[] } => {
    const known = finish.get(id);
    if (known) return known;
    const g = byId.get(id);
    if (!g) throw new Error(`bounds: unknown dependency ${id}`);
    const all = g.after.map(depthOf).reduce((best, d) => (d.depth > best.depth ? d : best), { depth: 0, path: [] as string[] });
    const any = g.afterAny?.length ? g.afterAny.map(depthOf).reduce((best, d) => (d.depth < best.depth ? d : best)) : all;
    const before = any.depth > all.depth ? any : all;
    const result = { depth: before.depth + g.pages, path: [...before.path, `${g.service}:${g.operation}${g.pages > 1 ? ` ×${g.pages} pages` : ''} (${g.region})`] };
    finish.set(id, result);
    return result;
  };
  const startDepth = (g: CallGroup) => Math.max(
    g.after.reduce((d, id) => Math.max(d, depthOf(id).depth), 0),
    g.afterAny?.length ? Math.min(...g.afterAny.map((id) => depthOf(id).depth)) : 0,
  );

  let chain = { depth: 0, path: [] as string[] };
  const minimalByOperation: Record<string, number> = {};
  const perBucket = new Map<string, { service: ServiceName; calls: number; earliest: number }>();
  let minimalCalls = 0;
  for (const g of groups) {
    const d = depthOf(g.id);
    if (d.depth > chain.depth) chain = d;
    const calls = g.count * g.pages;
    minimalCalls += calls;
    const op = `${g.service}:${g.operation}`;
    minimalByOperation[op] = (minimalByOperation[op] ?? 0) + calls;
    const key = `${g.service}|${g.region}`;
    const bucket = perBucket.get(key) ?? { service: g.service, calls: 0, earliest: Number.POSITIVE_INFINITY };
    bucket.calls += calls;
    bucket.earliest = Math.min(bucket.earliest, startDepth(g));
    perBucket.set(key, bucket);
  }
  const buckets: RateBucket[] = [...perBucket].map(([bucket, v]) => {
    const rate = rates[v.service];
    const burst = Math.max(1, Math.ceil(rate)); // as limiterFactory builds it
    const earliestStartMs = v.earliest * latencyMs;
    return {
      bucket, calls: v.calls, rate, burst, earliestStartMs,
      ms: earliestStartMs + (Math.max(0, v.calls - burst) / rate) * 1000 + latencyMs,
      naiveMs: (v.calls / rate) * 1000,
    };
  }).sort((x, y) => y.ms - x.ms);
  const top = buckets[0]!;
  const chainMs = chain.depth * latencyMs;
  const naiveRateMs = Math.max(...buckets.map((x) => x.naiveMs));
  return {
    latencyMs,
    minimalCalls,
    minimalByOperation: Object.fromEntries(Object.entries(minimalByOperation).sort(([a], [c]) => (a < c ? -1 : 1))),
    chainCalls: chain.depth,
    criticalPath: chain.path,
    chainMs,
    rateMs: top.ms,
    rateBucket: top.bucket,
    naiveRateMs,
    boundMs: Math.max(chainMs, top.ms),
    limitedBy: chainMs >= top.ms ? 'chain' : 'rate',
    buckets: buckets.slice(0, 5),
    groups,
  };
}
