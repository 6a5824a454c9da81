import { AwsCallError } from '../../src/aws/errors.js';
import type { ServiceName } from '../../src/aws/services.js';
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
  /** Everything else PutMetricAlarm set (Statistic, Period, Threshold, TreatMissingData…); served as given. */
  settings?: Record<string, unknown>;
}

export interface FakeSubscription {
  Protocol: string;
  Endpoint: string;
  confirmed: boolean;
}

export interface FakeTopic {
  arn: string;
  subscriptions: FakeSubscription[];
  /** SetTopicAttributes values (Policy as JSON text, DisplayName…); GetTopicAttributes serves AWS's defaults otherwise. */
  attributes?: Record<string, string>;
  tags?: Array<{ Key: string; Value: string }>;
}

export interface FakeLogGroup {
  region: string;
  name: string;
  /** Omitted: events never expire. */
  retentionInDays?: number;
  kmsKeyId?: string;
  tags?: Record<string, string>;
}

export interface FakeMonitoring {
  metricFilters: FakeMetricFilter[];
  alarms: FakeAlarm[];
  topics: FakeTopic[];
  /** Log groups the fake knows besides those that have metric filters (which exist by definition). */
  logGroups?: FakeLogGroup[];
  /** Simulates the services accepting a write but not changing anything (for STILL_FAILING). */
  ignoreWrites?: boolean;
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
      ...withoutSettings(a), AlarmArn: `arn:aws:cloudwatch:${r}:${account}:alarm:${a.AlarmName}`, StateValue: 'OK',
      Dimensions: a.Dimensions ?? [], OKActions: [], InsufficientDataActions: [], ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1, Threshold: 1, ...(a.Metrics ? {} : { Statistic: 'Sum', Period: 300 }), ...a.settings,
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
  serveMonitoringWrites(aws, account, model);
}

const withoutSettings = ({ settings: _settings, ...a }: Omit<FakeAlarm, 'region'>) => a;

const subscriptionArn = (topic: FakeTopic, i: number) => `${topic.arn}:0f6c${String(i).padStart(4, '0')}-8d1e-4b7a-9c3e-5a2f1e7d9b40`;

/** The policy SNS gives a new topic: any principal of the owning account may use it (AWS:SourceOwner). */
export const defaultTopicPolicy = (arn: string, account: string) => ({
  Version: '2008-10-17',
  Id: '__default_policy_ID',
  Statement: [{
    Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' },
    Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
    Resource: arn, Condition: { StringEquals: { 'AWS:SourceOwner': account } },
  }],
});

