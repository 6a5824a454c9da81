import type { Regional } from '../../collect/datum.js';
import type { SecurityGroupRule } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import { failed, type Got, type ReadError } from '../../model/got.js';
import type { CheckContext } from '../check.js';
import { manual, readErrorFinding } from '../findings.js';

// What the networking checks share: ARNs, one region's slice of a regional datum, rule wording.

export const vpcArn = (ctx: Pick<CheckContext, 'partition'>, region: string, owner: string, vpcId: string) =>
  `arn:${ctx.partition}:ec2:${region}:${owner}:vpc/${vpcId}`;

export const securityGroupArn = (ctx: Pick<CheckContext, 'partition'>, region: string, owner: string, groupId: string) =>
  `arn:${ctx.partition}:ec2:${region}:${owner}:security-group/${groupId}`;

/** One region's result; a region the datum has no entry for is unreadable, never empty. */
export function inRegion<T>(got: Got<Regional<T>>, region: string, key: string): Got<T> {
  if (!got.ok) return got;
  return got.value[region] ?? failed({
    service: 'cis-audit', operation: `collect ${key}`, region, code: 'NotCollected', message: 'no data was collected for this region',
  });
}

/** A resource shared into this account (RAM): what the control needs belongs to its owner, so only a scan of that account can decide. */
export function ownedElsewhere(resource: string, region: string, owner: string, operation: string, what: string): Finding {
  const message = `${what} belongs to account ${owner}: scan that account`;
  return {
    status: 'ERROR',
    resource,
    region,
    message,
    evidence: [{ source: `ec2:${operation}`, field: 'OwnerId', value: owner, expected: 'the scanned account' }],
    error: { service: 'ec2', operation, region, code: 'OwnedByAnotherAccount', message },
  };
}

export const isAllTraffic = (rule: SecurityGroupRule) => rule.ipProtocol === '-1' || rule.ipProtocol.toLowerCase() === 'all';

/** Any CIDR with prefix length 0 is the whole address space (0.0.0.0/0, ::/0). */
export const isWholeInternet = (cidr: string | undefined) => cidr !== undefined && /\/0+$/.test(cidr.trim());

export function rulePeer(rule: SecurityGroupRule): string {
  return rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? (rule.referencedGroupId !== undefined ? referencedGroup(rule) : 'nothing');
}

/** A group of another account (peered or shared VPC) as the console names it: "<account>/<sg-id>"; a group of the rule's own account by its id. */
export function referencedGroup(rule: SecurityGroupRule): string {
  return rule.referencedUserId !== undefined && rule.referencedUserId !== rule.groupOwnerId
    ? `${rule.referencedUserId}/${rule.referencedGroupId}`
    : `${rule.referencedGroupId}`;
}

export function rulePorts(rule: SecurityGroupRule): string {
  if (isAllTraffic(rule)) return 'all traffic';
  const ports = rule.fromPort === -1 || rule.toPort === -1 ? 'all ports' : rule.fromPort === rule.toPort ? `port ${rule.fromPort}` : `ports ${rule.fromPort}-${rule.toPort}`;
  return `${rule.ipProtocol} ${ports}`;
}

/** "sgr-0abc ingress tcp port 22 from 0.0.0.0/0" */
export function describeRule(rule: SecurityGroupRule): string {
  return `${rule.ruleId} ${rule.isEgress ? 'egress' : 'ingress'} ${rulePorts(rule)} ${rule.isEgress ? 'to' : 'from'} ${rulePeer(rule)}`;
}

/** The rule as DescribeSecurityGroupRules shows it, for evidence. */
export function ruleEvidence(rule: SecurityGroupRule): Record<string, unknown> {
  return {
    SecurityGroupRuleId: rule.ruleId,
    GroupId: rule.groupId,
    IsEgress: rule.isEgress,
    IpProtocol: rule.ipProtocol,
    FromPort: rule.fromPort,
    ToPort: rule.toPort,
    ...(rule.cidrIpv4 !== undefined ? { CidrIpv4: rule.cidrIpv4 } : {}),
    ...(rule.cidrIpv6 !== undefined ? { CidrIpv6: rule.cidrIpv6 } : {}),
    ...(rule.prefixListId !== undefined ? { PrefixListId: rule.prefixListId } : {}),
    ...(rule.referencedGroupId !== undefined ? { ReferencedGroupId: rule.referencedGroupId } : {}),
    ...(rule.referencedUserId !== undefined ? { ReferencedUserId: rule.referencedUserId } : {}),
    ...(rule.referencedVpcId !== undefined ? { ReferencedVpcId: rule.referencedVpcId } : {}),
    ...(rule.referencedVpcPeeringConnectionId !== undefined ? { ReferencedVpcPeeringConnectionId: rule.referencedVpcPeeringConnectionId } : {}),
  };
}

/** The ARN of an EC2 resource of another type ("network-acl", "instance", "vpc-peering-connection"). */
export const ec2Arn = (ctx: Pick<CheckContext, 'partition'>, region: string, owner: string, type: string, id: string) =>
  `arn:${ctx.partition}:ec2:${region}:${owner}:${type}/${id}`;

/** A manual item whose evidence could not be read: still MANUAL (it must not make the scan incomplete), the read error as evidence. */
export function manualReadError(resource: string, region: string, error: ReadError, what: string): Finding {
  const unread = readErrorFinding(resource, region, error, what);
  return manual(resource, region, `${unread.message}; review by hand`, unread.evidence);
}
