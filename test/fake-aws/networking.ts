import { AwsCallError } from '../../src/aws/errors.js';
import { page, type FakeAws } from './fake-aws.js';
import { serveInstanceWrites } from './instance-writes.js';
import { serveVpcDetails, type FakeInstance, type FakeNetworkAcl, type FakePeering, type FakeRouteTable, type FakeVpcEndpoint } from './networking-vpc.js';

// VPCs, flow logs and security groups per region, answered the way EC2's Describe calls page them.
export interface FakeVpc {
  VpcId: string;
  CidrBlock: string;
  IsDefault?: boolean;
  /** Defaults to the scanned account; another id is a VPC shared in through RAM. */
  OwnerId?: string;
  Name?: string;
}

export interface FakeFlowLog {
  FlowLogId: string;
  ResourceId: string;
  TrafficType: 'ACCEPT' | 'REJECT' | 'ALL';
  LogDestinationType: 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose';
  LogDestination: string;
  FlowLogStatus?: string;
  DeliverLogsStatus?: 'SUCCESS' | 'FAILED';
  DeliverLogsErrorMessage?: string;
  CreationTime?: string;
  /** Set by CreateFlowLogs (the read serves a fixed delivery role otherwise). */
  DeliverLogsPermissionArn?: string;
  Tags?: Array<{ Key: string; Value: string }>;
}

export interface FakeRule {
  SecurityGroupRuleId: string;
  IsEgress: boolean;
  IpProtocol: string;
  FromPort: number;
  ToPort: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  PrefixListId?: string;
  /** A rule whose source/destination is another security group (or the group itself). */
  ReferencedGroupId?: string;
  /** The referenced group's owner when it is another account (a peered or shared VPC); absent: the scanned account. */
  ReferencedUserId?: string;
  /** A group in a peered VPC: its VPC and the peering connection (served in ReferencedGroupInfo). */
  ReferencedVpcId?: string;
  ReferencedVpcPeeringConnectionId?: string;
  Description?: string;
}

export interface FakeSecurityGroup {
  GroupId: string;
  GroupName: string;
  VpcId: string;
  Description: string;
  rules: FakeRule[];
  /** An IAM policy denies changing this group (e.g. by tag): its writes answer UnauthorizedOperation. */
  writesDenied?: boolean;
}

export interface FakeRegionNetwork {
  vpcs: FakeVpc[];
  flowLogs: FakeFlowLog[];
  securityGroups: FakeSecurityGroup[];
  /** Absent: each VPC has the default ACL AWS creates (allow all). */
  networkAcls?: FakeNetworkAcl[];
  instances?: FakeInstance[];
  peeringConnections?: FakePeering[];
  /** Absent: each VPC has its main route table with only the local route. */
  routeTables?: FakeRouteTable[];
  vpcEndpoints?: FakeVpcEndpoint[];
}

export interface FakeNetworking {
  /** Regions not listed have no VPCs, flow logs or groups. */
  regions: Record<string, FakeRegionNetwork>;
  /** Largest page the fake returns (EC2's own limit is the caller's MaxResults). */
  pageSize?: number;
  /** Simulates EC2 accepting a write but not changing anything (for STILL_FAILING). */
  ignoreWrites?: boolean;
  /** How flow logs created by CreateFlowLogs deliver at first (FAILED: the delivery role has not propagated yet). */
  newFlowLogDelivery?: { status: 'SUCCESS' | 'FAILED'; message?: string };
}

const EMPTY: FakeRegionNetwork = { vpcs: [], flowLogs: [], securityGroups: [] };

/** The rule ARN format EC2 reports, with the group owner's account. */
const ruleArn = (region: string, account: string, id: string) => `arn:aws:ec2:${region}:${account}:security-group-rule/${id}`;

