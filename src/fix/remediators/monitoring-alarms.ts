import type { AwsReader } from '../../aws/reader.js';
import type { CheckContext } from '../../checks/check.js';
import { CIS_MONITORING_EVENTS, CIS_MONITORING_PATTERNS, type CisMonitoringEvent } from '../../checks/monitoring/cis-patterns.js';
import { judgeFilter, parseAccepted } from '../../checks/monitoring/filter-match.js';
import { trails, type Trail } from '../../collect/cloudtrail.js';
import { metricAlarms, metricFilters, monitoringCandidacy, parseLogGroupArn, parseTopicArn, topicSubscriptions, type LogGroupRef, type MetricFilter } from '../../collect/monitoring.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, Step, WriteCall } from '../types.js';
import { CREATED_BY_TAG_KEY, CREATED_BY_TAG_VALUE, CREATED_BY_TAGS, describeCallError, errorCode, readPages, type PolicyDocument } from './building-blocks.js';

// 3.1–3.14 in one remediator: on the log group of a candidate trail, for each failing event, the missing links of
// filter → alarm → SNS topic → confirmed subscriber. Existing pieces are reused; only what is missing is added.

const ID = 'monitoring-alarms';
export const MONITORING_NAMESPACE = 'CISBenchmark';
export const ALERTS_TOPIC_NAME = 'cis-audit-security-alerts';
/** Filter, metric and alarm name for an event. */
export const monitoringName = (event: CisMonitoringEvent) => `cis-audit-${event}`;
const checkId = (event: CisMonitoringEvent) => `monitoring-${event}`;

/** The alarm settings of every alarm this remediator creates (documented in docs/controls/monitoring.md). */
export const ALARM_SETTINGS = {
  Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
} as const;

// Endpoints of these protocols must confirm before SNS delivers to them.
const NEEDS_CONFIRMATION = new Set(['email', 'email-json', 'http', 'https']);

export const FIRST_TRAIL_GUIDANCE =
  '2.1 and 2.4 come first (create a multi-region trail with CloudWatch Logs), or select them with 3.x '
  + '(`cis-audit fix --control 2.1 --control 2.4 --control 3`): the 3.x filters are planned by the next run, once the trail\'s log group exists';

/** Least privilege: only CloudWatch alarms of this account, in the topic's region, may publish. */
export function alarmTopicPolicy(topicArn: string, ctx: { account: string; partition: string }, region: string): PolicyDocument & { Id: string } {
  return {
    Version: '2012-10-17',
    Id: `${ALERTS_TOPIC_NAME}-policy`,
    Statement: [{
      Sid: 'AllowCloudWatchAlarmsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'SNS:Publish',
      Resource: topicArn,
      Condition: {
        StringEquals: { 'aws:SourceAccount': ctx.account },
        ArnLike: { 'aws:SourceArn': `arn:${ctx.partition}:cloudwatch:${region}:${ctx.account}:alarm:*` },
      },
    }],
  };
}

const globMatch = (pattern: string, value: string) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

/**
 * Whether a topic policy lets CloudWatch alarms of this account publish: an Allow of SNS:Publish to everyone, to
 * the account's principals or to cloudwatch.amazonaws.com, whose conditions (if any) are source-account / source-ARN
 * conditions this account's alarms satisfy. Anything else is reported as "may not" (a warning, never a change).
 */
