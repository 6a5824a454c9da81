import { AwsCallError } from '../../src/aws/errors.js';
import type { FakeAws } from './fake-aws.js';

// Trails as CloudTrail shows them: every region lists its own trails plus shadows of multi-region ones.
export interface FakeTrail {
  Name: string;
  HomeRegion: string;
  /** Defaults to the account being scanned; another id makes an organization trail owned elsewhere. */
  ownerAccount?: string;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail?: boolean;
  S3BucketName: string;
  LogFileValidationEnabled: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  status: { IsLogging: boolean; LatestCloudWatchLogsDeliveryTime?: string; LatestDeliveryTime?: string };
  eventSelectors?: Array<{ ReadWriteType: string; IncludeManagementEvents: boolean; ExcludeManagementEventSources?: string[]; DataResources?: unknown[] }>;
  advancedEventSelectors?: Array<{ Name?: string; FieldSelectors: Array<Record<string, unknown>> }>;
  /** The caller may list this trail but not read its status/selectors (another account's org trail). */
  unreadable?: boolean;
}

export interface FakeCloudTrail {
  trails: FakeTrail[];
  /** Simulates CloudTrail accepting a write but not changing anything (for STILL_FAILING). */
  ignoreWrites?: boolean;
  /** Like an emulator: a trail CreateTrail makes has no event selector until PutEventSelectors (AWS gives it the default). */
  newTrailsWithoutSelectors?: boolean;
}

export const trailArn = (account: string, t: Pick<FakeTrail, 'Name' | 'HomeRegion' | 'ownerAccount'>, partition = 'aws') =>
  `arn:${partition}:cloudtrail:${t.HomeRegion}:${t.ownerAccount ?? account}:trail/${t.Name}`;

