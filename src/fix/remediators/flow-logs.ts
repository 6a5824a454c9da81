import type { AwsReader } from '../../aws/reader.js';
import { inRegion } from '../../checks/networking/ec2-resources.js';
import { flowLogs, vpcs } from '../../collect/ec2.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, RetryOn, Step } from '../types.js';
import {
  CREATED_BY_TAG_KEY, CREATED_BY_TAG_VALUE, CREATED_BY_TAGS, DEFAULT_LOG_RETENTION_DAYS, describeCallError, errorCode, logGroupArn, logGroupSteps,
  readPages, serviceRoleSteps, type ExistingLogGroup, type ExistingRole, type PolicyStatement,
} from './building-blocks.js';

// 2.9: a flow log capturing rejected (or all) traffic on every failing VPC, delivered to a cis-audit log group
// through a least-privilege delivery role, or to an S3 bucket.

const ID = 'vpc-flow-logs';
const CHECK = 'vpc-flow-logs';
export const FLOW_LOG_GROUP = '/cis-audit/vpc-flow-logs';
export const FLOW_LOG_ROLE = 'cis-audit-flow-logs-delivery';
export const FLOW_LOG_ROLE_POLICY = 'deliver-vpc-flow-logs';
const SERVICE = 'vpc-flow-logs.amazonaws.com';
/** Exactly what flow log delivery to an existing log group needs. */
export const DELIVERY_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'];

const vpcIdOf = (arn: string) => /:vpc\/(vpc-[0-9a-zA-Z]+)$/.exec(arn)?.[1];

/** Log streams of the group (…:log-group:NAME:*) — the group and nothing else. */
const deliveryResource = (ctx: { account: string; partition: string }, region: string) => `${logGroupArn(ctx, region, FLOW_LOG_GROUP)}:*`;

/** The role's one statement, covering the flow log group of each given region (sorted, de-duplicated). */
export function deliveryStatements(resources: string[]): PolicyStatement[] {
  return [{ Sid: 'DeliverVpcFlowLogs', Effect: 'Allow', Action: [...DELIVERY_ACTIONS], Resource: [...new Set(resources)].sort() }];
}

/** Regions' log group resources already granted by an existing copy of our inline policy. */
function grantedResources(doc: unknown): string[] {
  const statements = ([] as Array<Record<string, unknown>>).concat(((doc as { Statement?: unknown } | null)?.Statement as Array<Record<string, unknown>>) ?? []);
  const ours = statements.find((s) => s.Sid === 'DeliverVpcFlowLogs');
  return ours ? ([] as string[]).concat((ours.Resource as string | string[]) ?? []) : [];
}

const decode = (doc: unknown) => (typeof doc === 'string' ? JSON.parse(decodeURIComponent(doc)) as unknown : doc);