export function topicPolicyLetsCloudWatchPublish(policyText: string | undefined, account: string, alarmArn: string): boolean {
  if (!policyText) return true; // SNS's default policy lets the owning account's services publish.
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policyText) as { Statement?: unknown };
  } catch {
    return false;
  }
  const statements = ([] as Array<Record<string, any>>).concat((doc.Statement as Array<Record<string, any>> | undefined) ?? []);
  const publishes = (s: Record<string, any>) => ([] as string[]).concat(s.Action ?? []).some((a) => /^(sns:publish|sns:\*|\*)$/i.test(a));
  const toCloudWatch = (s: Record<string, any>) => {
    const p = s.Principal;
    if (p === '*') return true;
    const aws = ([] as string[]).concat(p?.AWS ?? []);
    const services = ([] as string[]).concat(p?.Service ?? []);
    return aws.includes('*') || services.includes('cloudwatch.amazonaws.com');
  };
  const conditionsHold = (s: Record<string, any>) => Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).every(([op, keys]) =>
    Object.entries(keys).every(([key, raw]) => {
      const values = ([] as string[]).concat(raw as string | string[]);
      const k = key.toLowerCase();
      if (k === 'aws:sourceowner' || k === 'aws:sourceaccount') return /^String(Equals|Like)$/.test(op) && values.some((v) => globMatch(v, account));
      if (k === 'aws:sourcearn') return /^(Arn|String)(Equals|Like)$/.test(op) && values.some((v) => globMatch(v, alarmArn));
      return false;
    }));
  if (statements.some((s) => s.Effect === 'Deny' && publishes(s) && toCloudWatch(s) && !s.Condition)) return false;
  return statements.some((s) => s.Effect === 'Allow' && publishes(s) && toCloudWatch(s) && conditionsHold(s));
}

/** An alarm as DescribeAlarms returns it (the members PutMetricAlarm takes back). */
type RawAlarm = Record<string, unknown> & {
  AlarmName: string; AlarmArn?: string; ActionsEnabled?: boolean; AlarmActions?: string[];
  Namespace?: string; MetricName?: string; Dimensions?: unknown[];
  Metrics?: Array<{ MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: unknown[] } } }>;
};

// What PutMetricAlarm accepts of a described alarm: re-putting these keeps every setting the owner chose.
const PUT_ALARM_MEMBERS = [
  'AlarmName', 'AlarmDescription', 'ActionsEnabled', 'OKActions', 'AlarmActions', 'InsufficientDataActions', 'MetricName', 'Namespace',
  'Statistic', 'ExtendedStatistic', 'Dimensions', 'Period', 'Unit', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold',
  'ComparisonOperator', 'TreatMissingData', 'EvaluateLowSampleCountPercentile', 'Metrics', 'ThresholdMetricId',
];

const putInputOf = (a: RawAlarm): Record<string, unknown> =>
  Object.fromEntries(PUT_ALARM_MEMBERS.filter((k) => a[k] !== undefined && a[k] !== null).map((k) => [k, a[k]]));

const watches = (a: RawAlarm, ns: string, name: string) =>
  (a.Namespace === ns && a.MetricName === name && (a.Dimensions?.length ?? 0) === 0)
  || (a.Metrics ?? []).some((m) => m.MetricStat?.Metric?.Namespace === ns && m.MetricStat.Metric.MetricName === name && (m.MetricStat.Metric.Dimensions?.length ?? 0) === 0);

interface TopicTarget {
  arn: string;
  /** Steps creating it (empty when it exists). */
  steps: Step[];
  created: boolean;
  subscribe: Step[];
  /** What the re-check waits for when no confirmed subscriber exists yet. */
  pendingWhile?: string;
  warnings: string[];
}

const alarmArn = (ctx: CheckContext, region: string, name: string) => `arn:${ctx.partition}:cloudwatch:${region}:${ctx.account}:alarm:${name}`;

