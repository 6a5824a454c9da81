import type { CheckParams } from '../checks/check.js';
import { CIS_MONITORING_PATTERNS, type CisMonitoringEvent } from '../checks/monitoring/cis-patterns.js';

// The metric-filter patterns each CIS version prescribes (any one accepted form suffices), passed to the monitoring
// checks as `monitoringPatterns`. Texts exactly as the versions print them (shared/reference/cis-versions.md §6,
// cis-aws-v1.2.md §2); a filter is then compared by meaning (SPEC equivalence) or, with --strict-patterns, by text.

export type MonitoringPatternSet = Readonly<Record<CisMonitoringEvent, readonly string[]>>;

/** v1.2.0's texts (and the Organizations text, which v1.2.0 lacks): what a version did not change. */
const UNCHANGED: MonitoringPatternSet = Object.fromEntries(
  Object.entries(CIS_MONITORING_PATTERNS).map(([event, spec]) => [event, spec.accepted]),
) as unknown as MonitoringPatternSet;

/** v1.4.0 4.1: the two exclusions joined with `||`, so as written it matches nearly every event. */
export const UNAUTHORIZED_V1_4 =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress!="delivery.logs.amazonaws.com") || ($.eventName!="HeadBucket") }';
/** v2.0.0+ 4.1/5.1: `&&` binds tighter than `||`, so this means `A || (B && C && D)`; compared by that meaning. */
export const UNAUTHORIZED_V2 =
  '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }';
/** v5.0.0+ 4.10/5.10: security group changes including ModifySecurityGroupRules. */
export const SECURITY_GROUPS_V5 =
  '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }';
/** v4.0.0+ audit text of 4.13/5.13: the event source prepended without parentheses (ties only CreateRoute to ec2). */
export const ROUTE_TABLES_V4_SOURCE =
  '{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }';

/** v1.4.0: 4.1 changed; 4.2 keeps the SSO-friendly alternative; 4.15 (Organizations) is new. */
export const PATTERNS_1_4_0: MonitoringPatternSet = {
  ...UNCHANGED,
  'unauthorized-api-calls': [UNAUTHORIZED_V1_4],
};

/** v2.0.0 through v3.0.0: 4.1 joins the exclusions with `&&`. */
export const PATTERNS_3_0_0: MonitoringPatternSet = {
  ...PATTERNS_1_4_0,
  'unauthorized-api-calls': [UNAUTHORIZED_V2],
};

/** v5.0.0 (and v6.0.0, v7.0.0, which renumber it): ModifySecurityGroupRules; route tables in both published forms. */
export const PATTERNS_5_0_0: MonitoringPatternSet = {
  ...PATTERNS_3_0_0,
  'security-group-changes': [SECURITY_GROUPS_V5],
  'route-table-changes': [...UNCHANGED['route-table-changes'], ROUTE_TABLES_V4_SOURCE],
};

/** A version file's `params` for each monitoring row: `{ params: patternParams(PATTERNS_5_0_0)['vpc-changes'] }`. */
export function patternParams(set: MonitoringPatternSet): Readonly<Record<CisMonitoringEvent, CheckParams>> {
  return Object.fromEntries(Object.entries(set).map(([event, texts]) => [event, { monitoringPatterns: texts }])) as Record<CisMonitoringEvent, CheckParams>;
}
