import type { Trail } from '../../collect/cloudtrail.js';
import {
  alarmsOnMetric, isConfirmed, parseLogGroupArn, parseTopicArn,
  type AlarmsByRegion, type MetricAlarm, type MetricFilter, type MetricFiltersByLogGroup, type MetricRef, type SubscriptionsByTopic,
} from '../../collect/monitoring.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { failed, type Got, type ReadError } from '../../model/got.js';
import type { CheckContext } from '../check.js';
import { fail, pass, readErrorFinding } from '../findings.js';
import { describeDiff, judgeFilter, nearestMiss, type AcceptedPattern } from './filter-match.js';

// One candidate trail's chain: log group → equivalent filter → alarm on its metric → SNS topic → confirmed subscriber.

export interface ChainRule {
  accepted: AcceptedPattern[];
  strict: boolean;
}

export interface ChainData {
  filters: Got<MetricFiltersByLogGroup>;
  alarms: Got<AlarmsByRegion>;
  subscriptions: Got<SubscriptionsByTopic>;
}

/** A path that stopped at a link: the deepest one is the candidate's first broken link. */
interface Broken {
  depth: number;
  message: string;
  evidence: Evidence[];
}

interface Unreadable {
  what: string;
  error: ReadError;
  evidence: Evidence[];
}

const TRAILS = 'cloudtrail:DescribeTrails';
const FILTERS = 'logs:DescribeMetricFilters';
const ALARMS = 'cloudwatch:DescribeAlarms';
const SUBSCRIPTIONS = 'sns:ListSubscriptionsByTopic';

export function evaluateCandidate(t: Trail, rule: ChainRule, data: ChainData, ctx: CheckContext): Finding {
  const evidence: Evidence[] = [
    { source: TRAILS, field: 'TrailARN', value: t.arn, expected: 'a multi-region trail, logging all management events' },
    { source: TRAILS, field: 'CloudWatchLogsLogGroupArn', value: t.logGroupArn ?? null, expected: `a log group in account ${ctx.account}` },
  ];
  if (!t.logGroupArn) {
    return fail(t.arn, t.homeRegion, `trail ${t.name} does not deliver to CloudWatch Logs, so no metric filter sees its events`, evidence);
  }
  const lg = parseLogGroupArn(t.logGroupArn);
  if (!lg) {
    return unreadable(t, t.homeRegion, {
      what: `the log group of trail ${t.name}`,
      error: { service: 'cloudtrail', operation: 'DescribeTrails', region: t.homeRegion, code: 'UnexpectedValue', message: `${t.logGroupArn} is not a log group ARN` },
      evidence,
    });
  }
  if (lg.account !== ctx.account) {
    return unreadable(t, lg.region, {
      what: `the metric filters of log group ${lg.name}`,
      error: crossAccount('logs', 'DescribeMetricFilters', lg.region, `log group ${lg.key} belongs to account ${lg.account}: scan that account`),
      evidence,
    });
  }

  const filters = entry(data.filters, lg.key, 'DescribeMetricFilters', lg.region);
  if (!filters.ok) return unreadable(t, lg.region, { what: `the metric filters of log group ${lg.name}`, error: filters.error, evidence });
  const verdicts = filters.value.map((f) => judgeFilter(f, rule.accepted, rule.strict, false));
  for (const v of verdicts) {
    if (v.kind === 'ignored') evidence.push({ source: FILTERS, field: 'filterPattern', value: { filterName: v.filter.name, filterPattern: v.filter.pattern, ignored: v.reason } });
  }
  const matching = verdicts.flatMap((v) => (v.kind === 'match' ? [v.filter] : []));
  if (matching.length === 0) {
    // Only now is the nearest miss worth its diffs.
    return noFilter(t, lg.name, lg.region, rule, filters.value.map((f) => judgeFilter(f, rule.accepted, rule.strict)), evidence);
  }

  const broken: Broken[] = [];
  const errors: Unreadable[] = [];
  for (const filter of matching) {
    const path: Evidence[] = [
      ...evidence,
      { source: FILTERS, field: 'filterPattern', value: { filterName: filter.name, filterPattern: filter.pattern, logGroupName: lg.name }, expected: expectedPattern(rule) },
    ];
    if (!filter.metric) {
      broken.push({ depth: 1, message: `filter "${filter.name}" on ${lg.name} publishes no metric`, evidence: path });
      continue;
    }
    path.push({ source: FILTERS, field: 'metricTransformations[0]', value: { metricNamespace: filter.metric.namespace, metricName: filter.metric.name } });
    const alarms = entry(data.alarms, lg.region, 'DescribeAlarms', lg.region);
    if (!alarms.ok) {
      errors.push({ what: `the alarms of ${lg.region}`, error: alarms.error, evidence: path });
      continue;
    }
    const result = followAlarms(filter, filter.metric, alarms.value, lg.region, data, ctx, path);
    if ('passed' in result) return pass(t.arn, lg.region, `trail ${t.name} → ${result.passed}`, result.evidence);
    broken.push(...result.broken);
    errors.push(...result.errors);
  }
  const [error] = errors;
  if (error) return unreadable(t, lg.region, error);
  const worst = broken.sort((a, b) => b.depth - a.depth)[0]!;
  return fail(t.arn, lg.region, `trail ${t.name}: ${worst.message}`, worst.evidence);
}