export function serveCloudTrail(aws: FakeAws, account: string, model: FakeCloudTrail): void {
  const find = (nameOrArn: string, region: string, operation: string) => {
    const t = model.trails.find((x) => trailArn(account, x) === nameOrArn || x.Name === nameOrArn);
    if (!t || t.HomeRegion !== region) {
      throw new AwsCallError({ service: 'cloudtrail', operation, region }, 'TrailNotFoundException', `Unknown trail: ${nameOrArn} for the user: ${account}`);
    }
    if (t.unreadable) throw new AwsCallError({ service: 'cloudtrail', operation, region }, 'AccessDeniedException', `User is not authorized to read ${nameOrArn}`);
    return t;
  };
  aws.on('cloudtrail', 'DescribeTrails', (input, region) => ({
    trailList: model.trails
      .filter((t) => t.HomeRegion === region || (t.IsMultiRegionTrail && input.includeShadowTrails !== false))
      .map((t) => ({
        Name: t.Name, TrailARN: trailArn(account, t), HomeRegion: t.HomeRegion, IsMultiRegionTrail: t.IsMultiRegionTrail,
        IsOrganizationTrail: t.IsOrganizationTrail ?? false, S3BucketName: t.S3BucketName,
        LogFileValidationEnabled: t.LogFileValidationEnabled, IncludeGlobalServiceEvents: true,
        HasCustomEventSelectors: !!t.advancedEventSelectors || !!t.eventSelectors, HasInsightSelectors: false,
        ...(t.CloudWatchLogsLogGroupArn ? { CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
        ...(t.CloudWatchLogsRoleArn ? { CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn } : {}),
        ...(t.KmsKeyId ? { KmsKeyId: t.KmsKeyId } : {}),
      })),
  }));
  aws.on('cloudtrail', 'GetTrailStatus', (input, region) => {
    const t = find(input.Name, region, 'GetTrailStatus');
    return {
      IsLogging: t.status.IsLogging,
      ...(t.status.LatestCloudWatchLogsDeliveryTime ? { LatestCloudWatchLogsDeliveryTime: new Date(t.status.LatestCloudWatchLogsDeliveryTime) } : {}),
      ...(t.status.LatestDeliveryTime ? { LatestDeliveryTime: new Date(t.status.LatestDeliveryTime) } : {}),
    };
  });
  aws.on('cloudtrail', 'GetEventSelectors', (input, region) => {
    const t = find(input.TrailName, region, 'GetEventSelectors');
    const out: Record<string, unknown> = { TrailARN: trailArn(account, t) };
    if (t.advancedEventSelectors) out.AdvancedEventSelectors = t.advancedEventSelectors;
    else out.EventSelectors = t.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
    return out;
  });
  serveTrailWrites(aws, account, model);
}

// The UpdateTrail parameters the fake models; anything else is refused so a test cannot silently rely on it.
const UPDATE_TRAIL_MODELLED = new Set(['Name', 'EnableLogFileValidation', 'CloudWatchLogsLogGroupArn', 'CloudWatchLogsRoleArn', 'KmsKeyId']);

/**
 * CloudTrail delivering to its log group for the first time (or again): only after this does GetTrailStatus
 * report a LatestCloudWatchLogsDeliveryTime, so a fix that just set up delivery is PENDING, not FIXED.
 */
export function deliverToCloudWatchLogs(model: FakeCloudTrail, name: string, at = new Date().toISOString()): void {
  const t = model.trails.find((x) => x.Name === name);
  if (!t?.CloudWatchLogsLogGroupArn) throw new Error(`FakeAws: trail ${name} has no log group to deliver to`);
  t.status.LatestCloudWatchLogsDeliveryTime = at;
}

/** UpdateTrail, applied to the model so a re-scan sees it; answered like CloudTrail (home region only, own trails only). */
function serveTrailWrites(aws: FakeAws, account: string, model: FakeCloudTrail): void {
  aws.on('cloudtrail', 'UpdateTrail', (input, region) => {
    const error = (code: string, message: string) => new AwsCallError({ service: 'cloudtrail', operation: 'UpdateTrail', region }, code, message);
    const unmodelled = Object.keys(input).filter((k) => input[k] !== undefined && !UPDATE_TRAIL_MODELLED.has(k));
    if (unmodelled.length > 0) throw new Error(`FakeAws: UpdateTrail does not model ${unmodelled.join(', ')} yet`);
    const t = model.trails.find((x) => trailArn(account, x) === input.Name || x.Name === input.Name);
    if (!t) throw error('TrailNotFoundException', `Unknown trail: ${input.Name} for the user: ${account}`);
    if ((t.ownerAccount ?? account) !== account) {
      throw t.IsOrganizationTrail
        ? error('NotOrganizationMasterAccountException', 'The request was rejected because the caller is not the management account of the organization that owns this trail.')
        : error('TrailNotFoundException', `Unknown trail: ${input.Name} for the user: ${account}`);
    }
    if (t.HomeRegion !== region) {
      throw error('InvalidHomeRegionException', `This operation must be called from the trail's home region, ${t.HomeRegion}.`);
    }
    const group = input.CloudWatchLogsLogGroupArn as string | undefined;
    const role = input.CloudWatchLogsRoleArn as string | undefined;
    if (group !== undefined || role !== undefined) {
      // Empty strings turn delivery off; otherwise both are needed, the group in the trail's home region, ending in ":*".
      if (group !== '' || role !== '') {
        const m = /^arn:[a-z-]+:logs:([a-z0-9-]+):(\d{12}):log-group:[^:]+:\*$/.exec(group ?? '');
        if (!m || m[1] !== t.HomeRegion || m[2] !== account) throw error('InvalidCloudWatchLogsLogGroupArnException', `Invalid CloudWatchLogsLogGroupArn: ${group}`);
        if (!role || !/^arn:[a-z-]+:iam::\d{12}:role\//.test(role)) throw error('InvalidCloudWatchLogsRoleArnException', 'Access denied. Verify in IAM that the role has adequate permissions.');
      }
    }
    const key = input.KmsKeyId as string | undefined;
    if (key !== undefined && key !== '') {
      const m = /^arn:[a-z-]+:kms:([a-z0-9-]+):\d{12}:key\/.+$/.exec(key);
      if (!m || m[1] !== t.HomeRegion) throw error('KmsKeyNotFoundException', `KMS key ${key} not found or not in the trail's home region ${t.HomeRegion}`);
    }
    if (!model.ignoreWrites) {
      if (typeof input.EnableLogFileValidation === 'boolean') t.LogFileValidationEnabled = input.EnableLogFileValidation;
      if (group !== undefined || role !== undefined) {
        if (group) t.CloudWatchLogsLogGroupArn = group;
        else delete t.CloudWatchLogsLogGroupArn;
        if (role) t.CloudWatchLogsRoleArn = role;
        else delete t.CloudWatchLogsRoleArn;
        // A new destination has had no delivery yet (see deliverToCloudWatchLogs).
        delete t.status.LatestCloudWatchLogsDeliveryTime;
      }
      if (key !== undefined) {
        if (key) t.KmsKeyId = key;
        else delete t.KmsKeyId;
      }
    }
    return {
      Name: t.Name, S3BucketName: t.S3BucketName, IncludeGlobalServiceEvents: true, IsMultiRegionTrail: t.IsMultiRegionTrail,
      TrailARN: trailArn(account, t), LogFileValidationEnabled: t.LogFileValidationEnabled, IsOrganizationTrail: t.IsOrganizationTrail ?? false,
      ...(t.CloudWatchLogsLogGroupArn ? { CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
      ...(t.CloudWatchLogsRoleArn ? { CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn } : {}),
      ...(t.KmsKeyId ? { KmsKeyId: t.KmsKeyId } : {}),
    };
  });

  serveTrailLifecycle(aws, account, model);
}

/** CreateTrail, StartLogging, StopLogging, DeleteTrail, PutEventSelectors: home region and own trails only, like CloudTrail. */
function serveTrailLifecycle(aws: FakeAws, account: string, model: FakeCloudTrail): void {
  const own = (operation: string, region: string, nameOrArn: unknown) => {
    const error = (code: string, message: string) => new AwsCallError({ service: 'cloudtrail', operation, region }, code, message);
    const t = model.trails.find((x) => trailArn(account, x) === nameOrArn || (x.Name === nameOrArn && x.HomeRegion === region));
    if (!t || (t.ownerAccount ?? account) !== account) throw error('TrailNotFoundException', `Unknown trail: ${String(nameOrArn)} for the user: ${account}`);
    if (t.HomeRegion !== region) throw error('InvalidHomeRegionException', `This operation must be called from the trail's home region, ${t.HomeRegion}.`);
    return t;
  };
  aws.on('cloudtrail', 'CreateTrail', (input, region) => {
    const error = (code: string, message: string) => new AwsCallError({ service: 'cloudtrail', operation: 'CreateTrail', region }, code, message);
    if (!input.Name || !input.S3BucketName) throw error('InvalidParameterCombinationException', 'Name and S3BucketName are required');
    if (model.trails.some((t) => t.Name === input.Name && t.HomeRegion === region && (t.ownerAccount ?? account) === account)) {
      throw error('TrailAlreadyExistsException', `Trail ${input.Name} already exists for customer: ${account}`);
    }
    const t: FakeTrail = {
      Name: input.Name, HomeRegion: region, IsMultiRegionTrail: input.IsMultiRegionTrail === true, S3BucketName: input.S3BucketName,
      LogFileValidationEnabled: input.EnableLogFileValidation === true, status: { IsLogging: false },
      ...(input.KmsKeyId ? { KmsKeyId: input.KmsKeyId } : {}),
      ...(model.newTrailsWithoutSelectors ? { eventSelectors: [] } : {}),
    };
    if (!model.ignoreWrites) model.trails.push(t);
    return {
      Name: t.Name, S3BucketName: t.S3BucketName, IncludeGlobalServiceEvents: input.IncludeGlobalServiceEvents !== false, IsMultiRegionTrail: t.IsMultiRegionTrail,
      TrailARN: trailArn(account, t), LogFileValidationEnabled: t.LogFileValidationEnabled, IsOrganizationTrail: false,
    };
  });
  for (const [operation, logging] of [['StartLogging', true], ['StopLogging', false]] as const) {
    aws.on('cloudtrail', operation, (input, region) => {
      const t = own(operation, region, input.Name);
      if (!model.ignoreWrites) t.status.IsLogging = logging;
      return {};
    });
  }
  aws.on('cloudtrail', 'DeleteTrail', (input, region) => {
    const t = own('DeleteTrail', region, input.Name);
    if (!model.ignoreWrites) model.trails = model.trails.filter((x) => x !== t);
    return {};
  });
  aws.on('cloudtrail', 'PutEventSelectors', (input, region) => {
    const t = own('PutEventSelectors', region, input.TrailName);
    const error = (code: string, message: string) => new AwsCallError({ service: 'cloudtrail', operation: 'PutEventSelectors', region }, code, message);
    const basic = input.EventSelectors as FakeTrail['eventSelectors'] | undefined;
    const advanced = input.AdvancedEventSelectors as FakeTrail['advancedEventSelectors'] | undefined;
    if ((basic === undefined) === (advanced === undefined)) throw error('InvalidParameterCombinationException', 'Specify either EventSelectors or AdvancedEventSelectors, not both.');
    if (basic && basic.length > 5) throw error('InvalidEventSelectorsException', 'A trail can have up to 5 event selectors.');
    if (!model.ignoreWrites) {
      if (basic) {
        t.eventSelectors = structuredClone(basic);
        delete t.advancedEventSelectors;
      } else {
        t.advancedEventSelectors = structuredClone(advanced);
        delete t.eventSelectors;
      }
    }
    return { TrailARN: trailArn(account, t), ...(basic ? { EventSelectors: basic } : { AdvancedEventSelectors: advanced }) };
  });
}
