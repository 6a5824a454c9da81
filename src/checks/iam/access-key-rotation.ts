import { credentialReport } from '../../collect/iam.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';
import { daysSince, REPORT, reportBool, reportDate, unexpectedCell, userRows } from './credential-values.js';

/** Active access keys are rotated within the limit (root keys are 1.12's business). */
export const accessKeyRotation: Check = {
  id: 'iam-access-key-rotation',
  description: 'Active IAM user access keys rotated within 90 days (credential report)',
  needs: [credentialReport],
  evaluate(state, ctx) {
    const report = state.get(credentialReport);
    if (!report.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, report.error, 'the credential report')];
    const limit = ctx.options.credentialMaxAgeDays;
    const findings: Finding[] = [];
    for (const row of userRows(report.value)) {
      const resource = row.arn ?? row.user ?? '';
      for (const n of [1, 2] as const) {
        const activeField = `access_key_${n}_active`;
        const rotatedField = `access_key_${n}_last_rotated`;
        const active = reportBool(row[activeField]);
        if (active === undefined) {
          findings.push(unexpectedCell(resource, activeField, row[activeField], 'true or false'));
          continue;
        }
        if (!active) continue;
        const rotated = reportDate(row[rotatedField]);
        if (!rotated) {
          findings.push(unexpectedCell(resource, rotatedField, row[rotatedField], 'a date for an active key'));
          continue;
        }
        const days = daysSince(rotated, ctx.now);
        const evidence = [
          { source: REPORT, field: activeField, value: row[activeField] ?? null },
          { source: REPORT, field: rotatedField, value: row[rotatedField] ?? null, expected: `within ${limit} days` },
        ];
        findings.push(
          days > limit
            ? fail(resource, GLOBAL, `${row.user}: access key ${n} last rotated ${days} days ago`, evidence)
            : pass(resource, GLOBAL, `${row.user}: access key ${n} rotated ${days} days ago`, evidence),
        );
      }
    }
    if (findings.length === 0) return [notApplicable(accountResource(ctx), GLOBAL, 'no IAM user has an active access key')];
    return findings;
  },
};