/** 3.1–3.14: filter + alarm + topic + subscription on the log group of a candidate trail. */
export const monitoringAlarmsRemediator: Remediator = {
  id: ID,
  after: ['trail-multi-region', 'trail-cloudwatch-logs'],
  checks: CIS_MONITORING_EVENTS.map(checkId),
  // Create (fix) and delete/restore (undo); SetTopicAttributes for the new topic's policy; TagResource for tags on create.
  permissions: [
    'logs:PutMetricFilter', 'logs:DeleteMetricFilter', 'cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource',
    'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:DeleteTopic', 'sns:TagResource',
  ],
  needs: [trails, metricFilters, metricAlarms, topicSubscriptions],
  async plan({ state, ctx, failing, read, options, checkParams }) {
    const events = CIS_MONITORING_EVENTS.filter((e) => failing.has(checkId(e)));
    const plan: RemediationPlan = { remediator: ID, checks: events.map(checkId), steps: [], guidance: [] };
    const got = state.get(trails);
    if (!got.ok) return { ...plan, guidance: [`nothing planned: the trails could not be listed: ${describeReadError(got.error)}`] };

    const candidates = got.value.trails.filter((t) => monitoringCandidacy(t).kind === 'candidate');
    if (candidates.length === 0) return { ...plan, guidance: [FIRST_TRAIL_GUIDANCE] };
    const usable = candidates.flatMap((t) => {
      const lg = t.logGroupArn ? parseLogGroupArn(t.logGroupArn) : undefined;
      return lg && lg.account === ctx.account ? [{ trail: t, lg }] : [];
    });
    if (usable.length === 0) {
      const why = candidates.map((t) => (t.logGroupArn ? `${t.name} delivers to ${t.logGroupArn}, a log group of another account (fix 3.x in that account)` : `${t.name} does not deliver to CloudWatch Logs`));
      return { ...plan, guidance: [`2.4 comes first: ${why.join('; ')}. Run \`cis-audit fix --control 2.4\`, then rerun the fix for 3.x`] };
    }
    const filtersGot = state.get(metricFilters);
    if (!filtersGot.ok) return { ...plan, guidance: [`nothing planned: the metric filters could not be read: ${describeReadError(filtersGot.error)}`] };

    // The candidate whose log group already has the most equivalent filters: the fewest new pieces.
    const strict = ctx.options.strictPatterns;
    // The selected benchmark's texts, as its mapping passes them to the check (v1.2.0's when it passes none).
    const texts = new Map(events.map((e) => [e, checkParams?.get(checkId(e))?.monitoringPatterns ?? CIS_MONITORING_PATTERNS[e].accepted]));
    const accepted = new Map(events.map((e) => [e, parseAccepted({ title: CIS_MONITORING_PATTERNS[e].title, accepted: [...texts.get(e)!] })]));
    const matchesOf = (filters: MetricFilter[], e: CisMonitoringEvent) =>
      filters.filter((f) => f.metric && judgeFilter(f, accepted.get(e)!, strict).kind === 'match');
    const scored = usable.flatMap(({ trail, lg }) => {
      const f = filtersGot.value[lg.key];
      return f?.ok ? [{ trail, lg, filters: f.value, score: events.filter((e) => matchesOf(f.value, e).length > 0).length }] : [];
    });
    if (scored.length === 0) {
      const errs = usable.map(({ lg }) => { const f = filtersGot.value[lg.key]; return f && !f.ok ? describeReadError(f.error) : `${lg.name} was not read`; });
      return { ...plan, guidance: [`nothing planned: the metric filters of the candidate log groups could not be read: ${errs.join('; ')}`] };
    }
    const target = scored.sort((a, b) => b.score - a.score)[0]!;
    const { lg } = target;

    let alarms: RawAlarm[];
    try {
      alarms = await readPages<RawAlarm>(read, 'cloudwatch', lg.region, 'DescribeAlarms', { MaxRecords: 100 }, { inToken: 'NextToken', outToken: 'NextToken', items: 'MetricAlarms' });
    } catch (err) {
      return { ...plan, guidance: [`nothing planned: ${describeCallError(err, { service: 'cloudwatch', operation: 'DescribeAlarms', region: lg.region })}`] };
    }

    // What each event lacks; the target topic is resolved only if some event needs it.
    const confirmedCache = new Map<string, Promise<boolean>>();
    const hasConfirmed = (arn: string) => {
      if (!confirmedCache.has(arn)) confirmedCache.set(arn, topicHasConfirmed(read, arn));
      return confirmedCache.get(arn)!;
    };
    const needs: Array<{ e: CisMonitoringEvent; need: EventNeed }> = [];
    for (const e of events) needs.push({ e, need: await needOf(ctx, matchesOf(target.filters, e), alarms, hasConfirmed) });

    let topic: TopicTarget | undefined;
    if (needs.some(({ need }) => need.kind !== 'enable')) {
      const resolved = await resolveTopic(read, ctx, lg, options.snsTopicArn, options.subscriptions ?? []);
      if ('guidance' in resolved) return { ...plan, guidance: [resolved.guidance] };
      topic = resolved;
    }
    const eventSteps = needs.flatMap(({ e, need }) => stepsForEvent(e, texts.get(e)![0]!, need, ctx, target.trail, lg, target.filters, alarms, topic));
    plan.steps.push(...(topic?.steps ?? []), ...eventSteps, ...(topic?.subscribe ?? []));
    if (plan.steps.length === 0) {
      plan.guidance.push(`nothing to change on ${lg.name}: every failing event already has its filter and an alarm notifying ${topic?.arn ?? 'its topic'}`
        + `${topic?.pendingWhile ? `; waiting for ${topic.pendingWhile}` : ''}`);
    }
    if (topic?.pendingWhile) plan.pendingWhile = topic.pendingWhile;
    for (const w of topic?.warnings ?? []) plan.guidance.push(w);
    return plan;
  },
};

