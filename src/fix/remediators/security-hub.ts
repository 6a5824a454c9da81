import { inRegion } from '../../checks/networking/ec2-resources.js';
import { securityHubs } from '../../collect/securityhub.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator } from '../types.js';
import { CREATED_BY_TAG_MAP } from './building-blocks.js';
import { failingRegions } from './regional.js';

// Security Hub: EnableSecurityHub in each region the scan found unsubscribed. Planned only where no hub exists, so
// the undo (DisableSecurityHub) only ever turns off what this fix turned on.

const CHECK = 'securityhub-enabled';
const ID = 'security-hub';

export const securityHubRemediator: Remediator = {
  id: ID,
  checks: [CHECK],
  // EnableSecurityHub to fix (TagResource: tags on the hub; its service-linked role is created on first use), DisableSecurityHub for undo.
  permissions: ['securityhub:EnableSecurityHub', 'securityhub:TagResource', 'securityhub:DisableSecurityHub', 'iam:CreateServiceLinkedRole'],
  needs: [securityHubs],
  async plan({ state, ctx, failing, options }) {
    const plan: RemediationPlan = { remediator: ID, checks: [CHECK], steps: [], guidance: [] };
    const all = state.get(securityHubs);
    const standards = options.securityHubDefaultStandards === true;
    for (const region of failingRegions(failing, CHECK, ctx)) {
      const got = inRegion(all, region, securityHubs.key);
      if (!got.ok) {
        plan.guidance.push(`${region}: nothing planned, Security Hub could not be read: ${describeReadError(got.error)}. Rerun the fix once this region is readable.`);
        continue;
      }
      if (got.value) continue; // A hub exists (the finding was about something else): nothing of ours to add.
      plan.steps.push({
        describe: `enable AWS Security Hub in ${region} ${standards ? 'with its default standards (AWS Foundational Security Best Practices, CIS)' : 'without enabling any standard (EnableDefaultStandards=false; --security-hub-default-standards enables them)'}`,
        call: { service: 'securityhub', region, operation: 'EnableSecurityHub', input: { EnableDefaultStandards: standards, Tags: { ...CREATED_BY_TAG_MAP } } },
        prior: { region, subscribed: false },
        undo: [{ service: 'securityhub', region, operation: 'DisableSecurityHub', input: {} }],
        creates: [`arn:${ctx.partition}:securityhub:${region}:${ctx.account}:hub/default`],
        warning: `Security Hub is billed per security check and per finding ingested in ${region} (30-day free trial for a new account)`
          + (standards ? '; the default standards add their controls to that bill' : '; with no standard enabled it runs no controls of its own until you enable one (findings of integrated services still arrive)')
          + '. Undo disables Security Hub there and deletes its findings',
      });
    }
    return plan;
  },
};
