import { analyzers } from '../../collect/accessanalyzer.js';
import { inRegion } from '../../checks/networking/ec2-resources.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator } from '../types.js';
import { CREATED_BY_TAG_KEY, CREATED_BY_TAG_MAP, CREATED_BY_TAG_VALUE } from './building-blocks.js';
import { failingRegions } from './regional.js';

// IAM Access Analyzer: an ACCOUNT analyzer in each failing region. Existing analyzers (unused-access ones, a
// FAILED one) are left alone; only ours is added, under a name a rerun recognises.

const CHECK = 'iam-access-analyzer';
const ID = 'access-analyzer';
export const ANALYZER_NAME = 'cis-audit-access-analyzer';

export const accessAnalyzerRemediator: Remediator = {
  id: ID,
  checks: [CHECK],
  // CreateAnalyzer to fix (TagResource: tags on create; the service-linked role Access Analyzer uses is created on
  // first use), DeleteAnalyzer for undo.
  permissions: ['access-analyzer:CreateAnalyzer', 'access-analyzer:TagResource', 'access-analyzer:DeleteAnalyzer', 'iam:CreateServiceLinkedRole'],
  needs: [analyzers],
  async plan({ state, ctx, failing }) {
    const plan: RemediationPlan = { remediator: ID, checks: [CHECK], steps: [], guidance: [] };
    const all = state.get(analyzers);
    for (const region of failingRegions(failing, CHECK, ctx)) {
      const got = inRegion(all, region, analyzers.key);
      if (!got.ok) {
        plan.guidance.push(`${region}: nothing planned, the analyzers could not be listed: ${describeReadError(got.error)}. Rerun the fix once this region is readable.`);
        continue;
      }
      const ours = got.value.find((a) => a.name === ANALYZER_NAME);
      if (ours) {
        // Same name, yet the region fails: it is not ACTIVE (or not an external-access type). Deleting it is the owner's call.
        plan.guidance.push(`${region}: analyzer ${ANALYZER_NAME} exists (${ours.type}, ${ours.status}) but is not an ACTIVE external-access analyzer: `
          + `wait if it is CREATING; otherwise \`aws accessanalyzer delete-analyzer --analyzer-name ${ANALYZER_NAME} --region ${region}\` and rerun the fix`);
        continue;
      }
      const arn = `arn:${ctx.partition}:access-analyzer:${region}:${ctx.account}:analyzer/${ANALYZER_NAME}`;
      plan.steps.push({
        describe: `create IAM Access Analyzer analyzer ${ANALYZER_NAME} (type ACCOUNT: external access to this account's resources) in ${region}, tagged ${CREATED_BY_TAG_KEY}=${CREATED_BY_TAG_VALUE}`,
        call: { service: 'accessanalyzer', region, operation: 'CreateAnalyzer', input: { analyzerName: ANALYZER_NAME, type: 'ACCOUNT', tags: { ...CREATED_BY_TAG_MAP } } },
        prior: { region, analyzers: got.value.map((a) => ({ name: a.name, type: a.type, status: a.status })) },
        undo: [{ service: 'accessanalyzer', region, operation: 'DeleteAnalyzer', input: { analyzerName: ANALYZER_NAME } }],
        creates: [arn],
        warning: `the analyzer starts reporting findings for resources shared outside account ${ctx.account} (${region}); `
          + 'its findings are free, but review them (Access Analyzer console) — undo deletes the analyzer and its findings',
      });
    }
    // A new analyzer is CREATING for a few seconds before it is ACTIVE (a region left to guidance is not worth waiting for).
    if (plan.steps.length > 0 && plan.guidance.length === 0) plan.pendingWhile = 'the new analyzer to become ACTIVE (usually seconds); rerun the scan';
    return plan;
  },
};
