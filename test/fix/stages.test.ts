import { describe, expect, it } from 'vitest';
import { managementEvents, type Trail, type TrailInventory } from '../../src/collect/cloudtrail.js';
import type { MetricFiltersByLogGroup } from '../../src/collect/monitoring.js';
import { ALL_REMEDIATORS } from '../../src/fix/registry.js';
import { isModelled, simulate } from '../../src/fix/simulate/simulate.js';
import { planDifference } from '../../src/fix/stage-plan.js';
import { dependenciesIn, dependentsOf, stagesOf } from '../../src/fix/stages.js';
import type { Remediator, WriteCall } from '../../src/fix/types.js';
import type { Got } from '../../src/model/got.js';

const byId = (id: string) => ALL_REMEDIATORS.find((r) => r.id === id)!;
const ids = (xs: Iterable<Remediator>) => [...xs].map((r) => r.id).sort();
const stub = (id: string, after?: string[]): Remediator => ({ id, checks: [], permissions: [], needs: [], ...(after ? { after } : {}), plan: async () => ({ remediator: id, checks: [], steps: [], guidance: [] }) });

describe('stages from what remediators build on', () => {
  it('the trail first, its CloudWatch Logs / key / bucket settings next, the 3.x alarms on its log group last; independents in stage 1', () => {
    const run = new Set(['trail-multi-region', 'trail-cloudwatch-logs', 'trail-kms-encryption', 'trail-bucket-access-logging', 'monitoring-alarms', 'password-policy', 'config-recorder'].map(byId));
    const stages = stagesOf(run, ALL_REMEDIATORS);
    expect(Object.fromEntries([...stages].map(([r, n]) => [r.id, n]))).toEqual({
      'trail-multi-region': 1, 'password-policy': 1, 'config-recorder': 1,
      'trail-cloudwatch-logs': 2, 'trail-kms-encryption': 2, 'trail-bucket-access-logging': 2,
      'monitoring-alarms': 3,
    });
    expect(ids(dependentsOf(byId('trail-multi-region'), run, ALL_REMEDIATORS))).toEqual(['monitoring-alarms', 'trail-bucket-access-logging', 'trail-cloudwatch-logs', 'trail-kms-encryption']);
    expect(ids(dependentsOf(byId('password-policy'), run, ALL_REMEDIATORS))).toEqual([]);
  });

  it('a dependency outside the run is looked through; nothing to build on is stage 1', () => {
    const run = new Set([byId('trail-cloudwatch-logs'), byId('monitoring-alarms')]);
    expect(Object.fromEntries([...stagesOf(run, ALL_REMEDIATORS)].map(([r, n]) => [r.id, n]))).toEqual({ 'trail-cloudwatch-logs': 1, 'monitoring-alarms': 2 });
    const a = stub('a'); const b = stub('b', ['x']); const x = stub('x', ['a']);
    expect(ids(dependenciesIn(b, new Set([a, b]), [a, b, x]))).toEqual(['a']);
  });

  it('every registered dependency names a registered remediator, and a cycle is refused as a bug', () => {
    const known = new Set(ALL_REMEDIATORS.map((r) => r.id));
    expect(ALL_REMEDIATORS.flatMap((r) => r.after ?? []).filter((id) => !known.has(id))).toEqual([]);
    expect(() => stagesOf(new Set(ALL_REMEDIATORS), ALL_REMEDIATORS)).not.toThrow();
    const p = stub('p', ['q']); const q = stub('q', ['p']);
    expect(() => stagesOf(new Set([p, q]), [p, q])).toThrow(/cycle/);
  });
});

const ACCOUNT = { account: '111122223333', partition: 'aws', regions: ['us-east-1', 'eu-west-1'] };
const call = (service: string, operation: string, input: Record<string, unknown>): WriteCall => ({ service: service as WriteCall['service'], region: 'us-east-1', operation, input });
const emptyData = () => new Map<string, Got<unknown>>([
  ['cloudtrail.trails', { ok: true, value: { listed: {}, trails: [] } satisfies TrailInventory }],
  ['monitoring.metricFilters', { ok: true, value: {} satisfies MetricFiltersByLogGroup }],
]);

