import { AwsCallError } from '../aws/errors.js';
import { defineRegionalDatum } from './datum.js';
import { NEXT_TOKEN_PAGES, paginate } from './paginate.js';

// EC2 networking state per scanned region: VPCs, flow logs, security groups and their rules, network ACLs,
// instances, peering connections, route tables and VPC endpoints.
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

// ---------------------------------------------------------------------------------------------------------------
// Network ACLs, instances, peering, route tables and endpoints (the newer CIS versions' networking controls).

export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  /** "allow" or "deny". */
  ruleAction: string;
  /** "-1" (all), "6" (TCP), "17" (UDP), or another protocol number, as EC2 sends it. */
  protocol: string;
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  /** Absent for protocols without ports (and for -1): every port. */
  portRange?: { from: number; to: number };
}

export interface NetworkAcl {
  networkAclId: string;
  ownerId: string;
  vpcId?: string;
  isDefault: boolean;
  entries: NetworkAclEntry[];
  /** Subnets the ACL is associated with. */
  subnetIds: string[];
}

export interface Instance {
  instanceId: string;
  /** pending, running, shutting-down, terminated, stopping, stopped. */
  state: string;
  /** The Name tag, when there is one. */
  name?: string;
  vpcId?: string;
  /** MetadataOptions as EC2 sends them; absent only if EC2 left them out (a malformed answer). */
  metadataOptions?: { httpTokens?: string; httpEndpoint?: string; state?: string };
  /** IamInstanceProfile.Arn: the instance profile (role) the instance runs with. */
  instanceProfileArn?: string;
}

export interface PeeringSide {
  ownerId?: string;
  vpcId?: string;
  region?: string;
  /** Every IPv4 CIDR of the VPC the connection exposes (CidrBlockSet, else CidrBlock), and its IPv6 CIDRs. */
  cidrBlocks: string[];
}

export interface VpcPeeringConnection {
  vpcPeeringConnectionId: string;
  /** active, pending-acceptance, provisioning, deleted, rejected, failed, expired, … */
  status: string;
  requester: PeeringSide;
  accepter: PeeringSide;
}

export interface Route {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  destinationPrefixListId?: string;
  vpcPeeringConnectionId?: string;
  gatewayId?: string;
  /** active or blackhole. */
  state?: string;
}

export interface RouteTable {
  routeTableId: string;
  ownerId: string;
  vpcId?: string;
  routes: Route[];
}

export interface VpcEndpoint {
  vpcEndpointId: string;
  vpcId?: string;
  /** Interface, Gateway, GatewayLoadBalancer, … */
  vpcEndpointType?: string;
  serviceName?: string;
  state?: string;
  routeTableIds: string[];
  subnetIds: string[];
}

type RawAclEntry = {
  RuleNumber?: number; Egress?: boolean; RuleAction?: string; Protocol?: string; CidrBlock?: string; Ipv6CidrBlock?: string;
  PortRange?: { From?: number; To?: number };
};
type RawAcl = { NetworkAclId?: string; OwnerId?: string; VpcId?: string; IsDefault?: boolean; Entries?: RawAclEntry[]; Associations?: Array<{ SubnetId?: string }> };
type RawTag = { Key?: string; Value?: string };
type RawInstance = {
  InstanceId?: string; State?: { Name?: string }; Tags?: RawTag[]; VpcId?: string;
  MetadataOptions?: { HttpTokens?: string; HttpEndpoint?: string; State?: string }; IamInstanceProfile?: { Arn?: string };
};
type RawPeeringSide = {
  OwnerId?: string; VpcId?: string; Region?: string; CidrBlock?: string;
  CidrBlockSet?: Array<{ CidrBlock?: string }>; Ipv6CidrBlockSet?: Array<{ Ipv6CidrBlock?: string }>;
};
type RawPeering = { VpcPeeringConnectionId?: string; Status?: { Code?: string }; RequesterVpcInfo?: RawPeeringSide; AccepterVpcInfo?: RawPeeringSide };
type RawRoute = {
  DestinationCidrBlock?: string; DestinationIpv6CidrBlock?: string; DestinationPrefixListId?: string; VpcPeeringConnectionId?: string;
  GatewayId?: string; State?: string;
};
type RawRouteTable = { RouteTableId?: string; OwnerId?: string; VpcId?: string; Routes?: RawRoute[] };
type RawEndpoint = {
  VpcEndpointId?: string; VpcId?: string; VpcEndpointType?: string; ServiceName?: string; State?: string; RouteTableIds?: string[]; SubnetIds?: string[];
};

