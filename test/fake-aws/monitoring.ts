import { AwsCallError } from '../../src/aws/errors.js';
import { page, type FakeAws } from './fake-aws.js';

// The monitoring part of a fake account: metric filters per log group, alarms per region, SNS topics.
export interface FakeMetricFilter {
  region: string;
  logGroupName: string;
  filterName: string;
  filterPattern: string;
  /** Omitted: the filter publishes no metric. */
  metric?: { namespace: string; name: string };
}

export interface FakeAlarm {
  region: string;
  AlarmName: string;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Array<{ Name: string; Value: string }>;
  /** A metric-math alarm's metrics (then Namespace/MetricName are left out). */
  Metrics?: Array<Record<string, unknown>>;
  ActionsEnabled: boolean;
  AlarmActions: string[];
}

export interface FakeSubscription {
  Protocol: string;
  Endpoint: string;
  confirmed: boolean;
}

export interface FakeTopic {
  arn: string;
  subscriptions: FakeSubscription[];
}

export interface FakeMonitoring {
  metricFilters: FakeMetricFilter[];
  alarms: FakeAlarm[];
  topics: FakeTopic[];
  /** Items per page for every list (default 50), to exercise pagination. */
  pageSize?: number;
}

export function serveMonitoring(aws: FakeAws, account: string, model: FakeMonitoring): void {
  const size = model.pageSize ?? 50;
  aws.on('logs', 'DescribeMetricFilters', (input, region) => {
    const filters = model.metricFilters.filter((f) => f.region === region && f.logGroupName === input.logGroupName);
    const items = filters.map((f) => ({
      filterName: f.filterName, filterPattern: f.filterPattern, logGroupName: f.logGroupName, creationTime: 1_700_000_000_000,
      metricTransformations: f.metric ? [{ metricName: f.metric.name, metricNamespace: f.metric.namespace, metricValue: '1' }] : [],
    }));
    return page(items, input, { size, inToken: 'nextToken', outToken: 'nextToken', key: 'metricFilters' });
  });
  aws.on('cloudwatch', 'DescribeAlarms', (input, region) => {
    const items = model.alarms.filter((a) => a.region === region).map(({ region: r, ...a }) => ({
      ...a, AlarmArn: `arn:aws:cloudwatch:${r}:${account}:alarm:${a.AlarmName}`, StateValue: 'OK',
      Dimensions: a.Dimensions ?? [], OKActions: [], InsufficientDataActions: [], ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1, Threshold: 1, ...(a.Metrics ? {} : { Statistic: 'Sum', Period: 300 }),
    }));
    return page(items, input, { size: Math.min(size, input.MaxRecords ?? 100), inToken: 'NextToken', outToken: 'NextToken', key: 'MetricAlarms' });
  });
  aws.on('sns', 'ListSubscriptionsByTopic', (input, region) => {
    const topic = model.topics.find((t) => t.arn === input.TopicArn);
    if (!topic || topic.arn.split(':')[3] !== region) {
      throw new AwsCallError({ service: 'sns', operation: 'ListSubscriptionsByTopic', region }, 'NotFound', 'Topic does not exist');
    }
    const items = topic.subscriptions.map((s, i) => ({
      SubscriptionArn: s.confirmed ? `${topic.arn}:0f6c${String(i).padStart(4, '0')}-8d1e-4b7a-9c3e-5a2f1e7d9b40` : 'PendingConfirmation',
      Owner: account, Protocol: s.Protocol, Endpoint: s.Endpoint, TopicArn: topic.arn,
    }));
    return page(items, input, { size, inToken: 'NextToken', outToken: 'NextToken', key: 'Subscriptions' });
  });
}
