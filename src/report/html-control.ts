import type { Evidence, Finding } from '../model/finding.js';
import { statusClass } from './html-chart.js';
import { esc, escValue } from './html-escape.js';
import type { BenchmarkReport, ControlReport } from './model.js';

// One control as a <details> row: the verdict in its summary line, findings, evidence and remediation inside.

/** The `cis-audit fix` command for automatic and opt-in remediations; none for guidance. */
export function fixCommand(c: ControlReport): string | undefined {
  if (c.remediation.kind === 'guidance') return undefined;
  return `cis-audit fix --benchmark ${c.benchmark} --control ${c.id}${c.remediation.kind === 'opt-in' ? ' --allow-disruptive' : ''}`;
}

function evidenceList(evidence: Evidence[]): string {
  if (evidence.length === 0) return '<span class="muted">none recorded</span>';
  return `<ul class="evidence">${evidence
    .map((e) => `<li><code>${esc(e.source)}</code> <span class="field">${esc(e.field)}</span> = <code class="value">${escValue(e.value)}</code>${e.expected === undefined ? '' : ` <span class="expected">expected ${esc(e.expected)}</span>`}</li>`)
    .join('')}</ul>`;
}

function findingRow(f: Finding): string {
  return `<tr class="finding" data-status="${f.status}"><td><span class="badge ${statusClass(f.status)}">${f.status}</span></td><td class="resource"><code>${esc(f.resource)}</code></td><td>${esc(f.region)}</td><td>${esc(f.message)}${f.error ? `<div class="error">${esc(`${f.error.service}:${f.error.operation} ${f.error.code}`)}${f.error.message ? `: ${esc(f.error.message)}` : ''}</div>` : ''}</td><td>${evidenceList(f.evidence)}</td></tr>`;
}

function findingsTable(c: ControlReport): string {
  if (c.findings.length === 0) return '<p class="muted">No findings.</p>';
  return `<table class="findings"><thead><tr><th>Status</th><th>Resource</th><th>Region</th><th>Message</th><th>Evidence</th></tr></thead><tbody>${c.findings.map(findingRow).join('')}</tbody></table>`;
}

function remediation(c: ControlReport): string {
  const cmd = fixCommand(c);
  const how = cmd
    ? `<p><code class="cmd">${esc(cmd)}</code> <span class="muted">(${c.remediation.kind}; preview with <code>--dry-run</code>)</span></p>`
    : '<p class="muted">Guidance only: <code>cis-audit fix</code> does not change this automatically.</p>';
  return `<div class="remediation"><h4>Remediation</h4><p>${esc(c.remediation.summary)}</p>${how}</div>`;
}

export function controlRow(c: ControlReport): string {
  const meta = [`Level ${c.level}`, c.assessment, `aggregation ${c.aggregation}`, ...(c.securityHub.length > 0 ? [`Security Hub ${c.securityHub.join(', ')}`] : []), `checks ${c.checks.join(', ') || 'none'}`];
  const attrs = `data-benchmark="${esc(c.benchmark)}" data-control="${esc(c.id)}" data-status="${c.status}" data-severity="${c.severity}" data-section="${esc(`${c.benchmark}|${c.section}`)}"`;
  return `<details class="control" ${attrs}><summary><span class="cid">${esc(c.id)}</span><span class="badge ${statusClass(c.status)}">${c.status}</span><span class="sev sev-${c.severity.toLowerCase()}">${c.severity}</span><span class="ctitle">${esc(c.title)}</span><span class="nf">${c.findings.length} finding${c.findings.length === 1 ? '' : 's'}</span></summary><div class="body"><p class="reason">${esc(c.reason)}</p><p class="cmeta">${meta.map(esc).join(' · ')}</p>${findingsTable(c)}${remediation(c)}</div></details>`;
}

/** The controls of one benchmark grouped by section, in benchmark order. */
export function controlGroups(b: BenchmarkReport): string {
  const sections = [...new Set(b.controls.map((c) => c.section))];
  return sections
    .map((s) => {
      const cs = b.controls.filter((c) => c.section === s);
      return `<div class="group"><h3>${esc(s)} ${esc(cs[0]!.sectionTitle)}</h3>${cs.map(controlRow).join('')}</div>`;
    })
    .join('');
}
