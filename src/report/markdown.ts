import type { Status } from '../model/status.js';
import type { Renderer } from './format.js';
import type { BenchmarkReport, ScanReport } from './model.js';

// Markdown for humans on CI pages (GitHub step summaries, merge-request notes): a summary per benchmark and the
// failing controls with their resources.

const SHOWN: Status[] = ['PASS', 'FAIL', 'ERROR', 'MANUAL', 'NOT_APPLICABLE', 'NOT_IMPLEMENTED', 'SUPPRESSED'];
/** Resources listed per failing control before "and N more". */
const RESOURCES = 10;

/** Table cells: no pipes or newlines from the data, and no HTML (resource names are attacker-controlled). */
export function mdCell(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/`/g, "'");
}

function summaryTable(b: BenchmarkReport): string[] {
  const statuses = SHOWN.filter((s) => b.summary.controls[s] > 0);
  return [`| ${statuses.join(' | ')} |`, `| ${statuses.map(() => '---:').join(' | ')} |`, `| ${statuses.map((s) => b.summary.controls[s]).join(' | ')} |`];
}

function failing(b: BenchmarkReport): string[] {
  const out: string[] = [];
  for (const c of b.controls.filter((x) => x.status === 'FAIL' || x.status === 'ERROR')) {
    const deciding = c.findings.filter((f) => f.status === c.status);
    out.push(`- **${c.status} ${mdCell(c.id)}** (${c.severity}) ${mdCell(c.title)}`);
    for (const f of deciding.slice(0, RESOURCES)) out.push(`  - \`${mdCell(f.resource)}\` (${mdCell(f.region)}): ${mdCell(f.message)}`);
    if (deciding.length > RESOURCES) out.push(`  - … and ${deciding.length - RESOURCES} more (see the JSON report)`);
  }
  return out;
}

export function renderMarkdownReport(report: ScanReport): string {
  const lines = [`## cis-audit: account ${mdCell(report.account)}`, '',
    `${report.regions.length} regions · collected ${report.collectedAt} · exit code ${report.exitCode} (fail on ${report.failOn} and above)`, ''];
  for (const b of report.benchmarks) {
    lines.push(`### ${mdCell(b.benchmark.name)} ${b.benchmark.version}`, '', ...summaryTable(b), '');
    const f = failing(b);
    lines.push(...(f.length > 0 ? f : ['No FAIL or ERROR controls.']), '');
    const waived = b.controls.filter((c) => c.status === 'SUPPRESSED');
    if (waived.length > 0) lines.push(...waived.map((c) => `- **SUPPRESSED ${mdCell(c.id)}** (${c.severity}) ${mdCell(c.reason)}`), '');
  }
  const w = report.waivers;
  if (w && w.expired.length + w.stale.length > 0) {
    lines.push(`Waivers (${mdCell(w.file)}):`, ...w.expired.map((e) => `- expired ${mdCell(e.id)} (${e.expires}): ${mdCell(e.reason)}`), ...w.stale.map((e) => `- stale ${mdCell(e.id)}: matches no FAIL finding`), '');
  }
  return lines.join('\n');
}

export const renderMarkdown: Renderer = (report) => renderMarkdownReport(report);
