import { STATUSES } from '../model/status.js';
import { mdCell, renderMarkdownReport } from './markdown.js';
import type { OrgReport } from './org-model.js';
import { accountControls, orgVerdict } from './org-summary.js';
import { unscannedReason } from './org-flat.js';

// Markdown for an organisation: a summary table (one row per account), the failing controls with their accounts,
// the accounts that could not be scanned, then each account's own report one heading level down.

/** Accounts named per failing control before "and N more". */
const ACCOUNTS_SHOWN = 20;

function accountTable(report: OrgReport): string[] {
  const statuses = STATUSES.filter((s) => report.accounts.some((a) => accountControls(a).some((c) => c.status === s)));
  const rows = report.accounts.map((a) => {
    const controls = accountControls(a);
    const counts = statuses.map((s) => (a.report ? String(controls.filter((c) => c.status === s).length) : '–'));
    return `| ${a.account} | ${mdCell(a.name ?? '')} | ${a.status === 'ERROR' ? 'not scanned' : 'scanned'} | ${a.exitCode} | ${counts.join(' | ')} |`;
  });
  return [`| Account | Name | Status | Exit | ${statuses.join(' | ')} |`, `| --- | --- | --- | ---: | ${statuses.map(() => '---:').join(' | ')} |`, ...rows];
}

function failingControls(report: OrgReport): string[] {
  const multi = report.benchmarks.length > 1;
  return report.summary.controls
    .filter((c) => c.failing.length > 0)
    .map((c) => {
      const shown = c.failing.slice(0, ACCOUNTS_SHOWN).map((id) => `\`${id}\``).join(', ');
      const more = c.failing.length > ACCOUNTS_SHOWN ? ` and ${c.failing.length - ACCOUNTS_SHOWN} more` : '';
      return `- **FAIL ${mdCell(`${multi ? `${c.benchmark} ` : ''}${c.control}`)}** (${c.severity}) ${mdCell(c.title)}: ${c.failing.length} of ${report.accounts.length} accounts: ${shown}${more}`;
    });
}

export function renderOrgMarkdown(report: OrgReport): string {
  const s = report.summary.accounts;
  const lines = [
    `## cis-audit: organisation, ${s.total} account${s.total === 1 ? '' : 's'}`, '',
    `${s.scanned} scanned · ${s.error} not scanned${report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : ''} · generated ${report.generatedAt} · ${mdCell(orgVerdict(report))}`, '',
    ...accountTable(report), '',
  ];
  const failing = failingControls(report);
  lines.push('### Failing controls', '', ...(failing.length > 0 ? failing : ['No control fails in any scanned account.']), '');
  const unscanned = report.accounts.filter((a) => a.status === 'ERROR');
  if (unscanned.length > 0) lines.push('### Accounts not scanned', '', ...unscanned.map((a) => `- ${mdCell(unscannedReason(a))}`), '');
  // Each account's report as it renders alone, one heading level down and under the account's own heading.
  const chunks = [lines.join('\n')];
  for (const a of report.accounts) {
    if (!a.report) continue;
    const own = renderMarkdownReport(a.report).split('\n').slice(1).join('\n').replace(/^(#+) /gm, '#$1 ');
    chunks.push(`### Account ${a.account}${a.name ? ` (${mdCell(a.name)})` : ''}\n${own}`);
  }
  return `${chunks.join('\n')}\n`;
}
