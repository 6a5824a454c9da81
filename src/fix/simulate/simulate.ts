import { managementEvents, s3DataEvents, type Trail, type TrailInventory, type TrailListing } from '../../collect/cloudtrail.js';
import { monitoringCandidacy, parseLogGroupArn, type MetricFilter, type MetricFiltersByLogGroup } from '../../collect/monitoring.js';
import type { BucketExposure, BucketLogging, PublicAccessBlock, TrailBucketExposure } from '../../collect/s3.js';
import type { Got } from '../../model/got.js';
import type { WriteCall } from '../types.js';

// The state a stage will leave, predicted from its planned calls: each modelled write is applied to a copy of the
// collected datums, so a later stage can be planned before anything is sent. A write this file does not know makes
// every stage that builds on it "planned after it is applied" — never a guess shown as fact.

/** Who we are, for the ARNs a create call implies (known in advance: the trail ARN follows from its name). */
export interface SimAccount {
  account: string;
  partition: string;
  regions: string[];
}

export interface Simulation {
  /** The collected datums as they will be after the simulated calls. */
  data: Map<string, Got<unknown>>;
  /** Datum key prefixes whose simulated value is not known, with why (a later plan reading them is deferred). */
  uncertain: Map<string, string>;
  /** Calls the simulator does not model (a later plan building on them is deferred). */
  unmodelled: WriteCall[];
}

interface SimBucket {
  region: string;
  publicAccessBlock: PublicAccessBlock | null;
  hasPolicy: boolean;
  logging?: { targetBucket: string; targetPrefix?: string };
}

interface World {
  sim: SimAccount;
  data: Map<string, Got<unknown>>;
  uncertain: Map<string, string>;
  /** Buckets created by the simulated calls: their state is fully known. */
  buckets: Map<string, SimBucket>;
  /** Log groups created by the simulated calls, by LogGroupRef.key: their filters are fully known. */
  groups: Map<string, MetricFilter[]>;
  /** Metric filters put on log groups that existed before, by LogGroupRef.key. */
  putFilters: Map<string, MetricFilter[]>;
  /** Buckets that existed before and that a simulated call changes: their datums become unknown (only theirs). */
  changedBuckets: Map<string, string>;
}

type Effect = (w: World, call: WriteCall) => boolean;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A reference to a step's output stands for the value that step returns: shown as the reference. */
const asValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const ok = <T>(value: T): Got<T> => ({ ok: true, value });

/** No datum the simulator keeps changes, and these are the datums the call does change (their values become unknown). */
const touches = (...prefixes: string[]): Effect => (w, call) => {
  for (const p of prefixes) if (!w.uncertain.has(p)) w.uncertain.set(p, `changed by ${call.service}:${call.operation} (not simulated)`);
  return true;
};

function trailsOf(w: World): TrailInventory | undefined {
  const got = w.data.get('cloudtrail.trails') as Got<TrailInventory> | undefined;
  return got?.ok ? got.value : undefined;
}

function findTrail(w: World, call: WriteCall, nameOrArn: unknown): Trail | undefined {
  const key = str(nameOrArn);
  return trailsOf(w)?.trails.find((t) => (t.arn === key || t.name === key) && t.homeRegion === call.region);
}

/** A trail created without event selectors logs every read and write management event (CloudTrail's documented default). */
const DEFAULT_SELECTORS = { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };

const createTrail: Effect = (w, call) => {
  const inv = trailsOf(w);
  const name = str(call.input.Name);
  if (!inv || !name || !str(call.input.S3BucketName)) return false;
  const multi = call.input.IsMultiRegionTrail === true;
  const arn = `arn:${w.sim.partition}:cloudtrail:${call.region}:${w.sim.account}:trail/${name}`;
  const trail: Trail = {
    arn, name, homeRegion: call.region, ownerAccount: w.sim.account, isMultiRegion: multi, isOrganizationTrail: call.input.IsOrganizationTrail === true,
    s3BucketName: str(call.input.S3BucketName)!, logFileValidation: call.input.EnableLogFileValidation === true,
    ...(str(call.input.CloudWatchLogsLogGroupArn) ? { logGroupArn: str(call.input.CloudWatchLogsLogGroupArn)! } : {}),
    ...(str(call.input.CloudWatchLogsRoleArn) ? { cloudWatchLogsRoleArn: str(call.input.CloudWatchLogsRoleArn)! } : {}),
    ...(call.input.KmsKeyId !== undefined ? { kmsKeyId: asValue(call.input.KmsKeyId) } : {}),
    seenIn: multi ? [...w.sim.regions] : w.sim.regions.filter((r) => r === call.region),
    // A new trail is not logging until StartLogging.
    status: ok({ isLogging: false }),
    selectors: ok(managementEvents(DEFAULT_SELECTORS)),
    s3DataEvents: ok(s3DataEvents(DEFAULT_SELECTORS)),
  };
  inv.trails.push(trail);
  const listing = w.data.get('cloudtrail.listing') as Got<TrailListing> | undefined;
  if (listing?.ok) {
    listing.value.entries.push({
      raw: { Name: name, TrailARN: arn, HomeRegion: call.region, IsMultiRegionTrail: multi, S3BucketName: trail.s3BucketName, LogFileValidationEnabled: trail.logFileValidation },
      seenIn: trail.seenIn,
    });
  }
  return true;
};

