import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../../src/benchmark/cis-aws-1.2.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../../src/checks/check.js';
import { CIS_MONITORING_EVENTS, CIS_MONITORING_PATTERNS } from '../../../src/checks/monitoring/cis-patterns.js';
import { runScan } from '../../../src/engine/scan.js';
import { serveAccount, type FakeAccount } from '../../fake-aws/account.js';
import { demoAccount } from '../../fake-aws/demo-account.js';
import type { FakeTrail } from '../../fake-aws/cloudtrail.js';
import type { FakeMonitoring } from '../../fake-aws/monitoring.js';

// runScan over the fake AWS: regions, candidates and call counts as a real scan makes them.
const A = '123456789012';
const MONITORING = CIS_AWS_1_2_0.controls.filter((c) => c.section === '3');

const fakeTrail = (name: string, home: string, multi: boolean, logGroup?: string): FakeTrail => ({
  Name: name, HomeRegion: home, IsMultiRegionTrail: multi, S3BucketName: `${name}-bucket`, LogFileValidationEnabled: true,
  ...(logGroup ? { CloudWatchLogsLogGroupArn: `arn:aws:logs:${home}:${A}:log-group:${logGroup}:*` } : {}),
  status: { IsLogging: true },
});

/** Every CIS filter on the log group, each with an enabled alarm to a topic with a confirmed subscriber. */
function cisMonitoring(region: string, logGroup: string, alarmRegion = region, pageSize = 50): FakeMonitoring {
  const topic = `arn:aws:sns:${alarmRegion}:${A}:alerts`;
  return {
    pageSize,
    metricFilters: CIS_MONITORING_EVENTS.map((e) => ({
      region, logGroupName: logGroup, filterName: e, filterPattern: CIS_MONITORING_PATTERNS[e].accepted[0]!, metric: { namespace: 'CIS', name: e },
    })),
    alarms: CIS_MONITORING_EVENTS.map((e) => ({ region: alarmRegion, AlarmName: e, Namespace: 'CIS', MetricName: e, ActionsEnabled: true, AlarmActions: [topic] })),
    topics: [{ arn: topic, subscriptions: [{ Protocol: 'email', Endpoint: 'secops@example.com', confirmed: true }] }],
  };
}

function account(trails: FakeTrail[], monitoring: FakeMonitoring): FakeAccount {
  return {
    account: A, partition: 'aws', callerArn: `arn:aws:iam::${A}:user/auditor`, regions: ['eu-west-1', 'us-east-1', 'us-west-2'], pageSize: 100,
    iam: { reportGeneratedAt: '2026-01-01T00:00:00Z', reportRows: [], summary: {}, passwordPolicy: null, virtualMfa: [], users: [], roles: [], policies: [] },
    cloudtrail: { trails },
    monitoring,
  };
}

async function scan(a: FakeAccount, controls = MONITORING, strictPatterns = false) {
  const fake = serveAccount(a);
  const result = await runScan({
    controls, transport: fake, homeRegion: 'us-east-1', options: { ...DEFAULT_CHECK_OPTIONS, strictPatterns }, concurrency: 4, sleep: async () => {},
  });
  return { fake, result, statuses: Object.fromEntries(result.controls.map((c) => [c.control.id, c.status])) };
}

const all = (status: string) => Object.fromEntries(MONITORING.map((c) => [c.id, status]));