/** Copies the defined members only, so evidence and snapshots never carry `undefined`. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const networkAcls = defineRegionalDatum<NetworkAcl[]>({
  key: 'ec2.networkAcls',
  description: 'network ACLs and their entries in each scanned region',
  reads: ['ec2:DescribeNetworkAcls'],
  async loadRegion(ctx, region) {
    const op = 'DescribeNetworkAcls';
    const raw = await paginate<RawAcl>(ctx, 'ec2', region, op, { MaxResults: MAX_RESULTS }, NEXT_TOKEN_PAGES('NetworkAcls'));
    return raw.map((a) => {
      const id = required(a.NetworkAclId, 'a network ACL', region, op);
      return defined({
        networkAclId: id,
        ownerId: a.OwnerId ?? ctx.account,
        vpcId: a.VpcId,
        isDefault: a.IsDefault === true,
        entries: (a.Entries ?? []).map((e) => toAclEntry(e, id, region)),
        subnetIds: (a.Associations ?? []).flatMap((s) => (s.SubnetId ? [s.SubnetId] : [])),
      });
    });
  },
});

function toAclEntry(e: RawAclEntry, aclId: string, region: string): NetworkAclEntry {
  // An entry without its number, direction, action or protocol cannot be judged: the region's read fails.
  if (e.RuleNumber === undefined || e.Egress === undefined || e.RuleAction === undefined || e.Protocol === undefined) {
    throw new AwsCallError({ service: 'ec2', region, operation: 'DescribeNetworkAcls' }, 'UnexpectedResponse', `EC2 returned an entry of ${aclId} without RuleNumber, Egress, RuleAction or Protocol`);
  }
  const range = e.PortRange;
  return defined({
    ruleNumber: e.RuleNumber,
    egress: e.Egress,
    ruleAction: e.RuleAction,
    protocol: e.Protocol,
    cidrBlock: e.CidrBlock,
    ipv6CidrBlock: e.Ipv6CidrBlock,
    portRange: range?.From !== undefined && range.To !== undefined ? { from: range.From, to: range.To } : undefined,
  });
}

export const instances = defineRegionalDatum<Instance[]>({
  key: 'ec2.instances',
  description: 'EC2 instances (state, Name tag, metadata options, instance profile) in each scanned region',
  reads: ['ec2:DescribeInstances'],
  async loadRegion(ctx, region) {
    const op = 'DescribeInstances';
    const reservations = await paginate<{ Instances?: RawInstance[] }>(ctx, 'ec2', region, op, { MaxResults: MAX_RESULTS }, NEXT_TOKEN_PAGES('Reservations'));
    return reservations.flatMap((r) => r.Instances ?? []).map((i) => {
      const m = i.MetadataOptions;
      return defined({
        instanceId: required(i.InstanceId, 'an instance', region, op),
        state: i.State?.Name ?? 'unknown',
        name: i.Tags?.find((t) => t.Key === 'Name')?.Value,
        vpcId: i.VpcId,
        metadataOptions: m ? defined({ httpTokens: m.HttpTokens, httpEndpoint: m.HttpEndpoint, state: m.State }) : undefined,
        instanceProfileArn: i.IamInstanceProfile?.Arn,
      });
    });
  },
});

const peeringSide = (s: RawPeeringSide | undefined): PeeringSide => {
  const v4 = (s?.CidrBlockSet ?? []).flatMap((c) => (c.CidrBlock ? [c.CidrBlock] : []));
  const v6 = (s?.Ipv6CidrBlockSet ?? []).flatMap((c) => (c.Ipv6CidrBlock ? [c.Ipv6CidrBlock] : []));
  const cidrBlocks = [...new Set([...(v4.length > 0 ? v4 : s?.CidrBlock ? [s.CidrBlock] : []), ...v6])];
  return defined({ ownerId: s?.OwnerId, vpcId: s?.VpcId, region: s?.Region, cidrBlocks });
};

export const vpcPeeringConnections = defineRegionalDatum<VpcPeeringConnection[]>({
  key: 'ec2.vpcPeeringConnections',
  description: 'VPC peering connections (both sides and their CIDRs) in each scanned region',
  reads: ['ec2:DescribeVpcPeeringConnections'],
  async loadRegion(ctx, region) {
    const op = 'DescribeVpcPeeringConnections';
    const raw = await paginate<RawPeering>(ctx, 'ec2', region, op, { MaxResults: MAX_RESULTS }, NEXT_TOKEN_PAGES('VpcPeeringConnections'));
    return raw.map((p) => ({
      vpcPeeringConnectionId: required(p.VpcPeeringConnectionId, 'a VPC peering connection', region, op),
      status: p.Status?.Code ?? 'unknown',
      requester: peeringSide(p.RequesterVpcInfo),
      accepter: peeringSide(p.AccepterVpcInfo),
    }));
  },
});

// DescribeRouteTables allows at most 100 per page.
const ROUTE_TABLE_PAGE = 100;

export const routeTables = defineRegionalDatum<RouteTable[]>({
  key: 'ec2.routeTables',
  description: 'route tables and their routes in each scanned region',
  reads: ['ec2:DescribeRouteTables'],
  async loadRegion(ctx, region) {
    const op = 'DescribeRouteTables';
    const raw = await paginate<RawRouteTable>(ctx, 'ec2', region, op, { MaxResults: ROUTE_TABLE_PAGE }, NEXT_TOKEN_PAGES('RouteTables'));
    return raw.map((t) => defined({
      routeTableId: required(t.RouteTableId, 'a route table', region, op),
      ownerId: t.OwnerId ?? ctx.account,
      vpcId: t.VpcId,
      routes: (t.Routes ?? []).map((r) => defined({
        destinationCidrBlock: r.DestinationCidrBlock,
        destinationIpv6CidrBlock: r.DestinationIpv6CidrBlock,
        destinationPrefixListId: r.DestinationPrefixListId,
        vpcPeeringConnectionId: r.VpcPeeringConnectionId,
        gatewayId: r.GatewayId,
        state: r.State,
      })),
    }));
  },
});

export const vpcEndpoints = defineRegionalDatum<VpcEndpoint[]>({
  key: 'ec2.vpcEndpoints',
  description: 'VPC endpoints (type, service, state) in each scanned region',
  reads: ['ec2:DescribeVpcEndpoints'],
  async loadRegion(ctx, region) {
    const op = 'DescribeVpcEndpoints';
    const raw = await paginate<RawEndpoint>(ctx, 'ec2', region, op, { MaxResults: MAX_RESULTS }, NEXT_TOKEN_PAGES('VpcEndpoints'));
    return raw.map((e) => defined({
      vpcEndpointId: required(e.VpcEndpointId, 'a VPC endpoint', region, op),
      vpcId: e.VpcId,
      vpcEndpointType: e.VpcEndpointType,
      serviceName: e.ServiceName,
      state: e.State,
      routeTableIds: e.RouteTableIds ?? [],
      subnetIds: e.SubnetIds ?? [],
    }));
  },
});
