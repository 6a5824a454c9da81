import { AwsCallError } from '../aws/errors.js';
import { defineRegionalDatum } from './datum.js';
import { NEXT_TOKEN_PAGES, paginate } from './paginate.js';

// EC2 networking state per scanned region: VPCs, flow logs, security groups and their rules.
// Each is one paginated Describe call per region (the largest page EC2 allows, to keep calls few).

const MAX_RESULTS = 1000;

export interface Vpc {
  vpcId: string;
  ownerId: string;
  isDefault: boolean;
  cidrBlock?: string;
}

export interface FlowLog {
  flowLogId: string;
  /** The VPC, subnet or network interface the flow log is attached to. */
  resourceId: string;
  /** ACTIVE is the only status AWS reports for a flow log that exists. */
  flowLogStatus?: string;
  /** ACCEPT, REJECT or ALL. */
  trafficType?: string;
  /** SUCCESS or FAILED: whether records reach the destination. */
  deliverLogsStatus?: string;
  deliverLogsErrorMessage?: string;
  logDestinationType?: string;
  logDestination?: string;
}

export interface SecurityGroup {
  groupId: string;
  groupName: string;
  ownerId: string;
  vpcId?: string;
}

export interface SecurityGroupRule {
  ruleId: string;
  groupId: string;
  groupOwnerId: string;
  isEgress: boolean;
  /** "tcp", "udp", "icmp", "-1" (all traffic) or a protocol number. */
  ipProtocol: string;
  /** -1 when the rule covers all ports (or the protocol has none). */
  fromPort: number;
  toPort: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroupId?: string;
  /**
   * The account that owns the referenced group (ReferencedGroupInfo.UserId). Another account's id means a group of a
   * peered or shared VPC, which a rule can only name together with its owner. EC2 leaves it out when the group is deleted.
   */
  referencedUserId?: string;
  /** The referenced group's VPC and the peering connection, when the group is in a peered VPC. */
  referencedVpcId?: string;
  referencedVpcPeeringConnectionId?: string;
  description?: string;
}

type RawVpc = { VpcId?: string; OwnerId?: string; IsDefault?: boolean; CidrBlock?: string };
type RawFlowLog = {
  FlowLogId?: string; ResourceId?: string; FlowLogStatus?: string; TrafficType?: string; DeliverLogsStatus?: string;
  DeliverLogsErrorMessage?: string; LogDestinationType?: string; LogDestination?: string; LogGroupName?: string;
};
type RawGroup = { GroupId?: string; GroupName?: string; OwnerId?: string; VpcId?: string };
type RawRule = {
  SecurityGroupRuleId?: string; GroupId?: string; GroupOwnerId?: string; IsEgress?: boolean; IpProtocol?: string;
  FromPort?: number; ToPort?: number; CidrIpv4?: string; CidrIpv6?: string; PrefixListId?: string;
  ReferencedGroupInfo?: { GroupId?: string; UserId?: string; VpcId?: string; VpcPeeringConnectionId?: string }; Description?: string;
};

/** A record AWS sent without its id cannot be named in a verdict, nor silently dropped: the region's read fails. */
function required(value: string | undefined, what: string, region: string, operation: string): string {
  if (value === undefined || value === '') {
    throw new AwsCallError({ service: 'ec2', region, operation }, 'UnexpectedResponse', `EC2 returned ${what} without an id`);
  }
  return value;
}

export const vpcs = defineRegionalDatum<Vpc[]>({
  key: 'ec2.vpcs',
  description: 'VPCs in each scanned region',
  reads: ['ec2:DescribeVpcs'],
  async loadRegion(ctx, region) {
    const raw = await paginate<RawVpc>(ctx, 'ec2', region, 'DescribeVpcs', { MaxResults: MAX_RESULTS }, NEXT_TOKEN_PAGES('Vpcs'));
    return raw.map((v) => ({
      vpcId: required(v.VpcId, 'a VPC', region, 'DescribeVpcs'),
      ownerId: v.OwnerId ?? ctx.account,
      isDefault: v.IsDefault === true,
      ...(v.CidrBlock !== undefined ? { cidrBlock: v.CidrBlock } : {}),
    }));
  },
});

