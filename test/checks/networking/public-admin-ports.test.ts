import { describe, expect, it } from 'vitest';
import { noPublicRdpCheck, noPublicSshCheck } from '../../../src/checks/networking/public-admin-ports.js';
import type { SecurityGroupRule } from '../../../src/collect/ec2.js';
import { evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, WEST, deniedIn, ec2State, group, rule, sgArnOf, type Ec2State } from './fixtures.js';

const BASTION = group('sg-bastion', 'bastion', 'vpc-prod');
const WEB = group('sg-web', 'web', 'vpc-prod');

const withRules = (...rules: SecurityGroupRule[]): Ec2State => ({ groups: { [EAST]: [BASTION, WEB] }, rules: { [EAST]: rules } });
const ssh = (s: Ec2State, regions = [EAST]) => evaluate(noPublicSshCheck, ec2State(s), { regions });
const rdp = (s: Ec2State, regions = [EAST]) => evaluate(noPublicRdpCheck, ec2State(s), { regions });
const failedRules = (findings: ReturnType<typeof ssh>) =>
  findings.filter((f) => f.status === 'FAIL').map((f) => (f.evidence[0]!.value as { SecurityGroupRuleId: string }).SecurityGroupRuleId);

describe('ec2-no-public-ssh / ec2-no-public-rdp (4.1, 4.2)', () => {
  it('one PASS per region when nothing is open, counting what was examined', () => {
    const state = withRules(rule('sgr-https', 'sg-web', { cidrIpv4: '0.0.0.0/0' }), rule('sgr-ssh-int', 'sg-bastion', { fromPort: 22, toPort: 22 }));
    for (const findings of [ssh(state), rdp(state)]) {
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ status: 'PASS', resource: ACCOUNT_ARN, region: EAST });
      expect(findings[0]!.evidence[0]!.value).toEqual({ groups: 2, ingressRules: 2, publicRulesCoveringPort: 0 });
    }
  });

  it('FAIL for tcp 22 from 0.0.0.0/0, naming group, name, VPC, rule, protocol, range and CIDR', () => {
    const findings = ssh(withRules(rule('sgr-ssh', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' })));
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ status: 'FAIL', resource: sgArnOf('sg-bastion'), region: EAST });
    expect(f!.message).toBe('sg-bastion (bastion) in vpc-prod allows SSH from the internet: sgr-ssh ingress tcp port 22 from 0.0.0.0/0');
    expect(f!.evidence).toEqual([{
      source: 'ec2:DescribeSecurityGroupRules',
      field: 'SecurityGroupRules[sgr-ssh]',
      value: {
        SecurityGroupRuleId: 'sgr-ssh', GroupId: 'sg-bastion', GroupName: 'bastion', VpcId: 'vpc-prod', IsEgress: false,
        IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0',
      },
      expected: 'no ingress rule from 0.0.0.0/0 or ::/0 covering TCP port 22',
    }]);
  });

  it('protocol -1 from ::/0 fails both 4.1 and 4.2', () => {
    const state = withRules(rule('sgr-all6', 'sg-web', { ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: undefined, cidrIpv6: '::/0' }));
    expect(failedRules(ssh(state))).toEqual(['sgr-all6']);
    expect(failedRules(rdp(state))).toEqual(['sgr-all6']);
    expect(ssh(state)[0]!.message).toContain('all traffic from ::/0');
  });

  it('a 0-1024 range fails 4.1 but not 4.2', () => {
    const state = withRules(rule('sgr-low', 'sg-web', { fromPort: 0, toPort: 1024, cidrIpv4: '0.0.0.0/0' }));
    expect(failedRules(ssh(state))).toEqual(['sgr-low']);
    expect(statuses(rdp(state))).toEqual(['PASS']);
  });

  it('a 3389-only rule fails 4.2 but not 4.1', () => {
    const state = withRules(rule('sgr-rdp', 'sg-web', { fromPort: 3389, toPort: 3389, cidrIpv6: '::/0', cidrIpv4: undefined }));
    expect(statuses(ssh(state))).toEqual(['PASS']);
    expect(failedRules(rdp(state))).toEqual(['sgr-rdp']);
  });

  it('one group with 10.0.0.0/8 and 0.0.0.0/0 on 22: only the public rule fails', () => {
    const state = withRules(
      rule('sgr-private', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/8' }),
      rule('sgr-public', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }),
    );
    const findings = ssh(state);
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(failedRules(findings)).toEqual(['sgr-public']);
  });

  it('egress rules are ignored', () => {
    const state = withRules(rule('sgr-out', 'sg-web', { isEgress: true, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }));
    expect(statuses(ssh(state))).toEqual(['PASS']);
    expect(statuses(rdp(state))).toEqual(['PASS']);
  });

  it('udp 22 / 3389 from the internet does not count', () => {
    const state = withRules(rule('sgr-udp', 'sg-web', { ipProtocol: 'udp', fromPort: 0, toPort: 65535, cidrIpv4: '0.0.0.0/0' }));
    expect(statuses(ssh(state))).toEqual(['PASS']);
    expect(statuses(rdp(state))).toEqual(['PASS']);
  });

  it('protocol given as number 6 counts as tcp', () => {
    const state = withRules(rule('sgr-six', 'sg-web', { ipProtocol: '6', fromPort: 20, toPort: 23, cidrIpv4: '0.0.0.0/0' }));
    expect(failedRules(ssh(state))).toEqual(['sgr-six']);
  });

  it('prefix lists and referenced groups are not judged public; prefix-list rules on the port are listed for review', () => {
    const state = withRules(
      rule('sgr-pl', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: undefined, prefixListId: 'pl-0123' }),
      rule('sgr-ref', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: undefined, referencedGroupId: 'sg-web' }),
    );
    const findings = ssh(state);
    expect(statuses(findings)).toEqual(['PASS']);
    expect(findings[0]!.evidence[1]).toMatchObject({ field: 'PrefixListId', value: ['sgr-pl'] });
  });

  it('one FAIL per offending rule', () => {
    const findings = ssh(withRules(
      rule('sgr-a', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }),
      rule('sgr-b', 'sg-web', { ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }),
    ));
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[sgArnOf('sg-bastion'), 'FAIL'], [sgArnOf('sg-web'), 'FAIL']]);
  });

  it('NOT_APPLICABLE for a region without security groups', () => {
    expect(ssh({ groups: { [EAST]: [] }, rules: { [EAST]: [] } })).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', region: EAST, resource: ACCOUNT_ARN }),
    ]);
  });

  it('denied DescribeSecurityGroupRules is ERROR naming the call, never PASS', () => {
    const findings = ssh({ groups: { [EAST]: [BASTION] }, rules: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroupRules') } });
    expect(statuses(findings)).toEqual(['ERROR']);
    expect(findings[0]!.message).toContain('DescribeSecurityGroupRules');
    expect(findings[0]!.error).toMatchObject({ operation: 'DescribeSecurityGroupRules', code: 'UnauthorizedOperation' });
  });

  it('denied DescribeSecurityGroups is ERROR, never NOT_APPLICABLE', () => {
    const findings = rdp({ groups: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroups') }, rules: { [EAST]: [] } });
    expect(statuses(findings)).toEqual(['ERROR']);
    expect(findings[0]!.error).toMatchObject({ operation: 'DescribeSecurityGroups' });
  });

  it('one denied region is ERROR there; the other keeps its FAIL', () => {
    const findings = ssh(
      {
        groups: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroups'), [WEST]: [BASTION] },
        rules: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroupRules'), [WEST]: [rule('sgr-w', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' })] },
      },
      [EAST, WEST],
    );
    expect(findings.map((f) => [f.region, f.status])).toEqual([[EAST, 'ERROR'], [EAST, 'ERROR'], [WEST, 'FAIL']]);
    expect(findings[2]!.resource).toBe(sgArnOf('sg-bastion', WEST));
  });
});
