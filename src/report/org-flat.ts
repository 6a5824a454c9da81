import { asffFindings } from './asff.js';
import { CSV_COLUMNS, csvRows, csvText, formulaSafe } from './csv.js';
import type { OrgAccountEntry, OrgReport } from './org-model.js';

// CSV and ASFF for an organisation: each account's findings as its single-account report renders them (every row
// and finding already names its account), rendered one account at a time and concatenated.

/** What an account that could not be scanned says about itself. */
export const unscannedReason = (a: OrgAccountEntry) => `account ${a.account} could not be scanned: ${a.error ? `${a.error.code}: ${a.error.message}` : 'no reason recorded'}`;

/** CSV: the single-account columns (the first is the account); an account that could not be scanned is one ERROR row. */
export function renderOrgCsv(report: OrgReport): string {
  const chunks = [csvText([[...CSV_COLUMNS]])];
  for (const a of report.accounts) {
    const rows = a.report
      ? csvRows(a.report)
      : [[a.account, '', '', '', '', '', 'ERROR', a.account, unscannedReason(a), JSON.stringify(a.error ? [{ source: 'account', field: 'error', value: a.error }] : [])].map(formulaSafe)];
    if (rows.length > 0) chunks.push(csvText(rows));
  }
  return chunks.join('');
}

/**
 * ASFF: every scanned account's findings (each with its AwsAccountId), as `{ "Findings": [...] }`. An account that
 * could not be scanned has no finding to import: it is in the JSON and table reports, and in the exit code.
 */
export function renderOrgAsff(report: OrgReport): string {
  const chunks: string[] = [];
  for (const a of report.accounts) {
    if (!a.report) continue;
    const findings = asffFindings(a.report);
    if (findings.length > 0) chunks.push(findings.map((f) => JSON.stringify(f, null, 2).replace(/^/gm, '    ')).join(',\n'));
  }
  return chunks.length === 0 ? '{\n  "Findings": []\n}\n' : `{\n  "Findings": [\n${chunks.join(',\n')}\n  ]\n}\n`;
}
