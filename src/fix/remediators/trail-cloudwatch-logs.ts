import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { trails, type Trail } from '../../collect/cloudtrail.js';
import type { RemediationPlan, Remediator, RetryOn, Step } from '../types.js';
import { DEFAULT_LOG_RETENTION_DAYS, logGroupArn, logGroupSteps, type ExistingLogGroup } from './building-blocks.js';
import { readInlinePolicy, readRoleTrust, roleArn, scopedRoleSteps, TRAIL_LOG_GROUP, TRAIL_LOGS_ROLE } from './logging-builders.js';
import { unlistedTrailRegions } from './trail-settings.js';

// 2.4: each failing trail of this account delivers to /cis-audit/cloudtrail (in its home region) through a role
// CloudTrail may assume only for those trails, allowed only to write log streams of that group.

const CWL = 'cloudtrail-cloudwatch-logs';
export const TRAIL_LOGS_POLICY = 'cloudtrail-to-log-group';
const PENDING = "CloudTrail's first delivery to the log group (usually within minutes)";

type GroupLookup = { ok: true; group?: ExistingLogGroup } | { ok: false; why: string };

/** The log group of exactly that name, if it exists. */
async function describeGroup(read: AwsReader, region: string, name: string): Promise<GroupLookup> {
  try {
    const out = await read.call<{ logGroups?: Array<{ logGroupName?: string; retentionInDays?: number; kmsKeyId?: string }> }>(
      'logs', region, 'DescribeLogGroups', { logGroupNamePrefix: name },
    );
    const g = (out.logGroups ?? []).find((x) => x.logGroupName === name);
    if (!g) return { ok: true };
    return { ok: true, group: { ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}), ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}) } };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return { ok: false, why: `logs:DescribeLogGroups in ${region} failed: ${err.code} (${err.message})` };
  }
}

/** The group a trail delivers to, without the ":*" CloudTrail wants at the end. */
const groupOf = (t: Trail) => t.logGroupArn?.replace(/:\*$/, '');

function staleGuidance(t: Trail): string {
  const last = t.status.ok ? t.status.value.latestCloudWatchLogsDeliveryTime : undefined;
  const error = t.status.ok ? t.status.value.latestCloudWatchLogsDeliveryError : undefined;
  return `trail ${t.name} already sends to ${t.logGroupArn} but ${last ? `last delivered at ${last}` : 'has not delivered yet'}${error ? ` (error: ${error})` : ''}; `
    + `nothing planned, the delivery is configured. If it was set up minutes ago, wait for the first delivery; otherwise check that role ${t.cloudWatchLogsRoleArn ?? '(none)'} `
    + 'exists, trusts cloudtrail.amazonaws.com and allows logs:CreateLogStream and logs:PutLogEvents on that group';
}

