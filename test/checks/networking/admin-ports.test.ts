import { describe, expect, it } from 'vitest';
import type { CheckParams } from '../../../src/checks/check.js';
import { cifsRestrictedCheck, noPublicAdminPortsCheck } from '../../../src/checks/networking/public-admin-ports.js';
import type { SecurityGroupRule } from '../../../src/collect/ec2.js';
import { evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, WEST, deniedIn, ec2State, group, rule, sgArnOf, throttledIn, type Ec2State } from './fixtures.js';

const BASTION = group('sg-bastion', 'bastion', 'vpc-prod');
const FILES = group('sg-files', 'file-server', 'vpc-corp');

const withRules = (...rules: SecurityGroupRule[]): Ec2State => ({ groups: { [EAST]: [BASTION, FILES] }, rules: { [EAST]: rules } });
// The parameters the mappings pass: v1.4/v3 IPv4 TCP, v3 IPv6 TCP, v5+ TCP/UDP.
const V14: CheckParams = { internetRanges: 'ipv4', adminPorts: [22, 3389], adminProtocols: 'tcp' };
const V3_IPV6: CheckParams = { internetRanges: 'ipv6', adminPorts: [22, 3389], adminProtocols: 'tcp' };
const V5: CheckParams = { internetRanges: 'ipv4', adminPorts: [22, 3389], adminProtocols: 'tcp-udp' };
const admin = (s: Ec2State, params: CheckParams, regions = [EAST]) => evaluate(noPublicAdminPortsCheck, ec2State(s), { regions, params });
const cifs = (s: Ec2State, regions = [EAST]) => evaluate(cifsRestrictedCheck, ec2State(s), { regions });
const failedRules = (findings: ReturnType<typeof admin>) =>
  findings.filter((f) => f.status === 'FAIL').map((f) => (f.evidence[0]!.value as { SecurityGroupRuleId: string }).SecurityGroupRuleId);

const ALL = { ipProtocol: '-1', fromPort: -1, toPort: -1 };

describe('ec2-no-public-admin-ports', () => {
  it('declares the parameters it reads', () => {
    expect(noPublicAdminPortsCheck.params).toEqual(['internetRanges', 'adminPorts', 'adminProtocols']);
  });

  it('one PASS per region when nothing is open, counting groups and ingress rules', () => {
    const findings = admin(withRules(rule('sgr-https', 'sg-files', { cidrIpv4: '0.0.0.0/0' }), rule('sgr-int', 'sg-bastion', { fromPort: 22, toPort: 22 })), V14);
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: ACCOUNT_ARN, region: EAST })]);
    expect(findings[0]!.message).toBe('no security group opens ports 22, 3389 to the internet (2 ingress rules in 2 groups examined)');
    expect(findings[0]!.evidence[0]).toMatchObject({ value: { groups: 2, ingressRules: 2, publicRulesCoveringPort: 0 }, expected: expect.stringContaining('0.0.0.0/0 covering TCP ports 22, 3389') });
  });

  it('FAIL names group, VPC, rule id, range and the admin ports a wide rule covers', () => {
    const findings = admin(withRules(rule('sgr-wide', 'sg-bastion', { fromPort: 0, toPort: 65535, cidrIpv4: '0.0.0.0/0' })), V14);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'FAIL', resource: sgArnOf('sg-bastion'), region: EAST });
    expect(findings[0]!.message).toBe('sg-bastion (bastion) in vpc-prod allows remote administration (ports 22, 3389) from the internet: sgr-wide ingress tcp ports 0-65535 from 0.0.0.0/0');
    expect(findings[0]!.evidence[0]).toEqual({
      source: 'ec2:DescribeSecurityGroupRules', field: 'SecurityGroupRules[sgr-wide]',
      value: {
        SecurityGroupRuleId: 'sgr-wide', GroupId: 'sg-bastion', GroupName: 'bastion', VpcId: 'vpc-prod', IsEgress: false,
        IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, CidrIpv4: '0.0.0.0/0', PortsCovered: [22, 3389],
      },
      expected: 'no ingress rule from 0.0.0.0/0 covering TCP ports 22, 3389 (all-traffic rules included)',
    });
  });

  it('internetRanges: ipv4 judges only 0.0.0.0/0, ipv6 only ::/0, both either', () => {
    const state = withRules(
      rule('sgr-v4', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }),
      rule('sgr-v6', 'sg-bastion', { fromPort: 3389, toPort: 3389, cidrIpv4: undefined, cidrIpv6: '::/0' }),
    );
    expect(failedRules(admin(state, V14))).toEqual(['sgr-v4']);
    expect(failedRules(admin(state, V3_IPV6))).toEqual(['sgr-v6']);
    expect(failedRules(admin(state, { ...V14, internetRanges: 'both' }))).toEqual(['sgr-v4', 'sgr-v6']);
    expect(admin(state, V3_IPV6)[0]!.message).toContain('(port 3389)');
  });

  it('adminProtocols: UDP counts only under tcp-udp (v4.0+ wording); all-traffic counts under both', () => {
    const state = withRules(
      rule('sgr-udp', 'sg-bastion', { ipProtocol: 'udp', fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0' }),
      rule('sgr-17', 'sg-bastion', { ipProtocol: '17', fromPort: 20, toPort: 25, cidrIpv4: '0.0.0.0/0' }),
      rule('sgr-all', 'sg-files', { ...ALL, cidrIpv4: '0.0.0.0/0' }),
      rule('sgr-icmp', 'sg-files', { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }),
    );
    expect(failedRules(admin(state, V14))).toEqual(['sgr-all']);
    expect(failedRules(admin(state, V5))).toEqual(['sgr-udp', 'sgr-17', 'sgr-all']);
  });

  it('adminPorts: only the ports the mapping names count', () => {
    const state = withRules(rule('sgr-winrm', 'sg-bastion', { fromPort: 5985, toPort: 5986, cidrIpv4: '0.0.0.0/0' }));
    expect(statuses(admin(state, V14))).toEqual(['PASS']);
    expect(failedRules(admin(state, { ...V14, adminPorts: [22, 3389, 5985] }))).toEqual(['sgr-winrm']);
  });

  it('egress, private CIDRs, prefix lists and group references never fail', () => {
    const findings = admin(withRules(
      rule('sgr-out', 'sg-bastion', { ...ALL, isEgress: true, cidrIpv4: '0.0.0.0/0' }),
      rule('sgr-corp', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/8' }),
      rule('sgr-pl', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: undefined, prefixListId: 'pl-1' }),
      rule('sgr-ref', 'sg-bastion', { fromPort: 22, toPort: 22, cidrIpv4: undefined, referencedGroupId: 'sg-files' }),
    ), { ...V5, internetRanges: 'both' });
    expect(statuses(findings)).toEqual(['PASS']);
    expect(findings[0]!.evidence[1]).toMatchObject({ field: 'PrefixListId', value: ['sgr-pl'] });
  });

  it('defaults (no mapping parameters): both ranges, 22 and 3389, TCP and UDP', () => {
    const state = withRules(rule('sgr-udp6', 'sg-bastion', { ipProtocol: 'udp', fromPort: 22, toPort: 22, cidrIpv4: undefined, cidrIpv6: '::/0' }));
    expect(failedRules(admin(state, {}))).toEqual(['sgr-udp6']);
  });

  it('NOT_APPLICABLE for a region without security groups', () => {
    expect(admin({ groups: { [EAST]: [] }, rules: { [EAST]: [] } }, V14)).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', region: EAST, resource: ACCOUNT_ARN, message: 'no security groups in this region' }),
    ]);
  });

  it('denied in one region and throttled in another: ERROR naming the call there, never PASS; a third region still judged', () => {
    const findings = admin({
      groups: { [EAST]: [BASTION], [WEST]: throttledIn(WEST, 'DescribeSecurityGroups'), 'eu-west-1': [FILES] },
      rules: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroupRules'), [WEST]: [], 'eu-west-1': [rule('sgr-eu', 'sg-files', { ...ALL, cidrIpv4: '0.0.0.0/0' })] },
    }, V14, [EAST, WEST, 'eu-west-1']);
    expect(findings.map((f) => [f.region, f.status, f.error?.code])).toEqual([
      [EAST, 'ERROR', 'UnauthorizedOperation'], [WEST, 'ERROR', 'RequestLimitExceeded'], ['eu-west-1', 'FAIL', undefined],
    ]);
    expect(findings[0]!.message).toContain('DescribeSecurityGroupRules');
    expect(findings[1]!.message).toContain('DescribeSecurityGroups');
  });
});

