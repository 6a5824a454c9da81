import { describe, expect, it } from 'vitest';
import { vpcFlowLogsCheck } from '../../../src/checks/networking/vpc-flow-logs.js';
import { ACCOUNT, evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, WEST, deniedIn, ec2State, flowLog, vpc, vpcArnOf } from './fixtures.js';

const run = (state: Parameters<typeof ec2State>[0], regions = [EAST]) => evaluate(vpcFlowLogsCheck, ec2State(state), { regions });

describe('vpc-flow-logs (2.9)', () => {
  it('PASS for a VPC with an ACTIVE REJECT flow log, naming it', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-prod')] }, flowLogs: { [EAST]: [flowLog('fl-prod', 'vpc-prod')] } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: vpcArnOf('vpc-prod'), region: EAST });
    expect(findings[0]!.message).toContain('fl-prod');
    expect(findings[0]!.evidence[0]).toMatchObject({
      source: 'ec2:DescribeFlowLogs',
      field: 'FlowLogs[ResourceId=vpc-prod]',
      value: [expect.objectContaining({ FlowLogId: 'fl-prod', TrafficType: 'REJECT', FlowLogStatus: 'ACTIVE' })],
    });
  });

  it('PASS for an ALL flow log', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-a')] }, flowLogs: { [EAST]: [flowLog('fl-a', 'vpc-a', { trafficType: 'ALL' })] } });
    expect(statuses(findings)).toEqual(['PASS']);
  });

  it('FAIL for a VPC with no flow log; a subnet or another VPC flow log does not count', () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-bare')] },
      flowLogs: { [EAST]: [flowLog('fl-subnet', 'subnet-1'), flowLog('fl-other', 'vpc-other')] },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'FAIL', resource: vpcArnOf('vpc-bare'), message: 'vpc-bare has no flow log' });
    expect(findings[0]!.evidence[0]!.value).toEqual([]);
  });

  it('FAIL for an ACCEPT-only flow log, saying so', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-stg')] }, flowLogs: { [EAST]: [flowLog('fl-acc', 'vpc-stg', { trafficType: 'ACCEPT' })] } });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toContain('fl-acc captures ACCEPT traffic only');
  });

  it('FAIL for a flow log that is not ACTIVE', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-a')] }, flowLogs: { [EAST]: [flowLog('fl-x', 'vpc-a', { flowLogStatus: 'INACTIVE', trafficType: 'ALL' })] } });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toContain('fl-x is INACTIVE, not ACTIVE');
  });

  it('FAIL for a flow log whose delivery fails, naming the error', () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-a')] },
      flowLogs: { [EAST]: [flowLog('fl-x', 'vpc-a', { deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error' })] },
    });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toContain('fl-x fails to deliver (Access error)');
  });

  it('one good flow log among bad ones is enough', () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-a')] },
      flowLogs: { [EAST]: [flowLog('fl-acc', 'vpc-a', { trafficType: 'ACCEPT' }), flowLog('fl-rej', 'vpc-a')] },
    });
    expect(statuses(findings)).toEqual(['PASS']);
    expect(findings[0]!.message).toContain('fl-rej');
    expect(findings[0]!.message).not.toContain('fl-acc');
  });

  it('judges each VPC on its own', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-a'), vpc('vpc-b')] }, flowLogs: { [EAST]: [flowLog('fl-a', 'vpc-a')] } });
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[vpcArnOf('vpc-a'), 'PASS'], [vpcArnOf('vpc-b'), 'FAIL']]);
  });

  it('NOT_APPLICABLE for a region with no VPCs', () => {
    const findings = run({ vpcs: { [EAST]: [] }, flowLogs: { [EAST]: [] } });
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ACCOUNT_ARN, region: EAST })]);
  });

  it('denied DescribeVpcs is ERROR naming the call, never PASS or NOT_APPLICABLE', () => {
    const findings = run({ vpcs: { [EAST]: deniedIn(EAST, 'DescribeVpcs') }, flowLogs: { [EAST]: [flowLog('fl-a', 'vpc-a')] } });
    expect(statuses(findings)).toEqual(['ERROR']);
    expect(findings[0]!.message).toContain('DescribeVpcs');
    expect(findings[0]!.message).toContain('UnauthorizedOperation');
    expect(findings[0]!.error).toMatchObject({ service: 'ec2', operation: 'DescribeVpcs', region: EAST });
  });

  it('denied DescribeFlowLogs is ERROR, not FAIL for every VPC', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-a')] }, flowLogs: { [EAST]: deniedIn(EAST, 'DescribeFlowLogs', 'AccessDenied') } });
    expect(statuses(findings)).toEqual(['ERROR']);
    expect(findings[0]!.error).toMatchObject({ operation: 'DescribeFlowLogs', code: 'AccessDenied' });
  });

  it('one denied region is ERROR there only; the other region is judged', () => {
    const findings = run(
      {
        vpcs: { [EAST]: deniedIn(EAST, 'DescribeVpcs'), [WEST]: [vpc('vpc-w')] },
        flowLogs: { [EAST]: deniedIn(EAST, 'DescribeFlowLogs'), [WEST]: [flowLog('fl-w', 'vpc-w')] },
      },
      [EAST, WEST],
    );
    expect(findings.map((f) => [f.region, f.status])).toEqual([[EAST, 'ERROR'], [EAST, 'ERROR'], [WEST, 'PASS']]);
    expect(findings[2]!.resource).toBe(vpcArnOf('vpc-w', WEST));
  });

  it('a region the datum has no entry for is ERROR, not NOT_APPLICABLE', () => {
    const findings = run({ vpcs: { [EAST]: [] }, flowLogs: { [EAST]: [] } }, [EAST, WEST]);
    expect(findings.map((f) => [f.region, f.status])).toEqual([[EAST, 'NOT_APPLICABLE'], [WEST, 'ERROR'], [WEST, 'ERROR']]);
  });

  it('a VPC shared from another account is ERROR telling to scan the owner', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-shared', { ownerId: '999988887777' })] }, flowLogs: { [EAST]: [] } });
    expect(findings).toEqual([expect.objectContaining({ status: 'ERROR', resource: vpcArnOf('vpc-shared', EAST, '999988887777') })]);
    expect(findings[0]!.message).toContain('scan that account');
    expect(findings[0]!.error).toMatchObject({ code: 'OwnedByAnotherAccount' });
  });

  it('names the VPC with the partition and account of the context', () => {
    const findings = evaluate(vpcFlowLogsCheck, ec2State({ vpcs: { 'cn-north-1': [vpc('vpc-cn')] } }), { regions: ['cn-north-1'], partition: 'aws-cn' });
    expect(findings[0]!.resource).toBe(`arn:aws-cn:ec2:cn-north-1:${ACCOUNT}:vpc/vpc-cn`);
  });
});
