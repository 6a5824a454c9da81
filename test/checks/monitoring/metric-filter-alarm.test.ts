import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../../src/benchmark/cis-aws-1.2.0.js';
import { CIS_MONITORING_EVENTS, CIS_MONITORING_PATTERNS, type CisMonitoringEvent } from '../../../src/checks/monitoring/cis-patterns.js';
import { monitoringChecks } from '../../../src/checks/monitoring/index.js';
import { trails } from '../../../src/collect/cloudtrail.js';
import { metricAlarms, metricFilters, topicSubscriptions } from '../../../src/collect/monitoring.js';
import { denied, failed, ok, readError, ROOT_ARN } from '../../helpers/check-state.js';
import {
  ACCOUNT, accepted, alarm, completeWorld, CONFIRMED, filter, logGroupArn, logGroupKey, METRIC,
  NAMESPACE, pending, REGION, run, TOPIC, trail, verdict,
} from './fixtures.js';

const snsDenied = () => denied<never>('ListSubscriptionsByTopic', 'AuthorizationError', 'sns');

describe('the 15 monitoring checks', () => {
  it('are registered under the ids the benchmarks map 3.1–3.14 (and v1.4.0+ 4.15) to, each reading the whole chain', () => {
    const mapped = CIS_AWS_1_2_0.controls.filter((c) => c.section === '3').flatMap((c) => c.checks);
    expect(mapped).toHaveLength(14);
    expect(monitoringChecks.map((c) => c.id).sort()).toEqual([...mapped, 'monitoring-organizations-changes'].sort());
    for (const c of monitoringChecks) expect(c.needs).toEqual([trails, metricFilters, metricAlarms, topicSubscriptions]);
  });

  for (const event of CIS_MONITORING_EVENTS) {
    describe(event, () => {
      CIS_MONITORING_PATTERNS[event].accepted.forEach((pattern, i) => {
        it(`PASS with accepted form ${i}, naming trail, filter, alarm, topic and subscription`, () => {
          const findings = run(event, completeWorld(pattern));
          expect(findings).toHaveLength(1);
          const [f] = findings;
          expect(f!.status).toBe('PASS');
          expect(f!.resource).toBe(trail().arn);
          expect(f!.region).toBe(REGION);
          expect(f!.message).toContain('org-trail');
          expect(f!.message).toContain('cis-filter');
          expect(f!.message).toContain('cis-alarm');
          expect(f!.message).toContain('security-alerts');
          expect(f!.evidence).toContainEqual(expect.objectContaining({ source: 'logs:DescribeMetricFilters', field: 'filterPattern', value: expect.objectContaining({ filterPattern: pattern }) }));
          expect(f!.evidence).toContainEqual(expect.objectContaining({ source: 'sns:ListSubscriptionsByTopic', field: 'TopicArn', value: TOPIC }));
          expect(f!.evidence).toContainEqual(expect.objectContaining({ source: 'sns:ListSubscriptionsByTopic', field: 'SubscriptionArn', value: [expect.objectContaining({ SubscriptionArn: CONFIRMED })] }));
        });
      });

      it('FAIL when the filter pattern belongs to another event', () => {
        const other = CIS_MONITORING_EVENTS.find((e) => e !== event && !(event === 'console-signin-without-mfa' && e === 'console-auth-failures'))!;
        const findings = run(event, completeWorld(accepted(other)));
        expect(findings.map((f) => f.status)).toEqual(['FAIL']);
        expect(findings[0]!.message).toContain('no metric filter on log group org-trail-logs');
      });

      it('FAIL when no alarm watches the filter metric', () => {
        const w = completeWorld(accepted(event));
        w.alarms = { [REGION]: ok([]) };
        const [f] = run(event, w);
        expect(f!.status).toBe('FAIL');
        expect(f!.message).toContain(`${NAMESPACE}/${METRIC}`);
      });

      it('ERROR, never PASS, when the subscriptions cannot be read', () => {
        const w = completeWorld(accepted(event));
        w.subscriptions = { [TOPIC]: snsDenied() };
        const findings = run(event, w);
        expect(findings.map((f) => f.status)).toEqual(['ERROR']);
        expect(findings[0]!.message).toContain('ListSubscriptionsByTopic');
        expect(findings[0]!.message).toContain('AuthorizationError');
        expect(findings[0]!.error).toEqual(expect.objectContaining({ service: 'sns', code: 'AuthorizationError' }));
      });
    });
  }
});