describe('3.x over the fake AWS', () => {
  it('all 14 PASS on a complete chain, with one read sequence per log group, alarm region and topic across 14 controls', async () => {
    const { fake, statuses } = await scan(account([fakeTrail('org', 'us-east-1', true, 'org-logs')], cisMonitoring('us-east-1', 'org-logs', 'us-east-1', 4)));
    expect(statuses).toEqual(all('PASS'));
    const calls = (op: string) => fake.log.filter((c) => c.operation === op).map((c) => [c.region, c.input]);
    expect(calls('DescribeMetricFilters')).toEqual([
      ['us-east-1', { logGroupName: 'org-logs' }],
      ...[4, 8, 12].map((n) => ['us-east-1', { logGroupName: 'org-logs', nextToken: `t${n}` }]),
    ]);
    expect(calls('DescribeAlarms')).toEqual([
      ['us-east-1', { MaxRecords: 100 }],
      ...[4, 8, 12].map((n) => ['us-east-1', { MaxRecords: 100, NextToken: `t${n}` }]),
    ]);
    expect(calls('ListSubscriptionsByTopic')).toEqual([['us-east-1', { TopicArn: `arn:aws:sns:us-east-1:${A}:alerts` }]]);
  });

  it('reads the chain in the log group region, and an alarm in another region does not count', async () => {
    const { fake, statuses, result } = await scan(account([fakeTrail('eu', 'eu-west-1', true, 'eu-logs')], cisMonitoring('eu-west-1', 'eu-logs', 'us-east-1')));
    expect(statuses).toEqual(all('FAIL'));
    expect(fake.log.filter((c) => c.operation === 'DescribeAlarms').map((c) => c.region)).toEqual(['eu-west-1']);
    expect(result.controls[0]!.reason).toContain('no alarm in eu-west-1');
  });

  it('FAIL when only a single-region trail has the filters; its log group is not even read', async () => {
    const { fake, statuses } = await scan(account(
      [fakeTrail('regional', 'us-east-1', false, 'regional-logs'), fakeTrail('org', 'us-east-1', true, 'org-logs')],
      cisMonitoring('us-east-1', 'regional-logs'),
    ));
    expect(statuses).toEqual(all('FAIL'));
    expect(fake.log.filter((c) => c.operation === 'DescribeMetricFilters').map((c) => c.input.logGroupName)).toEqual(['org-logs']);
  });

  it('PASS when one of two multi-region trails carries the complete chain', async () => {
    const { result } = await scan(account(
      [fakeTrail('bare', 'us-east-1', true, 'bare-logs'), fakeTrail('org', 'us-east-1', true, 'org-logs')],
      cisMonitoring('us-east-1', 'org-logs'),
    ));
    for (const c of result.controls) {
      expect(c.status).toBe('PASS');
      expect(c.findings.map((f) => [f.resource.split('/').pop(), f.status]).sort()).toEqual([['bare', 'FAIL'], ['org', 'PASS']]);
    }
  });

  it('ListSubscriptionsByTopic denied: ERROR for every control, never PASS', async () => {
    const a = account([fakeTrail('org', 'us-east-1', true, 'org-logs')], cisMonitoring('us-east-1', 'org-logs'));
    a.errors = [{ service: 'sns', operation: 'ListSubscriptionsByTopic', code: 'AuthorizationError', message: 'not authorized' }];
    const { statuses, result } = await scan(a);
    expect(statuses).toEqual(all('ERROR'));
    expect(result.controls[0]!.reason).toContain('sns:ListSubscriptionsByTopic in us-east-1 failed: AuthorizationError');
  });

  it('--strict-patterns turns an equivalent, reordered filter into a FAIL', async () => {
    const m = cisMonitoring('us-east-1', 'org-logs');
    m.metricFilters[0]!.filterPattern = '{ ($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation") }';
    const a = account([fakeTrail('org', 'us-east-1', true, 'org-logs')], m);
    const only31 = MONITORING.filter((c) => c.checks[0] === 'monitoring-unauthorized-api-calls');
    expect((await scan(a, only31)).statuses).toEqual({ '3.1': 'PASS' });
    expect((await scan(a, only31, true)).statuses).toEqual({ '3.1': 'FAIL' });
  });
});

describe('the demo account', () => {
  it('tells the story the demo promises for 3.1–3.14', async () => {
    const { statuses, result } = await scan(demoAccount());
    expect(statuses).toEqual({
      ...all('PASS'),
      '3.7': 'FAIL', // alarm with actions disabled
      '3.8': 'FAIL', // filter without PutBucketCors
      '3.9': 'FAIL', // topic whose only subscription is pending
      '3.11': 'FAIL', // no NACL filter
    });
    const reason = (id: string) => result.controls.find((c) => c.control.id === id)!.reason;
    expect(reason('3.7')).toContain('actions disabled');
    expect(reason('3.8')).toContain('missing $.eventName = "PutBucketCors"');
    expect(reason('3.9')).toContain('pending confirmation');
    expect(result.unexpectedErrors).toEqual([]);
  });
});
