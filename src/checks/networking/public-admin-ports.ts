import { securityGroupRules, securityGroups, type SecurityGroup, type SecurityGroupRule } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import type { Check, CheckContext } from '../check.js';
import { accountResource, fail, notApplicable, pass, readErrorFinding } from '../findings.js';
import { describeRule, inRegion, isAllTraffic, isWholeInternet, ruleEvidence, securityGroupArn } from './ec2-resources.js';

const TCP = ['tcp', '6'];
const RULES_SOURCE = 'ec2:DescribeSecurityGroupRules';

/** TCP covering the port (or every port), or all traffic; UDP and other protocols do not carry SSH or RDP. */
export function coversTcpPort(rule: SecurityGroupRule, port: number): boolean {
  if (isAllTraffic(rule)) return true;
  if (!TCP.includes(rule.ipProtocol.toLowerCase())) return false;
  if (rule.fromPort === -1 || rule.toPort === -1) return true;
  return rule.fromPort <= port && port <= rule.toPort;
}

/** An ingress rule from 0.0.0.0/0 or ::/0; prefix lists and group references are not expanded, so never public here. */
export const isPublicIngress = (rule: SecurityGroupRule) =>
  !rule.isEgress && (isWholeInternet(rule.cidrIpv4) || isWholeInternet(rule.cidrIpv6));

function publicPortCheck(spec: { id: string; port: number; name: string }): Check {
  const expected = `no ingress rule from 0.0.0.0/0 or ::/0 covering TCP port ${spec.port}`;
  return {
    id: spec.id,
    description: `No security group allows ingress from 0.0.0.0/0 or ::/0 to TCP port ${spec.port} (${spec.name}), including all-traffic rules`,
    needs: [securityGroups, securityGroupRules],
    evaluate(state, ctx) {
      const out: Finding[] = [];
      const account = accountResource(ctx);
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
        const offending = ingress.filter((r) => isPublicIngress(r) && coversTcpPort(r, spec.port));
        for (const rule of offending) out.push(offendingFinding(rule, groups.get(rule.groupId), region, spec, expected, ctx));
        if (offending.length === 0) {
          const viaPrefixList = ingress.filter((r) => r.prefixListId !== undefined && coversTcpPort(r, spec.port)).map((r) => r.ruleId);
          out.push(pass(account, region, `no security group opens port ${spec.port} to the internet (${ingress.length} ingress rules in ${groups.size} groups examined)`, [
            { source: RULES_SOURCE, field: 'SecurityGroupRules[IsEgress=false]', value: { groups: groups.size, ingressRules: ingress.length, publicRulesCoveringPort: 0 }, expected },
            ...(viaPrefixList.length > 0
              ? [{ source: RULES_SOURCE, field: 'PrefixListId', value: viaPrefixList, expected: 'prefix lists are not expanded: review these rules by hand' }]
              : []),
          ]));
        }
      }
      return out;
    },
  };
}

function offendingFinding(
  rule: SecurityGroupRule, group: SecurityGroup | undefined, region: string,
  spec: { port: number; name: string }, expected: string, ctx: CheckContext,
): Finding {
  const name = group?.groupName ?? '(name not listed)';
  const vpc = group?.vpcId ?? '(no VPC listed)';
  const resource = securityGroupArn(ctx, region, rule.groupOwnerId, rule.groupId);
  return fail(resource, region, `${rule.groupId} (${name}) in ${vpc} allows ${spec.name} from the internet: ${describeRule(rule)}`, [
    { source: RULES_SOURCE, field: `SecurityGroupRules[${rule.ruleId}]`, value: { ...ruleEvidence(rule), GroupName: name, VpcId: vpc }, expected },
  ]);
}

export const noPublicSshCheck = publicPortCheck({ id: 'ec2-no-public-ssh', port: 22, name: 'SSH' });
export const noPublicRdpCheck = publicPortCheck({ id: 'ec2-no-public-rdp', port: 3389, name: 'RDP' });