describe('pattern equivalence', () => {
  const cis34 = accepted('iam-policy-changes');
  const spaced34 = cis34.replace(/\|\|/g, ' || ').replace(/=/g, ' = ').replace('{', '{ ').replace(/}$/, ' }');
  const quoted34 = cis34.replace(/=(\w+)\)/g, '="$1")');
  const reordered34 = `{${cis34.slice(1, -1).split('||').reverse().join('||')}}`;

  it.each([
    ['whitespace', spaced34],
    ['quoting', quoted34],
    ['operand order', reordered34],
    ['redundant parentheses', `{(${cis34.slice(1, -1)})}`],
  ])('PASS when the pattern differs only in %s', (_what, pattern) => {
    expect(pattern).not.toBe(cis34);
    expect(run('iam-policy-changes', completeWorld(pattern)).map((f) => f.status)).toEqual(['PASS']);
  });

  it('FAIL naming a missing eventName', () => {
    const without = accepted('s3-bucket-policy-changes').replace(' || ($.eventName = PutBucketCors)', '');
    const [f] = run('s3-bucket-policy-changes', completeWorld(without));
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('missing $.eventName = "PutBucketCors"');
    expect(f!.evidence).toContainEqual(expect.objectContaining({ field: 'filterPattern', value: expect.objectContaining({ missing: ['$.eventName = "PutBucketCors"'], extra: [] }) }));
  });

  it('FAIL naming an extra eventName', () => {
    const broader = accepted('vpc-changes').replace(' }', ' || ($.eventName = CreateSubnet) }');
    const [f] = run('vpc-changes', completeWorld(broader));
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('extra $.eventName = "CreateSubnet"');
    expect(f!.message).not.toContain('missing');
  });

  it('FAIL naming an added clause on the root-usage filter', () => {
    const narrower = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" && $.sourceIPAddress != "10.0.0.1" }';
    const [f] = run('root-account-usage', completeWorld(narrower));
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('extra $.sourceIPAddress != "10.0.0.1"');
  });

  // Structural near misses: the closest filter is named with its missing/extra clauses and how it joins or groups them.
  describe('structural near misses', () => {
    const KMS_SOURCE = '$.eventSource = "kms.amazonaws.com"';
    const DISABLE = '$.eventName = "DisableKey"';
    const DELETE = '$.eventName = "ScheduleKeyDeletion"';
    const iamNames = accepted('iam-policy-changes').slice(1, -1);
    const cases: Array<{ name: string; event: CisMonitoringEvent; pattern: string; says: string; diff: object }> = [
      {
        name: '&& where CIS has ||', event: 'unauthorized-api-calls',
        pattern: '{ ($.errorCode = "*UnauthorizedOperation") && ($.errorCode = "AccessDenied*") }',
        says: 'joins with && where CIS joins with ||', diff: { missing: [], extra: [], structure: 'joins with && where CIS joins with ||' },
      },
      {
        name: 'a precedence difference (A && B || C)', event: 'cmk-disable-or-deletion',
        pattern: `{ ${KMS_SOURCE} && ${DISABLE} || ${DELETE} }`,
        says: `groups (${KMS_SOURCE} && ${DISABLE}) || ${DELETE} where CIS has ${KMS_SOURCE} && (${DISABLE} || ${DELETE})`,
        diff: { missing: [], extra: [] },
      },
      {
        name: 'a missing $.eventSource clause', event: 'cmk-disable-or-deletion', pattern: `{ ${DISABLE} || ${DELETE} }`,
        says: `missing ${KMS_SOURCE}`, diff: { missing: [KMS_SOURCE], extra: [] },
      },
      {
        name: 'an extra $.eventSource clause', event: 'iam-policy-changes', pattern: `{ $.eventSource = iam.amazonaws.com && (${iamNames}) }`,
        says: 'extra $.eventSource = "iam.amazonaws.com"', diff: { missing: [], extra: ['$.eventSource = "iam.amazonaws.com"'] },
      },
    ];
    it.each(cases)('$name: FAIL naming the closest filter and the difference', ({ event, pattern, says, diff }) => {
      const w = completeWorld(pattern);
      w.filters[logGroupKey()] = ok([filter('{ $.eventName = "SomethingElse" }', { name: 'unrelated' }), filter(pattern, { name: 'near' })]);
      const [f, ...rest] = run(event, w);
      expect(rest).toEqual([]);
      expect(f!.status).toBe('FAIL');
      expect(f!.message).toContain(`closest is filter "near": ${says}`);
      expect(f!.evidence).toContainEqual(expect.objectContaining({
        field: 'filterPattern', value: expect.objectContaining({ filterName: 'near', filterPattern: pattern, ...diff }),
      }));
    });

    it('among several near misses, names the one with the fewest differences', () => {
      const w = completeWorld(accepted('cmk-disable-or-deletion'));
      w.filters[logGroupKey()] = ok([
        filter(`{ ${DISABLE} }`, { name: 'one-event' }),
        filter(`{ ${KMS_SOURCE} && ${DISABLE} && ${DELETE} }`, { name: 'all-and' }),
      ]);
      const [f] = run('cmk-disable-or-deletion', w);
      expect(f!.message).toContain(`closest is filter "all-and": joins ${DISABLE}, ${DELETE} with && where CIS joins them with ||`);
    });
  });

  it('with --strict-patterns rejects a reordered pattern that equivalence accepts, and says so', () => {
    const reordered = '{ ($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation") }';
    expect(run('unauthorized-api-calls', completeWorld(reordered)).map((f) => f.status)).toEqual(['PASS']);
    const [f] = run('unauthorized-api-calls', completeWorld(reordered), { options: { strictPatterns: true } });
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('--strict-patterns');
  });

  it('with --strict-patterns still accepts the prescribed text re-spaced', () => {
    const compact = accepted('cmk-disable-or-deletion').replace(/\s+/g, '');
    const findings = run('cmk-disable-or-deletion', completeWorld(compact), { options: { strictPatterns: true } });
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
  });

  it('ignores non-JSON and unparseable filters on the same log group, noting them, and uses the good one', () => {
    const w = completeWorld(accepted('console-auth-failures'));
    w.filters[logGroupKey()] = ok([
      filter('"ConsoleLogin" "Failed authentication"', { name: 'plain-terms' }),
      filter('{ ($.eventName = ConsoleLogin) && ', { name: 'half-written' }),
      filter(accepted('console-auth-failures'), { name: 'good' }),
    ]);
    const [f] = run('console-auth-failures', w);
    expect(f!.status).toBe('PASS');
    expect(f!.message).toContain('"good"');
    expect(f!.evidence).toContainEqual(expect.objectContaining({ value: expect.objectContaining({ filterName: 'plain-terms', ignored: 'not a JSON filter pattern' }) }));
    expect(f!.evidence).toContainEqual(expect.objectContaining({ value: expect.objectContaining({ filterName: 'half-written', ignored: expect.stringContaining('does not parse') }) }));
  });

  it('FAIL (not a crash) when the only filters are not JSON or do not parse', () => {
    const w = completeWorld('ERROR');
    w.filters[logGroupKey()] = ok([filter('ERROR'), filter('{ $.eventName = ')]);
    expect(run('vpc-changes', w).map((f) => f.status)).toEqual(['FAIL']);
  });
});

