import { credentialReport } from '../../collect/iam.js';
import type { Evidence } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';
import { daysSince, REPORT, reportTime, rootRow, unexpectedCell } from './credential-values.js';

const ROOT_USE_FIELDS = ['password_last_used', 'access_key_1_last_used_date', 'access_key_2_last_used_date'] as const;

/** The root user should not be used day to day: no password or key use within the window. */
export const rootUsage: Check = {
  id: 'iam-root-usage',
  description: 'Root password and access keys not used within the last N days (credential report root row)',
  needs: [credentialReport],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const report = state.get(credentialReport);
    if (!report.ok) return [readErrorFinding(resource, GLOBAL, report.error, 'the credential report')];
    const root = rootRow(report.value);
    if (!root) return [unexpectedCell(resource, 'user', undefined, 'a <root_account> row')];
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