/** The classic IpPermissions view of a group's rules (DescribeSecurityGroups), grouped by protocol and ports. */
function ipPermissions(rules: FakeRule[], account: string): Array<Record<string, unknown>> {
  const byKey = new Map<string, Record<string, any>>();
  for (const r of rules) {
    const key = `${r.IpProtocol}|${r.FromPort}|${r.ToPort}`;
    let p = byKey.get(key);
    if (!p) {
      p = { IpProtocol: r.IpProtocol, ...(r.IpProtocol === '-1' ? {} : { FromPort: r.FromPort, ToPort: r.ToPort }), IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      byKey.set(key, p);
    }
    const desc = r.Description ? { Description: r.Description } : {};
    if (r.CidrIpv4) p.IpRanges.push({ CidrIp: r.CidrIpv4, ...desc });
    if (r.CidrIpv6) p.Ipv6Ranges.push({ CidrIpv6: r.CidrIpv6, ...desc });
    if (r.PrefixListId) p.PrefixListIds.push({ PrefixListId: r.PrefixListId, ...desc });
    if (r.ReferencedGroupId) p.UserIdGroupPairs.push({ ...referencedGroupInfo(r, account), ...desc });
  }
  return [...byKey.values()];
}

/** ReferencedGroupInfo as EC2 serves it: the group, its owner, and for a peered VPC's group the VPC and peering connection. */
function referencedGroupInfo(r: FakeRule, account: string): Record<string, string> {
  return {
    GroupId: r.ReferencedGroupId!, UserId: r.ReferencedUserId ?? account,
    ...(r.ReferencedVpcId ? { VpcId: r.ReferencedVpcId } : {}),
    ...(r.ReferencedVpcPeeringConnectionId ? { VpcPeeringConnectionId: r.ReferencedVpcPeeringConnectionId, PeeringStatus: 'active' } : {}),
  };
}

export function serveNetworking(aws: FakeAws, account: string, model: FakeNetworking): void {
  const net = (region: string) => model.regions[region] ?? EMPTY;
  const pageOf = (items: unknown[], input: Record<string, any>, key: string) =>
    page(items, input, { size: Math.min(model.pageSize ?? 1000, input.MaxResults ?? 1000), inToken: 'NextToken', outToken: 'NextToken', key });

  aws.on('ec2', 'DescribeVpcs', (input, region) => pageOf(net(region).vpcs.map((v) => ({
    VpcId: v.VpcId, CidrBlock: v.CidrBlock, State: 'available', OwnerId: v.OwnerId ?? account, InstanceTenancy: 'default',
    IsDefault: v.IsDefault ?? false, DhcpOptionsId: 'dopt-0c5a1e7b9d2f40a61',
    CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${v.VpcId.slice(4)}`, CidrBlock: v.CidrBlock, CidrBlockState: { State: 'associated' } }],
    ...(v.Name ? { Tags: [{ Key: 'Name', Value: v.Name }] } : {}),
  })), input, 'Vpcs'));

  aws.on('ec2', 'DescribeFlowLogs', (input, region) => pageOf(net(region).flowLogs.map((f) => ({
    FlowLogId: f.FlowLogId, ResourceId: f.ResourceId, TrafficType: f.TrafficType, FlowLogStatus: f.FlowLogStatus ?? 'ACTIVE',
    DeliverLogsStatus: f.DeliverLogsStatus ?? 'SUCCESS', ...(f.DeliverLogsErrorMessage ? { DeliverLogsErrorMessage: f.DeliverLogsErrorMessage } : {}),
    LogDestinationType: f.LogDestinationType, LogDestination: f.LogDestination,
    ...(f.LogDestinationType === 'cloud-watch-logs'
      ? { LogGroupName: f.LogDestination.split(':log-group:')[1] ?? f.LogDestination, DeliverLogsPermissionArn: f.DeliverLogsPermissionArn ?? `arn:aws:iam::${account}:role/VPCFlowLogsDelivery` }
      : {}),
    LogFormat: '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
    MaxAggregationInterval: 600, CreationTime: new Date(f.CreationTime ?? '2025-03-14T10:00:00Z'),
  })), input, 'FlowLogs'));

  aws.on('ec2', 'DescribeSecurityGroups', (input, region) => pageOf(net(region).securityGroups.map((g) => ({
    GroupId: g.GroupId, GroupName: g.GroupName, Description: g.Description, VpcId: g.VpcId, OwnerId: account,
    SecurityGroupArn: `arn:aws:ec2:${region}:${account}:security-group/${g.GroupId}`,
    IpPermissions: ipPermissions(g.rules.filter((r) => !r.IsEgress), account),
    IpPermissionsEgress: ipPermissions(g.rules.filter((r) => r.IsEgress), account),
  })), input, 'SecurityGroups'));

  aws.on('ec2', 'DescribeSecurityGroupRules', (input, region) => pageOf(net(region).securityGroups.flatMap((g) => g.rules.map((r) => ({
    SecurityGroupRuleId: r.SecurityGroupRuleId, GroupId: g.GroupId, GroupOwnerId: account, IsEgress: r.IsEgress,
    IpProtocol: r.IpProtocol, FromPort: r.FromPort, ToPort: r.ToPort,
    ...(r.CidrIpv4 ? { CidrIpv4: r.CidrIpv4 } : {}),
    ...(r.CidrIpv6 ? { CidrIpv6: r.CidrIpv6 } : {}),
    ...(r.PrefixListId ? { PrefixListId: r.PrefixListId } : {}),
    ...(r.ReferencedGroupId ? { ReferencedGroupInfo: referencedGroupInfo(r, account) } : {}),
    ...(r.Description ? { Description: r.Description } : {}),
    Tags: [], SecurityGroupRuleArn: ruleArn(region, account, r.SecurityGroupRuleId),
  }))), input, 'SecurityGroupRules'));

  serveVpcDetails(aws, account, net, pageOf);
  serveSecurityGroupWrites(aws, account, model);
  serveFlowLogWrites(aws, model);
  serveInstanceWrites(aws, model);
}

/** CreateFlowLogs / DeleteFlowLogs, applied to the model so a re-scan sees them; per-resource failures come back in Unsuccessful like EC2's. */
function serveFlowLogWrites(aws: FakeAws, model: FakeNetworking): void {
  let created = 0;
  const error = (operation: string, region: string, code: string, message: string) => new AwsCallError({ service: 'ec2', region, operation }, code, message);
  aws.on('ec2', 'CreateFlowLogs', (input, region) => {
    const op = 'CreateFlowLogs';
    const ids: string[] = input.ResourceIds ?? [];
    if (ids.length === 0 || !input.ResourceType) throw error(op, region, 'MissingParameter', 'The request must contain the parameters ResourceIds and ResourceType');
    if (!['ACCEPT', 'REJECT', 'ALL'].includes(input.TrafficType)) throw error(op, region, 'InvalidParameterValue', `Invalid value '${input.TrafficType}' for TrafficType`);
    const type = input.LogDestinationType ?? 'cloud-watch-logs';
    let destination: string;
    if (type === 'cloud-watch-logs') {
      if (!input.DeliverLogsPermissionArn) throw error(op, region, 'InvalidParameter', 'DeliverLogsPermissionArn is required for cloud-watch-logs destinations');
      const name = input.LogGroupName ?? String(input.LogDestination ?? '').split(':log-group:')[1]?.replace(/:\*$/, '');
      if (!name) throw error(op, region, 'InvalidParameter', 'LogGroupName or LogDestination is required');
      destination = `arn:aws:logs:${region}:${String(input.DeliverLogsPermissionArn).split(':')[4]}:log-group:${name}`;
    } else if (type === 's3') {
      if (!String(input.LogDestination ?? '').startsWith('arn:aws:s3:::')) throw error(op, region, 'InvalidParameter', 'LogDestination must be an S3 bucket ARN');
      destination = input.LogDestination;
    } else {
      throw error(op, region, 'InvalidParameter', `LogDestinationType ${type} is not modelled by the fake`);
    }
    const net = model.regions[region];
    const FlowLogIds: string[] = [];
    const Unsuccessful: Array<Record<string, unknown>> = [];
    for (const id of ids) {
      if (!net?.vpcs.some((v) => v.VpcId === id)) {
        Unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcID.NotFound', Message: `The vpc ID '${id}' does not exist` } });
        continue;
      }
      const FlowLogId = `fl-0c${(++created).toString(16).padStart(15, '0')}`;
      FlowLogIds.push(FlowLogId);
      if (model.ignoreWrites) continue;
      const tags = (input.TagSpecifications ?? []).flatMap((t: { Tags?: Array<{ Key: string; Value: string }> }) => t.Tags ?? []);
      net.flowLogs.push({
        FlowLogId, ResourceId: id, TrafficType: input.TrafficType, LogDestinationType: type, LogDestination: destination, FlowLogStatus: 'ACTIVE',
        DeliverLogsStatus: model.newFlowLogDelivery?.status ?? 'SUCCESS',
        ...(model.newFlowLogDelivery?.message ? { DeliverLogsErrorMessage: model.newFlowLogDelivery.message } : {}),
        ...(input.DeliverLogsPermissionArn ? { DeliverLogsPermissionArn: input.DeliverLogsPermissionArn } : {}),
        ...(tags.length > 0 ? { Tags: tags } : {}),
        CreationTime: '2025-06-01T12:00:00Z',
      });
    }
    return { FlowLogIds, Unsuccessful, ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  });
  aws.on('ec2', 'DeleteFlowLogs', (input, region) => {
    const ids: string[] = input.FlowLogIds ?? [];
    if (ids.length === 0) throw error('DeleteFlowLogs', region, 'MissingParameter', 'The request must contain the parameter FlowLogIds');
    const net = model.regions[region];
    const Unsuccessful = ids.filter((id) => !net?.flowLogs.some((f) => f.FlowLogId === id))
      .map((id) => ({ ResourceId: id, Error: { Code: 'InvalidFlowLogId.NotFound', Message: `Flow log ${id} does not exist` } }));
    if (net && !model.ignoreWrites) net.flowLogs = net.flowLogs.filter((f) => !ids.includes(f.FlowLogId));
    return { Unsuccessful };
  });
}

// EC2 normalises the protocol numbers it has names for.
const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };

/** How EC2 names a rule in InvalidPermission.Duplicate. */
const ruleText = (r: FakeRule) =>
  `peer: ${r.CidrIpv4 ?? r.CidrIpv6 ?? r.PrefixListId ?? (r.ReferencedUserId ? `${r.ReferencedUserId}/${r.ReferencedGroupId}` : r.ReferencedGroupId)}, ${r.IpProtocol === '-1' ? 'ALL' : r.IpProtocol.toUpperCase()}, from port: ${r.FromPort}, to port: ${r.ToPort}, ALLOW`;

const samePermission = (a: FakeRule, b: FakeRule) =>
  a.IsEgress === b.IsEgress && a.IpProtocol === b.IpProtocol && a.FromPort === b.FromPort && a.ToPort === b.ToPort
  && a.CidrIpv4 === b.CidrIpv4 && a.CidrIpv6 === b.CidrIpv6 && a.PrefixListId === b.PrefixListId && a.ReferencedGroupId === b.ReferencedGroupId
  && a.ReferencedUserId === b.ReferencedUserId;

/** Revoke (by rule id) and Authorize (by IpPermissions), applied to the model so a re-scan sees them; each call is all-or-nothing like EC2's. */
function serveSecurityGroupWrites(aws: FakeAws, account: string, model: FakeNetworking): void {
  let created = 0;
  const newRuleId = () => `sgr-0f${(++created).toString(16).padStart(15, '0')}`;
  const error = (operation: string, region: string, code: string, message: string) => new AwsCallError({ service: 'ec2', region, operation }, code, message);
  const groupFor = (operation: string, input: Record<string, any>, region: string) => {
    if (!input.GroupId) throw error(operation, region, 'MissingParameter', 'The request must contain the parameter groupId');
    const group = (model.regions[region] ?? EMPTY).securityGroups.find((g) => g.GroupId === input.GroupId);
    if (!group) throw error(operation, region, 'InvalidGroup.NotFound', `The security group '${input.GroupId}' does not exist`);
    if (group.writesDenied) {
      throw error(operation, region, 'UnauthorizedOperation',
        `You are not authorized to perform this operation. User: arn:aws:iam::${account}:user/auditor is not authorized to perform: ec2:${operation} on resource: arn:aws:ec2:${region}:${account}:security-group/${group.GroupId} with an explicit deny in an identity-based policy`);
    }
    return group;
  };
  /**
   * A UserIdGroupPair as EC2 resolves it: without a UserId (or with this account's) the group id is looked up among
   * this account's groups in the region, so a peer account's group named without its owner is InvalidGroup.NotFound.
   * Another account's group is taken as named (the fake does not model the peer account).
   */
  const referencedPeer = (operation: string, region: string, x: Record<string, any>): Partial<FakeRule> => {
    if (!x.GroupId) throw error(operation, region, 'MissingParameter', 'The request must contain the parameter groupId');
    const foreign = x.UserId !== undefined && x.UserId !== account;
    if (!foreign && !(model.regions[region] ?? EMPTY).securityGroups.some((g) => g.GroupId === x.GroupId)) {
      throw error(operation, region, 'InvalidGroup.NotFound', `The security group '${x.GroupId}' does not exist`);
    }
    return {
      ReferencedGroupId: x.GroupId,
      ...(foreign ? { ReferencedUserId: x.UserId } : {}),
      ...(x.VpcId ? { ReferencedVpcId: x.VpcId } : {}),
      ...(x.VpcPeeringConnectionId ? { ReferencedVpcPeeringConnectionId: x.VpcPeeringConnectionId } : {}),
    };
  };
  const revokedView = (g: FakeSecurityGroup, r: FakeRule) => ({
    SecurityGroupRuleId: r.SecurityGroupRuleId, GroupId: g.GroupId, IsEgress: r.IsEgress, IpProtocol: r.IpProtocol, FromPort: r.FromPort, ToPort: r.ToPort,
    ...(r.CidrIpv4 ? { CidrIpv4: r.CidrIpv4 } : {}), ...(r.CidrIpv6 ? { CidrIpv6: r.CidrIpv6 } : {}),
    ...(r.PrefixListId ? { PrefixListId: r.PrefixListId } : {}), ...(r.ReferencedGroupId ? { ReferencedGroupId: r.ReferencedGroupId } : {}),
    ...(r.Description ? { Description: r.Description } : {}),
  });

  for (const egress of [false, true]) {
    const revokeOp = egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroupIngress';
    aws.on('ec2', revokeOp, (input, region) => {
      const group = groupFor(revokeOp, input, region);
      const ids: string[] = input.SecurityGroupRuleIds ?? [];
      if (ids.length === 0) throw error(revokeOp, region, 'MissingParameter', 'Either IpPermissions or SecurityGroupRuleIds must be specified');
      const revoked = ids.map((id) => {
        const rule = group.rules.find((r) => r.SecurityGroupRuleId === id && r.IsEgress === egress);
        if (!rule) throw error(revokeOp, region, 'InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
        return rule;
      });
      if (!model.ignoreWrites) group.rules = group.rules.filter((r) => !revoked.includes(r));
      return { Return: true, RevokedSecurityGroupRules: revoked.map((r) => revokedView(group, r)) };
    });

    const authorizeOp = egress ? 'AuthorizeSecurityGroupEgress' : 'AuthorizeSecurityGroupIngress';
    aws.on('ec2', authorizeOp, (input, region) => {
      const group = groupFor(authorizeOp, input, region);
      const perms: Array<Record<string, any>> = input.IpPermissions ?? [];
      if (perms.length === 0) throw error(authorizeOp, region, 'MissingParameter', 'The request must contain the parameter ipPermissions');
      const rules: FakeRule[] = perms.flatMap((p) => {
        const IpProtocol = PROTOCOL_NAMES[String(p.IpProtocol).toLowerCase()] ?? String(p.IpProtocol).toLowerCase();
        const ports = IpProtocol === '-1' ? { FromPort: -1, ToPort: -1 } : { FromPort: p.FromPort ?? -1, ToPort: p.ToPort ?? -1 };
        const base = (peer: Partial<FakeRule>, d?: string): FakeRule => ({
          SecurityGroupRuleId: '', IsEgress: egress, IpProtocol, ...ports, ...peer, ...(d ? { Description: d } : {}),
        });
        return [
          ...(p.IpRanges ?? []).map((x: any) => base({ CidrIpv4: x.CidrIp }, x.Description)),
          ...(p.Ipv6Ranges ?? []).map((x: any) => base({ CidrIpv6: x.CidrIpv6 }, x.Description)),
          ...(p.PrefixListIds ?? []).map((x: any) => base({ PrefixListId: x.PrefixListId }, x.Description)),
          ...(p.UserIdGroupPairs ?? []).map((x: any) => base(referencedPeer(authorizeOp, region, x), x.Description)),
        ];
      });
      for (const r of rules) {
        if (group.rules.some((x) => samePermission(x, r))) throw error(authorizeOp, region, 'InvalidPermission.Duplicate', `the specified rule "${ruleText(r)}" already exists`);
      }
      for (const r of rules) r.SecurityGroupRuleId = newRuleId();
      if (!model.ignoreWrites) group.rules.push(...rules);
      // Authorize answers with full SecurityGroupRule records (ReferencedGroupInfo, not ReferencedGroupId).
      return {
        Return: true,
        SecurityGroupRules: rules.map((r) => {
          const { ReferencedGroupId, ...view } = revokedView(group, r);
          return {
            ...view, GroupOwnerId: account, Tags: [], SecurityGroupRuleArn: ruleArn(region, account, r.SecurityGroupRuleId),
            ...(ReferencedGroupId ? { ReferencedGroupInfo: referencedGroupInfo(r, account) } : {}),
          };
        }),
      };
    });
  }
}
