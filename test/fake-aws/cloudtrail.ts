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
const UPDATE_TRAIL_MODELLED = new Set(['Name', 'EnableLogFileValidation']);

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
    if (!model.ignoreWrites && typeof input.EnableLogFileValidation === 'boolean') t.LogFileValidationEnabled = input.EnableLogFileValidation;
    return {
      Name: t.Name, S3BucketName: t.S3BucketName, IncludeGlobalServiceEvents: true, IsMultiRegionTrail: t.IsMultiRegionTrail,
      TrailARN: trailArn(account, t), LogFileValidationEnabled: t.LogFileValidationEnabled, IsOrganizationTrail: t.IsOrganizationTrail ?? false,
      ...(t.CloudWatchLogsLogGroupArn ? { CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
      ...(t.CloudWatchLogsRoleArn ? { CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn } : {}),
      ...(t.KmsKeyId ? { KmsKeyId: t.KmsKeyId } : {}),
    };
  });
}
