import { securityGroupRules, securityGroups, vpcs } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, notApplicable, pass, readErrorFinding } from '../findings.js';
import { describeRule, inRegion, ownedElsewhere, ruleEvidence, securityGroupArn, vpcArn } from './ec2-resources.js';

const EXPECTED = 'no ingress and no egress rules';

/** Each VPC's default security group has no rules at all, so nothing launched into it by accident can talk. */
export const defaultSecurityGroupClosedCheck: Check = {
  id: 'ec2-default-sg-closed',
  description: "Every VPC's default security group has no ingress and no egress rules",
  needs: [vpcs, securityGroups, securityGroupRules],
  evaluate(state, ctx) {
    const out: Finding[] = [];
    const account = accountResource(ctx);
    for (const region of ctx.regions) {
      const vpcGot = inRegion(state.get(vpcs), region, vpcs.key);
      const groupGot = inRegion(state.get(securityGroups), region, securityGroups.key);
      const ruleGot = inRegion(state.get(securityGroupRules), region, securityGroupRules.key);
      if (!vpcGot.ok) out.push(readErrorFinding(account, region, vpcGot.error, 'the VPCs'));
      if (!groupGot.ok) out.push(readErrorFinding(account, region, groupGot.error, 'the security groups'));
      if (!ruleGot.ok) out.push(readErrorFinding(account, region, ruleGot.error, 'the security group rules'));
      if (!vpcGot.ok || !groupGot.ok || !ruleGot.ok) continue;
      if (vpcGot.value.length === 0) {
        out.push(notApplicable(account, region, 'no VPCs in this region', [{ source: 'ec2:DescribeVpcs', field: 'Vpcs', value: [] }]));
        continue;
      }
      // Indexed once per region: a large account has thousands of groups and tens of thousands of rules.
      const defaults = new Map(groupGot.value.filter((g) => g.groupName === 'default').map((g) => [g.vpcId, g]));
      const rulesByGroup = groupBy(ruleGot.value, (r) => r.groupId);
      for (const vpc of vpcGot.value) {
        const group = defaults.get(vpc.vpcId);
        if (!group) {
          const resource = vpcArn(ctx, region, vpc.ownerId, vpc.vpcId);
          if (vpc.ownerId !== ctx.account) {
            out.push(ownedElsewhere(resource, region, vpc.ownerId, 'DescribeSecurityGroups', `the default security group of shared VPC ${vpc.vpcId}`));
          } else {
            const message = `DescribeSecurityGroups listed no default security group for ${vpc.vpcId}`;
            out.push({
              status: 'ERROR', resource, region, message,
              evidence: [{ source: 'ec2:DescribeSecurityGroups', field: `SecurityGroups[VpcId=${vpc.vpcId},GroupName=default]`, value: null, expected: 'the VPC default group' }],
              error: { service: 'ec2', operation: 'DescribeSecurityGroups', region, code: 'DefaultGroupNotListed', message },
            });
          }
          continue;
        }
        const resource = securityGroupArn(ctx, region, group.ownerId, group.groupId);
        const rules = rulesByGroup.get(group.groupId) ?? [];
        const evidence = [{
          source: 'ec2:DescribeSecurityGroupRules',
          field: `SecurityGroupRules[GroupId=${group.groupId}]`,
          value: rules.map(ruleEvidence),
          expected: EXPECTED,
        }];
        out.push(rules.length === 0
          ? pass(resource, region, `default security group ${group.groupId} of ${vpc.vpcId} has no rules`, evidence)
          : fail(resource, region, `default security group ${group.groupId} of ${vpc.vpcId} has ${rules.length} rule(s): ${rules.map(describeRule).join('; ')}`, evidence));
      }
    }
    return out;
  },
};

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
