import { describe, expect, it } from 'vitest';
import { findBenchmark } from '../../../src/benchmark/index.js';
import { configEnabled } from '../../../src/checks/logging/config-enabled.js';
import { configRecorders, type ConfigRegion } from '../../../src/collect/config.js';
import { controlStatus } from '../../../src/engine/aggregate.js';
import type { Got } from '../../../src/model/got.js';
import { evaluate, ok, ROOT_ARN, statuses } from '../../helpers/check-state.js';
import { configRegion, regionDenied } from './fixtures.js';

// v7.0.0 4.3 (configAllRecorders): every recorder records all supported types; global types once per account.

const REGIONS = ['eu-west-1', 'us-east-1'];
const V7 = { configAllRecorders: true };
const run = (value: Record<string, Got<ConfigRegion>>, params: { configAllRecorders?: boolean } = V7) =>
  evaluate(configEnabled, [[configRecorders, ok(value)]], { regions: REGIONS, params });

/** A region with the default recorder plus another one (partial, or service-linked). */
function withSecond(second: Partial<ConfigRegion['recorders'][number]>, global = false): ConfigRegion {
  const base = configRegion({ global });
  return {
    ...base,
    recorders: [...base.recorders, { name: 'second', allSupported: false, includeGlobalResourceTypes: false, resourceTypes: ['AWS::EC2::Instance'], strategy: 'INCLUSION_BY_RESOURCE_TYPES', ...second }],
    statuses: [...base.statuses, { name: 'second', recording: true, lastStatus: 'Success' }],
  };
}

describe('config-enabled-all-regions with configAllRecorders (v7.0.0)', () => {
  it('is what v7.0.0 passes, and only v7.0.0', () => {
    expect(findBenchmark('cis-7.0.0').controls.find((c) => c.id === '4.3')!.params).toEqual(V7);
    expect(findBenchmark('cis-5.0.0').controls.find((c) => c.id === '3.3')!.params).toBeUndefined();
  });

  it('PASS: the recorder of each region records everything, global types recorded in one region', () => {
    const findings = run({ 'eu-west-1': ok(configRegion()), 'us-east-1': ok(configRegion({ global: true })) });
    expect(statuses(findings)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(findings.at(-1)).toMatchObject({ region: 'global', message: 'global resource types are recorded in us-east-1' });
  });

  it('FAIL: a second recorder that records only some types fails the region (one good recorder no longer suffices)', () => {
    const value = { 'eu-west-1': ok(withSecond({})), 'us-east-1': ok(configRegion({ global: true })) };
    const [eu] = run(value);
    expect(eu).toMatchObject({ status: 'FAIL', region: 'eu-west-1', resource: ROOT_ARN });
    expect(eu!.message).toBe('eu-west-1: recorder second does not record all supported types (1 listed), uses recording strategy INCLUSION_BY_RESOURCE_TYPES');
    expect(eu!.evidence).toContainEqual(expect.objectContaining({ field: 'second.recordingGroup.allSupported', value: false, expected: 'true' }));
    expect(eu!.evidence).toContainEqual(expect.objectContaining({ field: 'default.recordingGroup.allSupported', value: true }));
    // v1.2.0-v6.0.0 behaviour (no parameter): the best recorder decides.
    expect(run(value, {})[0]!.status).toBe('PASS');
  });

  it('service-linked recorders are shown, not judged; a region with only service-linked recorders FAILs', () => {
    const linked = { servicePrincipal: 'config-conforms.amazonaws.com' };
    const [eu] = run({ 'eu-west-1': ok(withSecond(linked)), 'us-east-1': ok(configRegion({ global: true })) });
    expect(eu!.status).toBe('PASS');
    expect(eu!.evidence).toContainEqual(expect.objectContaining({ field: 'servicePrincipal', value: [{ name: 'second', servicePrincipal: 'config-conforms.amazonaws.com' }] }));
    const only: ConfigRegion = { ...withSecond(linked), recorders: withSecond(linked).recorders.slice(1) };
    const [f] = run({ 'eu-west-1': ok(only), 'us-east-1': ok(configRegion({ global: true })) });
    expect(f).toMatchObject({ status: 'FAIL', message: 'eu-west-1 has no AWS Config recorder of its own (only service-linked ones)' });
  });

  it('FAIL: no region records global types, or a region has no recorder (there is no NOT_APPLICABLE: every region needs one)', () => {
    const findings = run({ 'eu-west-1': ok(configRegion({ noRecorder: true })), 'us-east-1': ok(configRegion()) });
    expect(statuses(findings)).toEqual(['FAIL', 'PASS', 'FAIL']);
    expect(findings[0]!.message).toBe('eu-west-1 has no AWS Config recorder');
    expect(controlStatus(findings, 'all')).toBe('FAIL');
  });

  it('ERROR: a region denied or throttled past retries is ERROR there, and global types stay unconfirmed', () => {
    for (const code of ['AccessDeniedException', 'ThrottlingException']) {
      const findings = run({ 'eu-west-1': regionDenied('config', 'DescribeConfigurationRecorders', 'eu-west-1', code), 'us-east-1': ok(configRegion()) });
      expect(statuses(findings), code).toEqual(['ERROR', 'PASS', 'ERROR']);
      expect(findings[0]!.error).toMatchObject({ operation: 'DescribeConfigurationRecorders', code });
      expect(controlStatus(findings, 'all')).toBe('ERROR');
    }
  });
});
