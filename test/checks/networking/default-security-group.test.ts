import { describe, expect, it } from 'vitest';
import { defaultSecurityGroupClosedCheck } from '../../../src/checks/networking/default-security-group.js';
import { ACCOUNT, evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, WEST, defaultRules, deniedIn, ec2State, group, rule, sgArnOf, vpc, vpcArnOf, type Ec2State } from './fixtures.js';

const run = (s: Ec2State, regions = [EAST]) => evaluate(defaultSecurityGroupClosedCheck, ec2State(s), { regions });

describe('ec2-default-sg-closed (4.3)', () => {
  it('PASS for a default group with no rules; other groups with rules do not matter', () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-a')] },
      groups: { [EAST]: [group('sg-def', 'default', 'vpc-a'), group('sg-web', 'web', 'vpc-a')] },
      rules: { [EAST]: [rule('sgr-web', 'sg-web', { cidrIpv4: '0.0.0.0/0' })] },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: sgArnOf('sg-def'), region: EAST });
    expect(findings[0]!.evidence[0]).toMatchObject({ source: 'ec2:DescribeSecurityGroupRules', field: 'SecurityGroupRules[GroupId=sg-def]', value: [] });
  });

  it('FAIL for a default group left with only the default egress rule, naming the rule id', () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-a')] },
      groups: { [EAST]: [group('sg-def', 'default', 'vpc-a')] },
      rules: { [EAST]: [defaultRules('sg-def')[1]!] },
    });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toBe('default security group sg-def of vpc-a has 1 rule(s): sgr-def-out egress all traffic to 0.0.0.0/0');
  });

  it('FAIL naming every rule of an untouched default group (self-reference in, all out)', () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-a')] },
      groups: { [EAST]: [group('sg-def', 'default', 'vpc-a')] },
      rules: { [EAST]: defaultRules('sg-def') },
    });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toContain('sgr-def-in ingress all traffic from sg-def');
    expect(findings[0]!.message).toContain('sgr-def-out');
    expect((findings[0]!.evidence[0]!.value as unknown[]).length).toBe(2);
  });

  it("a rule referencing another account's group names it <account>/<sg-id>; a group of this account by its id alone", () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-a')] },
      groups: { [EAST]: [group('sg-def', 'default', 'vpc-a')] },
      rules: {
        [EAST]: [
          rule('sgr-peer', 'sg-def', { cidrIpv4: undefined, fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-0peer', referencedUserId: '999988887777', referencedVpcId: 'vpc-peer', referencedVpcPeeringConnectionId: 'pcx-1' }),
          rule('sgr-self', 'sg-def', { cidrIpv4: undefined, ipProtocol: '-1', fromPort: -1, toPort: -1, referencedGroupId: 'sg-def', referencedUserId: ACCOUNT }),
        ],
      },
    });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toBe(
      'default security group sg-def of vpc-a has 2 rule(s): sgr-peer ingress tcp port 5432 from 999988887777/sg-0peer; sgr-self ingress all traffic from sg-def',
    );
    expect(findings[0]!.evidence[0]!.value).toEqual([
      expect.objectContaining({ SecurityGroupRuleId: 'sgr-peer', ReferencedGroupId: 'sg-0peer', ReferencedUserId: '999988887777', ReferencedVpcId: 'vpc-peer', ReferencedVpcPeeringConnectionId: 'pcx-1' }),
      expect.objectContaining({ SecurityGroupRuleId: 'sgr-self', ReferencedGroupId: 'sg-def', ReferencedUserId: ACCOUNT }),
    ]);
  });

  it('judges the default group of each VPC; a group named "default" in another VPC is not confused', () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-a'), vpc('vpc-b')] },
      groups: { [EAST]: [group('sg-def-a', 'default', 'vpc-a'), group('sg-def-b', 'default', 'vpc-b')] },
      rules: { [EAST]: defaultRules('sg-def-b') },
    });
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[sgArnOf('sg-def-a'), 'PASS'], [sgArnOf('sg-def-b'), 'FAIL']]);
  });

  it('NOT_APPLICABLE for a region without VPCs', () => {
    expect(run({ vpcs: { [EAST]: [] } })).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ACCOUNT_ARN, region: EAST })]);
  });

  it('denied security group reads are ERROR, never PASS', () => {
    const findings = run({
      vpcs: { [EAST]: [vpc('vpc-a')] },
      groups: { [EAST]: [group('sg-def', 'default', 'vpc-a')] },
      rules: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroupRules') },
    });
    expect(statuses(findings)).toEqual(['ERROR']);
    expect(findings[0]!.error).toMatchObject({ operation: 'DescribeSecurityGroupRules', code: 'UnauthorizedOperation' });
  });

  it('denied DescribeVpcs is ERROR, never NOT_APPLICABLE', () => {
    const findings = run({ vpcs: { [EAST]: deniedIn(EAST, 'DescribeVpcs') }, groups: { [EAST]: [] }, rules: { [EAST]: [] } });
    expect(statuses(findings)).toEqual(['ERROR']);
    expect(findings[0]!.message).toContain('DescribeVpcs');
  });

  it('a VPC whose default group is not listed is ERROR, not PASS', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-a')] }, groups: { [EAST]: [group('sg-web', 'web', 'vpc-a')] } });
    expect(findings).toEqual([expect.objectContaining({ status: 'ERROR', resource: vpcArnOf('vpc-a') })]);
    expect(findings[0]!.error).toMatchObject({ code: 'DefaultGroupNotListed' });
  });

  it('a shared VPC whose default group belongs to its owner is ERROR telling to scan the owner', () => {
    const findings = run({ vpcs: { [EAST]: [vpc('vpc-shared', { ownerId: '999988887777' })] } });
    expect(findings[0]).toMatchObject({ status: 'ERROR', error: expect.objectContaining({ code: 'OwnedByAnotherAccount' }) });
  });

  it('one denied region is ERROR there only; the other is judged', () => {
    const findings = run(
      {
        vpcs: { [EAST]: deniedIn(EAST, 'DescribeVpcs'), [WEST]: [vpc('vpc-w')] },
        groups: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroups'), [WEST]: [group('sg-w', 'default', 'vpc-w')] },
        rules: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroupRules'), [WEST]: [] },
      },
      [EAST, WEST],
    );
    expect(findings.map((f) => [f.region, f.status])).toEqual([[EAST, 'ERROR'], [EAST, 'ERROR'], [EAST, 'ERROR'], [WEST, 'PASS']]);
  });
});