const UPDATE_TRAIL_FIELDS = new Set(['Name', 'CloudWatchLogsLogGroupArn', 'CloudWatchLogsRoleArn', 'KmsKeyId', 'EnableLogFileValidation', 'IsMultiRegionTrail', 'S3BucketName']);

const updateTrail: Effect = (w, call) => {
  const t = findTrail(w, call, call.input.Name);
  if (!t || Object.keys(call.input).some((k) => !UPDATE_TRAIL_FIELDS.has(k))) return false;
  const set = <K extends 'logGroupArn' | 'cloudWatchLogsRoleArn' | 'kmsKeyId' | 's3BucketName'>(field: K, v: unknown) => {
    if (v === undefined) return;
    // An empty string turns the setting off; a reference to a step's output stands for the value that step returns.
    if (v === '') delete t[field];
    else t[field] = asValue(v);
  };
  set('logGroupArn', call.input.CloudWatchLogsLogGroupArn);
  set('cloudWatchLogsRoleArn', call.input.CloudWatchLogsRoleArn);
  set('kmsKeyId', call.input.KmsKeyId);
  set('s3BucketName', call.input.S3BucketName);
  if (typeof call.input.EnableLogFileValidation === 'boolean') t.logFileValidation = call.input.EnableLogFileValidation;
  if (typeof call.input.IsMultiRegionTrail === 'boolean') t.isMultiRegion = call.input.IsMultiRegionTrail;
  return true;
};

const putEventSelectors: Effect = (w, call) => {
  const t = findTrail(w, call, call.input.TrailName);
  if (!t) return false;
  const selectors = { EventSelectors: call.input.EventSelectors, AdvancedEventSelectors: call.input.AdvancedEventSelectors };
  t.selectors = ok(managementEvents(selectors));
  t.s3DataEvents = ok(s3DataEvents(selectors));
  return true;
};

const logging = (on: boolean): Effect => (w, call) => {
  const t = findTrail(w, call, call.input.Name);
  if (!t || !t.status.ok) return false;
  t.status = ok({ ...t.status.value, isLogging: on });
  return true;
};

const NO_BLOCK = null;

const createBucket: Effect = (w, call) => {
  const name = str(call.input.Bucket);
  if (!name) return false;
  w.buckets.set(name, { region: call.region, publicAccessBlock: NO_BLOCK, hasPolicy: false });
  return touches('s3.allBuckets', 's3.bucket', 's3.publicAccessBlocks')(w, call);
};

/** A call on a bucket this simulation created: `then` changes it; any other bucket's datums become unknown. */
const onBucket = (then: (b: SimBucket, input: Record<string, unknown>) => boolean): Effect => (w, call) => {
  const name = str(call.input.Bucket);
  const b = w.buckets.get(name ?? '');
  if (b) return then(b, call.input);
  if (!name) return false;
  // Another bucket (a log target given a grant): the account-wide bucket datums, and this bucket's trail-bucket entries if it is one.
  w.changedBuckets.set(name, `${call.service}:${call.operation} on bucket ${name} (not simulated)`);
  return touches('s3.allBuckets', 's3.bucket', 's3.publicAccessBlocks')(w, call);
};

const putPublicAccessBlock = onBucket((b, input) => {
  const c = input.PublicAccessBlockConfiguration as Partial<PublicAccessBlock> | undefined;
  if (!c) return false;
  b.publicAccessBlock = {
    BlockPublicAcls: c.BlockPublicAcls === true, IgnorePublicAcls: c.IgnorePublicAcls === true,
    BlockPublicPolicy: c.BlockPublicPolicy === true, RestrictPublicBuckets: c.RestrictPublicBuckets === true,
  };
  return true;
});