// Protocols whose endpoint must confirm before the subscription is real.
const NEEDS_CONFIRMATION = new Set(['email', 'email-json', 'http', 'https']);
const RETENTION = new Set([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);

/**
 * The writes the 3.x / 2.4 / 2.9 remediators make (and the few reads they plan with: DescribeLogGroups,
 * GetTopicAttributes), applied to the model so a re-scan sees them and refused the way the services refuse them.
 */
function serveMonitoringWrites(aws: FakeAws, account: string, model: FakeMonitoring): void {
  const err = (service: ServiceName, operation: string, region: string, code: string, message: string) => new AwsCallError({ service, operation, region }, code, message);
  const groups = () => (model.logGroups ??= []);
  const findGroup = (region: string, name: string): FakeLogGroup | undefined => {
    const listed = groups().find((g) => g.region === region && g.name === name);
    if (listed) return listed;
    // A group that has metric filters exists even if the test did not list it.
    return model.metricFilters.some((f) => f.region === region && f.logGroupName === name) ? { region, name } : undefined;
  };
  const mustGroup = (operation: string, region: string, name: unknown) => {
    const g = findGroup(region, String(name));
    if (!g) throw err('logs', operation, region, 'ResourceNotFoundException', 'The specified log group does not exist.');
    if (!groups().includes(g)) groups().push(g);
    return g;
  };

  // ---- CloudWatch Logs
  aws.on('logs', 'DescribeLogGroups', (input, region) => {
    const names = new Set([...groups().filter((g) => g.region === region).map((g) => g.name), ...model.metricFilters.filter((f) => f.region === region).map((f) => f.logGroupName)]);
    const items = [...names].sort()
      .filter((n) => !input.logGroupNamePrefix || n.startsWith(input.logGroupNamePrefix))
      .map((n) => {
        const g = findGroup(region, n)!;
        return {
          logGroupName: n, arn: `arn:aws:logs:${region}:${account}:log-group:${n}:*`, creationTime: 1_700_000_000_000, storedBytes: 0,
          metricFilterCount: model.metricFilters.filter((f) => f.region === region && f.logGroupName === n).length,
          ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}), ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
        };
      });
    return page(items, input, { size: Math.min(size(model), input.limit ?? 50), inToken: 'nextToken', outToken: 'nextToken', key: 'logGroups' });
  });
  aws.on('logs', 'CreateLogGroup', (input, region) => {
    if (findGroup(region, input.logGroupName)) throw err('logs', 'CreateLogGroup', region, 'ResourceAlreadyExistsException', 'The specified log group already exists');
    if (!model.ignoreWrites) {
      groups().push({ region, name: input.logGroupName, ...(input.kmsKeyId ? { kmsKeyId: input.kmsKeyId } : {}), ...(input.tags ? { tags: { ...input.tags } } : {}) });
    }
    return {};
  });
  aws.on('logs', 'PutRetentionPolicy', (input, region) => {
    const g = mustGroup('PutRetentionPolicy', region, input.logGroupName);
    if (!RETENTION.has(input.retentionInDays)) {
      throw err('logs', 'PutRetentionPolicy', region, 'InvalidParameterException', `1 validation error detected: Value '${input.retentionInDays}' at 'retentionInDays' failed to satisfy constraint`);
    }
    if (!model.ignoreWrites) g.retentionInDays = input.retentionInDays;
    return {};
  });
  aws.on('logs', 'DeleteRetentionPolicy', (input, region) => {
    const g = mustGroup('DeleteRetentionPolicy', region, input.logGroupName);
    if (!model.ignoreWrites) delete g.retentionInDays;
    return {};
  });
  aws.on('logs', 'DeleteLogGroup', (input, region) => {
    const g = mustGroup('DeleteLogGroup', region, input.logGroupName);
    if (!model.ignoreWrites) {
      // Like CloudWatch Logs: the group's metric filters go with it.
      model.logGroups = groups().filter((x) => x !== g);
      model.metricFilters = model.metricFilters.filter((f) => !(f.region === region && f.logGroupName === g.name));
    }
    return {};
  });
  aws.on('logs', 'PutMetricFilter', (input, region) => {
    mustGroup('PutMetricFilter', region, input.logGroupName);
    const t = (input.metricTransformations ?? [])[0] as { metricName?: string; metricNamespace?: string } | undefined;
    if (!input.filterName || input.filterPattern === undefined || !t?.metricName || !t.metricNamespace) {
      throw err('logs', 'PutMetricFilter', region, 'InvalidParameterException', 'filterName, filterPattern and one metricTransformation are required');
    }
    if (model.ignoreWrites) return {};
    // Like CloudWatch Logs: a filter of the same name on the group is replaced.
    const filter: FakeMetricFilter = { region, logGroupName: input.logGroupName, filterName: input.filterName, filterPattern: input.filterPattern, metric: { namespace: t.metricNamespace, name: t.metricName } };
    const at = model.metricFilters.findIndex((f) => f.region === region && f.logGroupName === input.logGroupName && f.filterName === input.filterName);
    if (at >= 0) model.metricFilters[at] = filter;
    else model.metricFilters.push(filter);
    return {};
  });
  aws.on('logs', 'DeleteMetricFilter', (input, region) => {
    const at = model.metricFilters.findIndex((f) => f.region === region && f.logGroupName === input.logGroupName && f.filterName === input.filterName);
    if (at < 0) throw err('logs', 'DeleteMetricFilter', region, 'ResourceNotFoundException', 'The specified resource does not exist.');
    if (!model.ignoreWrites) model.metricFilters.splice(at, 1);
    return {};
  });

  // ---- CloudWatch alarms
  aws.on('cloudwatch', 'PutMetricAlarm', (input, region) => {
    if (!input.AlarmName || !input.ComparisonOperator || input.EvaluationPeriods === undefined) {
      throw err('cloudwatch', 'PutMetricAlarm', region, 'ValidationError', 'AlarmName, ComparisonOperator and EvaluationPeriods are required');
    }
    if (model.ignoreWrites) return {};
    const { AlarmName, Namespace, MetricName, Dimensions, Metrics, ActionsEnabled, AlarmActions, Tags: _tags, ...settings } = input;
    // Like CloudWatch: the call replaces the whole alarm; ActionsEnabled defaults to true.
    const alarm: FakeAlarm = {
      region, AlarmName, ...(Namespace ? { Namespace } : {}), ...(MetricName ? { MetricName } : {}), ...(Dimensions ? { Dimensions } : {}), ...(Metrics ? { Metrics } : {}),
      ActionsEnabled: ActionsEnabled ?? true, AlarmActions: AlarmActions ?? [], settings,
    };
    const at = model.alarms.findIndex((a) => a.region === region && a.AlarmName === AlarmName);
    if (at >= 0) model.alarms[at] = alarm;
    else model.alarms.push(alarm);
    return {};
  });
  aws.on('cloudwatch', 'DeleteAlarms', (input, region) => {
    const names: string[] = input.AlarmNames ?? [];
    const missing = names.filter((n) => !model.alarms.some((a) => a.region === region && a.AlarmName === n));
    if (missing.length > 0) throw err('cloudwatch', 'DeleteAlarms', region, 'ResourceNotFound', `${missing.join(', ')} not found`);
    if (!model.ignoreWrites) model.alarms = model.alarms.filter((a) => !(a.region === region && names.includes(a.AlarmName)));
    return {};
  });

  // ---- SNS
  const topicIn = (operation: string, region: string, arn: unknown) => {
    const topic = model.topics.find((t) => t.arn === arn);
    if (!topic || topic.arn.split(':')[3] !== region) throw err('sns', operation, region, 'NotFound', 'Topic does not exist');
    return topic;
  };
  aws.on('sns', 'GetTopicAttributes', (input, region) => {
    const topic = topicIn('GetTopicAttributes', region, input.TopicArn);
    return {
      Attributes: {
        TopicArn: topic.arn, Owner: account, DisplayName: '', Policy: JSON.stringify(defaultTopicPolicy(topic.arn, account)),
        SubscriptionsConfirmed: String(topic.subscriptions.filter((s) => s.confirmed).length),
        SubscriptionsPending: String(topic.subscriptions.filter((s) => !s.confirmed).length),
        SubscriptionsDeleted: '0',
        ...topic.attributes,
      },
    };
  });
  aws.on('sns', 'CreateTopic', (input, region) => {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(input.Name ?? '')) throw err('sns', 'CreateTopic', region, 'InvalidParameter', 'Invalid parameter: Topic Name');
    const arn = `arn:aws:sns:${region}:${account}:${input.Name}`;
    // Like SNS: creating an existing topic answers its ARN (idempotent), unless the tags differ.
    const existing = model.topics.find((t) => t.arn === arn);
    if (existing) {
      if (input.Tags && JSON.stringify(input.Tags) !== JSON.stringify(existing.tags ?? [])) {
        throw err('sns', 'CreateTopic', region, 'InvalidParameter', 'Invalid parameter: Tags Reason: Topic already exists with different tags');
      }
      return { TopicArn: arn };
    }
    if (!model.ignoreWrites) model.topics.push({ arn, subscriptions: [], ...(input.Attributes ? { attributes: { ...input.Attributes } } : {}), ...(input.Tags ? { tags: input.Tags } : {}) });
    return { TopicArn: arn };
  });
  aws.on('sns', 'SetTopicAttributes', (input, region) => {
    const topic = topicIn('SetTopicAttributes', region, input.TopicArn);
    if (input.AttributeName === 'Policy') {
      try {
        JSON.parse(input.AttributeValue);
      } catch {
        throw err('sns', 'SetTopicAttributes', region, 'InvalidParameter', 'Invalid parameter: Policy Error: null');
      }
    }
    if (!model.ignoreWrites) topic.attributes = { ...topic.attributes, [input.AttributeName]: input.AttributeValue };
    return {};
  });
  aws.on('sns', 'DeleteTopic', (input, region) => {
    // Like SNS: deleting a topic that does not exist succeeds; its subscriptions go with it.
    if (!model.ignoreWrites) model.topics = model.topics.filter((t) => !(t.arn === input.TopicArn && t.arn.split(':')[3] === region));
    return {};
  });
  aws.on('sns', 'Subscribe', (input, region) => {
    const topic = topicIn('Subscribe', region, input.TopicArn);
    if (!input.Protocol || !input.Endpoint) throw err('sns', 'Subscribe', region, 'InvalidParameter', 'Invalid parameter: Protocol and Endpoint are required');
    const pending = NEEDS_CONFIRMATION.has(input.Protocol);
    // Like SNS: subscribing the same endpoint again answers the existing subscription.
    let i = topic.subscriptions.findIndex((s) => s.Protocol === input.Protocol && s.Endpoint === input.Endpoint);
    if (i < 0 && !model.ignoreWrites) {
      topic.subscriptions.push({ Protocol: input.Protocol, Endpoint: input.Endpoint, confirmed: !pending });
      i = topic.subscriptions.length - 1;
    }
    const confirmed = i >= 0 && topic.subscriptions[i]!.confirmed;
    return { SubscriptionArn: confirmed || input.ReturnSubscriptionArn ? subscriptionArn(topic, Math.max(i, 0)) : 'pending confirmation' };
  });
  aws.on('sns', 'Unsubscribe', (input, region) => {
    const topic = model.topics.find((t) => t.subscriptions.some((_s, i) => subscriptionArn(t, i) === input.SubscriptionArn));
    if (!topic) throw err('sns', 'Unsubscribe', region, 'NotFound', 'Subscription does not exist');
    // This fake derives subscription ARNs from their position, so later subscriptions' ARNs shift (fine for tests).
    const i = topic.subscriptions.findIndex((_s, n) => subscriptionArn(topic, n) === input.SubscriptionArn);
    if (!model.ignoreWrites) topic.subscriptions.splice(i, 1);
    return {};
  });
}

const size = (model: FakeMonitoring) => model.pageSize ?? 50;