export const flowLogs = defineRegionalDatum<FlowLog[]>({
  key: 'ec2.flowLogs',
  description: 'VPC flow logs in each scanned region',
  reads: ['ec2:DescribeFlowLogs'],
  async loadRegion(ctx, region) {
    const raw = await paginate<RawFlowLog>(ctx, 'ec2', region, 'DescribeFlowLogs', { MaxResults: MAX_RESULTS }, NEXT_TOKEN_PAGES('FlowLogs'));
    return raw.map((f) => {
      const log: FlowLog = { flowLogId: required(f.FlowLogId, 'a flow log', region, 'DescribeFlowLogs'), resourceId: f.ResourceId ?? '' };
      if (f.FlowLogStatus !== undefined) log.flowLogStatus = f.FlowLogStatus;
      if (f.TrafficType !== undefined) log.trafficType = f.TrafficType;
      if (f.DeliverLogsStatus !== undefined) log.deliverLogsStatus = f.DeliverLogsStatus;
      if (f.DeliverLogsErrorMessage !== undefined) log.deliverLogsErrorMessage = f.DeliverLogsErrorMessage;
      if (f.LogDestinationType !== undefined) log.logDestinationType = f.LogDestinationType;
      const destination = f.LogDestination ?? f.LogGroupName;
      if (destination !== undefined) log.logDestination = destination;
      return log;
    });
  },
});

export const securityGroups = defineRegionalDatum<SecurityGroup[]>({
  key: 'ec2.securityGroups',
  description: 'security groups (id, name, VPC) in each scanned region',
  reads: ['ec2:DescribeSecurityGroups'],
  async loadRegion(ctx, region) {
    const raw = await paginate<RawGroup>(
      ctx, 'ec2', region, 'DescribeSecurityGroups', { MaxResults: MAX_RESULTS }, NEXT_TOKEN_PAGES('SecurityGroups'),
    );
    return raw.map((g) => ({
      groupId: required(g.GroupId, 'a security group', region, 'DescribeSecurityGroups'),
      groupName: g.GroupName ?? '',
      ownerId: g.OwnerId ?? ctx.account,
      ...(g.VpcId !== undefined ? { vpcId: g.VpcId } : {}),
    }));
  },
});

export const securityGroupRules = defineRegionalDatum<SecurityGroupRule[]>({
  key: 'ec2.securityGroupRules',
  description: 'security group rules (one per CIDR, prefix list or referenced group) in each scanned region',
  reads: ['ec2:DescribeSecurityGroupRules'],
  async loadRegion(ctx, region) {
    const raw = await paginate<RawRule>(
      ctx, 'ec2', region, 'DescribeSecurityGroupRules', { MaxResults: MAX_RESULTS }, NEXT_TOKEN_PAGES('SecurityGroupRules'),
    );
    return raw.map((r) => toRule(r, ctx.account, region));
  },
});

function toRule(r: RawRule, account: string, region: string): SecurityGroupRule {
  const op = 'DescribeSecurityGroupRules';
  const rule: SecurityGroupRule = {
    ruleId: required(r.SecurityGroupRuleId, 'a security group rule', region, op),
    groupId: required(r.GroupId, `rule ${r.SecurityGroupRuleId} with no group`, region, op),
    groupOwnerId: r.GroupOwnerId ?? account,
    isEgress: r.IsEgress === true,
    ipProtocol: r.IpProtocol ?? '-1',
    fromPort: r.FromPort ?? -1,
    toPort: r.ToPort ?? -1,
  };
  if (r.CidrIpv4 !== undefined) rule.cidrIpv4 = r.CidrIpv4;
  if (r.CidrIpv6 !== undefined) rule.cidrIpv6 = r.CidrIpv6;
  if (r.PrefixListId !== undefined) rule.prefixListId = r.PrefixListId;
  const ref = r.ReferencedGroupInfo;
  if (ref?.GroupId !== undefined) {
    rule.referencedGroupId = ref.GroupId;
    if (ref.UserId !== undefined) rule.referencedUserId = ref.UserId;
    if (ref.VpcId !== undefined) rule.referencedVpcId = ref.VpcId;
    if (ref.VpcPeeringConnectionId !== undefined) rule.referencedVpcPeeringConnectionId = ref.VpcPeeringConnectionId;
  }
  if (r.Description !== undefined) rule.description = r.Description;
  return rule;
}