type FollowResult = { passed: string; evidence: Evidence[] } | { broken: Broken[]; errors: Unreadable[] };

function followAlarms(
  filter: MetricFilter, metric: MetricRef, all: MetricAlarm[], region: string, data: ChainData, ctx: CheckContext, path: Evidence[],
): FollowResult {
  const metricText = `${metric.namespace}/${metric.name}`;
  const on = alarmsOnMetric(all, metric);
  const broken: Broken[] = [];
  const errors: Unreadable[] = [];
  if (on.length === 0) {
    const near = nearAlarms(all, metric);
    broken.push({
      depth: 2,
      message: `filter "${filter.name}" publishes ${metricText}, but no alarm in ${region} watches that metric without dimensions${near ? ` (${near})` : ''}`,
      evidence: [...path, { source: ALARMS, field: 'MetricAlarms', value: all.filter((a) => a.metrics.some((m) => m.name === metric.name)).map(alarmValue), expected: `an alarm in ${region} on ${metricText} without dimensions` }],
    });
  }
  for (const alarm of on) {
    const at: Evidence[] = [...path, { source: ALARMS, field: 'AlarmName', value: alarmValue(alarm), expected: `an alarm on ${metricText} without dimensions` }];
    if (!alarm.actionsEnabled) {
      broken.push({ depth: 3, message: `alarm "${alarm.name}" on ${metricText} has its actions disabled`, evidence: [...at, { source: ALARMS, field: 'ActionsEnabled', value: false, expected: 'true' }] });
      continue;
    }
    const topics = alarm.alarmActions.flatMap((a) => { const t = parseTopicArn(a); return t ? [t] : []; });
    const withActions: Evidence[] = [...at, { source: ALARMS, field: 'AlarmActions', value: alarm.alarmActions, expected: 'an SNS topic ARN' }];
    if (topics.length === 0) {
      broken.push({ depth: 4, message: `alarm "${alarm.name}" on ${metricText} notifies no SNS topic`, evidence: withActions });
      continue;
    }
    for (const topic of topics) {
      if (topic.account !== ctx.account) {
        errors.push({
          what: `the subscriptions of topic ${topic.arn}`,
          error: crossAccount('sns', 'ListSubscriptionsByTopic', topic.region, `topic ${topic.arn} belongs to account ${topic.account}: scan that account`),
          evidence: withActions,
        });
        continue;
      }
      const subs = entry(data.subscriptions, topic.arn, 'ListSubscriptionsByTopic', topic.region);
      if (!subs.ok) {
        errors.push({ what: `the subscriptions of topic ${topic.arn}`, error: subs.error, evidence: withActions });
        continue;
      }
      const confirmed = subs.value.find(isConfirmed);
      const subsEvidence: Evidence = {
        source: SUBSCRIPTIONS,
        field: 'SubscriptionArn',
        value: (confirmed ? [confirmed] : subs.value).map((s) => ({ SubscriptionArn: s.arn, Protocol: s.protocol, ...(s.endpoint ? { Endpoint: s.endpoint } : {}) })),
        expected: 'a confirmed subscription (a subscription ARN, not PendingConfirmation)',
      };
      if (confirmed) {
        return {
          passed: `filter "${filter.name}" → alarm "${alarm.name}" → topic ${topic.name} → confirmed ${confirmed.protocol} subscription`,
          evidence: [...withActions, { source: SUBSCRIPTIONS, field: 'TopicArn', value: topic.arn }, subsEvidence],
        };
      }
      const pending = subs.value.length;
      broken.push({
        depth: 5,
        message: `alarm "${alarm.name}" notifies topic ${topic.name}, which has no confirmed subscription${pending > 0 ? ` (${pending} pending confirmation)` : ' (no subscriptions)'}`,
        evidence: [...withActions, subsEvidence],
      });
    }
  }
  return { broken, errors };
}

