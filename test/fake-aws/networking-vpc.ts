import { AwsCallError } from '../../src/aws/errors.js';
import type { FakeAws } from './fake-aws.js';
import type { FakeRegionNetwork } from './networking.js';

// Network ACLs, instances, peering connections, route tables and VPC endpoints, answered as EC2 pages them.
// A region that does not list its ACLs or route tables gets what AWS creates with every VPC: a default ACL that
// allows everything, and a main route table with the local route.

export interface FakeAclEntry {
  RuleNumber: number;
  Egress: boolean;
  RuleAction: 'allow' | 'deny';
  Protocol: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From: number; To: number };
}

export interface FakeNetworkAcl {
  NetworkAclId: string;
  VpcId: string;
  IsDefault: boolean;
  Entries: FakeAclEntry[];
  SubnetIds: string[];
}

export interface FakeInstance {
  InstanceId: string;
  State: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  Name?: string;
  VpcId?: string;
  HttpTokens: 'optional' | 'required';
  HttpEndpoint?: 'enabled' | 'disabled';
  MetadataState?: 'pending' | 'applied';
  /** The instance profile name (absent: none attached). */
  InstanceProfile?: string;
  InstanceType?: string;
}

export interface FakePeeringSide { OwnerId?: string; VpcId: string; Region?: string; CidrBlock: string }

export interface FakePeering {
  VpcPeeringConnectionId: string;
  Status: string;
  Requester: FakePeeringSide;
  Accepter: FakePeeringSide;
}

export interface FakeRoute {
  DestinationCidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  NatGatewayId?: string;
  VpcPeeringConnectionId?: string;
  State?: 'active' | 'blackhole';
}

export interface FakeRouteTable { RouteTableId: string; VpcId: string; Main?: boolean; SubnetIds?: string[]; Routes: FakeRoute[] }

export interface FakeVpcEndpoint {
  VpcEndpointId: string;
  VpcId: string;
  VpcEndpointType: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  ServiceName: string;
  State: string;
  RouteTableIds?: string[];
  SubnetIds?: string[];
}

/** What AWS puts in every new VPC's default ACL: allow all in and out (100), the implicit deny (*). */
export function defaultAclEntries(): FakeAclEntry[] {
  return [false, true].flatMap((Egress) => [
    { RuleNumber: 100, Egress, RuleAction: 'allow' as const, Protocol: '-1', CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 32767, Egress, RuleAction: 'deny' as const, Protocol: '-1', CidrBlock: '0.0.0.0/0' },
  ]);
}

const suffix = (vpcId: string) => vpcId.replace(/^vpc-/, '');

function aclsOf(net: FakeRegionNetwork): FakeNetworkAcl[] {
  return net.networkAcls ?? net.vpcs.map((v) => ({ NetworkAclId: `acl-${suffix(v.VpcId)}`, VpcId: v.VpcId, IsDefault: true, Entries: defaultAclEntries(), SubnetIds: [] }));
}

function routeTablesOf(net: FakeRegionNetwork): FakeRouteTable[] {
  return net.routeTables ?? net.vpcs.map((v) => ({ RouteTableId: `rtb-${suffix(v.VpcId)}`, VpcId: v.VpcId, Main: true, Routes: [{ DestinationCidrBlock: v.CidrBlock, GatewayId: 'local' }] }));
}

