import { securityGroupRules, securityGroups, type SecurityGroup, type SecurityGroupRule } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import type { Check, CheckContext, CheckParams, CheckState } from '../check.js';
import { accountResource, fail, notApplicable, pass, readErrorFinding } from '../findings.js';
import { describeRule, inRegion, isAllTraffic, isWholeInternet, ruleEvidence, securityGroupArn } from './ec2-resources.js';

const TCP = ['tcp', '6'];
const UDP = ['udp', '17'];
const RULES_SOURCE = 'ec2:DescribeSecurityGroupRules';

export type InternetRanges = NonNullable<CheckParams['internetRanges']>;
export type AdminProtocols = NonNullable<CheckParams['adminProtocols']>;

/** The protocol (TCP, or TCP and UDP) covering the port (or every port), or all traffic. */
export function coversPort(rule: SecurityGroupRule, port: number, protocols: AdminProtocols): boolean {
  if (isAllTraffic(rule)) return true;
  const protocol = rule.ipProtocol.toLowerCase();
  if (!TCP.includes(protocol) && !(protocols === 'tcp-udp' && UDP.includes(protocol))) return false;
  if (rule.fromPort === -1 || rule.toPort === -1) return true;
  return rule.fromPort <= port && port <= rule.toPort;
}

/** TCP covering the port (or every port), or all traffic; UDP and other protocols do not carry SSH or RDP. */
export const coversTcpPort = (rule: SecurityGroupRule, port: number) => coversPort(rule, port, 'tcp');

/** An ingress rule from the whole internet in the given ranges; prefix lists and group references are not expanded, so never public here. */
export function isInternetIngress(rule: SecurityGroupRule, ranges: InternetRanges): boolean {
  if (rule.isEgress) return false;
  return (ranges !== 'ipv6' && isWholeInternet(rule.cidrIpv4)) || (ranges !== 'ipv4' && isWholeInternet(rule.cidrIpv6));
}

/** An ingress rule from 0.0.0.0/0 or ::/0. */
export const isPublicIngress = (rule: SecurityGroupRule) => isInternetIngress(rule, 'both');

const RANGE_TEXT: Record<InternetRanges, string> = { ipv4: '0.0.0.0/0', ipv6: '::/0', both: '0.0.0.0/0 or ::/0' };
const PROTOCOL_TEXT: Record<AdminProtocols, string> = { tcp: 'TCP', 'tcp-udp': 'TCP or UDP' };
const portsText = (ports: readonly number[]) => (ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(', ')}`);

/** What one evaluation judges: which sources, ports and protocols count, and how findings word it. */
interface Judge {
  ranges: InternetRanges;
  ports: readonly number[];
  protocols: AdminProtocols;
  /** What the open rule allows, for the FAIL message ("SSH", "CIFS (port 445)"). */
  name: string;
  expected: string;
  /** Name the ports each offending rule covers in its evidence (PortsCovered), for checks judging several. */
  listPorts: boolean;
}

const judgeOf = (spec: Omit<Judge, 'expected'> & { expected?: string }): Judge => ({
  expected: `no ingress rule from ${RANGE_TEXT[spec.ranges]} covering ${PROTOCOL_TEXT[spec.protocols]} ${portsText(spec.ports)} (all-traffic rules included)`,
  ...spec,
});

/** Per region: one FAIL per offending ingress rule, else one PASS counting what was examined. */
function evaluatePublicIngress(state: CheckState, ctx: CheckContext, judge: Judge): Finding[] {
  const out: Finding[] = [];
  const account = accountResource(ctx);
  const covered = (r: SecurityGroupRule) => judge.ports.filter((p) => coversPort(r, p, judge.protocols));
  for (const region of ctx.regions) {
    const groupGot = inRegion(state.get(securityGroups), region, securityGroups.key);
    const ruleGot = inRegion(state.get(securityGroupRules), region, securityGroupRules.key);
    if (!groupGot.ok) out.push(readErrorFinding(account, region, groupGot.error, 'the security groups'));
    if (!ruleGot.ok) out.push(readErrorFinding(account, region, ruleGot.error, 'the security group rules'));
    if (!groupGot.ok || !ruleGot.ok) continue;
    if (groupGot.value.length === 0) {
      out.push(notApplicable(account, region, 'no security groups in this region', [{ source: 'ec2:DescribeSecurityGroups', field: 'SecurityGroups', value: [] }]));
      continue;
    }
    const groups = new Map(groupGot.value.map((g) => [g.groupId, g]));
    const ingress = ruleGot.value.filter((r) => !r.isEgress);
    const offending = ingress.filter((r) => isInternetIngress(r, judge.ranges) && covered(r).length > 0);
    for (const rule of offending) out.push(offendingFinding(rule, groups.get(rule.groupId), region, judge, covered(rule), ctx));
    if (offending.length === 0) {
      const viaPrefixList = ingress.filter((r) => r.prefixListId !== undefined && covered(r).length > 0).map((r) => r.ruleId);
      out.push(pass(account, region, `no security group opens ${portsText(judge.ports)} to the internet (${ingress.length} ingress rules in ${groups.size} groups examined)`, [
        { source: RULES_SOURCE, field: 'SecurityGroupRules[IsEgress=false]', value: { groups: groups.size, ingressRules: ingress.length, publicRulesCoveringPort: 0 }, expected: judge.expected },
        ...(viaPrefixList.length > 0
          ? [{ source: RULES_SOURCE, field: 'PrefixListId', value: viaPrefixList, expected: 'prefix lists are not expanded: review these rules by hand' }]
          : []),
      ]));
    }
  }
  return out;
}

function offendingFinding(
  rule: SecurityGroupRule, group: SecurityGroup | undefined, region: string, judge: Judge, ports: number[], ctx: CheckContext,
): Finding {
  const name = group?.groupName ?? '(name not listed)';
  const vpc = group?.vpcId ?? '(no VPC listed)';
  const resource = securityGroupArn(ctx, region, rule.groupOwnerId, rule.groupId);
  const what = judge.listPorts ? `${judge.name} (${portsText(ports)})` : judge.name;
  return fail(resource, region, `${rule.groupId} (${name}) in ${vpc} allows ${what} from the internet: ${describeRule(rule)}`, [{
    source: RULES_SOURCE,
    field: `SecurityGroupRules[${rule.ruleId}]`,
    value: { ...ruleEvidence(rule), GroupName: name, VpcId: vpc, ...(judge.listPorts ? { PortsCovered: ports } : {}) },
    expected: judge.expected,
  }]);
}

function publicPortCheck(spec: { id: string; port: number; name: string }): Check {
  const judge = judgeOf({
    ranges: 'both', ports: [spec.port], protocols: 'tcp', name: spec.name, listPorts: false,
    expected: `no ingress rule from 0.0.0.0/0 or ::/0 covering TCP port ${spec.port}`,
  });
  return {
    id: spec.id,
    description: `No security group allows ingress from 0.0.0.0/0 or ::/0 to TCP port ${spec.port} (${spec.name}), including all-traffic rules`,
    needs: [securityGroups, securityGroupRules],
    evaluate: (state, ctx) => evaluatePublicIngress(state, ctx, judge),
  };
}

export const noPublicSshCheck = publicPortCheck({ id: 'ec2-no-public-ssh', port: 22, name: 'SSH' });
export const noPublicRdpCheck = publicPortCheck({ id: 'ec2-no-public-rdp', port: 3389, name: 'RDP' });

export const DEFAULT_ADMIN_PORTS: readonly number[] = [22, 3389];

/** Remote administration ports open to the internet, as the mapping defines internet, ports and protocols. */
export const noPublicAdminPortsCheck: Check = {
  id: 'ec2-no-public-admin-ports',
  description: 'No security group allows ingress from the internet (0.0.0.0/0 and/or ::/0, per benchmark) to remote administration ports (22, 3389)',
  needs: [securityGroups, securityGroupRules],
  params: ['internetRanges', 'adminPorts', 'adminProtocols'],
  evaluate(state, ctx) {
    return evaluatePublicIngress(state, ctx, judgeOf({
      ranges: ctx.params.internetRanges ?? 'both',
      ports: ctx.params.adminPorts ?? DEFAULT_ADMIN_PORTS,
      protocols: ctx.params.adminProtocols ?? 'tcp-udp',
      name: 'remote administration',
      listPorts: true,
    }));
  },
};

/** CIFS/SMB (445) open to the internet on TCP, UDP or all traffic, from 0.0.0.0/0 or ::/0 (the CIS text). */
export const cifsRestrictedCheck: Check = {
  id: 'ec2-cifs-restricted',
  description: 'No security group allows ingress from 0.0.0.0/0 or ::/0 to port 445 (CIFS/SMB) over TCP, UDP or all traffic',
  needs: [securityGroups, securityGroupRules],
  evaluate: (state, ctx) => evaluatePublicIngress(state, ctx, judgeOf({ ranges: 'both', ports: [445], protocols: 'tcp-udp', name: 'CIFS', listPorts: true })),
};
