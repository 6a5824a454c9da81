import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import { trails } from '../../../src/collect/cloudtrail.js';
import { ACCOUNT } from '../../helpers/reader.js';
import { awsError, callsOf, mockLoggingAws, recordingCollector } from './mocks.js';

const aws = mockLoggingAws();
const ORG = '999988887777';
const arn = (region: string, name: string, account = ACCOUNT) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const GLOBAL_TRAIL = {
  Name: 'org-audit', TrailARN: arn('eu-west-1', 'org-audit'), HomeRegion: 'eu-west-1', IsMultiRegionTrail: true,
  S3BucketName: 'audit-logs', LogFileValidationEnabled: true, KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k1',
};
const LOCAL_TRAIL = { Name: 'local', TrailARN: arn('us-east-1', 'local'), HomeRegion: 'us-east-1', IsMultiRegionTrail: false, S3BucketName: 'local-logs' };

describe('trails datum', () => {
  it('lists shadow trails in every region, dedupes by ARN, and reads each trail once by ARN in its home region', async () => {
    aws.cloudtrail.on(DescribeTrailsCommand).callsFake(async (input) => {
      expect(input).toEqual({ includeShadowTrails: true });
      return { trailList: [GLOBAL_TRAIL, LOCAL_TRAIL] };
    });
    aws.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestCloudWatchLogsDeliveryTime: new Date('2026-05-31T23:00:00Z') });
    aws.cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
    // us-east-1 is the scan's home region; the multi-region trail is homed in eu-west-1.
    const { collector, calls } = recordingCollector(['us-east-1', 'eu-west-1']);
    const got = await collector.get(trails);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.value.trails.map((t) => t.arn)).toEqual([GLOBAL_TRAIL.TrailARN, LOCAL_TRAIL.TrailARN]);
    const org = got.value.trails[0]!;
    expect(org).toMatchObject({
      homeRegion: 'eu-west-1', isMultiRegion: true, seenIn: ['eu-west-1', 'us-east-1'], logFileValidation: true,
      kmsKeyId: GLOBAL_TRAIL.KmsKeyId, s3BucketName: 'audit-logs',
      status: { ok: true, value: { isLogging: true, latestCloudWatchLogsDeliveryTime: '2026-05-31T23:00:00.000Z' } },
      selectors: { ok: true, value: { style: 'basic', read: true, write: true, excludedSources: [] } },
    });
    expect(callsOf(calls, 'cloudtrail', 'DescribeTrails').map((c) => c.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(callsOf(calls, 'cloudtrail', 'GetTrailStatus')).toEqual(expect.arrayContaining([
      { region: 'eu-west-1', input: { Name: GLOBAL_TRAIL.TrailARN } },
      { region: 'us-east-1', input: { Name: LOCAL_TRAIL.TrailARN } },
    ]));
    expect(callsOf(calls, 'cloudtrail', 'GetTrailStatus')).toHaveLength(2);
    expect(callsOf(calls, 'cloudtrail', 'GetEventSelectors')).toEqual(expect.arrayContaining([
      { region: 'eu-west-1', input: { TrailName: GLOBAL_TRAIL.TrailARN } },
    ]));
    expect(callsOf(calls, 'cloudtrail', 'GetEventSelectors')).toHaveLength(2);
  });

  it('a region whose DescribeTrails is denied stays that region failure; the other regions still list', async () => {
    const { collector } = recordingCollector(['us-east-1', 'eu-west-1']);
    // aws-sdk-client-mock cannot tell regions apart by input, so deny by call order: eu-west-1 is listed second.
    aws.cloudtrail.on(DescribeTrailsCommand).resolvesOnce({ trailList: [GLOBAL_TRAIL] }).rejects(awsError('AccessDeniedException'));
    aws.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    aws.cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [] });
    const got = await collector.get(trails);
    if (!got.ok) throw new Error('datum failed');
    const listed = Object.values(got.value.listed);
    expect(listed.filter((l) => l.ok)).toHaveLength(1);
    const failedRegion = Object.entries(got.value.listed).find(([, l]) => !l.ok)!;
    expect(failedRegion[1]).toEqual({ ok: false, error: expect.objectContaining({ operation: 'DescribeTrails', code: 'AccessDeniedException', region: failedRegion[0] }) });
    expect(got.value.trails.map((t) => t.name)).toEqual(['org-audit']);
  });

  it("another account's organization trail: listed, but its status and selectors are failed reads, not defaults", async () => {
    const orgTrail = { Name: 'org', TrailARN: arn('us-east-1', 'org', ORG), HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: true, S3BucketName: 'org-logs' };
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [orgTrail] });
    aws.cloudtrail.on(GetTrailStatusCommand).rejects(awsError('AccessDeniedException'));
    aws.cloudtrail.on(GetEventSelectorsCommand).rejects(awsError('AccessDeniedException'));
    const got = await recordingCollector().collector.get(trails);
    if (!got.ok) throw new Error('datum failed');
    const t = got.value.trails[0]!;
    expect(t).toMatchObject({ ownerAccount: ORG, isOrganizationTrail: true });
    expect(t.status).toEqual({ ok: false, error: expect.objectContaining({ service: 'cloudtrail', operation: 'GetTrailStatus', code: 'AccessDeniedException' }) });
    expect(t.selectors).toEqual({ ok: false, error: expect.objectContaining({ operation: 'GetEventSelectors', code: 'AccessDeniedException' }) });
  });

  it('TrailNotFound for a trail just listed is a failed read (not "absent")', async () => {
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [LOCAL_TRAIL] });
    aws.cloudtrail.on(GetTrailStatusCommand).rejects(awsError('TrailNotFoundException'));
    aws.cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [] });
    const got = await recordingCollector().collector.get(trails);
    if (!got.ok) throw new Error('datum failed');
    expect(got.value.trails[0]!.status).toEqual({ ok: false, error: expect.objectContaining({ code: 'TrailNotFoundException' }) });
  });
});
