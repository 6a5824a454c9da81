import { flowLogs, vpcs, type FlowLog } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, notApplicable, pass, readErrorFinding } from '../findings.js';
import { inRegion, ownedElsewhere, vpcArn } from './ec2-resources.js';

const CAPTURES_REJECTED = ['REJECT', 'ALL'];
const EXPECTED = 'an ACTIVE flow log on the VPC with TrafficType REJECT or ALL, delivering';

/** Why a flow log does not satisfy the control, or undefined when it does. */
function shortfall(log: FlowLog): string | undefined {
  if (log.flowLogStatus !== 'ACTIVE') return `${log.flowLogId} is ${log.flowLogStatus ?? 'of unknown status'}, not ACTIVE`;
  if (!CAPTURES_REJECTED.includes(log.trafficType ?? '')) return `${log.flowLogId} captures ${log.trafficType ?? 'unknown'} traffic only`;
  if (log.deliverLogsStatus === 'FAILED') {
    return `${log.flowLogId} fails to deliver${log.deliverLogsErrorMessage ? ` (${log.deliverLogsErrorMessage})` : ''}`;
  }
  return undefined;
}

const logEvidence = (log: FlowLog) => ({
  FlowLogId: log.flowLogId,
  FlowLogStatus: log.flowLogStatus ?? null,
  TrafficType: log.trafficType ?? null,
  DeliverLogsStatus: log.deliverLogsStatus ?? null,
  ...(log.deliverLogsErrorMessage ? { DeliverLogsErrorMessage: log.deliverLogsErrorMessage } : {}),
  ...(log.logDestination ? { LogDestination: log.logDestination } : {}),
});

/** Every VPC has an active flow log capturing rejected traffic (REJECT or ALL). */
export const vpcFlowLogsCheck: Check = {
  id: 'vpc-flow-logs',
  description: 'Every VPC in every scanned region has an ACTIVE flow log capturing REJECT or ALL traffic',
  needs: [vpcs, flowLogs],
  evaluate(state, ctx) {
    const out: Finding[] = [];
    const account = accountResource(ctx);
    for (const region of ctx.regions) {
      const vpcGot = inRegion(state.get(vpcs), region, vpcs.key);
      const logGot = inRegion(state.get(flowLogs), region, flowLogs.key);
      if (!vpcGot.ok) out.push(readErrorFinding(account, region, vpcGot.error, 'the VPCs'));
      if (!logGot.ok) out.push(readErrorFinding(account, region, logGot.error, 'the flow logs'));
      if (!vpcGot.ok || !logGot.ok) continue;
      if (vpcGot.value.length === 0) {
        out.push(notApplicable(account, region, 'no VPCs in this region', [{ source: 'ec2:DescribeVpcs', field: 'Vpcs', value: [] }]));
        continue;
      }
      for (const vpc of vpcGot.value) {
        const resource = vpcArn(ctx, region, vpc.ownerId, vpc.vpcId);
        if (vpc.ownerId !== ctx.account) {
          out.push(ownedElsewhere(resource, region, vpc.ownerId, 'DescribeFlowLogs', `shared VPC ${vpc.vpcId} (its flow logs)`));
          continue;
        }
        const attached = logGot.value.filter((l) => l.resourceId === vpc.vpcId);
        const evidence = [{
          source: 'ec2:DescribeFlowLogs',
          field: `FlowLogs[ResourceId=${vpc.vpcId}]`,
          value: attached.map(logEvidence),
          expected: EXPECTED,
        }];
        const good = attached.filter((l) => shortfall(l) === undefined);
        if (good.length > 0) {
          out.push(pass(resource, region, `${vpc.vpcId} has flow log ${good.map((l) => `${l.flowLogId} (${l.trafficType})`).join(', ')}`, evidence));
        } else if (attached.length === 0) {
          out.push(fail(resource, region, `${vpc.vpcId} has no flow log`, evidence));
        } else {
          out.push(fail(resource, region, `${vpc.vpcId} has no flow log capturing rejected traffic: ${attached.map(shortfall).join('; ')}`, evidence));
        }
      }
    }
    return out;
  },
};