const putBucketPolicy = onBucket((b) => {
  // With BlockPublicPolicy set, S3 refuses a public policy: the one that is accepted is not public.
  if (!b.publicAccessBlock?.BlockPublicPolicy) return false;
  b.hasPolicy = true;
  return true;
});

const putBucketLogging = onBucket((b, input) => {
  const le = (input.BucketLoggingStatus as { LoggingEnabled?: { TargetBucket?: string; TargetPrefix?: string } } | undefined)?.LoggingEnabled;
  if (le?.TargetBucket) b.logging = { targetBucket: le.TargetBucket, ...(le.TargetPrefix !== undefined ? { targetPrefix: le.TargetPrefix } : {}) };
  else delete b.logging;
  return true;
});

const createLogGroup: Effect = (w, call) => {
  const name = str(call.input.logGroupName);
  if (!name) return false;
  w.groups.set(`arn:${w.sim.partition}:logs:${call.region}:${w.sim.account}:log-group:${name}`, []);
  return true;
};

const putMetricFilter: Effect = (w, call) => {
  const name = str(call.input.logGroupName);
  const filterName = str(call.input.filterName);
  if (!name || !filterName) return false;
  const key = `arn:${w.sim.partition}:logs:${call.region}:${w.sim.account}:log-group:${name}`;
  const t = (call.input.metricTransformations as Array<{ metricName?: string; metricNamespace?: string }> | undefined)?.[0];
  const filter: MetricFilter = {
    name: filterName, pattern: str(call.input.filterPattern) ?? '',
    ...(t?.metricName && t.metricNamespace ? { metric: { namespace: t.metricNamespace, name: t.metricName } } : {}),
  };
  const list = w.groups.get(key) ?? w.putFilters.get(key) ?? [];
  const next = [...list.filter((f) => f.name !== filterName), filter];
  if (w.groups.has(key)) w.groups.set(key, next);
  else w.putFilters.set(key, next);
  return true;
};

/** Every write `fix` sends that the simulator models, and what it changes. */
const EFFECTS: Record<string, Effect> = {
  'cloudtrail:CreateTrail': createTrail,
  'cloudtrail:UpdateTrail': updateTrail,
  'cloudtrail:PutEventSelectors': putEventSelectors,
  'cloudtrail:StartLogging': logging(true),
  'cloudtrail:StopLogging': logging(false),
  'cloudtrail:AddTags': touches(),
  's3:CreateBucket': createBucket,
  's3:PutPublicAccessBlock': putPublicAccessBlock,
  's3:PutBucketPolicy': putBucketPolicy,
  's3:PutBucketLogging': putBucketLogging,
  's3:PutBucketEncryption': onBucket(() => true),
  's3:PutBucketVersioning': onBucket(() => true),
  's3:PutBucketLifecycleConfiguration': onBucket(() => true),
  's3:PutBucketOwnershipControls': onBucket(() => true),
  'logs:CreateLogGroup': createLogGroup,
  'logs:PutRetentionPolicy': touches(),
  'logs:PutMetricFilter': putMetricFilter,
  'iam:CreateRole': touches('iam.'),
  'iam:PutRolePolicy': touches('iam.'),
  'iam:AttachRolePolicy': touches('iam.'),
  'iam:UpdateAssumeRolePolicy': touches('iam.'),
  'iam:UpdateAccountPasswordPolicy': touches('iam.passwordPolicy'),
  'iam:UpdateAccessKey': touches('iam.credentialReport'),
  'kms:CreateKey': touches('kms.'),
  'kms:EnableKeyRotation': touches('kms.'),
  'kms:CreateAlias': touches('kms.'),
  'sns:CreateTopic': touches('sns.', 'monitoring.topicSubscriptions'),
  'sns:SetTopicAttributes': touches('sns.'),
  'sns:Subscribe': touches('monitoring.topicSubscriptions'),
  'cloudwatch:PutMetricAlarm': touches('monitoring.alarms'),
  'config:PutConfigurationRecorder': touches('config.'),
  'config:PutDeliveryChannel': touches('config.'),
  'config:StartConfigurationRecorder': touches('config.'),
  'ec2:CreateFlowLogs': touches('ec2.flowLogs'),
  'ec2:RevokeSecurityGroupIngress': touches('ec2.securityGroup'),
  'ec2:RevokeSecurityGroupEgress': touches('ec2.securityGroup'),
};