/** The topic the alarms notify: --sns-topic-arn as it is, or cis-audit-security-alerts (created when missing). */
async function resolveTopic(
  read: AwsReader, ctx: CheckContext, lg: LogGroupRef, given: string | undefined, requested: Array<{ protocol: string; endpoint: string }>,
): Promise<TopicTarget | { guidance: string }> {
  const region = lg.region;
  const arn = given ?? `arn:${ctx.partition}:sns:${region}:${ctx.account}:${ALERTS_TOPIC_NAME}`;
  const ref = parseTopicArn(arn);
  if (!ref) return { guidance: `--sns-topic-arn ${arn} is not an SNS topic ARN` };
  if (ref.region !== region || ref.account !== ctx.account) {
    return { guidance: `--sns-topic-arn ${arn}: alarms in ${region} (the region of log group ${lg.name}) need a topic of account ${ctx.account} in ${region}` };
  }
  const warnings: string[] = [];
  let attributes: Record<string, string> | undefined;
  try {
    attributes = (await read.call<{ Attributes?: Record<string, string> }>('sns', region, 'GetTopicAttributes', { TopicArn: arn })).Attributes ?? {};
  } catch (err) {
    const notFound = /^NotFound/.test(errorCode(err));
    if (given && notFound) return { guidance: `--sns-topic-arn ${arn} does not exist; create it, or leave the flag out to have ${ALERTS_TOPIC_NAME} created` };
    if (!notFound) return { guidance: `nothing planned: ${describeCallError(err, { service: 'sns', operation: 'GetTopicAttributes', region })}` };
  }

  let existing: Array<{ protocol: string; endpoint: string; confirmed: boolean }> = [];
  if (attributes) {
    try {
      const subs = await readPages<{ SubscriptionArn?: string; Protocol?: string; Endpoint?: string }>(
        read, 'sns', region, 'ListSubscriptionsByTopic', { TopicArn: arn }, { inToken: 'NextToken', outToken: 'NextToken', items: 'Subscriptions' });
      existing = subs.map((s) => ({ protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '', confirmed: (s.SubscriptionArn ?? '').startsWith('arn:') }));
    } catch (err) {
      return { guidance: `nothing planned: ${describeCallError(err, { service: 'sns', operation: 'ListSubscriptionsByTopic', region })}` };
    }
    const sample = alarmArn(ctx, region, 'cis-audit-x');
    if (!topicPolicyLetsCloudWatchPublish(attributes.Policy, ctx.account, sample)) {
      warnings.push(`the policy of topic ${arn} may not let CloudWatch alarms of ${ctx.account} publish (cis-audit does not change an existing topic's policy): allow SNS:Publish to cloudwatch.amazonaws.com with aws:SourceAccount ${ctx.account}`);
    }
    if (attributes.KmsMasterKeyId) {
      warnings.push(`topic ${arn} is encrypted with ${attributes.KmsMasterKeyId}: its key policy must let cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*, or alarm notifications are dropped`);
    }
  }

  const created = !attributes;
  const steps: Step[] = created
    ? [
      {
        describe: `create SNS topic ${ALERTS_TOPIC_NAME} in ${region}, tagged ${CREATED_BY_TAG_KEY}=${CREATED_BY_TAG_VALUE}`,
        call: { service: 'sns', region, operation: 'CreateTopic', input: { Name: ALERTS_TOPIC_NAME, Tags: CREATED_BY_TAGS.map((t) => ({ ...t })) } },
        // Deleting the topic deletes its subscriptions too.
        undo: [{ service: 'sns', region, operation: 'DeleteTopic', input: { TopicArn: arn } }],
        creates: [arn],
        warning: `undo deletes topic ${ALERTS_TOPIC_NAME} with every subscription to it`,
      },
      {
        describe: `let only CloudWatch alarms of account ${ctx.account} in ${region} publish to ${ALERTS_TOPIC_NAME} (replaces SNS's default policy; undone by deleting the topic)`,
        call: { service: 'sns', region, operation: 'SetTopicAttributes', input: { TopicArn: arn, AttributeName: 'Policy', AttributeValue: JSON.stringify(alarmTopicPolicy(arn, ctx, region)) } },
        // The topic was created by the previous step; its undo (DeleteTopic) removes the policy with it.
        undo: [],
        changes: [arn],
      },
    ]
    : [];

  const same = (a: { protocol: string; endpoint: string }, b: { protocol: string; endpoint: string }) =>
    a.protocol === b.protocol && (a.protocol.startsWith('email') ? a.endpoint.toLowerCase() === b.endpoint.toLowerCase() : a.endpoint === b.endpoint);
  const toAdd = requested.filter((r) => !existing.some((x) => same(x, r)));
  const confirmedAfter = existing.some((x) => x.confirmed) || toAdd.some((r) => !NEEDS_CONFIRMATION.has(r.protocol));
  const awaiting = [...existing.filter((x) => !x.confirmed && requested.some((r) => same(x, r))), ...toAdd.filter((r) => NEEDS_CONFIRMATION.has(r.protocol))];
  if (!confirmedAfter && awaiting.length === 0) {
    const pending = existing.filter((x) => !x.confirmed).map((x) => `${x.protocol}:${x.endpoint}`);
    return {
      guidance: `the alarms need a confirmed subscriber on ${created ? `a new topic ${ALERTS_TOPIC_NAME}` : `topic ${arn}`}`
        + `${pending.length > 0 ? ` (only pending: ${pending.join(', ')})` : ''}: rerun with --notify-email ADDRESS `
        + '(or --subscription-protocol/--subscription-endpoint, or --sns-topic-arn naming a topic with a confirmed subscriber)',
    };
  }
  const subscribe: Step[] = toAdd.map((r) => ({
    describe: `subscribe ${r.protocol} ${r.endpoint} to ${created ? ALERTS_TOPIC_NAME : arn}${NEEDS_CONFIRMATION.has(r.protocol) ? ' (SNS sends a confirmation request; nothing is delivered until it is confirmed)' : ''}${created ? ' (undone by deleting the topic)' : ''}`,
    call: { service: 'sns', region, operation: 'Subscribe', input: { TopicArn: arn, Protocol: r.protocol, Endpoint: r.endpoint, ReturnSubscriptionArn: true } },
    // On a topic we create, DeleteTopic removes it; on an existing one, its ARN comes from the journaled response.
    undo: created ? [] : [{ service: 'sns', region, operation: 'Unsubscribe', input: { SubscriptionArn: { $fromOutput: 'SubscriptionArn' } } }],
    creates: [`${arn} subscription ${r.protocol}:${r.endpoint}`],
  }));
  const waitFor = awaiting.map((a) => (a.protocol.startsWith('email') ? `confirm the email sent to ${a.endpoint}` : `confirm the ${a.protocol} subscription of ${a.endpoint}`));
  return {
    arn, steps, created, subscribe, warnings,
    ...(!confirmedAfter ? { pendingWhile: `SNS subscription confirmation: ${waitFor.join('; ')} (the link is valid for 3 days), then rerun \`cis-audit scan --control 3\`` } : {}),
  };
}

