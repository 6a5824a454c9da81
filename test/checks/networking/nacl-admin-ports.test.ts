import { describe, expect, it } from 'vitest';
import type { CheckParams } from '../../../src/checks/check.js';
import { naclNoPublicAdminPortsCheck } from '../../../src/checks/networking/nacl-admin-ports.js';
import type { NetworkAcl } from '../../../src/collect/ec2.js';
import { evaluate, statuses, type StateEntry } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, WEST, acl, aclArnOf, aclEntry, deniedIn, networkAcls, perRegion, throttledIn } from './fixtures.js';
import type { Got } from '../../../src/model/got.js';

const V14: CheckParams = { adminPorts: [22, 3389], adminProtocols: 'tcp' };
const V5: CheckParams = { adminPorts: [22, 3389], adminProtocols: 'tcp-udp' };
const state = (per: Record<string, NetworkAcl[] | Got<NetworkAcl[]>>): StateEntry[] => [perRegion(networkAcls, per)];
const run = (per: Record<string, NetworkAcl[] | Got<NetworkAcl[]>>, params: CheckParams = V14, regions = Object.keys(per)) =>
  evaluate(naclNoPublicAdminPortsCheck, state(per), { regions, params });
const failedRules = (findings: ReturnType<typeof run>) =>
  findings.filter((f) => f.status === 'FAIL').map((f) => (f.evidence[0]!.value as { RuleNumber: number }).RuleNumber);

// The entries AWS puts in every default NACL: allow all from anywhere (100), the implicit deny (32767), both directions.
const defaultEntries = [
  aclEntry(100, { protocol: '-1', cidrBlock: '0.0.0.0/0', portRange: undefined }),
  aclEntry(32767, { protocol: '-1', ruleAction: 'deny', cidrBlock: '0.0.0.0/0', portRange: undefined }),
  aclEntry(100, { egress: true, protocol: '-1', cidrBlock: '0.0.0.0/0', portRange: undefined }),
];

