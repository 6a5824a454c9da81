import { routeTables, vpcPeeringConnections, type PeeringSide, type Route, type RouteTable, type VpcPeeringConnection } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, manual, notApplicable } from '../findings.js';
import { ec2Arn, inRegion, isWholeInternet, manualReadError } from './ec2-resources.js';

// CIS "routing tables for VPC peering are least access" is Manual: which routes are needed is the owner's call.
// We gather each connection's routes and flag the two patterns that are never least access.
const PEERING_SOURCE = 'ec2:DescribeVpcPeeringConnections';
const ROUTES_SOURCE = 'ec2:DescribeRouteTables';
/** Connections that carry no traffic and never will again. */
const ENDED = ['deleted', 'deleting', 'rejected', 'failed', 'expired'];
const CONFIRM = 'confirm each route is limited to the subnets or hosts that must reach the peer';

const destination = (r: Route) => r.destinationCidrBlock ?? r.destinationIpv6CidrBlock ?? r.destinationPrefixListId ?? '?';

/** Why a peering route is too wide, or undefined: every destination, or the peer VPC's whole CIDR. */
function tooWide(r: Route, peer: PeeringSide | undefined, pcx: VpcPeeringConnection): string | undefined {
  const dest = r.destinationCidrBlock ?? r.destinationIpv6CidrBlock;
  if (dest === undefined) return undefined;
  if (isWholeInternet(dest)) return 'every destination';
  const peers = peer ? peer.cidrBlocks : [...pcx.requester.cidrBlocks, ...pcx.accepter.cidrBlocks];
  return peers.includes(dest) ? 'the whole peer VPC' : undefined;
}

/** The other side of the connection, seen from the route table's VPC. */
function peerOf(table: RouteTable, pcx: VpcPeeringConnection): PeeringSide | undefined {
  if (table.vpcId !== undefined && table.vpcId === pcx.requester.vpcId) return pcx.accepter;
  if (table.vpcId !== undefined && table.vpcId === pcx.accepter.vpcId) return pcx.requester;
  return undefined;
}

const sideText = (s: PeeringSide) => `${s.vpcId ?? '?'}${s.ownerId ? ` (${s.ownerId}${s.region ? `, ${s.region}` : ''})` : ''}`;

export const vpcPeeringLeastAccessCheck: Check = {
  id: 'ec2-vpc-peering-least-access',
  description: 'Evidence for review: routes through each VPC peering connection, flagging routes to 0.0.0.0/0 or to the whole peer VPC CIDR',
  needs: [vpcPeeringConnections, routeTables],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const out: Finding[] = [];
    const account = accountResource(ctx);
    for (const region of ctx.regions) {
      const pcxGot = inRegion(state.get(vpcPeeringConnections), region, vpcPeeringConnections.key);
      if (!pcxGot.ok) {
        out.push(manualReadError(account, region, pcxGot.error, 'the VPC peering connections'));
        continue;
      }
      const live = pcxGot.value.filter((p) => !ENDED.includes(p.status));
      if (live.length === 0) {
        out.push(notApplicable(account, region, 'no VPC peering connections in this region', [{ source: PEERING_SOURCE, field: 'VpcPeeringConnections', value: [] }]));
        continue;
      }
      const rtGot = inRegion(state.get(routeTables), region, routeTables.key);
      for (const pcx of live) {
        const resource = ec2Arn(ctx, region, pcx.requester.ownerId ?? ctx.account, 'vpc-peering-connection', pcx.vpcPeeringConnectionId);
        const connection = {
          source: PEERING_SOURCE, field: `VpcPeeringConnections[${pcx.vpcPeeringConnectionId}]`,
          value: { Status: pcx.status, Requester: pcx.requester, Accepter: pcx.accepter },
        };
        const head = `${pcx.vpcPeeringConnectionId} (${sideText(pcx.requester)} ↔ ${sideText(pcx.accepter)}, ${pcx.status})`;
        if (!rtGot.ok) {
          const unread = manualReadError(resource, region, rtGot.error, 'the route tables');
          out.push(manual(resource, region, `${head}: ${unread.message}`, [connection, ...unread.evidence]));
          continue;
        }
        const routes = rtGot.value.flatMap((t) => t.routes.filter((r) => r.vpcPeeringConnectionId === pcx.vpcPeeringConnectionId).map((r) => {
          const wide = tooWide(r, peerOf(t, pcx), pcx);
          return { table: t, route: r, wide };
        }));
        const flagged = routes.filter((x) => x.wide !== undefined);
        const summary = routes.length === 0
          ? 'no route in this region\'s route tables goes through it'
          : flagged.length > 0
            ? `${routes.length} route(s) through it; too wide: ${flagged.map((x) => `${x.table.routeTableId} → ${destination(x.route)} (${x.wide})`).join(', ')}`
            : `${routes.length} route(s) through it, none to 0.0.0.0/0 or a whole peer VPC CIDR`;
        out.push(manual(resource, region, `${head}: ${summary}; ${CONFIRM}`, [
          connection,
          {
            source: ROUTES_SOURCE, field: `RouteTables[].Routes[VpcPeeringConnectionId=${pcx.vpcPeeringConnectionId}]`,
            value: routes.map((x) => ({
              RouteTableId: x.table.routeTableId, VpcId: x.table.vpcId ?? null, Destination: destination(x.route),
              State: x.route.state ?? null, ...(x.wide !== undefined ? { TooWide: x.wide } : {}),
            })),
            expected: 'routes to the specific subnets or hosts that need the peer; none to 0.0.0.0/0 or the whole peer CIDR',
          },
        ]));
      }
    }
    return out;
  },
};