/** 2.9: log group (per region) + delivery role (per account) + CreateFlowLogs per failing VPC; or an S3 destination. */
export const flowLogsRemediator: Remediator = {
  id: ID,
  checks: [CHECK],
  permissions: [
    'ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs', 'ec2:CreateTags', 'ec2:DescribeFlowLogs',
    'logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:DeleteLogGroup', 'logs:DescribeLogGroups', 'logs:TagResource',
    'iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:TagRole', 'iam:PassRole',
  ],
  needs: [vpcs, flowLogs],
  async plan({ state, ctx, failing, read, options }) {
    const plan: RemediationPlan = { remediator: ID, checks: [CHECK], steps: [], guidance: [] };
    const traffic = options.flowLogTrafficType ?? 'REJECT';
    const destination = options.flowLogDestination ?? 'cloud-watch-logs';
    const retention = options.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;

    // Failing VPCs per region, in scan order; each re-checked against the datum so a stale finding plans nothing.
    const byRegion = new Map<string, string[]>();
    for (const f of failing.get(CHECK) ?? []) {
      const vpc = vpcIdOf(f.resource);
      if (!vpc) {
        plan.guidance.push(`${f.region}: cannot tell which VPC "${f.message}" is about; create its flow log by hand`);
        continue;
      }
      const listed = inRegion(state.get(vpcs), f.region, vpcs.key);
      if (!listed.ok) {
        plan.guidance.push(`${f.region}: nothing planned for ${vpc}, the VPCs could not be read: ${describeReadError(listed.error)}`);
        continue;
      }
      if (!listed.value.some((v) => v.vpcId === vpc && v.ownerId === ctx.account)) continue;
      byRegion.set(f.region, [...(byRegion.get(f.region) ?? []), vpc]);
    }
    const regions = ctx.regions.filter((r) => byRegion.has(r));
    if (regions.length === 0) return plan;

    const tagSpec = [{ ResourceType: 'vpc-flow-log', Tags: CREATED_BY_TAGS.map((t) => ({ ...t })) }];
    const flowLogStep = (region: string, vpc: string, target: Record<string, unknown>, where: string): Step => ({
      describe: `create a flow log on ${vpc} (${region}) capturing ${traffic} traffic, delivered to ${where}, tagged ${CREATED_BY_TAG_KEY}=${CREATED_BY_TAG_VALUE}`,
      call: { service: 'ec2', region, operation: 'CreateFlowLogs', input: { ResourceIds: [vpc], ResourceType: 'VPC', TrafficType: traffic, ...target, TagSpecifications: tagSpec } },
      // The id exists only once EC2 answers: undo takes it from the journaled response.
      undo: [{ service: 'ec2', region, operation: 'DeleteFlowLogs', input: { FlowLogIds: { $fromOutput: 'FlowLogIds' } } }],
      creates: [`flow log on arn:${ctx.partition}:ec2:${region}:${ctx.account}:vpc/${vpc}`],
      refusedIn: 'Unsuccessful',
    });

    if (destination === 's3') {
      const bucket = options.flowLogBucket;
      if (!bucket) return { ...plan, guidance: [...plan.guidance, 'an s3 destination needs --flow-log-bucket'] };
      const arn = bucket.startsWith('arn:') ? bucket : `arn:${ctx.partition}:s3:::${bucket}`;
      for (const region of regions) {
        for (const vpc of byRegion.get(region)!) {
          plan.steps.push({
            ...flowLogStep(region, vpc, { LogDestinationType: 's3', LogDestination: arn }, arn),
            warning: `EC2 adds a statement to the policy of ${arn} letting delivery.logs.amazonaws.com write (if none exists); undo leaves it`,
          });
        }
      }
      plan.pendingWhile = `the first flow log delivery to ${arn} (minutes)`;
      return plan;
    }

    // CloudWatch Logs: one log group per region, one role per account (IAM is global).
    const groupSteps: Step[] = [];
    for (const region of regions) {
      let existing: ExistingLogGroup | undefined;
      try {
        const groups = await readPages<{ logGroupName?: string; retentionInDays?: number; kmsKeyId?: string }>(
          read, 'logs', region, 'DescribeLogGroups', { logGroupNamePrefix: FLOW_LOG_GROUP }, { inToken: 'nextToken', outToken: 'nextToken', items: 'logGroups' });
        const g = groups.find((x) => x.logGroupName === FLOW_LOG_GROUP);
        if (g) existing = { ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}), ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}) };
      } catch (err) {
        plan.guidance.push(`${region}: nothing planned for ${byRegion.get(region)!.join(', ')}: ${describeCallError(err, { service: 'logs', operation: 'DescribeLogGroups', region })}`);
        byRegion.delete(region);
        continue;
      }
      groupSteps.push(...logGroupSteps({ ctx, region, name: FLOW_LOG_GROUP, retentionDays: retention, existing }).steps);
    }
    const planned = regions.filter((r) => byRegion.has(r));
    if (planned.length === 0) return plan;

    const role = await existingRole(read, ctx.homeRegion);
    if ('error' in role) return { ...plan, guidance: [...plan.guidance, `nothing planned: ${role.error}`] };
    const resources = [...grantedResources(role.existing?.inlinePolicy ?? null), ...planned.map((r) => deliveryResource(ctx, r))];
    const built = serviceRoleSteps({
      ctx, roleName: FLOW_LOG_ROLE, servicePrincipal: SERVICE, sourceAccountCondition: true, inlinePolicyName: FLOW_LOG_ROLE_POLICY,
      statements: deliveryStatements(resources), description: 'Delivers VPC flow logs to /cis-audit/vpc-flow-logs (CIS 2.9), created by cis-audit',
      ...(role.existing ? { existing: role.existing } : {}),
    });
    if (built.conflict) {
      return { ...plan, guidance: [...plan.guidance, `nothing planned: ${built.conflict}; or deliver to S3 instead: --flow-log-destination s3 --flow-log-bucket BUCKET`] };
    }
    plan.steps.push(...built.steps, ...groupSteps);
    // EC2 assumes the delivery role when the flow log is created: a role created seconds earlier is refused with
    // InvalidParameter "Unable to assume given IAM role" until IAM has propagated it, and the writer retries.
    const retryOn: RetryOn | undefined = built.steps.some((s) => s.call.operation === 'CreateRole')
      ? { codes: ['InvalidParameter'], messageContains: 'Unable to assume given IAM role', why: `IAM propagation of role ${FLOW_LOG_ROLE} created above` }
      : undefined;
    for (const region of planned) {
      for (const vpc of byRegion.get(region)!) {
        const step = flowLogStep(region, vpc, { LogDestinationType: 'cloud-watch-logs', LogGroupName: FLOW_LOG_GROUP, DeliverLogsPermissionArn: built.arn }, `log group ${FLOW_LOG_GROUP} through role ${FLOW_LOG_ROLE}`);
        plan.steps.push(retryOn ? { ...step, retryOn } : step);
      }
    }
    plan.pendingWhile = `IAM propagation of role ${FLOW_LOG_ROLE} and the first delivery to ${FLOW_LOG_GROUP} (usually minutes)`;
    return plan;
  },

  // A direct read per VPC: tells "delivery not working yet" (PENDING) from "no flow log was created" (STILL_FAILING,
  // e.g. CreateFlowLogs answered Unsuccessful for it).
  async verify(read, plan, applied) {
    const vpcsByRegion = new Map<string, string[]>();
    for (const s of applied.filter((x) => x.call.operation === 'CreateFlowLogs')) {
      vpcsByRegion.set(s.call.region, [...(vpcsByRegion.get(s.call.region) ?? []), ...(s.call.input.ResourceIds as string[])]);
    }
    const fixed: string[] = [];
    const waiting: string[] = [];
    const missing: string[] = [];
    for (const [region, ids] of vpcsByRegion) {
      // A failed read here is the fix's UNVERIFIED (run-fix's directVerify), like any remediator's re-check read.
      const logs = await readPages<{ FlowLogId?: string; ResourceId?: string; FlowLogStatus?: string; TrafficType?: string; DeliverLogsStatus?: string; DeliverLogsErrorMessage?: string }>(
        read, 'ec2', region, 'DescribeFlowLogs', { Filter: [{ Name: 'resource-id', Values: ids }] }, { inToken: 'NextToken', outToken: 'NextToken', items: 'FlowLogs' },
      );
      for (const vpc of ids) {
        const mine = logs.filter((l) => l.ResourceId === vpc && l.FlowLogStatus === 'ACTIVE' && (l.TrafficType === 'REJECT' || l.TrafficType === 'ALL'));
        const good = mine.find((l) => l.DeliverLogsStatus !== 'FAILED');
        if (good) fixed.push(`${vpc} (${region}) ${good.FlowLogId} ${good.TrafficType}`);
        else if (mine.length > 0) waiting.push(`${vpc} (${region}) ${mine[0]!.FlowLogId}: delivery ${mine[0]!.DeliverLogsStatus}${mine[0]!.DeliverLogsErrorMessage ? ` (${mine[0]!.DeliverLogsErrorMessage})` : ''}`);
        else missing.push(`${vpc} (${region})`);
      }
    }
    const unplanned = plan.guidance.length > 0 ? `; not planned: ${plan.guidance.join(' | ')}` : '';
    if (missing.length > 0) {
      return { outcome: 'STILL_FAILING', detail: `no active flow log capturing REJECT/ALL on ${missing.join(', ')} after CreateFlowLogs (EC2 may have answered Unsuccessful for it)${unplanned}` };
    }
    if (unplanned) return { outcome: 'STILL_FAILING', detail: `flow logs on ${[...fixed, ...waiting].join(', ')}${unplanned}` };
    if (waiting.length > 0) return { outcome: 'PENDING', detail: `applied; waiting for ${plan.pendingWhile}. Flow logs: ${waiting.join('; ')}` };
    return { outcome: 'FIXED', detail: `re-check: flow log on ${fixed.join(', ')}` };
  },
};

