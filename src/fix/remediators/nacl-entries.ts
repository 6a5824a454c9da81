import { inRegion } from '../../checks/networking/ec2-resources.js';
import { aclPortsCovered, entryText, internetSource } from '../../checks/networking/nacl-admin-ports.js';
import { networkAcls, type NetworkAcl, type NetworkAclEntry } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, Step, WriteCall } from '../types.js';

// NACL admin ports: delete exactly the ingress entries the findings name (by ACL id and rule number), only with
// --allow-disruptive — a NACL entry often carries other traffic too (the default ACL's rule 100 allows everything).
// Undo re-creates each entry with its rule number and every field.

const CHECK = 'ec2-nacl-no-public-admin-ports';
const ID = 'nacl-entries';
const SOURCE = 'ec2:DescribeNetworkAcls';

interface Named { region: string; aclId: string; ruleNumber: number; ports: number[]; message: string }

/** The ACL id, rule number and admin ports a finding names in its evidence. */
function namedEntry(f: Finding): Named | undefined {
  for (const e of f.evidence) {
    const m = e.source === SOURCE ? /^NetworkAcls\[(acl-[0-9a-zA-Z]+)\]\.Entries\[RuleNumber=(\d+),Egress=false\]$/.exec(e.field) : null;
    if (!m) continue;
    const covered = (e.value as { PortsCovered?: unknown } | null)?.PortsCovered;
    const ports = Array.isArray(covered) ? covered.filter((p): p is number => typeof p === 'number') : [];
    return { region: f.region, aclId: m[1]!, ruleNumber: Number(m[2]), ports, message: f.message };
  }
  return undefined;
}

/** CreateNetworkAclEntry's input re-creating the entry exactly (rule number, direction, action, protocol, range, ports). */
export function createEntryInput(aclId: string, e: NetworkAclEntry): Record<string, unknown> {
  return {
    NetworkAclId: aclId, RuleNumber: e.ruleNumber, Egress: e.egress, RuleAction: e.ruleAction, Protocol: e.protocol,
    ...(e.cidrBlock !== undefined ? { CidrBlock: e.cidrBlock } : {}),
    ...(e.ipv6CidrBlock !== undefined ? { Ipv6CidrBlock: e.ipv6CidrBlock } : {}),
    ...(e.portRange ? { PortRange: { From: e.portRange.from, To: e.portRange.to } } : {}),
  };
}

const label = (acl: NetworkAcl) => `${acl.networkAclId}${acl.isDefault ? ' (default)' : ''} in ${acl.vpcId ?? '(no VPC listed)'}`;

export const naclEntriesRemediator: Remediator = {
  id: ID,
  checks: [CHECK],
  // Delete to fix; Create only for `cis-audit undo`.
  permissions: ['ec2:DeleteNetworkAclEntry', 'ec2:CreateNetworkAclEntry'],
  needs: [networkAcls],
  async plan({ state, ctx, failing, options }) {
    const plan: RemediationPlan = { remediator: ID, checks: [CHECK], steps: [], guidance: [] };
    const all = state.get(networkAcls);
    const targets: Array<{ acl: NetworkAcl; entry: NetworkAclEntry; ports: number[]; region: string }> = [];
    for (const f of failing.get(CHECK) ?? []) {
      const named = namedEntry(f);
      if (!named) {
        plan.guidance.push(`${f.region}: ${f.message} — the finding names no ACL entry; delete it by hand`);
        continue;
      }
      const got = inRegion(all, named.region, networkAcls.key);
      if (!got.ok) {
        plan.guidance.push(`${named.region}: nothing planned for ${named.aclId}, the network ACLs could not be read: ${describeReadError(got.error)}`);
        continue;
      }
      const acl = got.value.find((a) => a.networkAclId === named.aclId);
      const entry = acl?.entries.find((e) => !e.egress && e.ruleNumber === named.ruleNumber);
      // The finding and the datum come from one scan; anything else means the entry is not what the check judged.
      if (!acl || !entry || entry.ruleAction.toLowerCase() !== 'allow' || internetSource(entry) === undefined || aclPortsCovered(entry, named.ports, 'tcp-udp').length === 0) {
        plan.guidance.push(`${named.region}: ingress entry ${named.ruleNumber} of ${named.aclId} is not in the collected ACLs as an internet allow entry; review it by hand`);
        continue;
      }
      if (acl.ownerId !== ctx.account) {
        plan.guidance.push(`${named.region}: ${acl.networkAclId} belongs to account ${acl.ownerId}; delete entry ${entry.ruleNumber} with credentials of that account`);
        continue;
      }
      // One entry named by two findings (two controls sharing the check) is deleted once.
      const same = targets.find((t) => t.region === named.region && t.acl === acl && t.entry === entry);
      if (same) same.ports = [...new Set([...same.ports, ...named.ports])].sort((a, b) => a - b);
      else targets.push({ acl, entry, ports: named.ports, region: named.region });
    }
    if (targets.length === 0) return plan;
    if (!options.allowDisruptive) {
      for (const t of targets) {
        plan.guidance.push(`${t.region}: ${label(t.acl)}: ingress entry ${t.entry.ruleNumber} (${entryText(t.entry)}) admits port(s) ${t.ports.join(', ')} from the internet — `
          + `\`aws ec2 delete-network-acl-entry --region ${t.region} --network-acl-id ${t.acl.networkAclId} --ingress --rule-number ${t.entry.ruleNumber}\` `
          + `(or rerun the fix with --allow-disruptive); first make sure subnets ${t.acl.subnetIds.join(', ') || '(none associated)'} need nothing else it allows`);
      }
      return plan;
    }
    plan.steps.push(...targets.map((t) => deleteStep(t.region, t.acl, t.entry, t.ports)));
    return plan;
  },
};

function deleteStep(region: string, acl: NetworkAcl, entry: NetworkAclEntry, ports: number[]): Step {
  const create: WriteCall = { service: 'ec2', region, operation: 'CreateNetworkAclEntry', input: createEntryInput(acl.networkAclId, entry) };
  // Only a one-port TCP/UDP entry carries nothing but the admin port; all traffic or a range carries more.
  const onlyAdmin = !['-1', 'all'].includes(entry.protocol.toLowerCase()) && entry.portRange !== undefined && entry.portRange.from === entry.portRange.to;
  const subnets = acl.subnetIds.length > 0 ? `subnets ${acl.subnetIds.join(', ')}` : 'no subnet yet (the ACL is not associated)';
  return {
    describe: `delete ingress entry ${entry.ruleNumber} of network ACL ${label(acl)}, ${region}: ${entryText(entry)}`,
    call: { service: 'ec2', region, operation: 'DeleteNetworkAclEntry', input: { NetworkAclId: acl.networkAclId, RuleNumber: entry.ruleNumber, Egress: false } },
    prior: { NetworkAclId: acl.networkAclId, VpcId: acl.vpcId ?? null, IsDefault: acl.isDefault, SubnetIds: acl.subnetIds, entry: create.input },
    undo: [create],
    changes: [`${acl.networkAclId} (${region})`],
    warning: `deleting it stops port(s) ${ports.join(', ')} from ${internetSource(entry)} reaching ${subnets} (live sessions drop)`
      + (onlyAdmin ? '' : `; it also allows ${entryText(entry).replace(/^rule \d+ ingress allow /, '')}: ALL of that inbound traffic stops too unless a higher-numbered entry allows it — `
        + 'including replies to connections the subnets open (NACLs are stateless: allow ephemeral ports 1024-65535 separately if needed)'),
  };
}
