import { networkAcls, type NetworkAcl, type NetworkAclEntry } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import type { Check, CheckContext } from '../check.js';
import { accountResource, fail, notApplicable, pass, readErrorFinding } from '../findings.js';
import { ec2Arn, inRegion, isWholeInternet } from './ec2-resources.js';
import { DEFAULT_ADMIN_PORTS, type AdminProtocols } from './public-admin-ports.js';

const SOURCE = 'ec2:DescribeNetworkAcls';
// EC2 sends protocol numbers; names are accepted too, so a hand-edited snapshot reads the same.
const PROTOCOL_NUMBER: Record<string, string> = { tcp: '6', udp: '17', all: '-1' };
const RULE_ORDER_NOTE = 'each allow entry is judged on its own, as CIS does: a lower-numbered deny is listed here but does not clear it';

const protocolOf = (e: NetworkAclEntry) => PROTOCOL_NUMBER[e.protocol.toLowerCase()] ?? e.protocol;

/** The admin ports the entry lets in: all traffic (-1) covers every port; TCP (6), and UDP (17) under 'tcp-udp', by PortRange. */
export function aclPortsCovered(e: NetworkAclEntry, ports: readonly number[], protocols: AdminProtocols): number[] {
  const protocol = protocolOf(e);
  if (protocol === '-1') return [...ports];
  if (protocol !== '6' && !(protocols === 'tcp-udp' && protocol === '17')) return [];
  // TCP/UDP entries always carry a PortRange; one without it is read as every port (the cautious reading).
  if (!e.portRange) return [...ports];
  return ports.filter((p) => e.portRange!.from <= p && p <= e.portRange!.to);
}

/** 0.0.0.0/0 (CIS) or ::/0 (the same exposure over IPv6; CIS's text names only IPv4): the entry's whole-internet source. */
export const internetSource = (e: NetworkAclEntry) =>
  isWholeInternet(e.cidrBlock) ? e.cidrBlock : isWholeInternet(e.ipv6CidrBlock) ? e.ipv6CidrBlock : undefined;

export const entryText = (e: NetworkAclEntry) => {
  const protocol = protocolOf(e);
  const what = protocol === '-1' ? 'all traffic'
    : `${protocol === '6' ? 'tcp' : protocol === '17' ? 'udp' : `protocol ${protocol}`} ${e.portRange ? (e.portRange.from === e.portRange.to ? `port ${e.portRange.from}` : `ports ${e.portRange.from}-${e.portRange.to}`) : 'all ports'}`;
  return `rule ${e.ruleNumber} ${e.egress ? 'egress' : 'ingress'} ${e.ruleAction} ${what} from ${e.cidrBlock ?? e.ipv6CidrBlock ?? '?'}`;
};

const entryEvidence = (e: NetworkAclEntry) => ({
  RuleNumber: e.ruleNumber, Egress: e.egress, RuleAction: e.ruleAction, Protocol: e.protocol,
  ...(e.cidrBlock !== undefined ? { CidrBlock: e.cidrBlock } : {}),
  ...(e.ipv6CidrBlock !== undefined ? { Ipv6CidrBlock: e.ipv6CidrBlock } : {}),
  ...(e.portRange ? { PortRange: { From: e.portRange.from, To: e.portRange.to } } : {}),
});

/** No network ACL has an ingress allow entry from the whole internet to a remote administration port. */
export const naclNoPublicAdminPortsCheck: Check = {
  id: 'ec2-nacl-no-public-admin-ports',
  description: 'No network ACL has an ingress ALLOW entry from 0.0.0.0/0 (or ::/0) covering remote administration ports (22, 3389)',
  needs: [networkAcls],
  params: ['adminPorts', 'adminProtocols'],
  evaluate(state, ctx) {
    const ports = ctx.params.adminPorts ?? DEFAULT_ADMIN_PORTS;
    const protocols = ctx.params.adminProtocols ?? 'tcp-udp';
    const expected = `no ingress ALLOW entry from 0.0.0.0/0 or ::/0 with protocol -1 or ${protocols === 'tcp' ? '6 (TCP)' : '6 (TCP) / 17 (UDP)'} covering ${ports.join(' or ')}`;
    const out: Finding[] = [];
    const account = accountResource(ctx);
    for (const region of ctx.regions) {
      const got = inRegion(state.get(networkAcls), region, networkAcls.key);
      if (!got.ok) {
        out.push(readErrorFinding(account, region, got.error, 'the network ACLs'));
        continue;
      }
      if (got.value.length === 0) {
        out.push(notApplicable(account, region, 'no network ACLs in this region (no VPCs)', [{ source: SOURCE, field: 'NetworkAcls', value: [] }]));
        continue;
      }
      let ingressEntries = 0;
      const before = out.length;
      for (const acl of got.value) {
        const ingress = acl.entries.filter((e) => !e.egress);
        ingressEntries += ingress.length;
        for (const e of ingress) {
          const covered = aclPortsCovered(e, ports, protocols);
          if (e.ruleAction.toLowerCase() !== 'allow' || internetSource(e) === undefined || covered.length === 0) continue;
          out.push(offending(acl, e, covered, ingress, region, expected, ctx));
        }
      }
      if (out.length === before) {
        out.push(pass(account, region, `no network ACL admits ${ports.join(', ')} from the internet (${ingressEntries} ingress entries in ${got.value.length} ACLs examined)`, [
          { source: SOURCE, field: 'NetworkAcls[].Entries[Egress=false]', value: { networkAcls: got.value.length, ingressEntries, offendingEntries: 0 }, expected },
        ]));
      }
    }
    return out;
  },
};

function offending(
  acl: NetworkAcl, e: NetworkAclEntry, covered: number[], ingress: NetworkAclEntry[], region: string, expected: string, ctx: CheckContext,
): Finding {
  // Denies evaluated before this allow that cover the same ports from the same whole-internet source.
  const source = internetSource(e);
  const lowerDenies = ingress.filter((d) => d.ruleNumber < e.ruleNumber && d.ruleAction.toLowerCase() === 'deny'
    && internetSource(d) === source && covered.some((p) => aclPortsCovered(d, [p], 'tcp-udp').length > 0));
  const label = `${acl.networkAclId}${acl.isDefault ? ' (default)' : ''} in ${acl.vpcId ?? '(no VPC listed)'}`;
  const v6 = source !== undefined && source.includes(':') ? ' (IPv6: CIS names only 0.0.0.0/0, but ::/0 admits the whole IPv6 internet)' : '';
  const shadow = lowerDenies.length > 0 ? `; lower-numbered deny rule(s) ${lowerDenies.map((d) => d.ruleNumber).join(', ')} come first, but CIS ignores rule order` : '';
  return fail(ec2Arn(ctx, region, acl.ownerId, 'network-acl', acl.networkAclId), region,
    `${label} allows remote administration (port${covered.length > 1 ? 's' : ''} ${covered.join(', ')}) from the internet: ${entryText(e)}${v6}${shadow}`, [
      {
        source: SOURCE,
        field: `NetworkAcls[${acl.networkAclId}].Entries[RuleNumber=${e.ruleNumber},Egress=false]`,
        value: { ...entryEvidence(e), NetworkAclId: acl.networkAclId, VpcId: acl.vpcId ?? null, IsDefault: acl.isDefault, SubnetIds: acl.subnetIds, PortsCovered: covered },
        expected,
      },
      { source: SOURCE, field: 'RuleOrder', value: { lowerNumberedDenies: lowerDenies.map(entryEvidence) }, expected: RULE_ORDER_NOTE },
    ]);
}
