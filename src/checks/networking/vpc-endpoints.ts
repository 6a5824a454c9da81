import { vpcEndpoints, vpcs } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, manual, notApplicable } from '../findings.js';
import { inRegion, manualReadError, vpcArn } from './ec2-resources.js';

// CIS "VPC endpoints are used for access to AWS services" is Manual: which services and VPCs are in scope is the
// organisation's call. We list each VPC's endpoints for the person deciding.
const SOURCE = 'ec2:DescribeVpcEndpoints';

export const vpcEndpointsCheck: Check = {
  id: 'ec2-vpc-endpoints',
  description: 'Evidence for review: the VPC endpoints (type, service, state) of every VPC',
  needs: [vpcs, vpcEndpoints],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const out: Finding[] = [];
    const account = accountResource(ctx);
    for (const region of ctx.regions) {
      const vpcGot = inRegion(state.get(vpcs), region, vpcs.key);
      const endpointGot = inRegion(state.get(vpcEndpoints), region, vpcEndpoints.key);
      if (!vpcGot.ok) out.push(manualReadError(account, region, vpcGot.error, 'the VPCs'));
      if (!endpointGot.ok) out.push(manualReadError(account, region, endpointGot.error, 'the VPC endpoints'));
      if (!vpcGot.ok || !endpointGot.ok) continue;
      if (vpcGot.value.length === 0) {
        out.push(notApplicable(account, region, 'no VPCs in this region', [{ source: 'ec2:DescribeVpcs', field: 'Vpcs', value: [] }]));
        continue;
      }
      for (const vpc of vpcGot.value) {
        const mine = endpointGot.value.filter((e) => e.vpcId === vpc.vpcId);
        const listed = mine.map((e) => `${e.serviceName ?? '?'} (${e.vpcEndpointType ?? '?'}, ${e.state ?? '?'})`);
        const message = mine.length === 0
          ? `${vpc.vpcId} has no VPC endpoints: confirm its workloads reach no AWS service over the internet, or add endpoints for those they use`
          : `${vpc.vpcId} has ${mine.length} VPC endpoint(s): ${listed.join(', ')}; confirm every AWS service its workloads use is reached through one`;
        out.push(manual(vpcArn(ctx, region, vpc.ownerId, vpc.vpcId), region, message, [{
          source: SOURCE, field: `VpcEndpoints[VpcId=${vpc.vpcId}]`,
          value: mine.map((e) => ({
            VpcEndpointId: e.vpcEndpointId, VpcEndpointType: e.vpcEndpointType ?? null, ServiceName: e.serviceName ?? null, State: e.state ?? null,
            ...(e.routeTableIds.length > 0 ? { RouteTableIds: e.routeTableIds } : {}), ...(e.subnetIds.length > 0 ? { SubnetIds: e.subnetIds } : {}),
          })),
          expected: 'an endpoint for each AWS service the VPC\'s workloads use (which ones is for the organisation to decide)',
        }]));
      }
    }
    return out;
  },
};
