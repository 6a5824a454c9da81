import { describe, expect, it } from 'vitest';
import { CIS_MONITORING_EVENTS as ALL_EVENTS, CIS_MONITORING_PATTERNS } from '../../src/checks/monitoring/cis-patterns.js';
import { UsageError } from '../../src/model/errors.js';
import { alarmTopicPolicy, topicPolicyLetsCloudWatchPublish } from '../../src/fix/remediators/monitoring-alarms.js';
import { fixCommand } from '../../src/cli/fix-command.js';
import type { FixFlags } from '../../src/cli/fix-command.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL, undo } from './fix-helpers.js';

// The 14 events v1.2.0 (the default benchmark, controls 3.1–3.14) monitors, in order; Organizations is v1.4.0+.
const CIS_MONITORING_EVENTS = ALL_EVENTS.filter((e) => e !== 'organizations-changes');

// 3.1–3.14 end to end: the demo account (and a bare one) behind mocked SDK clients, writes applied to the fake model.

const A = '210987654321';
const REGION = 'us-east-1';
const LOG_GROUP = 'aws-cloudtrail-logs-acme-audit';
const TOPIC = `arn:aws:sns:${REGION}:${A}:cis-audit-security-alerts`;
const ALERTS = `arn:aws:sns:${REGION}:${A}:security-alerts`;
const EMAIL = 'secops@acme-analytics.example';

function fresh(): FakeAccount {
  const account = demoAccount();
  account.monitoring = structuredClone(account.monitoring);
  return account;
}

/** The demo trail and log group, but not one filter, alarm or topic yet. */
function bare(): FakeAccount {
  const account = fresh();
  account.monitoring = { metricFilters: [], alarms: [], topics: [], logGroups: [{ region: REGION, name: LOG_GROUP, retentionInDays: 400 }] };
  return account;
}

const live = liveAccounts(() => fresh());

const run = (over: Partial<FixFlags>) => fixCommand(fixFlags({ yes: true, region: [REGION], ...over }), fixIo().io, TOOL);
const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);
const controlOf = (i: number) => `3.${i + 1}`;
const ALL_3X = CIS_MONITORING_EVENTS.map((_e, i) => controlOf(i));

const newAlarmInput = (event: string, title: string, metric = `cis-audit-${event}`, namespace = 'CISBenchmark') => ({
  AlarmName: `cis-audit-${event}`,
  AlarmDescription: `CIS AWS Foundations: ${title}. Created by cis-audit.`,
  ActionsEnabled: true, AlarmActions: [TOPIC], Namespace: namespace, MetricName: metric,
  Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
  Tags: [{ Key: 'cis-audit:created-by', Value: 'fix' }],
});