describe('ec2-nacl-no-public-admin-ports', () => {
  it('declares the parameters it reads', () => {
    expect(naclNoPublicAdminPortsCheck.params).toEqual(['adminPorts', 'adminProtocols']);
  });

  it('PASS per region when no ingress allow entry from the internet reaches 22 or 3389', () => {
    const findings = run({ [EAST]: [acl('acl-web', [
      aclEntry(100, { cidrBlock: '0.0.0.0/0', portRange: { from: 443, to: 443 } }),
      aclEntry(110, { cidrBlock: '10.0.0.0/8', portRange: { from: 22, to: 22 } }),
      aclEntry(120, { cidrBlock: '0.0.0.0/0', portRange: { from: 32768, to: 65535 } }),
      aclEntry(100, { egress: true, protocol: '-1', cidrBlock: '0.0.0.0/0', portRange: undefined }),
    ])] });
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: ACCOUNT_ARN, region: EAST })]);
    expect(findings[0]!.evidence[0]!.value).toEqual({ networkAcls: 1, ingressEntries: 3, offendingEntries: 0 });
  });

  it("a default NACL as AWS creates it fails (rule 100 allows all traffic from 0.0.0.0/0), naming ACL, VPC, rule and ports", () => {
    const findings = run({ [EAST]: [acl('acl-default', defaultEntries, { isDefault: true, subnetIds: ['subnet-a', 'subnet-b'] })] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'FAIL', resource: aclArnOf('acl-default'), region: EAST });
    expect(findings[0]!.message).toBe('acl-default (default) in vpc-prod allows remote administration (ports 22, 3389) from the internet: rule 100 ingress allow all traffic from 0.0.0.0/0');
    expect(findings[0]!.evidence[0]).toEqual({
      source: 'ec2:DescribeNetworkAcls',
      field: 'NetworkAcls[acl-default].Entries[RuleNumber=100,Egress=false]',
      value: {
        RuleNumber: 100, Egress: false, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0',
        NetworkAclId: 'acl-default', VpcId: 'vpc-prod', IsDefault: true, SubnetIds: ['subnet-a', 'subnet-b'], PortsCovered: [22, 3389],
      },
      expected: 'no ingress ALLOW entry from 0.0.0.0/0 or ::/0 with protocol -1 or 6 (TCP) covering 22 or 3389',
    });
  });

  it('TCP by PortRange; UDP only under tcp-udp; other protocols never', () => {
    const acls = [acl('acl-1', [
      aclEntry(100, { cidrBlock: '0.0.0.0/0', portRange: { from: 3389, to: 3389 } }),
      aclEntry(110, { protocol: '17', cidrBlock: '0.0.0.0/0', portRange: { from: 0, to: 1023 } }),
      aclEntry(120, { protocol: '1', cidrBlock: '0.0.0.0/0', portRange: undefined }),
      aclEntry(130, { cidrBlock: '0.0.0.0/0', portRange: { from: 23, to: 3388 } }),
    ])];
    expect(failedRules(run({ [EAST]: acls }, V14))).toEqual([100]);
    expect(failedRules(run({ [EAST]: acls }, V5))).toEqual([100, 110]);
    expect(run({ [EAST]: acls }, V5)[1]!.message).toContain('(port 22)');
  });

  it('deny entries and egress entries never fail', () => {
    const findings = run({ [EAST]: [acl('acl-1', [
      aclEntry(90, { ruleAction: 'deny', protocol: '-1', cidrBlock: '0.0.0.0/0', portRange: undefined }),
      aclEntry(100, { egress: true, protocol: '6', cidrBlock: '0.0.0.0/0', portRange: { from: 22, to: 22 } }),
    ])] });
    expect(statuses(findings)).toEqual(['PASS']);
  });

  it('rule order is ignored as CIS does: a lower-numbered deny is reported in message and evidence, the allow still fails', () => {
    const findings = run({ [EAST]: [acl('acl-1', [
      aclEntry(50, { ruleAction: 'deny', protocol: '6', cidrBlock: '0.0.0.0/0', portRange: { from: 22, to: 22 } }),
      aclEntry(60, { ruleAction: 'deny', protocol: '6', cidrBlock: '0.0.0.0/0', portRange: { from: 443, to: 443 } }),
      aclEntry(100, { cidrBlock: '0.0.0.0/0', portRange: { from: 22, to: 22 } }),
    ])] });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toContain('lower-numbered deny rule(s) 50 come first, but CIS ignores rule order');
    expect(findings[0]!.evidence[1]).toEqual({
      source: 'ec2:DescribeNetworkAcls', field: 'RuleOrder',
      value: { lowerNumberedDenies: [{ RuleNumber: 50, Egress: false, RuleAction: 'deny', Protocol: '6', CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } }] },
      expected: expect.stringContaining('does not clear it'),
    });
  });

  it('::/0 fails too (the same exposure over IPv6), and the message says CIS names only 0.0.0.0/0', () => {
    const findings = run({ [EAST]: [acl('acl-v6', [aclEntry(101, { cidrBlock: undefined, ipv6CidrBlock: '::/0', portRange: { from: 22, to: 22 } })])] });
    expect(failedRules(findings)).toEqual([101]);
    expect(findings[0]!.message).toContain('from ::/0 (IPv6: CIS names only 0.0.0.0/0');
  });

  it('one FAIL per offending entry, several ACLs', () => {
    const findings = run({ [EAST]: [
      acl('acl-a', [aclEntry(100, { cidrBlock: '0.0.0.0/0', portRange: { from: 22, to: 22 } }), aclEntry(110, { cidrBlock: '0.0.0.0/0', portRange: { from: 3389, to: 3389 } })]),
      acl('acl-b', defaultEntries, { isDefault: true }),
    ] });
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[aclArnOf('acl-a'), 'FAIL'], [aclArnOf('acl-a'), 'FAIL'], [aclArnOf('acl-b'), 'FAIL']]);
  });

  it('NOT_APPLICABLE for a region without network ACLs', () => {
    expect(run({ [EAST]: [] })).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', region: EAST, resource: ACCOUNT_ARN })]);
  });

  it('denied or throttled DescribeNetworkAcls is ERROR in that region only; a region with no data collected is ERROR, not NOT_APPLICABLE', () => {
    const findings = run(
      { [EAST]: deniedIn(EAST, 'DescribeNetworkAcls'), [WEST]: throttledIn(WEST, 'DescribeNetworkAcls'), 'eu-west-1': [acl('acl-eu', defaultEntries)] },
      V14, [EAST, WEST, 'eu-west-1', 'ap-south-1'],
    );
    expect(findings.map((f) => [f.region, f.status, f.error?.code])).toEqual([
      [EAST, 'ERROR', 'UnauthorizedOperation'], [WEST, 'ERROR', 'RequestLimitExceeded'], ['eu-west-1', 'FAIL', undefined], ['ap-south-1', 'ERROR', 'NotCollected'],
    ]);
    expect(findings[0]!.message).toContain('DescribeNetworkAcls');
  });
});

describe('ec2-nacl-no-public-admin-ports: the usual ephemeral-port entry', () => {
  it('an allow of 1024-65535 from 0.0.0.0/0 covers 3389, so it fails (CIS compares the range, not the intent)', () => {
    const findings = run({ [EAST]: [acl('acl-eph', [aclEntry(120, { cidrBlock: '0.0.0.0/0', portRange: { from: 1024, to: 65535 } })])] });
    expect(failedRules(findings)).toEqual([120]);
    expect(findings[0]!.message).toContain('(port 3389)');
  });
});
