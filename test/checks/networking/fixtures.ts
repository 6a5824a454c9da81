// Collected EC2 state for the networking check tests, shaped as the ec2 datums return it.
import type { Regional } from '../../../src/collect/datum.js';
import {
  flowLogs, securityGroupRules, securityGroups, vpcs,
  type FlowLog, type SecurityGroup, type SecurityGroupRule, type Vpc,
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