describe('fix 3.1–3.14: metric filter + alarm + topic + subscription', () => {
  it('builds the whole chain for all 14 events on a bare log group: exact filters, alarms, a least-privilege topic and an email subscriber → PENDING', async () => {
    const { writes, account } = live(bare());
    const result = await run({ control: ['3'], 'notify-email': EMAIL });

    const w = writes();
    expect(w.map((c) => c.operation)).toEqual([
      'CreateTopic', 'SetTopicAttributes',
      ...CIS_MONITORING_EVENTS.flatMap(() => ['PutMetricFilter', 'PutMetricAlarm']),
      'Subscribe',
    ]);
    expect(w.every((c) => c.region === REGION)).toBe(true);
    expect(w[0]!.input).toEqual({ Name: 'cis-audit-security-alerts', Tags: [{ Key: 'cis-audit:created-by', Value: 'fix' }] });
    expect(w[1]!.input).toMatchObject({ TopicArn: TOPIC, AttributeName: 'Policy' });
    expect(JSON.parse(w[1]!.input.AttributeValue as string)).toEqual({
      Version: '2012-10-17',
      Id: 'cis-audit-security-alerts-policy',
      Statement: [{
        Sid: 'AllowCloudWatchAlarmsOfThisAccount', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'SNS:Publish', Resource: TOPIC,
        Condition: { StringEquals: { 'aws:SourceAccount': A }, ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${A}:alarm:*` } },
      }],
    });
    CIS_MONITORING_EVENTS.forEach((event, i) => {
      const spec = CIS_MONITORING_PATTERNS[event];
      expect(w[2 + 2 * i]!.input).toEqual({
        logGroupName: LOG_GROUP, filterName: `cis-audit-${event}`, filterPattern: spec.accepted[0],
        metricTransformations: [{ metricName: `cis-audit-${event}`, metricNamespace: 'CISBenchmark', metricValue: '1' }],
      });
      expect(w[3 + 2 * i]!.input).toEqual(newAlarmInput(event, spec.title));
    });
    expect(w.at(-1)!.input).toEqual({ TopicArn: TOPIC, Protocol: 'email', Endpoint: EMAIL, ReturnSubscriptionArn: true });

    // Applied to the account: the subscription awaits confirmation, so every control is PENDING and says what to do.
    expect(account.monitoring!.topics).toEqual([expect.objectContaining({ arn: TOPIC, subscriptions: [{ Protocol: 'email', Endpoint: EMAIL, confirmed: false }] })]);
    for (const id of ALL_3X) {
      expect(outcomeOf(result, id)?.outcome).toBe('PENDING');
      expect(outcomeOf(result, id)?.detail).toContain(`confirm the email sent to ${EMAIL}`);
    }
    expect(result.exitCode).toBe(0);

    // The journal lists what was created, by ARN.
    const journal = journalOf(result.journalPath!);
    expect(journal.steps.every((s) => s.status === 'applied')).toBe(true);
    expect(journal.steps.flatMap((s) => s.creates ?? [])).toEqual(expect.arrayContaining([
      TOPIC,
      `arn:aws:cloudwatch:${REGION}:${A}:alarm:cis-audit-root-account-usage`,
      `arn:aws:logs:${REGION}:${A}:log-group:${LOG_GROUP} metric filter cis-audit-vpc-changes`,
    ]));

    // Once the recipient confirms, a plain re-run finds everything complete and writes nothing.
    account.monitoring!.topics[0]!.subscriptions[0]!.confirmed = true;
    const again = await run({ control: ['3'], 'notify-email': EMAIL });
    expect(writes()).toHaveLength(w.length);
    expect(again.outcomes.map((o) => o.outcome)).toEqual(ALL_3X.map(() => 'NOTHING_TO_DO'));
    expect(again.journalPath).toBeUndefined();
  });

  it('re-running while the subscription is still pending plans nothing and says what it waits for', async () => {
    const { writes } = live(bare());
    await run({ control: ['3.3', '3.4'], 'notify-email': EMAIL });
    const count = writes().length;
    expect(count).toBe(7);
    const again = await run({ control: ['3.3', '3.4'], 'notify-email': EMAIL });
    expect(writes()).toHaveLength(count);
    expect(outcomeOf(again, '3.3')).toMatchObject({ outcome: 'GUIDANCE' });
    expect(outcomeOf(again, '3.3')?.detail).toContain(`confirm the email sent to ${EMAIL}`);
    expect(again.exitCode).toBe(0);
  });

  it('on the demo account adds only the missing links: no duplicate filter, existing alarms re-put with every setting kept', async () => {
    const { writes, account } = live();
    const result = await run({ control: ['3'], 'notify-email': EMAIL });
    const w = writes();
    expect(w.map((c) => `${c.operation} ${String(c.input.AlarmName ?? c.input.filterName ?? c.input.Name ?? c.input.TopicArn)}`)).toEqual([
      'CreateTopic cis-audit-security-alerts',
      `SetTopicAttributes ${TOPIC}`,
      // 3.7: muted, but its own topic has a confirmed subscriber: actions back on, nothing else.
      'PutMetricAlarm cis-DisableOrDeleteCMK',
      // 3.8: the existing filter misses PutBucketCors, so it is not equivalent: ours next to it.
      'PutMetricFilter cis-audit-s3-bucket-policy-changes',
      'PutMetricAlarm cis-audit-s3-bucket-policy-changes',
      // 3.9: its topic's only subscriber never confirmed: our topic joins its actions.
      'PutMetricAlarm cis-AWSConfigChanges',
      // 3.11: no NACL filter at all.
      'PutMetricFilter cis-audit-nacl-changes',
      'PutMetricAlarm cis-audit-nacl-changes',
      `Subscribe ${TOPIC}`,
    ]);
    const cmk = { AlarmName: 'cis-DisableOrDeleteCMK', OKActions: [], InsufficientDataActions: [], MetricName: 'DisableOrDeleteCMK', Namespace: 'CISBenchmark', Statistic: 'Sum', Dimensions: [], Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' };
    expect(w[2]!.input).toEqual({ ...cmk, ActionsEnabled: true, AlarmActions: [ALERTS] });
    expect(w[5]!.input).toMatchObject({ AlarmName: 'cis-AWSConfigChanges', ActionsEnabled: true, AlarmActions: [`arn:aws:sns:${REGION}:${A}:config-watch`, TOPIC], Threshold: 1, Period: 300 });
    // No filter for an event that already has an equivalent one.
    const names = account.monitoring!.metricFilters.map((f) => f.filterName);
    expect(names.filter((n) => n.startsWith('cis-audit-'))).toEqual(['cis-audit-s3-bucket-policy-changes', 'cis-audit-nacl-changes']);

    expect(outcomeOf(result, '3.7')?.outcome).toBe('FIXED');
    for (const id of ['3.8', '3.9', '3.11']) expect(outcomeOf(result, id)?.outcome).toBe('PENDING');
    const journal = journalOf(result.journalPath!);
    const muted = journal.steps.find((s) => s.call.input.AlarmName === 'cis-DisableOrDeleteCMK')!;
    expect(muted.prior).toEqual({ ...cmk, ActionsEnabled: false, AlarmActions: [ALERTS] });
    expect(muted.changes).toEqual([`arn:aws:cloudwatch:${REGION}:${A}:alarm:cis-DisableOrDeleteCMK`]);
  });

  it('undo removes exactly what the journal says was created and restores the alarms it changed', async () => {
    const { writes, account } = live();
    const before = structuredClone(account.monitoring!);
    const result = await run({ control: ['3'], 'notify-email': EMAIL });
    const applied = writes().length;
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(applied).map((c) => `${c.operation} ${JSON.stringify(c.input.AlarmNames ?? c.input.AlarmName ?? c.input.filterName ?? c.input.TopicArn)}`)).toEqual([
      'DeleteAlarms ["cis-audit-nacl-changes"]',
      'DeleteMetricFilter "cis-audit-nacl-changes"',
      'PutMetricAlarm "cis-AWSConfigChanges"',
      'DeleteAlarms ["cis-audit-s3-bucket-policy-changes"]',
      'DeleteMetricFilter "cis-audit-s3-bucket-policy-changes"',
      'PutMetricAlarm "cis-DisableOrDeleteCMK"',
      `DeleteTopic "${TOPIC}"`,
    ]);
    const m = account.monitoring!;
    expect(m.metricFilters).toEqual(before.metricFilters);
    expect(m.topics).toEqual(before.topics);
    expect(m.alarms.map((a) => [a.AlarmName, a.ActionsEnabled, a.AlarmActions])).toEqual(before.alarms.map((a) => [a.AlarmName, a.ActionsEnabled, a.AlarmActions]));
    expect(journalOf(result.journalPath!).steps.every((s) => s.status === 'undone')).toBe(true);
  });

  it('a failure mid-plan stops there (APPLY_ERROR, exit 3) with what was applied journaled; undo removes it', async () => {
    const account = bare();
    account.errors = [{ service: 'cloudwatch', operation: 'PutMetricAlarm', code: 'AccessDenied', message: `User: arn:aws:iam::${A}:user/auditor is not authorized to perform: cloudwatch:PutMetricAlarm` }];
    const { writes } = live(account);
    const result = await run({ control: ['3.3'], 'notify-email': EMAIL });
    expect(writes().map((c) => c.operation)).toEqual(['CreateTopic', 'SetTopicAttributes', 'PutMetricFilter', 'PutMetricAlarm']);
    expect(outcomeOf(result, '3.3')).toMatchObject({ outcome: 'APPLY_ERROR' });
    expect(outcomeOf(result, '3.3')?.detail).toContain('cloudwatch:PutMetricAlarm failed: AccessDenied');
    expect(result.exitCode).toBe(3);
    const journal = journalOf(result.journalPath!);
    expect(journal.steps.map((s) => [s.call.operation, s.status])).toEqual([
      ['CreateTopic', 'applied'], ['SetTopicAttributes', 'applied'], ['PutMetricFilter', 'applied'], ['PutMetricAlarm', 'failed'],
    ]);
    expect(account.monitoring!.metricFilters.map((f) => f.filterName)).toEqual(['cis-audit-root-account-usage']);

    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(4)).toEqual([
      { service: 'logs', region: REGION, operation: 'DeleteMetricFilter', input: { logGroupName: LOG_GROUP, filterName: 'cis-audit-root-account-usage' } },
      { service: 'sns', region: REGION, operation: 'DeleteTopic', input: { TopicArn: TOPIC } },
    ]);
    expect(account.monitoring!.metricFilters).toEqual([]);
    expect(account.monitoring!.topics).toEqual([]);
  });

  it('a muted alarm whose own topic has a confirmed subscriber only gets its actions back: no topic, no --notify-email needed', async () => {
    const { writes } = live();
    const result = await run({ control: ['3.7'] });
    expect(writes().map((c) => c.operation)).toEqual(['PutMetricAlarm']);
    expect(writes()[0]!.input).toMatchObject({ AlarmName: 'cis-DisableOrDeleteCMK', ActionsEnabled: true, AlarmActions: [ALERTS] });
    expect(outcomeOf(result, '3.7')?.outcome).toBe('FIXED');
  });

  it('--sns-topic-arn: alarms notify that topic as it is (no CreateTopic, no policy change, no subscription) → FIXED', async () => {
    const { writes } = live();
    const result = await run({ control: ['3.8', '3.11'], 'sns-topic-arn': ALERTS });
    expect(writes().map((c) => c.operation)).toEqual(['PutMetricFilter', 'PutMetricAlarm', 'PutMetricFilter', 'PutMetricAlarm']);
    expect(writes()[3]!.input).toEqual({ ...newAlarmInput('nacl-changes', CIS_MONITORING_PATTERNS['nacl-changes'].title), AlarmActions: [ALERTS] });
    expect(outcomeOf(result, '3.8')?.outcome).toBe('FIXED');
    expect(outcomeOf(result, '3.11')?.outcome).toBe('FIXED');
    expect(result.exitCode).toBe(0);
  });

  it('a subscription added to an existing topic is undone by Unsubscribe with the ARN SNS answered', async () => {
    const { writes, account } = live();
    const before = structuredClone(account.monitoring!.topics);
    const result = await run({ control: ['3.11'], 'sns-topic-arn': ALERTS, 'notify-email': 'oncall@acme-analytics.example' });
    expect(writes().map((c) => c.operation)).toEqual(['PutMetricFilter', 'PutMetricAlarm', 'Subscribe']);
    expect(outcomeOf(result, '3.11')?.outcome).toBe('FIXED');
    const sub = journalOf(result.journalPath!).steps.at(-1)!;
    expect(sub.undo).toEqual([{ service: 'sns', region: REGION, operation: 'Unsubscribe', input: { SubscriptionArn: { $fromOutput: 'SubscriptionArn' } } }]);
    const arn = (sub.output as { SubscriptionArn: string }).SubscriptionArn;
    expect(arn).toMatch(/^arn:aws:sns:us-east-1:210987654321:security-alerts:/);

    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(3)).toEqual([
      { service: 'sns', region: REGION, operation: 'Unsubscribe', input: { SubscriptionArn: arn } },
      { service: 'cloudwatch', region: REGION, operation: 'DeleteAlarms', input: { AlarmNames: ['cis-audit-nacl-changes'] } },
      { service: 'logs', region: REGION, operation: 'DeleteMetricFilter', input: { logGroupName: LOG_GROUP, filterName: 'cis-audit-nacl-changes' } },
    ]);
    expect(account.monitoring!.topics).toEqual(before);
  });

  it('--sns-topic-arn whose policy may not let CloudWatch publish: a warning in the plan, the topic untouched', async () => {
    const account = fresh();
    const alerts = account.monitoring!.topics.find((t) => t.arn === ALERTS)!;
    alerts.attributes = { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/ops` }, Action: 'SNS:Publish', Resource: ALERTS }] }) };
    const { writes } = live(account);
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ control: ['3.11'], 'sns-topic-arn': ALERTS, 'dry-run': true, region: [REGION] }), io, TOOL);
    expect(out.stdout).toContain(`the policy of topic ${ALERTS} may not let CloudWatch alarms of ${A} publish`);
    expect(writes()).toEqual([]);
  });

  it('--sns-topic-arn that does not exist → GUIDANCE, nothing written', async () => {
    const { writes } = live();
    const result = await run({ control: ['3.11'], 'sns-topic-arn': `arn:aws:sns:${REGION}:${A}:nope` });
    expect(outcomeOf(result, '3.11')).toMatchObject({ outcome: 'GUIDANCE' });
    expect(outcomeOf(result, '3.11')?.detail).toContain('does not exist');
    expect(writes()).toEqual([]);
  });

  it('a new topic without --notify-email → GUIDANCE naming the flag, no steps', async () => {
    const { writes } = live();
    const result = await run({ control: ['3.11'] });
    expect(outcomeOf(result, '3.11')).toMatchObject({ outcome: 'GUIDANCE' });
    expect(outcomeOf(result, '3.11')?.detail).toContain('rerun with --notify-email');
    expect(writes()).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('a subscriber that needs no confirmation (SQS) → FIXED at once', async () => {
    const queue = `arn:aws:sqs:${REGION}:${A}:security-events`;
    const { writes } = live(bare());
    const result = await run({ control: ['3.1'], 'subscription-protocol': 'sqs', 'subscription-endpoint': queue });
    expect(writes().at(-1)!.input).toEqual({ TopicArn: TOPIC, Protocol: 'sqs', Endpoint: queue, ReturnSubscriptionArn: true });
    expect(outcomeOf(result, '3.1')?.outcome).toBe('FIXED');
  });

  it('no candidate trail → GUIDANCE: 2.1 and 2.4 come first; nothing written', async () => {
    const account = bare();
    for (const t of account.cloudtrail!.trails) t.IsMultiRegionTrail = false;
    const { writes } = live(account);
    const result = await run({ control: ['3.1', '3.2'], 'notify-email': EMAIL });
    expect(outcomeOf(result, '3.1')).toMatchObject({ outcome: 'GUIDANCE' });
    expect(outcomeOf(result, '3.1')?.detail).toContain('2.1 and 2.4 come first (create a multi-region trail with CloudWatch Logs), or select them with 3.x');
    expect(writes()).toEqual([]);
  });

  it('a candidate trail without CloudWatch Logs → GUIDANCE: 2.4 comes first', async () => {
    const account = bare();
    delete account.cloudtrail!.trails[0]!.CloudWatchLogsLogGroupArn;
    const { writes } = live(account);
    const result = await run({ control: ['3.1'], 'notify-email': EMAIL });
    expect(outcomeOf(result, '3.1')?.detail).toContain('2.4 comes first: acme-audit does not deliver to CloudWatch Logs');
    expect(writes()).toEqual([]);
  });

  it('--dry-run sends reads only and prints every call', async () => {
    const { writes, calls } = live(bare());
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['3.1'], 'notify-email': EMAIL, 'dry-run': true, region: [REGION] }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.some((c) => c.operation === 'GetTopicAttributes')).toBe(true);
    expect(out.stdout).toContain(`logs:PutMetricFilter (${REGION}) {"logGroupName":"${LOG_GROUP}","filterName":"cis-audit-unauthorized-api-calls"`);
    expect(out.stdout).toContain('Dry run: 5 change(s) planned, nothing changed.');
    expect(result.exitCode).toBe(0);
  });

  it('bad flag values are usage errors (exit 2) before anything is read', async () => {
    const { calls } = live();
    for (const over of [{ 'notify-email': 'not-an-address' }, { 'sns-topic-arn': 'security-alerts' }, { 'subscription-protocol': 'sqs' }]) {
      const err = await run({ control: ['3.1'], ...over }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
    }
    expect(calls).toEqual([]);
  });
});

