import { trails, type Trail, type TrailInventory } from '../../collect/cloudtrail.js';
import { describeReadError, type Got } from '../../model/got.js';
import type { RemediationPlan, Remediator } from '../types.js';

const VALIDATION = 'cloudtrail-log-file-validation';

/** Guidance for each region whose DescribeTrails failed: a single-region trail there is unknown, so nothing is planned for it. */
export function unlistedTrailRegions(got: Got<TrailInventory>, what: string): string[] {
  if (!got.ok) return [`nothing planned (${what}): the trails could not be listed: ${describeReadError(got.error)}. Rerun the fix once CloudTrail is readable.`];
  return Object.entries(got.value.listed).flatMap(([region, listed]) =>
    listed.ok ? [] : [`${region}: a single-region trail there may also need ${what}, but the trails could not be listed: ${describeReadError(listed.error)}. Rerun the fix once this region is readable.`],
  );
}

/** The collected trail a finding is about (findings name trails by ARN). */
function trailOf(inventory: TrailInventory, arn: string): Trail | undefined {
  return inventory.trails.find((t) => t.arn === arn);
}

/** 2.2: UpdateTrail(EnableLogFileValidation) on each failing trail of this account, in the trail's home region. */
export const logFileValidationRemediator: Remediator = {
  id: 'trail-log-file-validation',
  after: ['trail-multi-region'],
  checks: [VALIDATION],
  // UpdateTrail both enables (fix) and disables (undo) validation.
  permissions: ['cloudtrail:UpdateTrail'],
  needs: [trails],
  async plan({ state, ctx, failing }) {
    const plan: RemediationPlan = { remediator: 'trail-log-file-validation', checks: [VALIDATION], steps: [], guidance: [] };
    const got = state.get(trails);
    plan.guidance.push(...unlistedTrailRegions(got, 'log file validation'));
    if (!got.ok) return plan;
    for (const f of failing.get(VALIDATION) ?? []) {
      const t = trailOf(got.value, f.resource);
      if (!t) {
        plan.guidance.push(`${f.resource}: not among the collected trails; enable validation by hand: aws cloudtrail update-trail --name ${f.resource} --enable-log-file-validation`);
        continue;
      }
      // Re-checked against the datum so a stale finding never plans a write.
      if (t.logFileValidation) continue;
      if (t.ownerAccount && t.ownerAccount !== ctx.account) {
        plan.guidance.push(
          `trail ${t.name} belongs to account ${t.ownerAccount}${t.isOrganizationTrail ? ' (organization trail)' : ''}: fix it from the management account: `
          + `aws cloudtrail update-trail --region ${t.homeRegion} --name ${t.arn} --enable-log-file-validation`,
        );
        continue;
      }
      const region = t.homeRegion;
      plan.steps.push({
        describe: `enable log file validation on trail ${t.name} (home region ${region})`,
        call: { service: 'cloudtrail', region, operation: 'UpdateTrail', input: { Name: t.arn, EnableLogFileValidation: true } },
        prior: { Name: t.arn, LogFileValidationEnabled: false },
        undo: [{ service: 'cloudtrail', region, operation: 'UpdateTrail', input: { Name: t.arn, EnableLogFileValidation: false } }],
        changes: [t.arn],
        ...(t.s3BucketName
          ? { warning: `CloudTrail starts writing an hourly digest file per region to s3://${t.s3BucketName}/AWSLogs/…/CloudTrail-Digest/ (small storage cost); logs delivered before now stay unvalidated` }
          : {}),
      });
    }
    return plan;
  },
};