/** Whether the simulator knows what this write does (an unknown one defers every stage built on it). */
export const isModelled = (call: WriteCall) => `${call.service}:${call.operation}` in EFFECTS;

/** The collected datums as they will be once `calls` are applied, in order. The input map is not changed. */
export function simulate(data: ReadonlyMap<string, Got<unknown>>, calls: WriteCall[], sim: SimAccount): Simulation {
  const w: World = { sim, data: new Map([...data].map(([k, v]) => [k, structuredClone(v)])), uncertain: new Map(), buckets: new Map(), groups: new Map(), putFilters: new Map(), changedBuckets: new Map() };
  const unmodelled: WriteCall[] = [];
  for (const call of calls) {
    const effect = EFFECTS[`${call.service}:${call.operation}`];
    if (!effect || !effect(w, call)) unmodelled.push(call);
  }
  deriveBucketDatums(w);
  deriveMetricFilters(w);
  return { data: w.data, uncertain: w.uncertain, unmodelled };
}

/** The trail-bucket datums list every bucket a trail delivers to: a simulated bucket's entries follow from the simulation. */
function deriveBucketDatums(w: World): void {
  const inv = trailsOf(w);
  if (!inv) return;
  const locations = w.data.get('s3.trailBucketLocations') as Got<Record<string, Got<unknown>>> | undefined;
  const exposure = w.data.get('s3.trailBucketExposure') as Got<TrailBucketExposure> | undefined;
  const logs = w.data.get('s3.trailBucketLogging') as Got<Record<string, Got<BucketLogging>>> | undefined;
  for (const bucket of new Set(inv.trails.map((t) => t.s3BucketName).filter((b): b is string => !!b))) {
    const b = w.buckets.get(bucket);
    const known = (got: Got<Record<string, unknown>> | undefined) => !got || !got.ok || bucket in got.value;
    const changed = w.changedBuckets.get(bucket);
    if (!b && changed) {
      w.uncertain.set('s3.trailBucket', changed);
      continue;
    }
    if (!b) {
      // A bucket that existed before and that the scan did not read: its settings are not known.
      if (!known(locations) || !known(exposure?.ok ? ok(exposure.value.buckets) : undefined) || !known(logs)) {
        w.uncertain.set('s3.trailBucket', `bucket ${bucket} was not read by the scan`);
      }
      continue;
    }
    const location = { region: b.region, locationConstraint: b.region === 'us-east-1' ? null : b.region };
    if (locations?.ok) locations.value[bucket] = ok(location);
    if (exposure?.ok) {
      const value: BucketExposure = {
        location,
        // Created with ObjectOwnership BucketOwnerEnforced: ACLs are off, only the owner has access.
        acl: ok({ grants: [] }),
        policyStatus: ok(b.hasPolicy ? { isPublic: false } : null),
        publicAccessBlock: ok(b.publicAccessBlock),
      };
      exposure.value.buckets[bucket] = ok(value);
    }
    if (logs?.ok) logs.value[bucket] = ok({ region: b.region, ...(b.logging ?? {}) });
  }
}

/** The metric filters datum covers the log groups of candidate trails: new groups and new filters follow from the simulation. */
function deriveMetricFilters(w: World): void {
  const got = w.data.get('monitoring.metricFilters') as Got<MetricFiltersByLogGroup> | undefined;
  const inv = trailsOf(w);
  if (!got?.ok || !inv) return;
  for (const t of inv.trails) {
    if (monitoringCandidacy(t).kind !== 'candidate' || !t.logGroupArn) continue;
    const ref = parseLogGroupArn(t.logGroupArn);
    if (!ref || ref.account !== w.sim.account) continue;
    const created = w.groups.get(ref.key);
    const existing = got.value[ref.key];
    if (created) got.value[ref.key] = ok(created);
    else if (existing?.ok) got.value[ref.key] = ok([...existing.value.filter((f) => !w.putFilters.get(ref.key)?.some((p) => p.name === f.name)), ...(w.putFilters.get(ref.key) ?? [])]);
    else if (!existing) w.uncertain.set('monitoring.metricFilters', `the metric filters of log group ${ref.name} were not read by the scan`);
    const filters = got.value[ref.key];
    const alarms = w.data.get('monitoring.alarms') as Got<Record<string, unknown>> | undefined;
    if (filters?.ok && filters.value.length > 0 && alarms?.ok && !(ref.region in alarms.value)) {
      w.uncertain.set('monitoring.alarms', `the alarms of ${ref.region} were not read by the scan`);
    }
  }
}
