import { STATUS_ORDER, statusClass } from './html-chart.js';
import { esc } from './html-escape.js';
import { benchmarkSection, filters, htmlPage, metadata } from './html.js';
import type { OrgAccountEntry, OrgReport } from './org-model.js';
import { accountControls, orgVerdict } from './org-summary.js';
import { unscannedReason } from './org-flat.js';

// One self-contained page for an organisation: the accounts table (each row links to its account's section, the
// page's account selector), one filter bar over every account's controls, then per account the single-account
// report's metadata, summary and controls. Element ids carry the account so they stay unique on the page.

const anchor = (account: string) => `account-${account}`;

function accountsPanel(report: OrgReport): string {
  const statuses = STATUS_ORDER.filter((s) => report.accounts.some((a) => accountControls(a).some((c) => c.status === s)));
  const rows = report.accounts.map((a) => {
    const controls = accountControls(a);
    const counts = statuses.map((s) => `<td>${a.report ? controls.filter((c) => c.status === s).length : '–'}</td>`).join('');
    const status = a.status === 'ERROR' ? '<span class="badge st-error">NOT SCANNED</span>' : '<span class="badge st-pass">SCANNED</span>';
    return `<tr data-account="${esc(a.account)}"><td><a href="#${anchor(a.account)}"><code>${esc(a.account)}</code></a></td><td>${esc(a.name ?? '')}</td><td>${status}</td><td>${a.exitCode}</td>${counts}</tr>`;
  });
  const s = report.summary.accounts;
  const meta: [string, string][] = [
    ['Accounts', `${s.total} (${s.scanned} scanned, ${s.error} not scanned)`],
    ['Benchmarks', report.benchmarks.map((b) => `${b.name} ${b.version} (${b.selector})`).join('; ')],
    ...(report.shard ? [['Shard', `${report.shard.index}/${report.shard.count}`] as [string, string]] : []),
    ...(report.selection.roleName ? [['Role', report.selection.roleName] as [string, string]] : []),
    ['Generated', report.generatedAt],
    ['Result', orgVerdict(report)],
  ];
  return `<section class="panel" id="organisation"><h2>Organisation</h2><dl class="meta">${meta.map(([k, v]) => `<dt>${k}</dt><dd data-meta="${k.toLowerCase()}">${esc(v)}</dd>`).join('')}</dl>
<nav aria-label="Accounts"><table class="findings accounts"><thead><tr><th>Account</th><th>Name</th><th>Status</th><th>Exit</th>${statuses.map((st) => `<th class="${statusClass(st)}">${st}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></nav></section>`;
}

function accountSection(a: OrgAccountEntry): string {
  const title = `<h2>Account ${esc(a.account)}${a.name ? ` <span class="muted">${esc(a.name)}</span>` : ''}</h2>`;
  if (!a.report) {
    return `<section class="account" id="${anchor(a.account)}" data-account="${esc(a.account)}"><div class="panel">${title}<p class="error">${esc(unscannedReason(a))}</p></div></section>`;
  }
  const r = a.report;
  const prefix = `${anchor(a.account)}-`;
  return `<section class="account" id="${anchor(a.account)}" data-account="${esc(a.account)}"><div class="panel">${title}</div>
${metadata(r, `${prefix}scan`)}
${r.benchmarks.map((b) => benchmarkSection(b, prefix)).join('\n')}</section>`;
}

export function renderOrgHtml(report: OrgReport): string {
  const first = report.accounts.find((a) => a.report)?.report;
  const benchmarks = report.benchmarks.map((b) => `${esc(b.name)} ${esc(b.version)}`).join(' · ');
  const chunks = [accountsPanel(report), first ? filters(first) : '', ...report.accounts.map(accountSection)];
  return htmlPage({ title: `cis-audit report: organisation, ${report.accounts.length} accounts`, subtitle: `${benchmarks} · generated ${esc(report.generatedAt)}`, tool: report.tool, at: report.generatedAt }, chunks.join('\n'));
}