/** The delivery role as it exists (trust and our inline policy), or undefined when it does not. */
async function existingRole(read: AwsReader, region: string): Promise<{ existing?: ExistingRole } | { error: string }> {
  let trust: unknown;
  try {
    const out = await read.call<{ Role?: { AssumeRolePolicyDocument?: string } }>('iam', region, 'GetRole', { RoleName: FLOW_LOG_ROLE });
    trust = decode(out.Role?.AssumeRolePolicyDocument ?? '{}');
  } catch (err) {
    if (errorCode(err) === 'NoSuchEntity') return {};
    return { error: describeCallError(err, { service: 'iam', operation: 'GetRole', region }) };
  }
  try {
    const out = await read.call<{ PolicyDocument?: string }>('iam', region, 'GetRolePolicy', { RoleName: FLOW_LOG_ROLE, PolicyName: FLOW_LOG_ROLE_POLICY });
    return { existing: { trustPolicy: trust, inlinePolicy: decode(out.PolicyDocument ?? 'null') } };
  } catch (err) {
    // Absent: put it (undo deletes it). Unreadable: replacing it could drop other regions' grants, so plan nothing.
    if (errorCode(err) === 'NoSuchEntity') return { existing: { trustPolicy: trust, inlinePolicy: null } };
    return { error: describeCallError(err, { service: 'iam', operation: 'GetRolePolicy', region }) };
  }
}
