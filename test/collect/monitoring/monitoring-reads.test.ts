import {
  CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { LiveTransport } from '../../../src/aws/live-transport.js';
import { CIS_AWS_1_2_0 } from '../../../src/benchmark/cis-aws-1.2.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../../src/checks/check.js';
import { CIS_MONITORING_EVENTS, CIS_MONITORING_PATTERNS } from '../../../src/checks/monitoring/cis-patterns.js';
import { metricAlarms, metricFilters, topicSubscriptions } from '../../../src/collect/monitoring.js';
import { runScan } from '../../../src/engine/scan.js';
import { ACCOUNT, CALLER_ARN, inputsOf, makeCollector, mockAws, namedError } from '../../helpers/reader.js';

const aws = mockAws();
const trail = mockClient(CloudTrailClient);
const logs = mockClient(CloudWatchLogsClient);
const cw = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
afterEach(() => [trail, logs, cw, sns].forEach((m) => m.reset()));
afterAll(() => [trail, logs, cw, sns].forEach((m) => m.restore()));

const REGIONS = ['eu-west-1', 'us-east-1'];
const LG = 'org-trail-logs';
const lgArn = (name: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
const lgKey = (name: string, region = 'us-east-1') => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`;
const trailArn = (name: string, region = 'us-east-1') => `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${name}`;

type RawTrail = { Name: string; HomeRegion?: string; IsMultiRegionTrail: boolean; CloudWatchLogsLogGroupArn?: string };

/** Every region lists the given trails (multi-region ones are shadows outside home); all log all management events. */
function trailsAre(list: RawTrail[]) {
  trail.on(DescribeTrailsCommand).resolves({
    trailList: list.map((t) => ({ ...t, HomeRegion: t.HomeRegion ?? 'us-east-1', TrailARN: trailArn(t.Name, t.HomeRegion) })),
  });
  trail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  trail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
}

/** Serves items in pages of `size`, following the token member the API uses. */
function paged<T>(items: T[], size: number, tokenIn: string, tokenOut: string, key: string) {
  return (input: Record<string, unknown>) => {
    const start = input[tokenIn] ? Number(String(input[tokenIn]).slice(1)) : 0;
    const next = start + size;
    return { [key]: items.slice(start, next), ...(next < items.length ? { [tokenOut]: `p${next}` } : {}) };
  };
}

const metricOf = (event: string) => ({ metricName: event, metricNamespace: 'CIS', metricValue: '1' });

describe('3.x collection over the SDK', () => {
  it('a full scan of 3.1–3.14 follows every page and makes each read once (one sequence per log group, region, topic)', async () => {
    aws.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: CALLER_ARN });
    aws.ec2.on(DescribeRegionsCommand).resolves({ Regions: REGIONS.map((RegionName) => ({ RegionName })) });
    trailsAre([{ Name: 'org-trail', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn(LG) }]);
    const filters = CIS_MONITORING_EVENTS.map((e) => ({ filterName: e, filterPattern: CIS_MONITORING_PATTERNS[e].accepted[0], metricTransformations: [metricOf(e)] }));
    logs.on(DescribeMetricFiltersCommand).callsFake(paged(filters, 5, 'nextToken', 'nextToken', 'metricFilters'));
    const alarms = CIS_MONITORING_EVENTS.map((e) => ({ AlarmName: `alarm-${e}`, AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${e}`, Namespace: 'CIS', MetricName: e, Dimensions: [], ActionsEnabled: true, AlarmActions: [TOPIC] }));
    cw.on(DescribeAlarmsCommand).callsFake(paged(alarms, 6, 'NextToken', 'NextToken', 'MetricAlarms'));
    // The only confirmed subscription is on the last page: a reader that stops early would FAIL every control.
    const subs = [
      { SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'a@example.com', TopicArn: TOPIC },
      { SubscriptionArn: `${TOPIC}:1f2e3d4c-0000-4000-8000-000000000001`, Protocol: 'email', Endpoint: 'secops@example.com', TopicArn: TOPIC },
    ];
    sns.on(ListSubscriptionsByTopicCommand).callsFake(paged(subs, 1, 'NextToken', 'NextToken', 'Subscriptions'));

    const result = await runScan({
      controls: CIS_AWS_1_2_0.controls.filter((c) => c.section === '3'),
      transport: new LiveTransport({}), homeRegion: 'us-east-1', options: DEFAULT_CHECK_OPTIONS, concurrency: 4, sleep: async () => {},
    });

    expect(result.controls.map((c) => [c.control.id, c.status])).toEqual(CIS_AWS_1_2_0.controls.filter((c) => c.section === '3').map((c) => [c.id, 'PASS']));
    expect(inputsOf(logs.commandCalls(DescribeMetricFiltersCommand))).toEqual([
      { logGroupName: LG }, { logGroupName: LG, nextToken: 'p5' }, { logGroupName: LG, nextToken: 'p10' },
    ]);
    expect(inputsOf(cw.commandCalls(DescribeAlarmsCommand))).toEqual([
      { MaxRecords: 100 }, { MaxRecords: 100, NextToken: 'p6' }, { MaxRecords: 100, NextToken: 'p12' },
    ]);
    expect(inputsOf(sns.commandCalls(ListSubscriptionsByTopicCommand))).toEqual([{ TopicArn: TOPIC }, { TopicArn: TOPIC, NextToken: 'p1' }]);
    expect(trail.commandCalls(DescribeTrailsCommand)).toHaveLength(REGIONS.length);
    expect(inputsOf(trail.commandCalls(GetTrailStatusCommand))).toEqual([{ Name: trailArn('org-trail') }]);
    expect(result.unexpectedErrors).toEqual([]);
  });

  it('reads filters only for same-account log groups of candidate trails, each once, in the log group region', async () => {
    trailsAre([
      { Name: 'regional', IsMultiRegionTrail: false, CloudWatchLogsLogGroupArn: lgArn('regional-logs') },
      { Name: 'org-a', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn(LG) },
      { Name: 'org-b', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn(LG) },
      { Name: 'central', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn('central', 'us-east-1', '999988887777') },
      { Name: 'eu', HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn('eu-logs', 'eu-west-1') },
    ]);
    logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [] });
    const collector = makeCollector({ regions: REGIONS });
    const got = await collector.get(metricFilters);

    expect(got).toEqual({ ok: true, value: { [lgKey(LG)]: { ok: true, value: [] }, [lgKey('eu-logs', 'eu-west-1')]: { ok: true, value: [] } } });
    const calls = logs.commandCalls(DescribeMetricFiltersCommand);
    expect(inputsOf(calls).map((i) => i.logGroupName).sort()).toEqual(['eu-logs', LG]);
    const regions = await Promise.all(calls.map(async (c) => [c.args[0].input.logGroupName, await (c.thisValue as CloudWatchLogsClient).config.region()]));
    expect(Object.fromEntries(regions)).toEqual({ [LG]: 'us-east-1', 'eu-logs': 'eu-west-1' });
  });

  it('a denied DescribeMetricFilters fails that log group only', async () => {
    trailsAre([
      { Name: 'org-a', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn('locked') },
      { Name: 'org-b', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn(LG) },
    ]);
    logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [{ filterName: 'f', filterPattern: '{ $.a = 1 }', metricTransformations: [metricOf('m')] }] });
    logs.on(DescribeMetricFiltersCommand, { logGroupName: 'locked' }).rejects(namedError('AccessDeniedException', 'not authorized to perform logs:DescribeMetricFilters'));
    const got = await makeCollector({ regions: ['us-east-1'] }).get(metricFilters);
    expect(got.ok && got.value[lgKey('locked')]).toEqual({
      ok: false,
      error: expect.objectContaining({ service: 'logs', operation: 'DescribeMetricFilters', region: 'us-east-1', code: 'AccessDeniedException' }),
    });
    expect(got.ok && got.value[lgKey(LG)]).toEqual({ ok: true, value: [{ name: 'f', pattern: '{ $.a = 1 }', metric: { namespace: 'CIS', name: 'm' } }] });
  });

  it('reads alarms once per region that has filters, and keeps a denied region failed', async () => {
    trailsAre([
      { Name: 'org', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn(LG) },
      { Name: 'eu', HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn('eu-logs', 'eu-west-1') },
      { Name: 'empty', HomeRegion: 'eu-west-2', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn('empty', 'eu-west-2') },
    ]);
    logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [{ filterName: 'f', filterPattern: '{ $.a = 1 }', metricTransformations: [metricOf('m')] }] });
    logs.on(DescribeMetricFiltersCommand, { logGroupName: 'empty' }).resolves({ metricFilters: [] });
    cw.on(DescribeAlarmsCommand).callsFake(async (_input, getClient) => {
      if ((await (getClient() as CloudWatchClient).config.region()) === 'eu-west-1') throw namedError('AccessDenied', 'explicit deny');
      return { MetricAlarms: [{ AlarmName: 'math', AlarmArn: 'arn:a', ActionsEnabled: true, AlarmActions: [TOPIC], Metrics: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'CIS', MetricName: 'm', Dimensions: [] } } }, { Id: 'e1', Expression: 'm1 * 2' }] }] };
    });
    const collector = makeCollector({ regions: ['us-east-1', 'eu-west-1', 'eu-west-2'] });
    const got = await collector.get(metricAlarms);
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(2);
    expect(got.ok && Object.keys(got.value).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(got.ok && got.value['eu-west-1']).toEqual({ ok: false, error: expect.objectContaining({ service: 'cloudwatch', operation: 'DescribeAlarms', region: 'eu-west-1', code: 'AccessDenied' }) });
    expect(got.ok && got.value['us-east-1']).toEqual({
      ok: true,
      value: [{ name: 'math', arn: 'arn:a', actionsEnabled: true, alarmActions: [TOPIC], metrics: [{ namespace: 'CIS', name: 'm', dimensions: 0 }], math: true }],
    });
  });

  it('reads subscriptions only for same-account topics of enabled alarms on JSON filter metrics, each once', async () => {
    const other = (name: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;
    trailsAre([{ Name: 'org', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn(LG) }]);
    logs.on(DescribeMetricFiltersCommand).resolves({
      metricFilters: [
        { filterName: 'json', filterPattern: '{ $.a = 1 }', metricTransformations: [metricOf('m')] },
        { filterName: 'text', filterPattern: 'ERROR', metricTransformations: [metricOf('text')] },
      ],
    });
    const alarm = (name: string, metric: string, actions: string[], enabled = true) => ({ AlarmName: name, Namespace: 'CIS', MetricName: metric, ActionsEnabled: enabled, AlarmActions: actions });
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        alarm('a1', 'm', [TOPIC, 'arn:aws:automate:us-east-1:ec2:stop', `arn:aws:sns:us-east-1:999988887777:central`]),
        alarm('a2', 'm', [TOPIC]),
        alarm('muted', 'm', [other('muted-topic')], false),
        alarm('unrelated', 'other-metric', [other('unrelated-topic')]),
        alarm('text', 'text', [other('text-topic')]),
      ],
    });
    sns.on(ListSubscriptionsByTopicCommand).rejects(namedError('AuthorizationError', 'not authorized to perform SNS:ListSubscriptionsByTopic'));
    const got = await makeCollector({ regions: ['us-east-1'] }).get(topicSubscriptions);
    expect(inputsOf(sns.commandCalls(ListSubscriptionsByTopicCommand))).toEqual([{ TopicArn: TOPIC }]);
    expect(got).toEqual({ ok: true, value: { [TOPIC]: { ok: false, error: expect.objectContaining({ service: 'sns', code: 'AuthorizationError' }) } } });
  });

  it('pipelines per log group: a trail whose status is slow holds up only its own log group, not the others', async () => {
    trailsAre([
      { Name: 'fast', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn('fast-logs') },
      { Name: 'slow', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: lgArn('slow-logs') },
    ]);
    let releaseSlow!: () => void;
    const slowAnswered = new Promise<void>((r) => (releaseSlow = r));
    trail.on(GetTrailStatusCommand, { Name: trailArn('slow') }).callsFake(async () => {
      await slowAnswered;
      return { IsLogging: true };
    });
    const topicOf = (group: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${group}-alerts`;
    logs.on(DescribeMetricFiltersCommand).callsFake(async (input: { logGroupName: string }) => ({
      metricFilters: [{ filterName: 'f', filterPattern: '{ $.a = 1 }', metricTransformations: [metricOf(`m-${input.logGroupName}`)] }],
    }));
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: ['fast-logs', 'slow-logs'].map((g) => ({ AlarmName: g, Namespace: 'CIS', MetricName: `m-${g}`, ActionsEnabled: true, AlarmActions: [topicOf(g)] })),
    });
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    const collector = makeCollector({ regions: ['us-east-1'] });
    const all = Promise.all([collector.get(metricFilters), collector.get(metricAlarms), collector.get(topicSubscriptions)]);

    // Everything the fast trail leads to is read while the slow trail's status is still outstanding.
    await vi.waitFor(() => expect(inputsOf(sns.commandCalls(ListSubscriptionsByTopicCommand))).toEqual([{ TopicArn: topicOf('fast-logs') }]));
    expect(inputsOf(logs.commandCalls(DescribeMetricFiltersCommand)).map((i) => i.logGroupName)).toEqual(['fast-logs']);
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(1);

    releaseSlow();
    const [filters, alarms, subs] = await all;
    expect(filters.ok && Object.keys(filters.value)).toEqual([lgKey('fast-logs'), lgKey('slow-logs')]);
    expect(alarms.ok && Object.keys(alarms.value)).toEqual(['us-east-1']);
    expect(subs.ok && Object.keys(subs.value)).toEqual([topicOf('fast-logs'), topicOf('slow-logs')]);
    // Each link still read once, however many datums and log groups asked for it.
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(1);
    expect(logs.commandCalls(DescribeMetricFiltersCommand)).toHaveLength(2);
    expect(trail.commandCalls(GetTrailStatusCommand)).toHaveLength(2);
  });

  it('a failed trails read leaves the downstream datums failed with the same error, never empty', async () => {
    trail.on(DescribeTrailsCommand).resolves({ trailList: 'not a list' as never });
    const collector = makeCollector({ regions: ['us-east-1'] });
    const [filters, alarms, subs] = await Promise.all([collector.get(metricFilters), collector.get(metricAlarms), collector.get(topicSubscriptions)]);
    expect(filters.ok).toBe(false);
    expect(alarms).toEqual(filters);
    expect(subs).toEqual(filters);
    expect(logs.commandCalls(DescribeMetricFiltersCommand)).toHaveLength(0);
  });
});
