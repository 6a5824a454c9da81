import { describe, expect, it } from 'vitest';
import { multiRegionTrail } from '../../../src/checks/logging/multi-region-trail.js';
import { trails } from '../../../src/collect/cloudtrail.js';
import { controlStatus } from '../../../src/engine/aggregate.js';
import { ACCOUNT, evaluate, ok, ROOT_ARN, statuses } from '../../helpers/check-state.js';
import { ALL_MANAGEMENT, inventory, regionDenied, trail, trailArn } from './fixtures.js';

const run = (inv: ReturnType<typeof inventory>, regions = ['us-east-1']) => evaluate(multiRegionTrail, [[trails, inv]], { regions });
const ORG_ACCOUNT = '999988887777';

describe('cloudtrail-multi-region (2.1, any-of)', () => {
  it('PASS: a multi-region trail that is logging all management events', () => {
    const findings = run(inventory([trail('audit')]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: trailArn('audit'), region: 'us-east-1' });
    expect(findings[0]!.evidence).toContainEqual(expect.objectContaining({ source: 'cloudtrail:GetTrailStatus', field: 'IsLogging', value: true }));
  });

  it('FAIL: a write-only trail names what it lacks', () => {
    const [f] = run(inventory([trail('audit', { selectors: ok({ ...ALL_MANAGEMENT, read: false }) })]));
    expect(f).toMatchObject({ status: 'FAIL', message: expect.stringContaining('write-only') });
  });

  it('FAIL: single-region, not logging, and an excluded kms source are all named', () => {
    const [f] = run(inventory([trail('audit', {
      isMultiRegion: false,
      status: ok({ isLogging: false }),
      selectors: ok({ ...ALL_MANAGEMENT, style: 'advanced', excludedSources: ['kms.amazonaws.com'] }),
    })]));
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('single-region');
    expect(f!.message).toContain('not logging');
    expect(f!.message).toContain('kms.amazonaws.com');
  });

  it('FAIL: advanced selectors with readOnly=true only', () => {
    const [f] = run(inventory([trail('audit', { selectors: ok({ ...ALL_MANAGEMENT, style: 'advanced', write: false }) })]));
    expect(f).toMatchObject({ status: 'FAIL', message: expect.stringContaining('read-only') });
  });

  it('no trails at all: one FAIL for the account', () => {
    const findings = run(inventory([]));
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: ROOT_ARN, message: 'the account has no CloudTrail trail' })]);
  });

  it("ERROR: another account's organization trail whose status cannot be read says why", () => {
    const denied = regionDenied<never>('cloudtrail', 'GetTrailStatus', 'us-east-1', 'AccessDeniedException');
    const org = trail('org', { ownerAccount: ORG_ACCOUNT, isOrganizationTrail: true, status: denied, selectors: regionDenied('cloudtrail', 'GetEventSelectors', 'us-east-1', 'AccessDeniedException') });
    const [f] = run(inventory([org]));
    expect(f).toMatchObject({ status: 'ERROR', resource: trailArn('org', 'us-east-1', ORG_ACCOUNT), error: expect.objectContaining({ operation: 'GetTrailStatus', code: 'AccessDeniedException' }) });
    expect(f!.message).toContain(`organization trail of account ${ORG_ACCOUNT}`);
    expect(f!.message).toContain('GetTrailStatus');
  });

  it('an unreadable candidate beside a failing one makes the control ERROR; a passing one makes it PASS', () => {
    const unreadable = trail('org', { status: regionDenied('cloudtrail', 'GetTrailStatus', 'us-east-1') });
    const failing = trail('local', { isMultiRegion: false });
    expect(controlStatus(run(inventory([unreadable, failing])), 'any-of')).toBe('ERROR');
    expect(controlStatus(run(inventory([unreadable, failing, trail('audit')])), 'any-of')).toBe('PASS');
  });

  it('a single-region trail with unreadable status is still a FAIL (it can never be the candidate)', () => {
    const [f] = run(inventory([trail('local', { isMultiRegion: false, status: regionDenied('cloudtrail', 'GetTrailStatus', 'us-east-1') })]));
    expect(f!.status).toBe('FAIL');
  });

  it('a trail homed in another region is reported in its home region', () => {
    const [f] = run(inventory([trail('eu', { homeRegion: 'eu-west-1' })], ['us-east-1', 'eu-west-1']), ['us-east-1', 'eu-west-1']);
    expect(f).toMatchObject({ status: 'PASS', region: 'eu-west-1', resource: trailArn('eu', 'eu-west-1') });
  });

  it('DescribeTrails failed in every region: ERROR per region, never "no trail"', () => {
    const inv = inventory([], ['us-east-1', 'eu-west-1'], {
      'us-east-1': regionDenied('cloudtrail', 'DescribeTrails', 'us-east-1'),
      'eu-west-1': regionDenied('cloudtrail', 'DescribeTrails', 'eu-west-1'),
    });
    const findings = run(inv, ['us-east-1', 'eu-west-1']);
    expect(statuses(findings)).toEqual(['ERROR', 'ERROR']);
    expect(findings.map((f) => f.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(findings[0]!.message).toContain('DescribeTrails');
  });

  it('DescribeTrails failed in one region only: no trails elsewhere is still a FAIL (a multi-region trail would show)', () => {
    const inv = inventory([], ['us-east-1', 'eu-west-1'], { 'eu-west-1': regionDenied('cloudtrail', 'DescribeTrails', 'eu-west-1') });
    expect(statuses(run(inv, ['us-east-1', 'eu-west-1']))).toEqual(['FAIL']);
  });

  it('the inventory itself unreadable: ERROR', () => {
    const findings = evaluate(multiRegionTrail, [[trails, regionDenied('cis-audit', 'collect cloudtrail.trails', 'us-east-1', 'UnexpectedResponse')]]);
    expect(statuses(findings)).toEqual(['ERROR']);
    expect(findings[0]!.resource).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });
});
