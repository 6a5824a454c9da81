// Collected state for the 3.x checks: one complete chain by default, each link replaceable per test.
import { trails, type ManagementEvents, type S3DataEvents, type Trail } from '../../../src/collect/cloudtrail.js';
import {
  metricAlarms, metricFilters, topicSubscriptions,
  type AlarmsByRegion, type MetricAlarm, type MetricFilter, type MetricFiltersByLogGroup, type Subscription, type SubscriptionsByTopic,
} from '../../../src/collect/monitoring.js';
import type { Check } from '../../../src/checks/check.js';
import { monitoringChecks } from '../../../src/checks/monitoring/index.js';
import { CIS_MONITORING_PATTERNS, type CisMonitoringEvent } from '../../../src/checks/monitoring/cis-patterns.js';
import type { Regional } from '../../../src/collect/datum.js';
import { controlStatus } from '../../../src/engine/aggregate.js';
import type { Finding } from '../../../src/model/finding.js';
import type { Got } from '../../../src/model/got.js';
import { ACCOUNT, evaluate, ok, type ContextOverrides } from '../../helpers/check-state.js';

export { ACCOUNT };
export const REGION = 'us-east-1';
export const LOG_GROUP = 'org-trail-logs';
export const logGroupArn = (name = LOG_GROUP, region = REGION, account = ACCOUNT) => `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
export const logGroupKey = (name = LOG_GROUP, region = REGION, account = ACCOUNT) => `arn:aws:logs:${region}:${account}:log-group:${name}`;
export const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:security-alerts`;
export const CONFIRMED = `${TOPIC}:5b1f8c2e-1111-4222-8333-944445555666`;
export const NAMESPACE = 'CISBenchmark';
export const METRIC = 'Events';

export const ALL_MANAGEMENT: ManagementEvents = { style: 'basic', read: true, write: true, excludedSources: [], otherConditions: [] };
export const NO_DATA_EVENTS: S3DataEvents = { style: 'basic', allBucketsRead: false, allBucketsWrite: false, selectors: [] };

export function trail(name = 'org-trail', over: Partial<Trail> = {}): Trail {
  const homeRegion = over.homeRegion ?? REGION;
  return {
    arn: `arn:aws:cloudtrail:${homeRegion}:${ACCOUNT}:trail/${name}`,
    name,
    homeRegion,
    ownerAccount: ACCOUNT,
    isMultiRegion: true,
    isOrganizationTrail: false,
    logFileValidation: true,
    logGroupArn: logGroupArn(),
    seenIn: [REGION],
    status: ok({ isLogging: true }),
    selectors: ok(ALL_MANAGEMENT),
    s3DataEvents: ok(NO_DATA_EVENTS),
    ...over,
  };
}

export const filter = (pattern: string, over: Partial<MetricFilter> = {}): MetricFilter => ({
  name: 'cis-filter', pattern, metric: { namespace: NAMESPACE, name: METRIC }, ...over,
});

export const alarm = (over: Partial<MetricAlarm> = {}): MetricAlarm => ({
  name: 'cis-alarm',
  arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:cis-alarm`,
  actionsEnabled: true,
  alarmActions: [TOPIC],
  metrics: [{ namespace: NAMESPACE, name: METRIC, dimensions: 0 }],
  math: false,
  ...over,
});

export const confirmed = (over: Partial<Subscription> = {}): Subscription => ({ arn: CONFIRMED, protocol: 'email', endpoint: 'secops@example.com', ...over });
export const pending = (): Subscription => ({ arn: 'PendingConfirmation', protocol: 'email', endpoint: 'new@example.com' });

export interface World {
  trails: Trail[];
  listed?: Regional<string[]>;
  filters: MetricFiltersByLogGroup;
  alarms: AlarmsByRegion;
  subscriptions: SubscriptionsByTopic;
  /** Replace a whole datum (e.g. a failed one). */
  trailsGot?: Got<unknown>;
  filtersGot?: Got<unknown>;
}

export const accepted = (event: CisMonitoringEvent, i = 0) => CIS_MONITORING_PATTERNS[event].accepted[i]!;

/** One multi-region trail → the event's filter → an alarm on its metric → a topic with a confirmed subscriber. */
export function completeWorld(pattern: string): World {
  return {
    trails: [trail()],
    filters: { [logGroupKey()]: ok([filter(pattern)]) },
    alarms: { [REGION]: ok([alarm()]) },
    subscriptions: { [TOPIC]: ok([confirmed()]) },
  };
}

export function checkFor(event: CisMonitoringEvent): Check {
  const check = monitoringChecks.find((c) => c.id === `monitoring-${event}`);
  if (!check) throw new Error(`no check monitoring-${event}`);
  return check;
}

export function run(event: CisMonitoringEvent, w: World, ctx: ContextOverrides = {}): Finding[] {
  const listed = w.listed ?? { [REGION]: ok(w.trails.map((t) => t.arn)) };
  return evaluate(checkFor(event), [
    [trails, w.trailsGot ?? ok({ listed, trails: w.trails })],
    [metricFilters, w.filtersGot ?? ok(w.filters)],
    [metricAlarms, ok(w.alarms)],
    [topicSubscriptions, ok(w.subscriptions)],
  ], { regions: [REGION], ...ctx });
}

/** The control's verdict as the benchmark combines candidates. */
export const verdict = (findings: Finding[]) => controlStatus(findings, 'any-of');
