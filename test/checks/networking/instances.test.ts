import { describe, expect, it } from 'vitest';
import { imdsv2RequiredCheck, instanceRolesCheck } from '../../../src/checks/networking/instances.js';
import type { Instance } from '../../../src/collect/ec2.js';
import type { Got } from '../../../src/model/got.js';
import { evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, WEST, deniedIn, instance, instanceArnOf, instances, perRegion, throttledIn } from './fixtures.js';

type Per = Record<string, Instance[] | Got<Instance[]>>;
const imds = (per: Per, regions = Object.keys(per)) => evaluate(imdsv2RequiredCheck, [perRegion(instances, per)], { regions });
const roles = (per: Per, regions = Object.keys(per)) => evaluate(instanceRolesCheck, [perRegion(instances, per)], { regions });

describe('ec2-imdsv2-required', () => {
  it('PASS per instance requiring tokens, naming instance id and Name tag, with the metadata options as evidence', () => {
    const findings = imds({ [EAST]: [instance('i-0a1')] });
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: instanceArnOf('i-0a1'), region: EAST, message: 'i-0a1 (host-0a1) requires IMDSv2 (HttpTokens required)' })]);
    expect(findings[0]!.evidence[0]).toEqual({
      source: 'ec2:DescribeInstances', field: 'Instances[i-0a1].MetadataOptions',
      value: { HttpTokens: 'required', HttpEndpoint: 'enabled', State: 'applied', InstanceState: 'running' },
      expected: 'HttpTokens required (or HttpEndpoint disabled), State applied',
    });
  });

  it('FAIL for HttpTokens optional (IMDSv1 allowed), also on a stopped instance', () => {
    const findings = imds({ [EAST]: [instance('i-0b2', { state: 'stopped', name: undefined, metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', state: 'applied' } })] });
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: instanceArnOf('i-0b2'), message: 'i-0b2 allows IMDSv1: HttpTokens is optional' })]);
  });

  it('PASS when the metadata service is disabled, whatever HttpTokens says', () => {
    const findings = imds({ [EAST]: [instance('i-0c3', { metadataOptions: { httpTokens: 'optional', httpEndpoint: 'disabled', state: 'applied' } })] });
    expect(findings[0]).toMatchObject({ status: 'PASS', message: 'i-0c3 (host-0c3) has the instance metadata service disabled' });
  });

  it('FAIL while a change to required is still pending (CIS wants State applied)', () => {
    const findings = imds({ [EAST]: [instance('i-0d4', { metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', state: 'pending' } })] });
    expect(findings[0]).toMatchObject({ status: 'FAIL', message: expect.stringContaining('pending, not applied yet') });
  });

  it('terminated and shutting-down instances are not judged; a region with only those is NOT_APPLICABLE', () => {
    const gone = [instance('i-0e5', { state: 'terminated', metadataOptions: { httpTokens: 'optional' } }), instance('i-0f6', { state: 'shutting-down' })];
    expect(imds({ [EAST]: gone })).toEqual([expect.objectContaining({
      status: 'NOT_APPLICABLE', resource: ACCOUNT_ARN, region: EAST, message: 'no EC2 instances in this region (2 terminated or shutting down, not judged)',
    })]);
    expect(imds({ [EAST]: [] })[0]).toMatchObject({ status: 'NOT_APPLICABLE', message: 'no EC2 instances in this region' });
  });

  it('an instance listed without MetadataOptions is ERROR (a malformed answer), never PASS', () => {
    const findings = imds({ [EAST]: [instance('i-0a7', { metadataOptions: undefined })] });
    expect(findings[0]).toMatchObject({ status: 'ERROR', resource: instanceArnOf('i-0a7'), error: { operation: 'DescribeInstances', code: 'UnexpectedResponse' } });
  });

  it('denied or throttled DescribeInstances is ERROR in that region; the others are judged', () => {
    const findings = imds({ [EAST]: deniedIn(EAST, 'DescribeInstances'), [WEST]: throttledIn(WEST, 'DescribeInstances'), 'eu-west-1': [instance('i-0eu')] });
    expect(findings.map((f) => [f.region, f.status, f.error?.code])).toEqual([
      [EAST, 'ERROR', 'UnauthorizedOperation'], [WEST, 'ERROR', 'RequestLimitExceeded'], ['eu-west-1', 'PASS', undefined],
    ]);
    expect(findings[0]!.message).toContain('DescribeInstances');
  });
});

describe('iam-instance-roles', () => {
  it('PASS for an instance with an instance profile, FAIL for one without, per instance', () => {
    const findings = roles({ [EAST]: [instance('i-0a1'), instance('i-0b2', { instanceProfileArn: undefined, name: 'legacy-cron' })] });
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[instanceArnOf('i-0a1'), 'PASS'], [instanceArnOf('i-0b2'), 'FAIL']]);
    expect(findings[0]!.message).toBe('i-0a1 (host-0a1) runs with instance profile app');
    expect(findings[1]!.message).toBe('i-0b2 (legacy-cron) has no IAM instance profile (instance running): software on it needs other credentials');
    expect(findings[1]!.evidence[0]).toEqual({ source: 'ec2:DescribeInstances', field: 'Instances[i-0b2].IamInstanceProfile', value: null, expected: 'an instance profile' });
  });

  it('terminated instances are skipped; none left is NOT_APPLICABLE', () => {
    expect(statuses(roles({ [EAST]: [instance('i-0c3', { state: 'terminated', instanceProfileArn: undefined })] }))).toEqual(['NOT_APPLICABLE']);
  });

  it('denied or throttled DescribeInstances is ERROR, never NOT_APPLICABLE', () => {
    const findings = roles({ [EAST]: deniedIn(EAST, 'DescribeInstances'), [WEST]: throttledIn(WEST, 'DescribeInstances') });
    expect(findings.map((f) => [f.status, f.error?.code])).toEqual([['ERROR', 'UnauthorizedOperation'], ['ERROR', 'RequestLimitExceeded']]);
  });
});
