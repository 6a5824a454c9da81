import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  GetBucketAclCommand, GetBucketLocationCommand, GetBucketLoggingCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { describe, expect, it } from 'vitest';
import { trails } from '../../../src/collect/cloudtrail.js';
import { trailBucketExposure, trailBucketLocations, trailBucketLogging } from '../../../src/collect/s3.js';
import { ACCOUNT } from '../../helpers/reader.js';
import { awsError, callsOf, mockLoggingAws, recordingCollector, s3ControlError, s3Error } from './mocks.js';

const aws = mockLoggingAws();
const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

function trailsWithBuckets(...buckets: string[]) {
  aws.cloudtrail.on(DescribeTrailsCommand).resolves({
    trailList: buckets.map((b, i) => ({
      Name: `t${i}`, TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t${i}`, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, S3BucketName: b,
    })),
  });
  aws.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  aws.cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [] });
}

const locations: Record<string, string | undefined> = { 'us-bucket': undefined, 'eu-bucket': 'EU', 'west-bucket': 'us-west-2' };

function serveLocations() {
  aws.s3.on(GetBucketLocationCommand).callsFake(async (input: { Bucket: string }) =>
    locations[input.Bucket] === undefined ? { LocationConstraint: null as unknown as undefined } : { LocationConstraint: locations[input.Bucket] });
}

describe('trail bucket locations', () => {
  it('asks GetBucketLocation in the home region with ExpectedBucketOwner; null is us-east-1, "EU" is eu-west-1; shared buckets are read once', async () => {
    trailsWithBuckets('us-bucket', 'eu-bucket', 'eu-bucket', 'west-bucket');
    serveLocations();
    const { collector, calls } = recordingCollector(['eu-west-1', 'us-east-1']);
    const got = await collector.get(trailBucketLocations);
    expect(got).toEqual({
      ok: true,
      value: {
        'eu-bucket': { ok: true, value: { region: 'eu-west-1', locationConstraint: 'EU' } },
        'us-bucket': { ok: true, value: { region: 'us-east-1', locationConstraint: null } },
        'west-bucket': { ok: true, value: { region: 'us-west-2', locationConstraint: 'us-west-2' } },
      },
    });
    const asked = callsOf(calls, 's3', 'GetBucketLocation');
    expect(asked).toHaveLength(3);
    expect(asked.every((c) => c.region === 'us-east-1' && c.input.ExpectedBucketOwner === ACCOUNT)).toBe(true);
  });

  it('needs only the trail listings: the buckets are located while the trails\' status and selectors are still being read', async () => {
    trailsWithBuckets('us-bucket');
    let answer!: () => void;
    const statusHeld = new Promise<void>((r) => (answer = r));
    aws.cloudtrail.on(GetTrailStatusCommand).callsFake(async () => {
      await statusHeld;
      return { IsLogging: true };
    });
    serveLocations();
    const { collector } = recordingCollector(['us-east-1']);
    const status = collector.get(trails);
    const got = await collector.get(trailBucketLocations);
    expect(got).toEqual({ ok: true, value: { 'us-bucket': { ok: true, value: { region: 'us-east-1', locationConstraint: null } } } });
    expect(aws.cloudtrail.commandCalls(GetTrailStatusCommand)).toHaveLength(1);
    answer();
    expect((await status).ok).toBe(true);
  });

  it('AccessDenied (a bucket in another account) is a failed Got for that bucket only', async () => {
    trailsWithBuckets('us-bucket', 'foreign-bucket');
    aws.s3.on(GetBucketLocationCommand).resolves({});
    aws.s3.on(GetBucketLocationCommand, { Bucket: 'foreign-bucket' }).rejects(s3Error('AccessDenied', 403));
    const got = await recordingCollector().collector.get(trailBucketLocations);
    if (!got.ok) throw new Error('datum failed');
    expect(got.value['us-bucket']!.ok).toBe(true);
    expect(got.value['foreign-bucket']).toEqual({ ok: false, error: expect.objectContaining({ service: 's3', operation: 'GetBucketLocation', code: 'AccessDenied' }) });
  });
});

describe('trail bucket exposure', () => {
  it('reads ACL, policy status and the bucket block in the bucket region; absent policy/block are null, not errors', async () => {
    trailsWithBuckets('us-bucket', 'eu-bucket');
    serveLocations();
    aws.s3.on(GetBucketAclCommand).resolves({ Owner: { ID: 'owner' }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }] });
    aws.s3.on(GetBucketAclCommand, { Bucket: 'eu-bucket' }).resolves({
      Owner: { ID: 'owner' }, Grants: [{ Grantee: { Type: 'Group', URI: AUTH_USERS }, Permission: 'READ' }],
    });
    aws.s3.on(GetBucketPolicyStatusCommand).rejects(s3Error('NoSuchBucketPolicy'));
    aws.s3.on(GetBucketPolicyStatusCommand, { Bucket: 'us-bucket' }).resolves({ PolicyStatus: { IsPublic: false } });
    aws.s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'));
    aws.s3control.on(GetAccountPublicAccessBlockCommand).rejects(s3ControlError('NoSuchPublicAccessBlockConfiguration'));
    const { collector, calls } = recordingCollector();
    const got = await collector.get(trailBucketExposure);
    if (!got.ok) throw new Error('datum failed');
    const eu = got.value.buckets['eu-bucket'];
    expect(eu).toEqual({
      ok: true,
      value: {
        location: { region: 'eu-west-1', locationConstraint: 'EU' },
        acl: { ok: true, value: { ownerId: 'owner', grants: [{ grantee: AUTH_USERS, granteeType: 'Group', permission: 'READ' }] } },
        policyStatus: { ok: true, value: null },
        publicAccessBlock: { ok: true, value: null },
      },
    });
    expect(got.value.buckets['us-bucket']).toMatchObject({ ok: true, value: { policyStatus: { ok: true, value: { isPublic: false } } } });
    expect(got.value.accountPublicAccessBlock).toEqual({ ok: true, value: null });
    for (const op of ['GetBucketAcl', 'GetBucketPolicyStatus', 'GetPublicAccessBlock']) {
      expect(callsOf(calls, 's3', op)).toEqual(expect.arrayContaining([
        { region: 'eu-west-1', input: { Bucket: 'eu-bucket', ExpectedBucketOwner: ACCOUNT } },
        { region: 'us-east-1', input: { Bucket: 'us-bucket', ExpectedBucketOwner: ACCOUNT } },
      ]));
    }
    expect(callsOf(calls, 's3control', 'GetPublicAccessBlock')).toEqual([{ region: 'us-east-1', input: { AccountId: ACCOUNT } }]);
  });

  it('does not read the account block when every bucket block already blocks everything', async () => {
    trailsWithBuckets('us-bucket');
    serveLocations();
    aws.s3.on(GetBucketAclCommand).resolves({ Grants: [] });
    aws.s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: true } });
    aws.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL_BLOCKED });
    const { collector, calls } = recordingCollector();
    const got = await collector.get(trailBucketExposure);
    if (!got.ok) throw new Error('datum failed');
    expect(got.value.accountPublicAccessBlock).toBeUndefined();
    expect(callsOf(calls, 's3control', 'GetPublicAccessBlock')).toEqual([]);
  });

  it('a denied read is a failed Got for that read; the bucket block denied also makes the account block needed', async () => {
    trailsWithBuckets('us-bucket');
    serveLocations();
    aws.s3.on(GetBucketAclCommand).rejects(awsError('AccessDenied', 403));
    aws.s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: false } });
    aws.s3.on(GetPublicAccessBlockCommand).rejects(awsError('AccessDenied', 403));
    aws.s3control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL_BLOCKED });
    const got = await recordingCollector().collector.get(trailBucketExposure);
    if (!got.ok) throw new Error('datum failed');
    const b = got.value.buckets['us-bucket'];
    if (!b?.ok) throw new Error('bucket failed');
    expect(b.value.acl).toEqual({ ok: false, error: expect.objectContaining({ operation: 'GetBucketAcl', code: 'AccessDenied' }) });
    expect(b.value.publicAccessBlock.ok).toBe(false);
    expect(got.value.accountPublicAccessBlock).toEqual({ ok: true, value: ALL_BLOCKED });
  });

  it('reads nothing more for a bucket whose location failed', async () => {
    trailsWithBuckets('foreign-bucket');
    aws.s3.on(GetBucketLocationCommand).rejects(s3Error('AccessDenied', 403));
    aws.s3control.on(GetAccountPublicAccessBlockCommand).rejects(s3ControlError('NoSuchPublicAccessBlockConfiguration'));
    const { collector, calls } = recordingCollector();
    const got = await collector.get(trailBucketExposure);
    if (!got.ok) throw new Error('datum failed');
    expect(got.value.buckets['foreign-bucket']!.ok).toBe(false);
    expect(callsOf(calls, 's3', 'GetBucketAcl')).toEqual([]);
  });
});

describe('trail bucket logging', () => {
  it('reads GetBucketLogging in the bucket region, sharing the location reads with the exposure datum', async () => {
    trailsWithBuckets('us-bucket', 'eu-bucket');
    serveLocations();
    aws.s3.on(GetBucketLoggingCommand).resolves({});
    aws.s3.on(GetBucketLoggingCommand, { Bucket: 'us-bucket' }).resolves({ LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: 'ct/' } });
    aws.s3.on(GetBucketAclCommand).resolves({ Grants: [] });
    aws.s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: false } });
    aws.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL_BLOCKED });
    const { collector, calls } = recordingCollector();
    const [logging] = await Promise.all([collector.get(trailBucketLogging), collector.get(trailBucketExposure)]);
    expect(logging).toEqual({
      ok: true,
      value: {
        'eu-bucket': { ok: true, value: { region: 'eu-west-1' } },
        'us-bucket': { ok: true, value: { region: 'us-east-1', targetBucket: 'access-logs', targetPrefix: 'ct/' } },
      },
    });
    expect(callsOf(calls, 's3', 'GetBucketLogging')).toEqual(expect.arrayContaining([
      { region: 'eu-west-1', input: { Bucket: 'eu-bucket', ExpectedBucketOwner: ACCOUNT } },
      { region: 'us-east-1', input: { Bucket: 'us-bucket', ExpectedBucketOwner: ACCOUNT } },
    ]));
    expect(callsOf(calls, 's3', 'GetBucketLocation')).toHaveLength(2);
  });
});
