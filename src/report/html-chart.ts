import type { Severity, Status } from '../model/status.js';
import { SEVERITIES } from '../model/status.js';
import { esc } from './html-escape.js';
import type { BenchmarkReport, ControlReport } from './model.js';

// The summary: counts per status, and stacked CSS bars per section and per severity (no script, no images).

/** Order shown everywhere: the verdicts that need action first. */
export const STATUS_ORDER: Status[] = ['FAIL', 'ERROR', 'MANUAL', 'PASS', 'SUPPRESSED', 'NOT_APPLICABLE', 'NOT_IMPLEMENTED'];
export const SEVERITY_ORDER: Severity[] = [...SEVERITIES].reverse();

export const statusClass = (s: Status) => `st-${s.toLowerCase().replace(/_/g, '-')}`;

function countStatuses(controls: ControlReport[]): Record<Status, number> {
  const out = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as Record<Status, number>;
  for (const c of controls) out[c.status]++;
  return out;
}

/** One labelled row: a bar split by status, each part as wide as its share of the row's controls. */
function bar(label: string, attrs: string, controls: ControlReport[]): string {
  const counts = countStatuses(controls);
  const parts = STATUS_ORDER.filter((s) => counts[s] > 0)
    .map((s) => `<span class="seg ${statusClass(s)}" style="width:${((counts[s] / controls.length) * 100).toFixed(2)}%" title="${s}: ${counts[s]}">${counts[s]}</span>`)
    .join('');
  const tally = STATUS_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ');
  return `<div class="bar-row"${attrs}><span class="bar-label" title="${label}">${label}</span><span class="bar" role="img" aria-label="${esc(tally)}">${parts}</span><span class="bar-total">${controls.length}</span></div>`;
}

export function statusCards(b: BenchmarkReport): string {
  return `<ul class="cards">${STATUS_ORDER.map(
    (s) => `<li class="card ${statusClass(s)}${b.summary.controls[s] === 0 ? ' zero' : ''}" data-card-status="${s}"><span class="card-n" data-count-status="${s}">${b.summary.controls[s]}</span><span class="card-label">${s}</span><span class="card-sub"><span data-count-findings="${s}">${b.summary.findings[s]}</span> findings</span></li>`,
  ).join('')}</ul>`;
}

export function sectionChart(b: BenchmarkReport): string {
  const sections = [...new Set(b.controls.map((c) => c.section))];
  const rows = sections.map((s) => {
    const cs = b.controls.filter((c) => c.section === s);
    return bar(`${esc(s)} ${esc(cs[0]!.sectionTitle)}`, ` data-chart-section="${esc(s)}"`, cs);
  });
  return `<figure class="chart"><figcaption>Controls by section</figcaption>${rows.join('')}</figure>`;
}

export function severityChart(b: BenchmarkReport): string {
  const rows = SEVERITY_ORDER.map((sev) => ({ sev, cs: b.controls.filter((c) => c.severity === sev) }))
    .filter((r) => r.cs.length > 0)
    .map((r) => bar(r.sev, ` data-chart-severity="${r.sev}"`, r.cs));
  return `<figure class="chart"><figcaption>Controls by severity</figcaption>${rows.join('')}</figure>`;
}

export function legend(): string {
  return `<p class="legend">${STATUS_ORDER.map((s) => `<span class="dot ${statusClass(s)}"></span>${s}`).join(' ')}</p>`;
}
