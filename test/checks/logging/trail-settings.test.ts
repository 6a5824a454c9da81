import { describe, expect, it } from 'vitest';
import { cloudWatchLogs, kmsEncryption, logFileValidation } from '../../../src/checks/logging/trail-settings.js';
import { trails } from '../../../src/collect/cloudtrail.js';
import { evaluate, ok, ROOT_ARN, statuses } from '../../helpers/check-state.js';
import { inventory, regionDenied, trail, trailArn } from './fixtures.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

describe('cloudtrail-log-file-validation (2.2)', () => {
  it('PASS/FAIL per trail with the field as evidence', () => {
    const findings = evaluate(logFileValidation, [[trails, inventory([trail('good'), trail('bad', { logFileValidation: false })])]]);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[trailArn('good'), 'PASS'], [trailArn('bad'), 'FAIL']]);
    expect(findings[1]!.evidence).toEqual([{ source: 'cloudtrail:DescribeTrails', field: 'LogFileValidationEnabled', value: false, expected: 'true' }]);
  });

  it('a region whose DescribeTrails failed is an ERROR for that region only', () => {
    const inv = inventory([trail('good')], REGIONS, { 'eu-west-1': regionDenied('cloudtrail', 'DescribeTrails', 'eu-west-1') });
    const findings = evaluate(logFileValidation, [[trails, inv]], { regions: REGIONS });
    expect(statuses(findings)).toEqual(['PASS', 'ERROR']);
    expect(findings[1]).toMatchObject({ region: 'eu-west-1', resource: ROOT_ARN, error: expect.objectContaining({ operation: 'DescribeTrails' }) });
  });

  it('no trails anywhere: NOT_APPLICABLE (2.1 reports the absence)', () => {
    expect(statuses(evaluate(logFileValidation, [[trails, inventory([])]]))).toEqual(['NOT_APPLICABLE']);
  });

  it("another account's trail is judged on what DescribeTrails shows, even when its status is unreadable", () => {
    const org = trail('org', { ownerAccount: '999988887777', logFileValidation: false, status: regionDenied('cloudtrail', 'GetTrailStatus', 'us-east-1') });
    expect(statuses(evaluate(logFileValidation, [[trails, inventory([org])]]))).toEqual(['FAIL']);
  });
});

describe('cloudtrail-kms-encryption (2.7)', () => {
  it('PASS with KmsKeyId, FAIL without', () => {
    const { kmsKeyId: _none, ...plain } = trail('plain');
    const findings = evaluate(kmsEncryption, [[trails, inventory([trail('enc'), plain])]]);
    expect(statuses(findings)).toEqual(['PASS', 'FAIL']);
    expect(findings[1]!.evidence).toEqual([expect.objectContaining({ field: 'KmsKeyId', value: null })]);
  });

  it('DescribeTrails failed in a region: ERROR there', () => {
    const inv = inventory([], REGIONS, { 'us-east-1': regionDenied('cloudtrail', 'DescribeTrails', 'us-east-1') });
    expect(statuses(evaluate(kmsEncryption, [[trails, inv]], { regions: REGIONS }))).toEqual(['ERROR']);
  });
});

describe('cloudtrail-cloudwatch-logs (2.4)', () => {
  const at = (iso?: string) => ok(iso ? { isLogging: true, latestCloudWatchLogsDeliveryTime: iso } : { isLogging: true });

  it('PASS: log group set and delivered within 24 h of now (2026-06-01T00:00Z)', () => {
    const [f] = evaluate(cloudWatchLogs, [[trails, inventory([trail('t', { status: at('2026-05-31T00:00:01.000Z') })])]]);
    expect(f!.status).toBe('PASS');
    expect(f!.evidence).toContainEqual(expect.objectContaining({ field: 'LatestCloudWatchLogsDeliveryTime', value: '2026-05-31T00:00:01.000Z' }));
  });

  it('FAIL: stale delivery, never delivered, or no log group', () => {
    const { logGroupArn: _none, ...noGroup } = trail('nogroup');
    const findings = evaluate(cloudWatchLogs, [[trails, inventory([
      trail('stale', { status: at('2026-05-30T23:59:59.000Z') }),
      trail('never', { status: at() }),
      noGroup,
    ])]]);
    expect(statuses(findings)).toEqual(['FAIL', 'FAIL', 'FAIL']);
    expect(findings[0]!.message).toContain('more than 24 hours');
    expect(findings[1]!.message).toContain('never delivered');
    expect(findings[2]!.message).toContain('does not send');
  });

  it('the evaluation time comes from the context (snapshot replay), not the clock', () => {
    const t = trail('t', { status: at('2026-05-31T00:00:01.000Z') });
    expect(statuses(evaluate(cloudWatchLogs, [[trails, inventory([t])]], { now: new Date('2026-06-05T00:00:00Z') }))).toEqual(['FAIL']);
  });

  it('ERROR: log group set but the status is unreadable', () => {
    const t = trail('org', { ownerAccount: '999988887777', isOrganizationTrail: true, status: regionDenied('cloudtrail', 'GetTrailStatus', 'us-east-1', 'AccessDeniedException') });
    const [f] = evaluate(cloudWatchLogs, [[trails, inventory([t])]]);
    expect(f).toMatchObject({ status: 'ERROR', error: expect.objectContaining({ operation: 'GetTrailStatus', code: 'AccessDeniedException' }) });
    expect(f!.message).toContain('organization trail of account 999988887777');
  });
});