function noFilter(t: Trail, logGroup: string, region: string, rule: ChainRule, verdicts: ReturnType<typeof judgeFilter>[], evidence: Evidence[]): Finding {
  let message = `trail ${t.name}: no metric filter on log group ${logGroup} matches the CIS pattern`;
  const near = nearestMiss(verdicts);
  const out = [...evidence];
  if (near) {
    message += near.equivalentNotExact
      ? `; filter "${near.filter.name}" is equivalent, but --strict-patterns requires the prescribed text`
      : `; closest is filter "${near.filter.name}": ${describeDiff(near.diff)}`;
    out.push({
      source: FILTERS, field: 'filterPattern',
      value: {
        filterName: near.filter.name, filterPattern: near.filter.pattern, missing: near.diff.missing, extra: near.diff.extra,
        ...(near.diff.structure ? { structure: near.diff.structure } : {}),
      },
      expected: near.accepted,
    });
  } else {
    out.push({ source: FILTERS, field: 'filterPattern', value: verdicts.map((v) => v.filter.name), expected: expectedPattern(rule) });
  }
  return fail(t.arn, region, message, out);
}

// Alarms that would count but for the namespace or the dimensions: worth naming in a FAIL.
function nearAlarms(all: MetricAlarm[], metric: MetricRef): string {
  const notes: string[] = [];
  for (const a of all) {
    for (const m of a.metrics) {
      if (m.name !== metric.name) continue;
      if (m.namespace !== metric.namespace) notes.push(`alarm "${a.name}" watches ${m.namespace ?? '(no namespace)'}/${m.name}`);
      else if (m.dimensions > 0) notes.push(`alarm "${a.name}" watches it with dimensions`);
    }
  }
  return notes.join('; ');
}

const alarmValue = (a: MetricAlarm) => ({ AlarmName: a.name, AlarmArn: a.arn, metrics: a.metrics, ...(a.math ? { metricMath: true } : {}) });

const expectedPattern = (rule: ChainRule) =>
  rule.accepted.length === 1 ? rule.accepted[0]!.text : `one of: ${rule.accepted.map((a) => a.text).join(' | ')}`;

function unreadable(t: Trail, region: string, u: Unreadable): Finding {
  const f = readErrorFinding(t.arn, region, u.error, u.what);
  return { ...f, evidence: [...u.evidence, ...f.evidence] };
}

function crossAccount(service: string, operation: string, region: string, message: string): ReadError {
  return { service, operation, region, code: 'CrossAccountResource', message };
}

// One resource's entry in a keyed datum; a missing key means the collector never read it, which is our bug.
function entry<T>(datum: Got<Record<string, Got<T>>>, key: string, operation: string, region: string): Got<T> {
  if (!datum.ok) return datum;
  return datum.value[key] ?? failed({ service: 'cis-audit', operation: `collect ${operation}`, region, code: 'NotCollected', message: `${key} was not collected` });
}