/** What one failing event lacks on the chosen log group. */
type EventNeed =
  | { kind: 'none' }
  /** An alarm on an equivalent filter's metric notifies a topic with a confirmed subscriber, but its actions are off. */
  | { kind: 'enable'; alarm: RawAlarm; filter: MetricFilter }
  /** An alarm exists but notifies no usable topic: add the target topic (and enable its actions if off). */
  | { kind: 'link'; alarm: RawAlarm; filter: MetricFilter }
  /** No alarm on an equivalent filter's metric: a new alarm (on a new filter when none is equivalent). */
  | { kind: 'alarm'; filter?: MetricFilter };

async function needOf(ctx: CheckContext, matching: MetricFilter[], alarms: RawAlarm[], hasConfirmed: (arn: string) => Promise<boolean>): Promise<EventNeed> {
  let first: { alarm: RawAlarm; filter: MetricFilter } | undefined;
  for (const filter of matching) {
    for (const alarm of alarms.filter((a) => watches(a, filter.metric!.namespace, filter.metric!.name))) {
      first ??= { alarm, filter };
      if (alarm.ActionsEnabled === true) continue;
      // Muted alarm whose own topic has a confirmed subscriber: switching actions back on is the only missing link.
      const topics = (alarm.AlarmActions ?? []).filter((a) => parseTopicArn(a)?.account === ctx.account);
      for (const t of topics) if (await hasConfirmed(t)) return { kind: 'enable', alarm, filter };
    }
  }
  if (first) return { kind: 'link', ...first };
  return matching[0] ? { kind: 'alarm', filter: matching[0] } : { kind: 'alarm' };
}