describe('ec2-cifs-restricted', () => {
  it('PASS when no internet rule reaches 445', () => {
    const findings = cifs(withRules(rule('sgr-smb-corp', 'sg-files', { fromPort: 445, toPort: 445, cidrIpv4: '10.0.0.0/8' }), rule('sgr-https', 'sg-files', { cidrIpv6: '::/0', cidrIpv4: undefined })));
    expect(statuses(findings)).toEqual(['PASS']);
    expect(findings[0]!.message).toContain('port 445');
  });

  it('FAIL for TCP 445 from 0.0.0.0/0, UDP 445 from ::/0 and all traffic; 139 alone does not count', () => {
    const findings = cifs(withRules(
      rule('sgr-smb', 'sg-files', { fromPort: 445, toPort: 445, cidrIpv4: '0.0.0.0/0' }),
      rule('sgr-smb-udp6', 'sg-files', { ipProtocol: 'udp', fromPort: 445, toPort: 445, cidrIpv4: undefined, cidrIpv6: '::/0' }),
      rule('sgr-all', 'sg-bastion', { ...ALL, cidrIpv4: '0.0.0.0/0' }),
      rule('sgr-netbios', 'sg-files', { fromPort: 139, toPort: 139, cidrIpv4: '0.0.0.0/0' }),
    ));
    expect(failedRules(findings)).toEqual(['sgr-smb', 'sgr-smb-udp6', 'sgr-all']);
    expect(findings[0]).toMatchObject({ resource: sgArnOf('sg-files'), message: 'sg-files (file-server) in vpc-corp allows CIFS (port 445) from the internet: sgr-smb ingress tcp port 445 from 0.0.0.0/0' });
    expect(findings[0]!.evidence[0]!.expected).toBe('no ingress rule from 0.0.0.0/0 or ::/0 covering TCP or UDP port 445 (all-traffic rules included)');
  });

  it('NOT_APPLICABLE without groups; ERROR when denied or throttled', () => {
    expect(statuses(cifs({ groups: { [EAST]: [] }, rules: { [EAST]: [] } }))).toEqual(['NOT_APPLICABLE']);
    const denied = cifs({ groups: { [EAST]: deniedIn(EAST, 'DescribeSecurityGroups') }, rules: { [EAST]: throttledIn(EAST, 'DescribeSecurityGroupRules') } });
    expect(denied.map((f) => [f.status, f.error?.operation, f.error?.code])).toEqual([
      ['ERROR', 'DescribeSecurityGroups', 'UnauthorizedOperation'], ['ERROR', 'DescribeSecurityGroupRules', 'RequestLimitExceeded'],
    ]);
  });
});
