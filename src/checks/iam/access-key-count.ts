import { credentialReport } from '../../collect/iam.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';
import { consoleUsers, REPORT, reportBool, reportTime, unexpectedCell, userRows } from './credential-values.js';

// Two access-key rules read from the credential report's key columns (a user has at most two keys).
const KEYS = [1, 2] as const;
const activeField = (n: 1 | 2) => `access_key_${n}_active`;

type Row = Record<string, string>;

/** Which of the user's keys are active, or the ERROR finding for a cell that is neither true nor false. */
function activeKeys(row: Row, resource: string): Array<1 | 2> | Finding {
  const active: Array<1 | 2> = [];
  for (const n of KEYS) {
    const v = reportBool(row[activeField(n)]);
    if (v === undefined) return unexpectedCell(resource, activeField(n), row[activeField(n)], 'true or false');
    if (v) active.push(n);
  }
  return active;
}

/** A user should rotate with at most one active key; two active keys double what can leak. */
export const oneActiveKey: Check = {
  id: 'iam-one-active-key',
  description: 'No IAM user has more than one active access key (credential report access_key_1_active / access_key_2_active)',
  needs: [credentialReport],
  evaluate(state, ctx) {
    const report = state.get(credentialReport);
    if (!report.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, report.error, 'the credential report')];
    const findings: Finding[] = [];
    for (const row of userRows(report.value)) {
      const resource = row.arn ?? row.user ?? '';
      const active = activeKeys(row, resource);
      if (!Array.isArray(active)) {
        findings.push(active);
        continue;
      }
      if (active.length === 0) continue;
      const evidence = KEYS.map((n) => ({ source: REPORT, field: activeField(n), value: row[activeField(n)] ?? null, expected: 'at most one true' }));
      findings.push(
        active.length > 1
          ? fail(resource, GLOBAL, `${row.user} has ${active.length} active access keys`, evidence)
          : pass(resource, GLOBAL, `${row.user} has one active access key`, evidence),
      );
    }
    if (findings.length === 0) return [notApplicable(accountResource(ctx), GLOBAL, 'no IAM user has an active access key')];
    return findings;
  },
};

/**
 * Keys made together with a console user and never used were created "just in case": CIS (Manual) asks that
 * none exist. The credential report reads the criterion fully (password on, key active, last used N/A), so this
 * is a verdict, not MANUAL.
 */
export const noKeysAtSetup: Check = {
  id: 'iam-no-keys-at-setup',
  description: 'No IAM user with a console password has an active access key that was never used (credential report)',
  needs: [credentialReport],
  evaluate(state, ctx) {
    const report = state.get(credentialReport);
    if (!report.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, report.error, 'the credential report')];
    const findings: Finding[] = [];
    for (const { row, resource } of consoleUsers(report.value, findings)) {
      const active = activeKeys(row, resource);
      if (!Array.isArray(active)) {
        findings.push(active);
        continue;
      }
      findings.push(setupKeysFinding(row, resource, active));
    }
    if (findings.length === 0) return [notApplicable(accountResource(ctx), GLOBAL, 'no IAM user has a console password')];
    return findings;
  },
};

function setupKeysFinding(row: Row, resource: string, active: Array<1 | 2>): Finding {
  const evidence: Evidence[] = [
    { source: REPORT, field: 'password_enabled', value: row.password_enabled ?? null },
    { source: REPORT, field: 'user_creation_time', value: row.user_creation_time ?? null },
  ];
  const neverUsed: string[] = [];
  for (const n of active) {
    const usedField = `access_key_${n}_last_used_date`;
    const used = reportTime(row[usedField]);
    if (used === 'unexpected') return unexpectedCell(resource, usedField, row[usedField], 'a date or N/A');
    evidence.push(
      { source: REPORT, field: activeField(n), value: row[activeField(n)] ?? null },
      { source: REPORT, field: `access_key_${n}_last_rotated`, value: row[`access_key_${n}_last_rotated`] ?? null },
      { source: REPORT, field: usedField, value: row[usedField] ?? null, expected: 'a date (the key has been used)' },
    );
    if (used === 'none') neverUsed.push(`access key ${n} (created ${row[`access_key_${n}_last_rotated`] ?? 'at an unknown time'})`);
  }
  if (neverUsed.length > 0) return fail(resource, GLOBAL, `${row.user} has a console password and never-used active ${neverUsed.join(', ')}`, evidence);
  if (active.length === 0) return pass(resource, GLOBAL, `${row.user} has a console password and no active access key`, evidence);
  return pass(resource, GLOBAL, `${row.user}: every active access key has been used`, evidence);
}