/** Whether a topic of this account has a confirmed subscription (unreadable counts as no). */
async function topicHasConfirmed(read: AwsReader, arn: string): Promise<boolean> {
  const region = parseTopicArn(arn)!.region;
  try {
    const subs = await readPages<{ SubscriptionArn?: string }>(read, 'sns', region, 'ListSubscriptionsByTopic', { TopicArn: arn }, { inToken: 'NextToken', outToken: 'NextToken', items: 'Subscriptions' });
    return subs.some((x) => (x.SubscriptionArn ?? '').startsWith('arn:'));
  } catch {
    return false;
  }
}

/** The steps for one event's need (`pattern`: the text a new filter gets): re-put an existing alarm with every setting kept, or a new filter and/or alarm. */
function stepsForEvent(
  e: CisMonitoringEvent, pattern: string, need: EventNeed, ctx: CheckContext, trail: Trail, lg: LogGroupRef, filters: MetricFilter[], alarms: RawAlarm[], topic: TopicTarget | undefined,
): Step[] {
  const region = lg.region;
  const name = monitoringName(e);
  const title = CIS_MONITORING_PATTERNS[e].title;
  if (need.kind === 'none') return [];

  if (need.kind === 'enable' || need.kind === 'link') {
    const { alarm, filter } = need;
    const prior = putInputOf(alarm);
    const current = alarm.AlarmActions ?? [];
    const addTopic = need.kind === 'link' && !current.includes(topic!.arn);
    const enable = alarm.ActionsEnabled !== true;
    if (!addTopic && !enable) return [];
    const what = [enable ? 'switch its actions back on' : '', addTopic ? `add ${topic!.arn} to its alarm actions` : ''].filter(Boolean).join(' and ');
    return [{
      describe: `alarm "${alarm.AlarmName}" on ${filter.metric!.namespace}/${filter.metric!.name} (filter "${filter.name}" on ${lg.name}): ${what}, keeping every other setting`,
      call: { service: 'cloudwatch', region, operation: 'PutMetricAlarm', input: { ...prior, ActionsEnabled: true, AlarmActions: addTopic ? [...current, topic!.arn] : current } },
      prior,
      undo: [{ service: 'cloudwatch', region, operation: 'PutMetricAlarm', input: prior }],
      changes: [alarm.AlarmArn ?? alarmArn(ctx, region, alarm.AlarmName)],
      ...(enable
        ? { warning: `alarm "${alarm.AlarmName}" had its actions switched off — maybe on purpose (maintenance); switching them on also notifies ${current.length > 0 ? current.join(', ') : 'nothing else'}` }
        : {}),
    }];
  }

  const steps: Step[] = [];
  let metric = need.filter?.metric;
  if (!metric) {
    // No equivalent filter: ours, with the selected version's first text verbatim, publishing its own metric.
    metric = { namespace: MONITORING_NAMESPACE, name };
    const call: WriteCall = {
      service: 'logs', region, operation: 'PutMetricFilter',
      input: { logGroupName: lg.name, filterName: name, filterPattern: pattern, metricTransformations: [{ metricName: name, metricNamespace: MONITORING_NAMESPACE, metricValue: '1' }] },
    };
    const sameName = filters.find((f) => f.name === name);
    const ref = `${lg.key} metric filter ${name}`;
    steps.push({
      describe: `${sameName ? 'replace' : 'create'} metric filter ${name} on ${lg.name} (${region}, trail ${trail.name}) with the CIS pattern for "${title}", counting into ${MONITORING_NAMESPACE}/${name}`,
      call,
      ...(sameName
        ? {
          prior: sameName,
          undo: sameName.metric
            ? [{ ...call, input: { logGroupName: lg.name, filterName: name, filterPattern: sameName.pattern, metricTransformations: [{ metricName: sameName.metric.name, metricNamespace: sameName.metric.namespace, metricValue: '1' }] } }]
            : { manual: `filter ${name} on ${lg.name} had pattern ${sameName.pattern} and no metric before; re-create it by hand if it was needed` },
          changes: [ref],
        }
        : { undo: [{ service: 'logs', region, operation: 'DeleteMetricFilter', input: { logGroupName: lg.name, filterName: name } }], creates: [ref] }),
    });
  }

  // A new alarm on the filter's metric; an alarm already called cis-audit-<event> (on another metric) is replaced, its settings journaled.
  const input = {
    AlarmName: name,
    AlarmDescription: `CIS AWS Foundations: ${title}. Created by cis-audit.`,
    ActionsEnabled: true,
    AlarmActions: [topic!.arn],
    Namespace: metric.namespace,
    MetricName: metric.name,
    ...ALARM_SETTINGS,
  };
  const sameAlarm = alarms.find((a) => a.AlarmName === name);
  const arn = alarmArn(ctx, region, name);
  steps.push({
    describe: `${sameAlarm ? 'replace' : 'create'} alarm ${name} in ${region}: ${metric.namespace}/${metric.name} Sum over 300 s ≥ 1 → ${topic!.arn} (missing data is not breaching)`,
    call: { service: 'cloudwatch', region, operation: 'PutMetricAlarm', input: sameAlarm ? input : { ...input, Tags: CREATED_BY_TAGS.map((t) => ({ ...t })) } },
    ...(sameAlarm
      ? { prior: putInputOf(sameAlarm), undo: [{ service: 'cloudwatch', region, operation: 'PutMetricAlarm', input: putInputOf(sameAlarm) }], changes: [arn] }
      : { undo: [{ service: 'cloudwatch', region, operation: 'DeleteAlarms', input: { AlarmNames: [name] } }], creates: [arn] }),
  });
  return steps;
}