describe('candidate trails', () => {
  const event = 'cloudtrail-config-changes' as const;
  const pattern = accepted(event);

  it('FAIL explaining each trail when none is a candidate', () => {
    const w = completeWorld(pattern);
    w.trails = [
      trail('regional', { isMultiRegion: false }),
      trail('stopped', { status: ok({ isLogging: false }) }),
      trail('writes', { selectors: ok({ style: 'basic', read: false, write: true, excludedSources: [], otherConditions: [] }) }),
      trail('no-kms', { selectors: ok({ style: 'advanced', read: true, write: true, excludedSources: ['kms.amazonaws.com'], otherConditions: [] }) }),
    ];
    const findings = run(event, w);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f!.status).toBe('FAIL');
    expect(f!.resource).toBe(ROOT_ARN);
    expect(f!.message).toContain('regional: single-region trail');
    expect(f!.message).toContain('stopped: not logging');
    expect(f!.message).toContain('writes: logs write-only management events');
    expect(f!.message).toContain('no-kms: excludes management events from kms.amazonaws.com');
    expect(f!.evidence).toHaveLength(4);
  });

  it('FAIL when the account has no trail at all', () => {
    const w = completeWorld(pattern);
    w.trails = [];
    const [f] = run(event, w);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('no CloudTrail trail');
  });

  it('FAIL when only a single-region trail has the filters', () => {
    const w = completeWorld(pattern);
    w.trails = [trail('regional', { isMultiRegion: false, logGroupArn: logGroupArn('regional-logs') }), trail('org-trail')];
    w.filters = { [logGroupKey()]: ok([]) };
    const findings = run(event, w);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[trail('org-trail').arn, 'FAIL']]);
    expect(verdict(findings)).toBe('FAIL');
  });

  it('PASS when one of two multi-region trails has the complete chain (one finding per candidate)', () => {
    const w = completeWorld(pattern);
    w.trails = [trail('a-bare', { logGroupArn: logGroupArn('bare-logs') }), trail('org-trail')];
    w.filters[logGroupKey('bare-logs')] = ok([]);
    const findings = run(event, w);
    expect(findings.map((f) => [f.resource.split('/').pop(), f.status])).toEqual([['a-bare', 'FAIL'], ['org-trail', 'PASS']]);
    expect(verdict(findings)).toBe('PASS');
  });

  it('FAIL for a candidate that does not deliver to CloudWatch Logs', () => {
    const w = completeWorld(pattern);
    w.trails = [trail('org-trail', { logGroupArn: undefined })];
    const [f] = run(event, w);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('does not deliver to CloudWatch Logs');
  });

  it('ERROR for a multi-region trail whose status cannot be read', () => {
    const w = completeWorld(pattern);
    w.trails = [trail('org-trail', { status: denied('GetTrailStatus', 'AccessDeniedException', 'cloudtrail') })];
    const [f] = run(event, w);
    expect(f!.status).toBe('ERROR');
    expect(f!.message).toContain('cloudtrail:GetTrailStatus');
  });

  it('ERROR for a multi-region trail whose event selectors cannot be read', () => {
    const w = completeWorld(pattern);
    w.trails = [trail('org-trail', { selectors: denied('GetEventSelectors', 'AccessDeniedException', 'cloudtrail') })];
    expect(run(event, w).map((f) => f.status)).toEqual(['ERROR']);
  });

  it('ERROR "scan that account" for a log group in another account, without reading it', () => {
    const w = completeWorld(pattern);
    w.trails = [trail('org-trail', { logGroupArn: logGroupArn('org-logs', REGION, '999988887777') })];
    w.filters = {};
    const [f] = run(event, w);
    expect(f!.status).toBe('ERROR');
    expect(f!.message).toContain('999988887777');
    expect(f!.message).toContain('scan that account');
  });

  it('ERROR when the trails could not be read at all', () => {
    const w = completeWorld(pattern);
    w.trailsGot = failed(readError('DescribeTrails', 'AccessDeniedException', 'cloudtrail'));
    w.filtersGot = failed(readError('DescribeTrails', 'AccessDeniedException', 'cloudtrail'));
    const [f] = run(event, w);
    expect(f!.status).toBe('ERROR');
    expect(f!.message).toContain('DescribeTrails');
  });

  it('ERROR when no region could list trails, but one listed region suffices', () => {
    const w = completeWorld(pattern);
    const deniedList = denied<string[]>('DescribeTrails', 'AccessDeniedException', 'cloudtrail');
    w.trails = [];
    w.listed = { [REGION]: deniedList, 'eu-west-1': deniedList };
    const findings = run(event, w);
    expect(findings.map((f) => f.status)).toEqual(['ERROR', 'ERROR']);
    expect(findings.map((f) => f.region).sort()).toEqual(['eu-west-1', REGION]);

    const partly = completeWorld(pattern);
    partly.listed = { [REGION]: ok([trail().arn]), 'ap-southeast-2': deniedList };
    expect(run(event, partly).map((f) => f.status)).toEqual(['PASS']);
  });
});

