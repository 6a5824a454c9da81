import { credentialReport } from '../../collect/iam.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, manual, pass, readErrorFinding } from '../findings.js';
import { daysSince, REPORT, reportTime, rootRow, unexpectedCell } from './credential-values.js';

const ROOT_USE_FIELDS = ['password_last_used', 'access_key_1_last_used_date', 'access_key_2_last_used_date'] as const;

/** The root user should not be used day to day: no password or key use within the window. */
export const rootUsage: Check = {
  id: 'iam-root-usage',
  description: 'Root password and access keys not used within the last N days (credential report root row); with rootUsageEvidenceOnly, the last uses as MANUAL evidence',
  needs: [credentialReport],
  params: ['rootUsageEvidenceOnly'],
  evidenceOnlyWith: 'rootUsageEvidenceOnly',
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const report = state.get(credentialReport);
    if (!report.ok) return [readErrorFinding(resource, GLOBAL, report.error, 'the credential report')];
    const root = rootRow(report.value);
    if (!root) return [unexpectedCell(resource, 'user', undefined, 'a <root_account> row')];
    if (ctx.params.rootUsageEvidenceOnly) return [rootUseEvidence(resource, root)];
    const limit = ctx.options.rootUsageDays;
    const evidence: Evidence[] = [];
    const recent: string[] = [];
    for (const field of ROOT_USE_FIELDS) {
      const used = reportTime(root[field]);
      const expected = `not within ${limit} days`;
      if (used === 'unexpected') return [unexpectedCell(resource, field, root[field], 'a date, N/A or no_information')];
      evidence.push({ source: REPORT, field, value: root[field] ?? null, expected });
      if (used !== 'none' && daysSince(used, ctx.now) < limit) recent.push(`${field} ${used.toISOString()}`);
    }
    return recent.length > 0
      ? [fail(resource, GLOBAL, `root was used within ${limit} days: ${recent.join(', ')}`, evidence)]
      : [pass(resource, GLOBAL, `root not used within ${limit} days`, evidence)];
  },
};

/** No threshold (CIS v1.4+): the root's last uses as evidence; a person judges whether they were justified. */
function rootUseEvidence(resource: string, root: Record<string, string>): Finding {
  const evidence: Evidence[] = ROOT_USE_FIELDS.map((field) => ({ source: REPORT, field, value: root[field] ?? null }));
  const uses = ROOT_USE_FIELDS.flatMap((field) => {
    const used = reportTime(root[field]);
    return used instanceof Date ? [`${field} ${used.toISOString()}`] : [];
  });
  const what = uses.length > 0 ? `root last used: ${uses.join(', ')}` : 'root has no recorded password or access key use';
  return manual(resource, GLOBAL, `${what}; confirm root is used only for the tasks that require it`, evidence);
}
