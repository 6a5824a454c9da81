import type { FormatName, RenderOptions } from './format.js';
import { renderReport } from './index.js';
import type { OrgReport } from './org-model.js';

// Renders an organisation report. JSON is the OrgReport itself (schema/org-report.v1.schema.json); the other
// formats are, for now, each scanned account's own report after an organisation header.

export async function renderOrgReport(format: FormatName, report: OrgReport, options: RenderOptions): Promise<string> {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  const s = report.summary.accounts;
  const parts = [`Organisation scan: ${s.total} account(s), ${s.scanned} scanned, ${s.error} not scanned; exit code ${report.exitCode}\n`];
  for (const entry of report.accounts) {
    if (!entry.report) {
      parts.push(`\nAccount ${entry.account}${entry.name ? ` (${entry.name})` : ''}: ERROR ${entry.error?.code ?? ''}: ${entry.error?.message ?? 'not scanned'}\n`);
      continue;
    }
    if (format === 'table' || format === 'markdown') parts.push(`\nAccount ${entry.account}${entry.name ? ` (${entry.name})` : ''}\n`);
    parts.push(await renderReport(format, entry.report, options));
  }
  return parts.join('');
}
