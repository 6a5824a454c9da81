import { describe, expect, it } from 'vitest';
import { s3DataEventsRead, s3DataEventsWrite } from '../../../src/checks/logging/s3-data-events.js';
import { trails } from '../../../src/collect/cloudtrail.js';
import { controlStatus } from '../../../src/engine/aggregate.js';
import { evaluate, ok, ROOT_ARN, statuses } from '../../helpers/check-state.js';
import { inventory, regionDenied, trail, trailArn } from './fixtures.js';

const run = (check: typeof s3DataEventsWrite, inv: ReturnType<typeof inventory>, regions = ['us-east-1']) =>
  evaluate(check, [[trails, inv]], { regions });
const ALL_BUCKETS = { ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] };
const writes = ok({ style: 'basic' as const, allBucketsRead: false, allBucketsWrite: true, selectors: [{ ...ALL_BUCKETS, ReadWriteType: 'WriteOnly' }] });
const both = ok({ style: 'advanced' as const, allBucketsRead: true, allBucketsWrite: true, selectors: [{ Name: 's3' }] });

describe.each([
  ['write', s3DataEventsWrite],
  ['read', s3DataEventsRead],
] as const)('cloudtrail-s3-data-events-%s (any-of)', (access, check) => {
  it(`PASS: a multi-region, logging trail records ${access} events for all buckets, with the selectors as evidence`, () => {
    const findings = run(check, inventory([trail('audit', { s3DataEvents: both })]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: trailArn('audit'), region: 'us-east-1' });
    expect(findings[0]!.message).toContain(`S3 object-level ${access} events for all buckets`);
    expect(findings[0]!.evidence).toContainEqual(expect.objectContaining({
      source: 'cloudtrail:GetEventSelectors', field: 'AdvancedEventSelectors', value: { style: 'advanced', s3DataSelectors: [{ Name: 's3' }] },
    }));
  });

  it('FAIL: a trail with no S3 data events says so', () => {
    const [f] = run(check, inventory([trail('audit')]));
    expect(f).toMatchObject({ status: 'FAIL', resource: trailArn('audit'), message: 'trail audit logs no S3 object-level data events' });
  });

  it('FAIL: all-bucket data events on a single-region or stopped trail do not count', () => {
    const findings = run(check, inventory([
      trail('regional', { isMultiRegion: false, s3DataEvents: both }),
      trail('stopped', { status: ok({ isLogging: false }), s3DataEvents: both }),
    ]));
    expect(statuses(findings)).toEqual(['FAIL', 'FAIL']);
    expect(findings[0]!.message).toContain('single-region');
    expect(findings[1]!.message).toContain('not logging');
    expect(controlStatus(findings, 'any-of')).toBe('FAIL');
  });

  it('ERROR: GetEventSelectors denied (AccessDenied) or throttled past retries, never PASS', () => {
    for (const code of ['AccessDeniedException', 'ThrottlingException']) {
      const [f] = run(check, inventory([trail('audit', { s3DataEvents: regionDenied('cloudtrail', 'GetEventSelectors', 'us-east-1', code) })]));
      expect(f!.status, code).toBe('ERROR');
      expect(f!.error).toMatchObject({ operation: 'GetEventSelectors', code });
      expect(f!.evidence).toContainEqual({ source: 'cloudtrail:GetEventSelectors', field: 'error', value: expect.objectContaining({ code }) });
    }
  });

  it('any-of: one complete trail PASSes the control beside an unreadable one; ERROR when the only other is unreadable', () => {
    const unreadable = trail('org', { s3DataEvents: regionDenied('cloudtrail', 'GetEventSelectors', 'us-east-1', 'AccessDeniedException') });
    expect(controlStatus(run(check, inventory([trail('audit', { s3DataEvents: both }), unreadable])), 'any-of')).toBe('PASS');
    expect(controlStatus(run(check, inventory([trail('audit'), unreadable])), 'any-of')).toBe('ERROR');
  });

  it('no trail at all is FAIL, not NOT_APPLICABLE (every account must log object events); no region listable → ERROR', () => {
    const none = run(check, inventory([]));
    expect(none).toEqual([expect.objectContaining({ status: 'FAIL', resource: ROOT_ARN, message: 'the account has no CloudTrail trail' })]);
    const unlisted = run(check, inventory([], ['us-east-1'], { 'us-east-1': regionDenied('cloudtrail', 'DescribeTrails', 'us-east-1', 'ThrottlingException') }));
    expect(statuses(unlisted)).toEqual(['ERROR']);
  });
});

describe('write vs read', () => {
  it('write-only data events PASS write and FAIL read, naming what is missing', () => {
    const inv = inventory([trail('audit', { s3DataEvents: writes })]);
    expect(statuses(run(s3DataEventsWrite, inv))).toEqual(['PASS']);
    const [f] = run(s3DataEventsRead, inv);
    expect(f).toMatchObject({ status: 'FAIL', message: 'trail audit logs S3 object-level data events, but not read events for all buckets' });
  });
});
