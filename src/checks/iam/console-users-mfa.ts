import { credentialReport } from '../../collect/iam.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';
import type { Finding } from '../../model/finding.js';
import { consoleUsers, REPORT, reportBool, unexpectedCell } from './credential-values.js';

/** Every IAM user who can sign in to the console has MFA. */
export const consoleUsersMfa: Check = {
  id: 'iam-console-users-mfa',
  description: 'IAM users with a console password have an MFA device (credential report)',
  needs: [credentialReport],
  evaluate(state, ctx) {
    const report = state.get(credentialReport);
    if (!report.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, report.error, 'the credential report')];
    const findings: Finding[] = [];
    for (const { row, resource } of consoleUsers(report.value, findings)) {
      const mfa = reportBool(row.mfa_active);
      const evidence = [
        { source: REPORT, field: 'password_enabled', value: row.password_enabled ?? null },
        { source: REPORT, field: 'mfa_active', value: row.mfa_active ?? null, expected: 'true' },
      ];
      if (mfa === undefined) findings.push(unexpectedCell(resource, 'mfa_active', row.mfa_active, 'true or false'));
      else if (mfa) findings.push(pass(resource, GLOBAL, `${row.user} has a console password and MFA`, evidence));
      else findings.push(fail(resource, GLOBAL, `${row.user} has a console password but no MFA`, evidence));
    }
    if (findings.length === 0) {
      return [notApplicable(accountResource(ctx), GLOBAL, 'no IAM user has a console password')];
    }
    return findings;
  },
};