describe('simulate: the state planned writes will leave', () => {
  it('CreateTrail + StartLogging + UpdateTrail make a logging multi-region trail delivering to the new log group, whose filters follow', () => {
    const data = emptyData();
    const trailArn = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t';
    const group = 'arn:aws:logs:us-east-1:111122223333:log-group:/g';
    const sim = simulate(data, [
      call('cloudtrail', 'CreateTrail', { Name: 't', S3BucketName: 'b', IsMultiRegionTrail: true, EnableLogFileValidation: true }),
      call('cloudtrail', 'StartLogging', { Name: trailArn }),
      call('logs', 'CreateLogGroup', { logGroupName: '/g' }),
      call('cloudtrail', 'UpdateTrail', { Name: trailArn, CloudWatchLogsLogGroupArn: `${group}:*`, KmsKeyId: { $fromStep: 'k', output: 'KeyMetadata.Arn' } }),
      call('logs', 'PutMetricFilter', { logGroupName: '/g', filterName: 'f', filterPattern: '{ $.x = 1 }', metricTransformations: [{ metricName: 'm', metricNamespace: 'n', metricValue: '1' }] }),
    ], ACCOUNT);
    expect(sim.unmodelled).toEqual([]);
    const trail = (sim.data.get('cloudtrail.trails') as { value: TrailInventory }).value.trails[0] as Trail;
    expect(trail).toMatchObject({ arn: trailArn, isMultiRegion: true, logFileValidation: true, seenIn: ['us-east-1', 'eu-west-1'], status: { ok: true, value: { isLogging: true } }, logGroupArn: `${group}:*` });
    expect(trail.selectors).toEqual({ ok: true, value: managementEvents({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }) });
    // A value AWS assigns later stays a reference to the step that returns it.
    expect(JSON.parse(trail.kmsKeyId!)).toEqual({ $fromStep: 'k', output: 'KeyMetadata.Arn' });
    expect(sim.data.get('monitoring.metricFilters')).toEqual({ ok: true, value: { [group]: { ok: true, value: [{ name: 'f', pattern: '{ $.x = 1 }', metric: { namespace: 'n', name: 'm' } }] } } });
    // The input is not changed.
    expect((data.get('cloudtrail.trails') as { value: TrailInventory }).value.trails).toEqual([]);
  });

  it('a write it does not model is reported, never guessed; a trail it cannot find is not invented', () => {
    const unknown = call('cloudtrail', 'PutInsightSelectors', { TrailName: 't' });
    const missing = call('cloudtrail', 'StartLogging', { Name: 'no-such-trail' });
    expect(isModelled(unknown)).toBe(false);
    expect(simulate(emptyData(), [unknown, missing], ACCOUNT).unmodelled).toEqual([unknown, missing]);
  });

  it('a new trail on a bucket the scan never read makes the trail-bucket datums unpredictable', () => {
    const data = emptyData();
    data.set('s3.trailBucketLogging', { ok: true, value: {} });
    const sim = simulate(data, [call('cloudtrail', 'CreateTrail', { Name: 't', S3BucketName: 'existing', IsMultiRegionTrail: true })], ACCOUNT);
    expect([...sim.uncertain.keys()]).toEqual(['s3.trailBucket']);
  });
});

describe('simulate: buckets it did not create', () => {
  it('a write on another bucket leaves the trail buckets predictable, unless it is one of them', () => {
    const data = emptyData();
    data.set('s3.trailBucketLogging', { ok: true, value: {} });
    const grant = call('s3', 'PutBucketPolicy', { Bucket: 'log-target', Policy: '{}' });
    const create = call('cloudtrail', 'CreateTrail', { Name: 't', S3BucketName: 'new', IsMultiRegionTrail: true });
    const sim = simulate(data, [call('s3', 'CreateBucket', { Bucket: 'new' }), create, grant], ACCOUNT);
    expect([...sim.uncertain.keys()].filter((k) => k.startsWith('s3.trailBucket'))).toEqual([]);
    const onTrailBucket = simulate(data, [call('s3', 'CreateBucket', { Bucket: 'new' }), create, { ...grant, input: { Bucket: 'new', Policy: '{}' } }], ACCOUNT);
    // A policy on a bucket it created is modelled only behind BlockPublicPolicy: without it, unmodelled.
    expect(onTrailBucket.unmodelled.map((c) => c.operation)).toEqual(['PutBucketPolicy']);
    const existing = simulate(data, [call('cloudtrail', 'CreateTrail', { Name: 't', S3BucketName: 'log-target', IsMultiRegionTrail: true }), grant], ACCOUNT);
    expect(existing.uncertain.get('s3.trailBucket')).toBe('s3:PutBucketPolicy on bucket log-target (not simulated)');
  });
});

describe('planDifference', () => {
  const plan = (calls: WriteCall[]) => ({ kind: 'plan' as const, failing: [], plan: { remediator: 'r', checks: [], guidance: [], steps: calls.map((c) => ({ describe: 'x', call: c, undo: [] })) } });
  it('a reference to an output and the value it resolves to are no change; a different argument is', () => {
    const ref = call('kms', 'EnableKeyRotation', { KeyId: { $fromStep: 'k', output: 'KeyMetadata.KeyId' } });
    expect(planDifference(plan([ref]), plan([{ ...ref }]))).toBeUndefined();
    const a = call('logs', 'PutRetentionPolicy', { logGroupName: '/g', retentionInDays: 365 });
    const b = call('logs', 'PutRetentionPolicy', { logGroupName: '/g', retentionInDays: 30 });
    expect(planDifference(plan([a]), plan([b]))).toEqual({ dropped: [a], added: [b] });
    expect(planDifference({ kind: 'deferred', why: 'x' }, plan([a]))).toEqual({ dropped: [], added: [a] });
  });
});
