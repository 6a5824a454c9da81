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
}