export function serveVpcDetails(
  aws: FakeAws, account: string, net: (region: string) => FakeRegionNetwork,
  pageOf: (items: unknown[], input: Record<string, any>, key: string) => Record<string, unknown>,
): void {
  aws.on('ec2', 'DescribeNetworkAcls', (input, region) => pageOf(aclsOf(net(region)).map((a) => ({
    NetworkAclId: a.NetworkAclId, VpcId: a.VpcId, IsDefault: a.IsDefault, OwnerId: account, Tags: [],
    Entries: a.Entries,
    Associations: a.SubnetIds.map((s, i) => ({ NetworkAclAssociationId: `aclassoc-${suffix(a.VpcId).slice(0, 8)}${i}`, NetworkAclId: a.NetworkAclId, SubnetId: s })),
  })), input, 'NetworkAcls'));

  // DeleteNetworkAclEntry / CreateNetworkAclEntry (the NACL admin-ports fix and its undo), as EC2 checks them.
  const aclFor = (operation: string, input: Record<string, any>, region: string) => {
    const n = net(region);
    const acl = (n.networkAcls ??= aclsOf(n)).find((a) => a.NetworkAclId === input.NetworkAclId);
    if (!acl) throw new AwsCallError({ service: 'ec2', region, operation }, 'InvalidNetworkAclID.NotFound', `The network ACL '${input.NetworkAclId}' does not exist`);
    return acl;
  };
  aws.on('ec2', 'DeleteNetworkAclEntry', (input, region) => {
    const acl = aclFor('DeleteNetworkAclEntry', input, region);
    const at = acl.Entries.findIndex((e) => e.RuleNumber === input.RuleNumber && e.Egress === input.Egress);
    if (at < 0 || input.RuleNumber === 32767) throw new AwsCallError({ service: 'ec2', region, operation: 'DeleteNetworkAclEntry' }, 'InvalidNetworkAclEntry.NotFound', `The network ACL entry identified by ${input.RuleNumber} could not be found.`);
    acl.Entries.splice(at, 1);
    return {};
  });
  aws.on('ec2', 'CreateNetworkAclEntry', (input, region) => {
    const acl = aclFor('CreateNetworkAclEntry', input, region);
    if (acl.Entries.some((e) => e.RuleNumber === input.RuleNumber && e.Egress === input.Egress)) {
      throw new AwsCallError({ service: 'ec2', region, operation: 'CreateNetworkAclEntry' }, 'NetworkAclEntryAlreadyExists', `The network ACL entry identified by ${input.RuleNumber} already exists.`);
    }
    acl.Entries.push({
      RuleNumber: input.RuleNumber, Egress: input.Egress, RuleAction: input.RuleAction, Protocol: input.Protocol,
      ...(input.CidrBlock !== undefined ? { CidrBlock: input.CidrBlock } : {}),
      ...(input.Ipv6CidrBlock !== undefined ? { Ipv6CidrBlock: input.Ipv6CidrBlock } : {}),
      ...(input.PortRange !== undefined ? { PortRange: input.PortRange } : {}),
    });
    acl.Entries.sort((a, b) => a.RuleNumber - b.RuleNumber);
    return {};
  });

  // One reservation per instance, as separate launches give.
  aws.on('ec2', 'DescribeInstances', (input, region) => pageOf((net(region).instances ?? []).map((i, n) => ({
    ReservationId: `r-0${(n + 1).toString(16).padStart(16, '0')}`, OwnerId: account,
    Instances: [{
      InstanceId: i.InstanceId, InstanceType: i.InstanceType ?? 't3.medium', ImageId: 'ami-0c02fb55956c7d316',
      State: { Code: STATE_CODES[i.State], Name: i.State }, VpcId: i.VpcId,
      ...(i.Name ? { Tags: [{ Key: 'Name', Value: i.Name }] } : {}),
      ...(i.State === 'terminated' ? {} : {
        MetadataOptions: { State: i.MetadataState ?? 'applied', HttpTokens: i.HttpTokens, HttpPutResponseHopLimit: 2, HttpEndpoint: i.HttpEndpoint ?? 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
      }),
      ...(i.InstanceProfile ? { IamInstanceProfile: { Arn: `arn:aws:iam::${account}:instance-profile/${i.InstanceProfile}`, Id: `AIPA${i.InstanceProfile.toUpperCase().replace(/[^A-Z0-9]/g, '')}` } } : {}),
    }],
  })), input, 'Reservations'));

  const side = (s: FakePeeringSide, region: string) => ({
    OwnerId: s.OwnerId ?? account, VpcId: s.VpcId, Region: s.Region ?? region, CidrBlock: s.CidrBlock, CidrBlockSet: [{ CidrBlock: s.CidrBlock }],
  });
  aws.on('ec2', 'DescribeVpcPeeringConnections', (input, region) => pageOf((net(region).peeringConnections ?? []).map((p) => ({
    VpcPeeringConnectionId: p.VpcPeeringConnectionId, Status: { Code: p.Status, Message: p.Status === 'active' ? 'Active' : p.Status },
    RequesterVpcInfo: side(p.Requester, region), AccepterVpcInfo: side(p.Accepter, region), Tags: [],
  })), input, 'VpcPeeringConnections'));

  aws.on('ec2', 'DescribeRouteTables', (input, region) => pageOf(routeTablesOf(net(region)).map((t) => ({
    RouteTableId: t.RouteTableId, VpcId: t.VpcId, OwnerId: account, Tags: [], PropagatingVgws: [],
    Associations: [
      ...(t.Main ? [{ Main: true, RouteTableId: t.RouteTableId, RouteTableAssociationId: `rtbassoc-${t.RouteTableId.slice(4)}m` }] : []),
      ...(t.SubnetIds ?? []).map((s, i) => ({ Main: false, RouteTableId: t.RouteTableId, SubnetId: s, RouteTableAssociationId: `rtbassoc-${t.RouteTableId.slice(4)}${i}` })),
    ],
    Routes: t.Routes.map((r) => ({ ...r, State: r.State ?? 'active', Origin: r.GatewayId === 'local' ? 'CreateRouteTable' : 'CreateRoute' })),
  })), input, 'RouteTables'));

  aws.on('ec2', 'DescribeVpcEndpoints', (input, region) => pageOf((net(region).vpcEndpoints ?? []).map((e) => ({
    VpcEndpointId: e.VpcEndpointId, VpcId: e.VpcId, VpcEndpointType: e.VpcEndpointType, ServiceName: e.ServiceName, State: e.State,
    RouteTableIds: e.RouteTableIds ?? [], SubnetIds: e.SubnetIds ?? [], OwnerId: account, PrivateDnsEnabled: e.VpcEndpointType === 'Interface',
    CreationTimestamp: new Date('2025-04-02T10:00:00Z'), Tags: [],
  })), input, 'VpcEndpoints'));
}

const STATE_CODES: Record<FakeInstance['State'], number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };
