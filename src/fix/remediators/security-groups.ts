import { describeRule, inRegion, ruleEvidence, rulePeer, rulePorts } from '../../checks/networking/ec2-resources.js';
import { coversPort, coversTcpPort, isPublicIngress, type AdminProtocols } from '../../checks/networking/public-admin-ports.js';
import { securityGroupRules, securityGroups, vpcs, type SecurityGroup, type SecurityGroupRule } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import { describeReadError, type Got } from '../../model/got.js';
import type { RemediationPlan, Remediator, Step, WriteCall } from '../types.js';

// 4.1 / 4.2 / 4.3 (and the newer versions' admin-ports control) in one remediator: a default group's internet SSH
// rule fails 4.1, 4.3 and the admin-ports check alike, and two remediators would each revoke it (the second call
// then fails on a rule id that no longer exists).

const SSH = 'ec2-no-public-ssh';
const RDP = 'ec2-no-public-rdp';
const DEFAULT_SG = 'ec2-default-sg-closed';
/** The newer versions' check: its findings name the admin ports each rule covers (PortsCovered), TCP or UDP. */
const ADMIN = 'ec2-no-public-admin-ports';
const ADMIN_PORTS: Record<string, { port: number; name: string }> = { [SSH]: { port: 22, name: 'SSH' }, [RDP]: { port: 3389, name: 'RDP' } };
const portName = (port: number) => (port === 22 ? 'SSH' : port === 3389 ? 'RDP' : `port ${port}`);
const RULES_SOURCE = 'ec2:DescribeSecurityGroupRules';

/** The IpPermission that re-creates exactly this rule (one peer, its description kept). */
export function ipPermissionOf(rule: SecurityGroupRule): Record<string, unknown> {
  const d = rule.description !== undefined ? { Description: rule.description } : {};
  const perm: Record<string, unknown> = { IpProtocol: rule.ipProtocol, FromPort: rule.fromPort, ToPort: rule.toPort };
  if (rule.cidrIpv4 !== undefined) perm.IpRanges = [{ CidrIp: rule.cidrIpv4, ...d }];
  else if (rule.cidrIpv6 !== undefined) perm.Ipv6Ranges = [{ CidrIpv6: rule.cidrIpv6, ...d }];
  else if (rule.prefixListId !== undefined) perm.PrefixListIds = [{ PrefixListId: rule.prefixListId, ...d }];
  else if (rule.referencedGroupId !== undefined) perm.UserIdGroupPairs = [userIdGroupPair(rule, d)];
  return perm;
}

/**
 * The UserIdGroupPair naming the referenced group. A group of another account (peered or shared VPC) needs its owner's
 * UserId, or EC2 looks the id up in this account; a group of the rule's own account is named by its id alone, which
 * EC2 accepts. The peered VPC and peering connection go along when EC2 reported them (both are request members).
 */
function userIdGroupPair(rule: SecurityGroupRule, d: { Description?: string }): Record<string, unknown> {
  return {
    GroupId: rule.referencedGroupId,
    ...(rule.referencedUserId !== undefined && rule.referencedUserId !== rule.groupOwnerId ? { UserId: rule.referencedUserId } : {}),
    ...(rule.referencedVpcId !== undefined ? { VpcId: rule.referencedVpcId } : {}),
    ...(rule.referencedVpcPeeringConnectionId !== undefined ? { VpcPeeringConnectionId: rule.referencedVpcPeeringConnectionId } : {}),
    ...d,
  };
}

/** The rule as the journal records it before it is revoked: the evidence form (the group is the step's) and its description. */
const priorRule = (r: SecurityGroupRule) => {
  const { GroupId: _group, ...rule } = ruleEvidence(r);
  return { ...rule, ...(r.description !== undefined ? { Description: r.description } : {}) };
};

const withDescription = (r: SecurityGroupRule) => `${describeRule(r)}${r.description !== undefined ? ` "${r.description}"` : ''}`;

const ruleEvidenceOf = (f: Finding) =>
  f.evidence.find((x) => x.source === RULES_SOURCE && /^SecurityGroupRules\[sgr-/.test(x.field))?.value as
    { SecurityGroupRuleId?: unknown; PortsCovered?: unknown } | undefined;

/** The rule id a 4.1/4.2 (or admin-ports) finding names in its evidence. */
function offendingRuleId(f: Finding): string | undefined {
  const id = ruleEvidenceOf(f)?.SecurityGroupRuleId;
  return typeof id === 'string' ? id : undefined;
}

/** What the finding says the rule opens: SSH/RDP over TCP for 4.1/4.2; the admin-ports check's PortsCovered over TCP or UDP. */
function openedBy(check: string, f: Finding): Opened[] {
  if (check !== ADMIN) return [{ ...ADMIN_PORTS[check]!, protocols: 'tcp' }];
  const ports = ruleEvidenceOf(f)?.PortsCovered;
  return Array.isArray(ports) ? ports.filter((p): p is number => typeof p === 'number').map((port) => ({ port, name: portName(port), protocols: 'tcp-udp' })) : [];
}

interface Opened { port: number; name: string; protocols: AdminProtocols }

const groupIdOf = (arn: string) => /:security-group\/(sg-[0-9a-zA-Z]+)$/.exec(arn)?.[1];

interface GroupWork {
  region: string;
  groupId: string;
  /** Public ingress rule id → the admin ports (SSH, RDP, …) it opens, as the findings name them. */
  publicRules: Map<string, Opened[]>;
  /** 4.3 fails for this default group: every rule goes. */
  closeAll: boolean;
}

/** 4.1/4.2/admin ports: revoke exactly the internet ingress rules the findings name, by rule id; 4.3: revoke every rule of each failing default group. */
export const securityGroupsRemediator: Remediator = {
  id: 'security-groups',
  checks: [SSH, RDP, ADMIN, DEFAULT_SG],
  // Revoke to fix; Authorize only for `cis-audit undo`.
  permissions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress'],
  needs: [vpcs, securityGroups, securityGroupRules],
  async plan({ state, ctx, failing }) {
    const plan: RemediationPlan = { remediator: 'security-groups', checks: [...failing.keys()], steps: [], guidance: [] };
    const allRules = state.get(securityGroupRules);
    const allGroups = state.get(securityGroups);
    const selected = [...failing.keys()]
      .map((c) => (ADMIN_PORTS[c] ? `internet ${ADMIN_PORTS[c].name} rules` : c === ADMIN ? 'internet remote-administration rules' : 'default group rules')).join(', ');

    // What each region needs changed, in scan order; unreadable regions get guidance instead of steps.
    const work = new Map<string, GroupWork>();
    const unreadable = new Set<string>();
    for (const region of ctx.regions) {
      const reads: Array<Got<unknown>> = [inRegion(allGroups, region, securityGroups.key), inRegion(allRules, region, securityGroupRules.key)];
      // The scan collected the VPCs only if the default-group check was selected; asking otherwise throws.
      if (failing.has(DEFAULT_SG)) reads.push(inRegion(state.get(vpcs), region, vpcs.key));
      const errors = reads.flatMap((g) => (g.ok ? [] : [describeReadError(g.error)]));
      if (errors.length > 0) {
        unreadable.add(region);
        plan.guidance.push(`${region}: nothing planned (${selected}) — the security groups could not be read: ${errors.join('; ')}. Rerun the fix once this region is readable.`);
      }
    }
    const entry = (region: string, groupId: string) => {
      const key = `${region}|${groupId}`;
      const w = work.get(key) ?? { region, groupId, publicRules: new Map<string, Opened[]>(), closeAll: false };
      work.set(key, w);
      return w;
    };
    for (const [check, findings] of failing) {
      for (const f of findings) {
        if (unreadable.has(f.region)) continue;
        const groupId = groupIdOf(f.resource);
        if (!groupId) {
          plan.guidance.push(`${f.region}: cannot tell which security group "${f.message}" is about; fix it by hand`);
          continue;
        }
        if (check === DEFAULT_SG) {
          entry(f.region, groupId).closeAll = true;
          continue;
        }
        const ruleId = offendingRuleId(f);
        const opened = openedBy(check, f);
        if (!ruleId || opened.length === 0) {
          plan.guidance.push(`${f.region}: ${f.message} — the finding names no rule id; revoke the rule by hand`);
          continue;
        }
        const w = entry(f.region, groupId);
        w.publicRules.set(ruleId, [...(w.publicRules.get(ruleId) ?? []), ...opened]);
      }
    }

    // Steps ordered by region (as scanned), then by group as DescribeSecurityGroups listed them.
    const listedAt = (w: GroupWork) => {
      const g = inRegion(allGroups, w.region, securityGroups.key);
      return g.ok ? g.value.findIndex((x) => x.groupId === w.groupId) : -1;
    };
    const ordered = [...work.values()].sort((a, b) => ctx.regions.indexOf(a.region) - ctx.regions.indexOf(b.region) || listedAt(a) - listedAt(b));
    for (const w of ordered) {
      const rules = inRegion(allRules, w.region, securityGroupRules.key);
      const groups = inRegion(allGroups, w.region, securityGroups.key);
      if (!rules.ok || !groups.ok) continue;
      const group = groups.value.find((g) => g.groupId === w.groupId);
      const ofGroup = rules.value.filter((r) => r.groupId === w.groupId);
      const owner = ofGroup[0]?.groupOwnerId ?? group?.ownerId ?? ctx.account;
      if (owner !== ctx.account) {
        plan.guidance.push(`${w.region}: ${w.groupId} belongs to account ${owner}; revoke its rules with credentials of that account`);
        continue;
      }
      if (w.closeAll) {
        plan.steps.push(...closeDefaultGroup(w, group, ofGroup, groups.value, ctx.account));
        continue;
      }
      const step = revokePublic(w, group, ofGroup, plan.guidance);
      if (step) plan.steps.push(step);
    }
    return plan;
  },
};

const groupLabel = (groupId: string, group: SecurityGroup | undefined) =>
  `${groupId} (${group?.groupName ?? 'name not listed'}) in ${group?.vpcId ?? 'no VPC listed'}`;

const revoke = (region: string, direction: 'Ingress' | 'Egress', groupId: string, rules: SecurityGroupRule[]): WriteCall => ({
  service: 'ec2', region, operation: `RevokeSecurityGroup${direction}`, input: { GroupId: groupId, SecurityGroupRuleIds: rules.map((r) => r.ruleId) },
});
const authorize = (region: string, direction: 'Ingress' | 'Egress', groupId: string, rules: SecurityGroupRule[]): WriteCall => ({
  service: 'ec2', region, operation: `AuthorizeSecurityGroup${direction}`, input: { GroupId: groupId, IpPermissions: rules.map(ipPermissionOf) },
});

/** 4.1/4.2/admin ports: one step per group revoking only its internet rules that open SSH/RDP (or the named ports); its other rules stay. */
function revokePublic(w: GroupWork, group: SecurityGroup | undefined, ofGroup: SecurityGroupRule[], guidance: string[]): Step | undefined {
  const targets: SecurityGroupRule[] = [];
  for (const [ruleId, opened] of w.publicRules) {
    const rule = ofGroup.find((r) => r.ruleId === ruleId);
    // The finding and the datum come from the same scan; a mismatch means the rule is not what the check judged.
    if (!rule || !isPublicIngress(rule) || !opened.some((o) => coversPort(rule, o.port, o.protocols))) {
      guidance.push(`${w.region}: rule ${ruleId} of ${w.groupId} is not in the collected rules as an internet ingress rule; review it by hand`);
      continue;
    }
    targets.push(rule);
  }
  if (targets.length === 0) return undefined;
  const opened = targets.flatMap((r) => w.publicRules.get(r.ruleId)!);
  // SSH before RDP before other ports, each once.
  const admin = [...new Set(opened.sort((a, b) => a.port - b.port).map((o) => o.name))].join(' and ');
  const adminPorts = new Set(opened.map((o) => o.port));
  const wider = targets.filter((r) => !(r.fromPort === r.toPort && adminPorts.has(r.fromPort)));
  const sources = [...new Set(targets.map(rulePeer))].join(', ');
  return {
    describe: `revoke ${targets.length} internet ingress rule(s) opening ${admin} on ${groupLabel(w.groupId, group)}, ${w.region}: ${targets.map(withDescription).join('; ')}`,
    call: revoke(w.region, 'Ingress', w.groupId, targets),
    prior: { GroupId: w.groupId, GroupName: group?.groupName, VpcId: group?.vpcId, rules: targets.map(priorRule) },
    undo: [authorize(w.region, 'Ingress', w.groupId, targets)],
    changes: [`${w.groupId} (${w.region})`],
    warning: `revoking cuts live ${admin} sessions from ${sources} to anything in ${w.groupId} (${group?.groupName ?? '?'}) and blocks new ones — rule(s) ${targets.map((r) => r.ruleId).join(', ')}; `
      + 'make sure admins have another way in (SSM Session Manager, VPN, a narrower CIDR) first'
      + (wider.length > 0 ? `. ${wider.map((r) => `${r.ruleId} allows ${rulePorts(r)}`).join(', ')}: that other traffic from the internet stops too unless another rule allows it` : ''),
  };
}

/** 4.3: revoke every ingress and every egress rule of a failing default group (one step per direction). */
function closeDefaultGroup(w: GroupWork, group: SecurityGroup | undefined, ofGroup: SecurityGroupRule[], listed: SecurityGroup[], account: string): Step[] {
  const steps: Step[] = [];
  for (const direction of ['Ingress', 'Egress'] as const) {
    const rules = ofGroup.filter((r) => r.isEgress === (direction === 'Egress'));
    if (rules.length === 0) continue;
    const admin = direction === 'Ingress'
      ? Object.values(ADMIN_PORTS).filter((a) => rules.some((r) => isPublicIngress(r) && coversTcpPort(r, a.port))).map((a) => a.name)
      : [];
    // Undo names a referenced group with its owner account. EC2 leaves the owner out only when the group no longer
    // exists; such a reference to a group this account does not list cannot be re-created as it was.
    const unowned = rules.filter((r) => r.referencedGroupId !== undefined && r.referencedUserId === undefined && !listed.some((g) => g.groupId === r.referencedGroupId));
    steps.push({
      describe: `revoke every ${direction.toLowerCase()} rule (${rules.length}) of default group ${groupLabel(w.groupId, group)}, ${w.region}: ${rules.map(withDescription).join('; ')}`,
      call: revoke(w.region, direction, w.groupId, rules),
      prior: { GroupId: w.groupId, GroupName: group?.groupName, VpcId: group?.vpcId, rules: rules.map(priorRule) },
      undo: [authorize(w.region, direction, w.groupId, rules)],
      changes: [`${w.groupId} (${w.region})`],
      warning: `anything still using default group ${w.groupId} of ${group?.vpcId ?? '?'} loses this ${direction === 'Ingress' ? 'inbound' : 'outbound'} traffic (${rules.map((r) => `${rulePorts(r)} ${r.isEgress ? 'to' : 'from'} ${rulePeer(r)}`).join(', ')})`
        + (admin.length > 0 ? `, including live ${admin.join(' and ')} sessions from the internet` : '')
        + `; see what uses it first: aws ec2 describe-network-interfaces --region ${w.region} --filters Name=group-id,Values=${w.groupId}`
        + (unowned.length > 0
          ? `. EC2 did not say which account owns ${unowned.map((r) => r.referencedGroupId).join(', ')} (deleted?): undo would re-create the reference as group(s) of account ${account}; if that fails, re-add the rule by hand`
          : ''),
    });
  }
  return steps;
}