/** 2.4: log group + scoped role + UpdateTrail for each failing trail of this account; PENDING until the first delivery. */
export const trailCloudWatchLogsRemediator: Remediator = {
  id: 'trail-cloudwatch-logs',
  after: ['trail-multi-region'],
  checks: [CWL],
  // Tagging on create needs the Tag* actions; UpdateTrail passes the role to CloudTrail (iam:PassRole); the
  // Delete* actions are for undo; DescribeLogGroups, GetRole and GetRolePolicy are read while planning.
  permissions: [
    'logs:DescribeLogGroups', 'logs:CreateLogGroup', 'logs:TagResource', 'logs:TagLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:DeleteLogGroup',
    'iam:GetRole', 'iam:GetRolePolicy', 'iam:CreateRole', 'iam:TagRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole', 'iam:PassRole',
    'cloudtrail:UpdateTrail',
  ],
  needs: [trails],
  async plan({ state, ctx, failing, read, options }) {
    const plan: RemediationPlan = { remediator: 'trail-cloudwatch-logs', checks: [CWL], steps: [], guidance: [], pendingWhile: PENDING };
    const got = state.get(trails);
    plan.guidance.push(...unlistedTrailRegions(got, 'delivery to CloudWatch Logs'));
    if (!got.ok) return plan;
    const targets: Trail[] = [];
    for (const f of failing.get(CWL) ?? []) {
      const t = got.value.trails.find((x) => x.arn === f.resource);
      if (!t) continue;
      if (t.ownerAccount && t.ownerAccount !== ctx.account) {
        plan.guidance.push(`trail ${t.name} belongs to account ${t.ownerAccount}${t.isOrganizationTrail ? ' (organization trail)' : ''}: set up its CloudWatch Logs delivery from that account (cis-audit fix --control 2.4 there)`);
        continue;
      }
      // Re-checked against the datum: a trail that already names a group is waiting or broken, not missing.
      if (t.logGroupArn) {
        plan.guidance.push(staleGuidance(t));
        continue;
      }
      targets.push(t);
    }
    if (targets.length === 0) return plan;

    const retentionDays = options.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const groupSteps: Step[] = [];
    const usable = new Set<string>();
    for (const region of [...new Set(targets.map((t) => t.homeRegion))].sort()) {
      const found = await describeGroup(read, region, TRAIL_LOG_GROUP);
      if (!found.ok) {
        plan.guidance.push(`${region}: nothing planned for trails ${targets.filter((t) => t.homeRegion === region).map((t) => t.name).join(', ')}: ${found.why}`);
        continue;
      }
      groupSteps.push(...logGroupSteps({ ctx, region, name: TRAIL_LOG_GROUP, retentionDays, ...(found.group ? { existing: found.group } : {}) }).steps);
      if (found.group) plan.guidance.push(`${region}: reusing the existing log group ${TRAIL_LOG_GROUP} as it is (its retention and encryption are left alone)`);
      usable.add(region);
    }
    const ready = targets.filter((t) => usable.has(t.homeRegion));
    if (ready.length === 0) return plan;

    const role = roleArn(ctx, TRAIL_LOGS_ROLE);
    const trust = await readRoleTrust(read, ctx.homeRegion, TRAIL_LOGS_ROLE);
    if (!trust.ok) return { ...plan, guidance: [...plan.guidance, `nothing planned: ${trust.why}`] };
    // Trails already delivering through this role keep their access when its policy is (re)put.
    const sharing = got.value.trails.filter((t) => t.cloudWatchLogsRoleArn === role && !ready.includes(t));
    const groups = [...new Set([...ready.map((t) => logGroupArn(ctx, t.homeRegion, TRAIL_LOG_GROUP)), ...sharing.flatMap((t) => groupOf(t) ?? [])])].sort();
    const built = scopedRoleSteps({
      ctx,
      roleName: TRAIL_LOGS_ROLE,
      servicePrincipal: 'cloudtrail.amazonaws.com',
      sourceArns: [...new Set([...ready, ...sharing].map((t) => t.arn))].sort(),
      inlinePolicyName: TRAIL_LOGS_POLICY,
      statements: [{
        Sid: 'CloudTrailDelivery',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: groups.map((g) => `${g}:log-stream:*`),
      }],
      description: 'CloudTrail delivery to CloudWatch Logs (CIS 2.4), created by cis-audit',
      ...(trust.trust ? { existingTrust: trust.trust, existingInline: await readInlinePolicy(read, ctx.homeRegion, TRAIL_LOGS_ROLE, TRAIL_LOGS_POLICY) } : {}),
    });
    if (built.conflict) return { ...plan, guidance: [...plan.guidance, `nothing planned: ${built.conflict}`] };

    plan.steps.push(...groupSteps, ...built.steps);
    // A role created (or a policy put) by this plan takes seconds to reach CloudTrail: until then UpdateTrail answers
    // "Access denied" under either code (the role's trust, or its permission on the group), and the writer retries.
    const created = built.steps.some((s) => s.call.operation === 'CreateRole');
    const retryOn: RetryOn | undefined = built.steps.length === 0 ? undefined : {
      codes: ['InvalidCloudWatchLogsRoleArnException', 'InvalidCloudWatchLogsLogGroupArnException'],
      messageContains: 'Access denied',
      why: created ? `IAM propagation of role ${TRAIL_LOGS_ROLE} created above` : `IAM propagation of the policy put on role ${TRAIL_LOGS_ROLE} above`,
    };
    for (const t of ready) {
      const region = t.homeRegion;
      const group = `${logGroupArn(ctx, region, TRAIL_LOG_GROUP)}:*`;
      plan.steps.push({
        describe: `send the events of trail ${t.name} to log group ${TRAIL_LOG_GROUP} (${region}) through role ${TRAIL_LOGS_ROLE}`,
        call: { service: 'cloudtrail', region, operation: 'UpdateTrail', input: { Name: t.arn, CloudWatchLogsLogGroupArn: group, CloudWatchLogsRoleArn: role } },
        prior: { Name: t.arn, CloudWatchLogsLogGroupArn: null, CloudWatchLogsRoleArn: null },
        // Empty strings are how UpdateTrail turns CloudWatch Logs delivery off.
        undo: [{ service: 'cloudtrail', region, operation: 'UpdateTrail', input: { Name: t.arn, CloudWatchLogsLogGroupArn: '', CloudWatchLogsRoleArn: '' } }],
        changes: [t.arn],
        ...(retryOn ? { retryOn } : {}),
        warning: `CloudWatch Logs ingestion and storage are billed (events kept ${retentionDays} days)`
          + (retryOn ? '. While IAM propagates the role, CloudTrail refuses it (Access denied): cis-audit retries for about 30 s; '
            + 'if it still refuses, rerun the fix later: the log group and role are reused' : ''),
      });
    }
    return plan;
  },
};
