import { credentialReport } from '../../collect/iam.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';
import { daysSince, REPORT, reportBool, reportDate, reportTime, unexpectedCell, userRows } from './credential-values.js';

// Which cell says when a credential was last used, and which to fall back on when it was never used.
const CREDENTIALS = [
  { name: 'password', enabled: 'password_enabled', lastUsed: 'password_last_used', fallback: 'password_last_changed' },
  { name: 'access key 1', enabled: 'access_key_1_active', lastUsed: 'access_key_1_last_used_date', fallback: 'access_key_1_last_rotated' },
  { name: 'access key 2', enabled: 'access_key_2_active', lastUsed: 'access_key_2_last_used_date', fallback: 'access_key_2_last_rotated' },
] as const;

/** Passwords and active keys not used for the limit should be disabled (unused = last used, else issued). */
export const unusedCredentials: Check = {
  id: 'iam-unused-credentials',
  description: 'No enabled password or active access key unused for the limit (90 days in v1.2.0, 45 from v1.4.0) or more (credential report)',
  needs: [credentialReport],
  params: ['credentialMaxAgeDays'],
  evaluate(state, ctx) {
    const report = state.get(credentialReport);
    if (!report.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, report.error, 'the credential report')];
    const limit = ctx.params.credentialMaxAgeDays ?? ctx.options.credentialMaxAgeDays;
    const findings: Finding[] = [];
    for (const row of userRows(report.value)) {
      const resource = row.arn ?? row.user ?? '';
      for (const cred of CREDENTIALS) {
        const enabled = reportBool(row[cred.enabled]);
        if (enabled === undefined) {
          findings.push(unexpectedCell(resource, cred.enabled, row[cred.enabled], 'true or false'));
          continue;
        }
        if (!enabled) continue;
        // Never used (a documented marker, not junk): count from when it was issued, else from the user's creation.
        const junk = [cred.lastUsed, cred.fallback].find((f) => reportTime(row[f]) === 'unexpected');
        if (junk) {
          findings.push(unexpectedCell(resource, junk, row[junk], 'a date, N/A or no_information'));
          continue;
        }
        const basis = [cred.lastUsed, cred.fallback, 'user_creation_time'].find((f) => reportDate(row[f]));
        const evidence: Evidence[] = [
          { source: REPORT, field: cred.enabled, value: row[cred.enabled] ?? null },
          { source: REPORT, field: cred.lastUsed, value: row[cred.lastUsed] ?? null, expected: `within ${limit} days` },
        ];
        if (!basis) {
          findings.push(unexpectedCell(resource, cred.lastUsed, row[cred.lastUsed], 'a date, or a date in ' + cred.fallback));
          continue;
        }
        if (basis !== cred.lastUsed) evidence.push({ source: REPORT, field: basis, value: row[basis] ?? null });
        const days = daysSince(reportDate(row[basis])!, ctx.now);
        const how = basis === cred.lastUsed ? 'last used' : `never used; ${basis.replace(/_/g, ' ')}`;
        if (days >= limit) {
          findings.push(fail(resource, GLOBAL, `${row.user}: ${cred.name} unused for ${days} days (${how} ${row[basis]})`, evidence));
        } else {
          findings.push(pass(resource, GLOBAL, `${row.user}: ${cred.name} used ${days} days ago`, evidence));
        }
      }
    }
    if (findings.length === 0) {
      return [notApplicable(accountResource(ctx), GLOBAL, 'no IAM user has a password or an active access key')];
    }
    return findings;
  },
};
