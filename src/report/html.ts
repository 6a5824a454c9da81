import type { Renderer } from './format.js';
import { CSP, CSS, SCRIPT } from './html-assets.js';
import { legend, sectionChart, severityChart, SEVERITY_ORDER, STATUS_ORDER, statusCards, statusClass } from './html-chart.js';
import { controlGroups } from './html-control.js';
import { esc } from './html-escape.js';
import type { BenchmarkReport, ScanReport } from './model.js';

// A self-contained HTML report for auditors: metadata, a summary chart and every control with its findings,
// evidence and remediation, per selected benchmark. No network; readable without JavaScript; prints expanded.

/** The scan's metadata panel; `id` keeps it apart when an organisation page has one per account. */
export function metadata(r: ScanReport, id = 'scan'): string {
  const source = r.source.kind === 'live' ? 'live scan' : `snapshot ${r.source.file}`;
  const rows: [string, string][] = [
    ['Account', `${r.account} (${r.partition})`],
    ['Regions', `${r.regions.length}: ${r.regions.join(', ')}`],
    ['Home region', r.homeRegion],
    ['Benchmarks', r.benchmarks.map((b) => `${b.benchmark.name} ${b.benchmark.version} (${b.benchmark.selector})`).join('; ')],
    ['Source', source],
    ['Collected', r.collectedAt],
    ['Evaluated', r.evaluatedAt],
    ['Tool', `${r.tool.name} ${r.tool.version}`],
    ['Exit code', `${r.exitCode} (fail on ${r.failOn} and above)`],
  ];
  const warnings = r.warnings.length === 0 ? '' : `<h3>Warnings</h3><ul class="warnings">${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`;
  return `<section class="panel" id="${esc(id)}"><h2>Scan</h2><dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd data-meta="${k.toLowerCase().replace(/ /g, '-')}">${esc(v)}</dd>`).join('')}</dl>${warnings}</section>`;
}

/** Hidden until the script shows it: without JavaScript there is nothing to filter with. */
export function filters(r: ScanReport): string {
  const toggle = (name: string, v: string, cls = '') => `<button type="button" data-filter="${name}" value="${v}" aria-pressed="false"${cls ? ` class="${cls}"` : ''}>${v}</button>`;
  const sections = r.benchmarks.flatMap((b) =>
    [...new Map(b.controls.map((c) => [c.section, c.sectionTitle])).entries()].map(
      ([s, t]) => `<option value="${esc(`${b.benchmark.selector}|${s}`)}">${r.benchmarks.length > 1 ? `${esc(b.benchmark.selector)} ` : ''}${esc(s)} ${esc(t)}</option>`,
    ),
  );
  return `<form class="filters" id="filters" hidden role="search" aria-label="Filter controls">
<fieldset><legend>Status</legend>${STATUS_ORDER.map((s) => toggle('status', s, statusClass(s))).join('')}</fieldset>
<fieldset><legend>Severity</legend>${SEVERITY_ORDER.map((s) => toggle('severity', s)).join('')}</fieldset>
<select id="f-section" aria-label="Section"><option value="">All sections</option>${sections.join('')}</select>
<input type="search" id="f-search" placeholder="Search id, title, resource, message…" aria-label="Search">
<fieldset><button type="button" id="f-expand">Expand all</button><button type="button" id="f-collapse">Collapse all</button><button type="button" id="f-reset">Reset</button></fieldset>
<span id="f-count" aria-live="polite"></span></form>`;
}

/** One benchmark's summary and controls; `idPrefix` keeps element ids unique when several accounts share a page. */
export function benchmarkSection(b: BenchmarkReport, idPrefix = ''): string {
  const info = b.benchmark;
  const total = b.controls.length;
  return `<section class="benchmark" id="${esc(idPrefix + info.selector)}" data-benchmark="${esc(info.selector)}">
<div class="panel summary"><h2>${esc(info.name)} ${esc(info.version)} <span class="muted">${esc(info.selector)} · ${total} controls · exit code ${b.exitCode}</span></h2>
${statusCards(b)}<div class="charts">${sectionChart(b)}${severityChart(b)}</div>${legend()}</div>
<div class="controls">${controlGroups(b)}</div></section>`;
}

export function renderHtmlReport(r: ScanReport): string {
  const subtitle = `${r.benchmarks.map((b) => `${esc(b.benchmark.name)} ${esc(b.benchmark.version)}`).join(' · ')} · collected ${esc(r.collectedAt)}`;
  return htmlPage({ title: `cis-audit report: account ${r.account}`, subtitle, tool: r.tool, at: r.evaluatedAt }, `${metadata(r)}
${filters(r)}
${r.benchmarks.map((b) => benchmarkSection(b)).join('\n')}`);
}

/** The self-contained page around `main` (already escaped HTML): the policy, style and script, header and footer. */
export function htmlPage(page: { title: string; subtitle: string; tool: ScanReport['tool']; at: string }, main: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${page.tool.name} ${page.tool.version}`)}">
<title>${esc(page.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><div class="inner"><h1>${esc(page.title)}</h1><p>${page.subtitle}</p></div></header>
<main>
${main}
</main>
<footer>Generated by ${esc(page.tool.name)} ${esc(page.tool.version)} at ${esc(page.at)}. Self-contained: this file loads nothing from the network.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export const renderHtml: Renderer = (report) => renderHtmlReport(report);