describe('topic policy helpers', () => {
  const alarm = `arn:aws:cloudwatch:${REGION}:${A}:alarm:cis-audit-x`;
  it('our policy lets exactly this account\'s alarms publish', () => {
    const policy = JSON.stringify(alarmTopicPolicy(TOPIC, { account: A, partition: 'aws' }, REGION));
    expect(topicPolicyLetsCloudWatchPublish(policy, A, alarm)).toBe(true);
    expect(topicPolicyLetsCloudWatchPublish(policy, '111122223333', `arn:aws:cloudwatch:${REGION}:111122223333:alarm:x`)).toBe(false);
  });
  it('SNS\'s default policy (AWS:SourceOwner) counts; a policy for one role only does not', () => {
    const dflt = { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Subscribe', 'SNS:Publish'], Resource: TOPIC, Condition: { StringEquals: { 'AWS:SourceOwner': A } } }] };
    expect(topicPolicyLetsCloudWatchPublish(JSON.stringify(dflt), A, alarm)).toBe(true);
    const narrow = { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/ops` }, Action: 'sns:Publish', Resource: TOPIC }] };
    expect(topicPolicyLetsCloudWatchPublish(JSON.stringify(narrow), A, alarm)).toBe(false);
  });
});

describe('fix of a newer benchmark\'s monitoring controls: the selected version\'s patterns', () => {
  it('cis-5.0.0 4.1, 4.10 and 4.15 get filters with v5.0.0\'s texts (never v1.2.0\'s) and re-check FIXED; a second run plans nothing', async () => {
    const { PATTERNS_5_0_0 } = await import('../../src/benchmark/monitoring-patterns.js');
    const { writes } = live(bare());
    const v5 = { benchmark: ['cis-5.0.0'], control: ['4.1', '4.10', '4.15'], 'subscription-protocol': 'sqs', 'subscription-endpoint': `arn:aws:sqs:${REGION}:${A}:alerts` };
    const result = await run(v5);
    const filters = writes().filter((w) => w.operation === 'PutMetricFilter');
    expect(filters.map((f) => [f.input.filterName, f.input.filterPattern])).toEqual([
      ['cis-audit-unauthorized-api-calls', PATTERNS_5_0_0['unauthorized-api-calls'][0]],
      ['cis-audit-security-group-changes', PATTERNS_5_0_0['security-group-changes'][0]],
      ['cis-audit-organizations-changes', PATTERNS_5_0_0['organizations-changes'][0]],
    ]);
    expect(filters[1]!.input.filterPattern).toContain('ModifySecurityGroupRules');
    expect(filters[0]!.input.filterPattern).not.toBe(CIS_MONITORING_PATTERNS['unauthorized-api-calls'].accepted[0]);
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['4.1', 'FIXED'], ['4.10', 'FIXED'], ['4.15', 'FIXED']]);
    const sent = writes().length;
    const second = await run(v5);
    expect(writes()).toHaveLength(sent);
    expect(second.outcomes.map((o) => o.outcome)).toEqual(['NOTHING_TO_DO', 'NOTHING_TO_DO', 'NOTHING_TO_DO']);
  });

  it('a v1.2.0 filter of our name that the newer version rejects is replaced with the new text, its prior pattern journaled for undo', async () => {
    const { SECURITY_GROUPS_V5 } = await import('../../src/benchmark/monitoring-patterns.js');
    const { writes, account } = live(bare());
    const sqs = { 'subscription-protocol': 'sqs', 'subscription-endpoint': `arn:aws:sqs:${REGION}:${A}:alerts` };
    await run({ control: ['3.10'], ...sqs });
    const old = writes().find((w) => w.operation === 'PutMetricFilter')!.input.filterPattern;
    expect(old).toBe(CIS_MONITORING_PATTERNS['security-group-changes'].accepted[0]);
    const result = await run({ benchmark: ['cis-5.0.0'], control: ['4.10'], ...sqs });
    const replace = journalOf(result.journalPath!).steps.find((s) => s.call.operation === 'PutMetricFilter')!;
    expect(replace.call.input).toMatchObject({ filterName: 'cis-audit-security-group-changes', filterPattern: SECURITY_GROUPS_V5 });
    expect(replace.undo).toEqual([expect.objectContaining({ operation: 'PutMetricFilter', input: expect.objectContaining({ filterPattern: old }) })]);
    expect(outcomeOf(result, '4.10')?.outcome).toBe('FIXED');
    expect(await undo(result.journalPath!)).toBe(0);
    expect(account.monitoring!.metricFilters.find((f) => f.filterName === 'cis-audit-security-group-changes')?.filterPattern).toBe(old);
  });
});
