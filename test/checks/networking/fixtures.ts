// Collected EC2 state for the networking check tests, shaped as the ec2 datums return it.
import type { DatumDef, Regional } from '../../../src/collect/datum.js';
import {
  flowLogs, instances, networkAcls, routeTables, securityGroupRules, securityGroups, vpcEndpoints, vpcPeeringConnections, vpcs,
  type FlowLog, type Instance, type NetworkAcl, type NetworkAclEntry, type Route, type RouteTable, type SecurityGroup, type SecurityGroupRule,
  type Vpc, type VpcEndpoint, type VpcPeeringConnection,
} from '../../../src/collect/ec2.js';
import { failed, ok, type Got } from '../../../src/model/got.js';
import { ACCOUNT, type StateEntry } from '../../helpers/check-state.js';

export const EAST = 'us-east-1';
export const WEST = 'us-west-2';

export const vpc = (vpcId: string, over: Partial<Vpc> = {}): Vpc => ({ vpcId, ownerId: ACCOUNT, isDefault: false, ...over });

export const flowLog = (flowLogId: string, resourceId: string, over: Partial<FlowLog> = {}): FlowLog => ({
  flowLogId, resourceId, flowLogStatus: 'ACTIVE', trafficType: 'REJECT', deliverLogsStatus: 'SUCCESS', ...over,
});

export const group = (groupId: string, groupName: string, vpcId: string, over: Partial<SecurityGroup> = {}): SecurityGroup => ({
  groupId, groupName, vpcId, ownerId: ACCOUNT, ...over,
});

/** An ingress TCP rule (override anything). */
export const rule = (ruleId: string, groupId: string, over: Partial<SecurityGroupRule> = {}): SecurityGroupRule => ({
  ruleId, groupId, groupOwnerId: ACCOUNT, isEgress: false, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/8', ...over,
});

/** The two rules AWS gives every new default group: all traffic from itself, all traffic out. */
export const defaultRules = (groupId: string, prefix = 'sgr-def'): SecurityGroupRule[] => [
  rule(`${prefix}-in`, groupId, { ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: undefined, referencedGroupId: groupId }),
  rule(`${prefix}-out`, groupId, { isEgress: true, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }),
];

export const deniedIn = <T>(region: string, operation: string, code = 'UnauthorizedOperation'): Got<T> =>
  failed({ service: 'ec2', operation, region, code, message: `You are not authorized to perform this operation. (${operation})` });

type PerRegion<T> = Record<string, T[] | Got<T[]>>;

function regional<T>(per: PerRegion<T>): Got<Regional<T[]>> {
  return ok(Object.fromEntries(Object.entries(per).map(([r, v]) => [r, Array.isArray(v) ? ok(v) : v])));
}

export interface Ec2State {
  vpcs?: PerRegion<Vpc>;
  flowLogs?: PerRegion<FlowLog>;
  groups?: PerRegion<SecurityGroup>;
  rules?: PerRegion<SecurityGroupRule>;
}

/** State entries for the four EC2 datums; a datum not given is empty in every region listed by the others. */
export function ec2State(s: Ec2State): StateEntry[] {
  const regions = [...new Set([s.vpcs, s.flowLogs, s.groups, s.rules].flatMap((p) => Object.keys(p ?? {})))];
  const empty = <T>(p: PerRegion<T> | undefined): PerRegion<T> => p ?? Object.fromEntries(regions.map((r) => [r, [] as T[]]));
  return [
    [vpcs, regional(empty(s.vpcs))],
    [flowLogs, regional(empty(s.flowLogs))],
    [securityGroups, regional(empty(s.groups))],
    [securityGroupRules, regional(empty(s.rules))],
  ];
}

export const vpcArnOf = (vpcId: string, region = EAST, owner = ACCOUNT) => `arn:aws:ec2:${region}:${owner}:vpc/${vpcId}`;
export const sgArnOf = (groupId: string, region = EAST, owner = ACCOUNT) => `arn:aws:ec2:${region}:${owner}:security-group/${groupId}`;
export const ACCOUNT_ARN = `arn:aws:iam::${ACCOUNT}:root`;

// ---------------------------------------------------------------------------------------------------------------
// Network ACLs, instances, peering, route tables and endpoints

export { networkAcls, instances, vpcPeeringConnections, routeTables, vpcEndpoints, vpcs };

/** One datum's per-region state: a list is ok(list), a Got (e.g. deniedIn) is kept as is. */
export const perRegion = <T>(def: DatumDef<Regional<T[]>>, per: PerRegion<T>): StateEntry => [def, regional(per)];

/** An ingress entry allowing TCP 443 from 10.0.0.0/8 (override anything). */
export const aclEntry = (ruleNumber: number, over: Partial<NetworkAclEntry> = {}): NetworkAclEntry => ({
  ruleNumber, egress: false, ruleAction: 'allow', protocol: '6', cidrBlock: '10.0.0.0/8', portRange: { from: 443, to: 443 }, ...over,
});

export const acl = (networkAclId: string, entries: NetworkAclEntry[], over: Partial<NetworkAcl> = {}): NetworkAcl => ({
  networkAclId, ownerId: ACCOUNT, vpcId: 'vpc-prod', isDefault: false, entries, subnetIds: ['subnet-a'], ...over,
});

/** A running instance requiring IMDSv2, with an instance profile. */
export const instance = (instanceId: string, over: Partial<Instance> = {}): Instance => ({
  instanceId, state: 'running', name: `host-${instanceId.slice(2)}`, vpcId: 'vpc-prod',
  metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', state: 'applied' },
  instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/app`, ...over,
});

export const peering = (id: string, over: Partial<VpcPeeringConnection> = {}): VpcPeeringConnection => ({
  vpcPeeringConnectionId: id, status: 'active',
  requester: { ownerId: ACCOUNT, vpcId: 'vpc-prod', region: EAST, cidrBlocks: ['10.10.0.0/16'] },
  accepter: { ownerId: '444455556666', vpcId: 'vpc-partner', region: EAST, cidrBlocks: ['10.50.0.0/16'] },
  ...over,
});

export const routeTable = (routeTableId: string, vpcId: string, routes: Route[]): RouteTable => ({ routeTableId, ownerId: ACCOUNT, vpcId, routes });

export const endpoint = (vpcEndpointId: string, vpcId: string, over: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
  vpcEndpointId, vpcId, vpcEndpointType: 'Gateway', serviceName: 'com.amazonaws.us-east-1.s3', state: 'available', routeTableIds: ['rtb-1'], subnetIds: [], ...over,
});

/** A failed Got as throttling that outlived the retries leaves it. */
export const throttledIn = <T>(region: string, operation: string): Got<T> =>
  failed({ service: 'ec2', operation, region, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' });

export const instanceArnOf = (id: string, region = EAST) => `arn:aws:ec2:${region}:${ACCOUNT}:instance/${id}`;
export const aclArnOf = (id: string, region = EAST) => `arn:aws:ec2:${region}:${ACCOUNT}:network-acl/${id}`;