describe('the chain after the filter', () => {
  const event = 'security-group-changes' as const;
  const world = () => completeWorld(accepted(event));

  it('FAIL for an alarm on the same metric name in another namespace, naming it', () => {
    const w = world();
    w.alarms = { [REGION]: ok([alarm({ metrics: [{ namespace: 'LogMetrics', name: METRIC, dimensions: 0 }] })]) };
    const [f] = run(event, w);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('LogMetrics/Events');
  });

  it('FAIL for an alarm in another region', () => {
    const w = world();
    w.alarms = { [REGION]: ok([]), 'eu-west-1': ok([alarm()]) };
    const [f] = run(event, w);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain(`no alarm in ${REGION}`);
  });

  it('FAIL for an alarm with dimensions', () => {
    const w = world();
    w.alarms = { [REGION]: ok([alarm({ metrics: [{ namespace: NAMESPACE, name: METRIC, dimensions: 1 }] })]) };
    const [f] = run(event, w);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('with dimensions');
  });

  it('PASS for a metric-math alarm one of whose metrics is the filter metric', () => {
    const w = world();
    w.alarms = { [REGION]: ok([alarm({ math: true, metrics: [{ namespace: 'Other', name: 'X', dimensions: 0 }, { namespace: NAMESPACE, name: METRIC, dimensions: 0 }] })]) };
    expect(run(event, w).map((f) => f.status)).toEqual(['PASS']);
  });

  it('FAIL for an alarm with actions disabled', () => {
    const w = world();
    w.alarms = { [REGION]: ok([alarm({ actionsEnabled: false })]) };
    const [f] = run(event, w);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('actions disabled');
    expect(f!.evidence).toContainEqual(expect.objectContaining({ field: 'ActionsEnabled', value: false }));
  });

  it('FAIL for an alarm without actions, or with only non-SNS actions', () => {
    for (const actions of [[], ['arn:aws:automate:us-east-1:ec2:stop']]) {
      const w = world();
      w.alarms = { [REGION]: ok([alarm({ alarmActions: actions })]) };
      const [f] = run(event, w);
      expect(f!.status).toBe('FAIL');
      expect(f!.message).toContain('notifies no SNS topic');
    }
  });

  it('FAIL for a filter that publishes no metric', () => {
    const w = world();
    w.filters[logGroupKey()] = ok([filter(accepted(event), { metric: undefined })]);
    const [f] = run(event, w);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('publishes no metric');
  });

  it('FAIL for a topic with no subscriptions, or only pending ones', () => {
    const none = world();
    none.subscriptions = { [TOPIC]: ok([]) };
    expect(run(event, none)[0]!.message).toContain('no confirmed subscription (no subscriptions)');
    const onlyPending = world();
    onlyPending.subscriptions = { [TOPIC]: ok([pending(), pending()]) };
    const [f] = run(event, onlyPending);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('2 pending confirmation');
  });

  it('PASS when any of several alarms completes the chain, FAIL naming the deepest broken link otherwise', () => {
    const w = world();
    const other = `arn:aws:sns:${REGION}:${ACCOUNT}:quiet`;
    w.alarms = { [REGION]: ok([alarm({ name: 'muted', actionsEnabled: false }), alarm({ name: 'quiet', alarmActions: [other] }), alarm()]) };
    w.subscriptions[other] = ok([pending()]);
    expect(run(event, w).map((f) => f.status)).toEqual(['PASS']);
    w.alarms = { [REGION]: ok([alarm({ name: 'muted', actionsEnabled: false }), alarm({ name: 'quiet', alarmActions: [other] })]) };
    const [f] = run(event, w);
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('"quiet" notifies topic quiet');
  });

  it('ERROR naming the topic when it belongs to another account', () => {
    const w = world();
    const foreign = `arn:aws:sns:${REGION}:999988887777:central-alerts`;
    w.alarms = { [REGION]: ok([alarm({ alarmActions: [foreign] })]) };
    const [f] = run(event, w);
    expect(f!.status).toBe('ERROR');
    expect(f!.message).toContain(foreign);
    expect(f!.message).toContain('scan that account');
  });

  it('ERROR when DescribeAlarms was denied in the log group region', () => {
    const w = world();
    w.alarms = { [REGION]: denied('DescribeAlarms', 'AccessDenied', 'cloudwatch') };
    const [f] = run(event, w);
    expect(f!.status).toBe('ERROR');
    expect(f!.message).toContain('cloudwatch:DescribeAlarms');
  });

  it('ERROR for the candidate whose filters were denied; the other candidate still decides', () => {
    const w = world();
    w.trails = [trail('a-locked', { logGroupArn: logGroupArn('locked') }), trail('org-trail')];
    w.filters[logGroupKey('locked')] = denied('DescribeMetricFilters', 'AccessDeniedException', 'logs');
    const findings = run(event, w);
    expect(findings.map((f) => f.status)).toEqual(['ERROR', 'PASS']);
    expect(findings[0]!.message).toContain('logs:DescribeMetricFilters');
    expect(findings[0]!.message).toContain('locked');
    expect(verdict(findings)).toBe('PASS');

    w.alarms = { [REGION]: ok([]) };
    expect(verdict(run(event, w))).toBe('ERROR');
  });

  it('an ERROR in one alarm branch wins over a FAIL in another (it could have been the complete one)', () => {
    const w = world();
    const other = `arn:aws:sns:${REGION}:${ACCOUNT}:other`;
    w.alarms = { [REGION]: ok([alarm({ name: 'muted', actionsEnabled: false }), alarm({ alarmActions: [other] })]) };
    w.subscriptions = { [other]: snsDenied() };
    expect(run(event, w).map((f) => f.status)).toEqual(['ERROR']);
  });

  it('never reads past a missing datum entry as if it were empty', () => {
    const w = world();
    w.filters = {};
    const [f] = run(event, w);
    expect(f!.status).toBe('ERROR');
    expect(f!.error?.code).toBe('NotCollected');
  });
});
