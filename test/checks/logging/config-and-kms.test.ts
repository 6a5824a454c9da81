import { describe, expect, it } from 'vitest';
import { configEnabled } from '../../../src/checks/logging/config-enabled.js';
import { keyRotation } from '../../../src/checks/logging/key-rotation.js';
import { configRecorders } from '../../../src/collect/config.js';
import { kmsKeys } from '../../../src/collect/kms.js';
import { controlStatus } from '../../../src/engine/aggregate.js';
import { evaluate, ok, ROOT_ARN, statuses } from '../../helpers/check-state.js';
import { configRegion, key, regionDenied } from './fixtures.js';

const REGIONS = ['eu-west-1', 'us-east-1'];

describe('config-enabled-all-regions (2.5)', () => {
  const run = (value: Record<string, ReturnType<typeof ok> | ReturnType<typeof regionDenied>>) =>
    evaluate(configEnabled, [[configRecorders, ok(value)]], { regions: REGIONS });

  it('PASS: every region recording all types, global types in one region', () => {
    const findings = run({ 'eu-west-1': ok(configRegion()), 'us-east-1': ok(configRegion({ global: true })) });
    expect(findings.map((f) => [f.region, f.status])).toEqual([['eu-west-1', 'PASS'], ['us-east-1', 'PASS'], ['global', 'PASS']]);
    expect(findings[2]!.message).toContain('us-east-1');
    expect(controlStatus(findings, 'all')).toBe('PASS');
  });

  it('FAIL: a region without a recorder', () => {
    const findings = run({ 'eu-west-1': ok(configRegion({ noRecorder: true })), 'us-east-1': ok(configRegion({ global: true })) });
    expect(findings[0]).toMatchObject({ status: 'FAIL', region: 'eu-west-1', resource: ROOT_ARN, message: 'eu-west-1 has no AWS Config recorder' });
  });

  it('FAIL: not recording, last status FAILURE, partial types, exclusion strategy, no delivery channel', () => {
    const cases = [
      [configRegion({ status: { recording: false } }), 'is not recording'],
      [configRegion({ status: { lastStatus: 'Failure', lastErrorCode: 'AccessDenied' } }), 'last recording failed (AccessDenied)'],
      [configRegion({ recorder: { allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::EC2::Instance'] } }), 'does not record all supported types'],
      [configRegion({ recorder: { strategy: 'EXCLUSION_BY_RESOURCE_TYPES' } }), 'uses recording strategy EXCLUSION_BY_RESOURCE_TYPES'],
      [configRegion({ noChannel: true }), 'no delivery channel'],
    ] as const;
    for (const [region, text] of cases) {
      const [f] = run({ 'eu-west-1': ok(region), 'us-east-1': ok(configRegion({ global: true })) });
      expect(f!.status, text).toBe('FAIL');
      expect(f!.message).toContain(text);
    }
  });

  it('FAIL for the account when no region records global resource types', () => {
    const findings = run({ 'eu-west-1': ok(configRegion()), 'us-east-1': ok(configRegion()) });
    expect(findings[2]).toMatchObject({ status: 'FAIL', region: 'global', message: expect.stringContaining('global resource types') });
  });

  it('global types on a recorder that is not recording do not count', () => {
    const findings = run({ 'eu-west-1': ok(configRegion()), 'us-east-1': ok(configRegion({ global: true, status: { recording: false } })) });
    expect(findings[2]!.status).toBe('FAIL');
  });

  it('denied DescribeConfigurationRecorders in one region: ERROR only there', () => {
    const findings = run({
      'eu-west-1': regionDenied('config', 'DescribeConfigurationRecorders', 'eu-west-1'),
      'us-east-1': ok(configRegion({ global: true })),
    });
    expect(findings.map((f) => [f.region, f.status])).toEqual([['eu-west-1', 'ERROR'], ['us-east-1', 'PASS'], ['global', 'PASS']]);
    expect(findings[0]!.message).toContain('DescribeConfigurationRecorders');
  });

  it('global types unconfirmed while a region is unreadable: ERROR, not FAIL', () => {
    const findings = run({ 'eu-west-1': regionDenied('config', 'DescribeConfigurationRecorders', 'eu-west-1'), 'us-east-1': ok(configRegion()) });
    expect(findings[2]).toMatchObject({ status: 'ERROR', region: 'global' });
  });
});

describe('kms-key-rotation (2.8)', () => {
  const run = (value: Record<string, unknown>, regions = ['us-east-1']) => evaluate(keyRotation, [[kmsKeys, ok(value)]], { regions });

  it('PASS rotated / FAIL not rotated, with evidence', () => {
    const findings = run({ 'us-east-1': ok([key('on', {}, ok(true)), key('off', {}, ok(false))]) });
    expect(statuses(findings)).toEqual(['PASS', 'FAIL']);
    expect(findings[1]!.resource).toBe('arn:aws:kms:us-east-1:111122223333:key/off');
    expect(findings[1]!.evidence).toContainEqual({ source: 'kms:GetKeyRotationStatus', field: 'KeyRotationEnabled', value: false, expected: 'true' });
  });

  it('AWS-managed, HMAC, asymmetric, disabled, pending deletion, imported and CloudHSM keys are NOT_APPLICABLE with the reason', () => {
    const findings = run({
      'us-east-1': ok([
        key('aws', { keyManager: 'AWS' }),
        key('hmac', { keySpec: 'HMAC_256' }),
        key('rsa', { keySpec: 'RSA_2048' }),
        key('off', { keyState: 'Disabled' }),
        key('dying', { keyState: 'PendingDeletion' }),
        key('ext', { origin: 'EXTERNAL' }),
        key('hsm', { origin: 'AWS_CLOUDHSM' }),
      ]),
    });
    expect(findings.slice(0, 7).every((f) => f.status === 'NOT_APPLICABLE')).toBe(true);
    expect(findings.map((f) => f.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('managed by AWS'), expect.stringContaining('HMAC_256'), expect.stringContaining('RSA_2048'),
      expect.stringContaining('Disabled'), expect.stringContaining('PendingDeletion'), expect.stringContaining('EXTERNAL'), expect.stringContaining('AWS_CLOUDHSM'),
    ]));
    // And the region has nothing rotation applies to.
    expect(findings[7]).toMatchObject({ status: 'NOT_APPLICABLE', resource: ROOT_ARN, region: 'us-east-1' });
    expect(controlStatus(findings, 'all')).toBe('NOT_APPLICABLE');
  });

  it('a region with no keys: NOT_APPLICABLE', () => {
    expect(statuses(run({ 'us-east-1': ok([]) }))).toEqual(['NOT_APPLICABLE']);
  });

  it('ListKeys denied: ERROR for that region, never "no keys"', () => {
    const findings = run({ 'us-east-1': ok([key('on', {}, ok(true))]), 'eu-west-1': regionDenied('kms', 'ListKeys', 'eu-west-1') }, ['us-east-1', 'eu-west-1']);
    expect(findings.map((f) => [f.region, f.status])).toEqual([['us-east-1', 'PASS'], ['eu-west-1', 'ERROR']]);
    expect(findings[1]!.message).toContain('ListKeys');
  });

  it('DescribeKey or GetKeyRotationStatus denied: ERROR for that key', () => {
    const locked = { ...key('locked'), metadata: regionDenied<never>('kms', 'DescribeKey', 'us-east-1') };
    const findings = run({ 'us-east-1': ok([locked, key('norot', {}, regionDenied('kms', 'GetKeyRotationStatus', 'us-east-1'))]) });
    expect(statuses(findings)).toEqual(['ERROR', 'ERROR']);
    expect(findings.map((f) => f.error?.operation)).toEqual(['DescribeKey', 'GetKeyRotationStatus']);
  });
});
