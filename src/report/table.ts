import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { EXIT } from '../engine/exit-code.js';
import type { Finding } from '../model/finding.js';
import { severityRank, STATUSES, type Severity, type Status } from '../model/status.js';
import type { Renderer } from './format.js';
import type { ControlReport, ScanReport } from './model.js';

// The terminal report: a header, one row per control, the failing/unreadable resources, a one-line verdict.

const REASON_WIDTH = 70;
/** Resources listed per FAIL/ERROR control before "… and N more". */
const DETAIL_LIMIT = 10;

/** Control characters (C0, DEL, C1) would let a resource name drive the terminal: show them as U+FFFD. */
export function terminalSafe(s: string): string {
  return s.replace(/\r\n|[\r\n\t]/g, ' ').replace(/[\u0000-\u001F\u007F-\u009F]/g, '\uFFFD');
}

/** At most `width` characters, cut at a word boundary when one is near, ending in "…". */
export function truncate(s: string, width: number): string {
  const chars = Array.from(s);
  if (chars.length <= width) return s;
  const cut = chars.slice(0, width - 1).join('');
  const space = cut.lastIndexOf(' ');
  const head = space >= width * 0.6 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.—-]+$/u, '')}…`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function statusStyle(chalk: ChalkInstance, status: Status): (s: string) => string {
  switch (status) {
    case 'PASS':
      return chalk.green;
    case 'FAIL':
      return chalk.red.bold;
    case 'ERROR':
      return chalk.magenta.bold;
    case 'SUPPRESSED':
    case 'MANUAL':
      return chalk.cyan;
    case 'NOT_APPLICABLE':
    case 'NOT_IMPLEMENTED':
      return chalk.dim;
  }
}

function severityStyle(chalk: ChalkInstance, severity: Severity): (s: string) => string {
  switch (severity) {
    case 'CRITICAL':
      return chalk.red.bold;
    case 'HIGH':
      return chalk.red;
    case 'MEDIUM':
      return chalk.yellow;
    case 'LOW':
      return (s) => s;
  }
}

/** "2024-05-01T12:00:00.000Z" → "2024-05-01 12:00:00 UTC" (anything unparseable is shown as given). */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return terminalSafe(iso);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function header(report: ScanReport, chalk: ChalkInstance): string[] {
  const t = terminalSafe;
  const source = report.source.kind === 'snapshot' ? `snapshot ${t(report.source.file)}` : 'live AWS APIs';
  const regions = `${plural(report.regions.length, 'region')} (home ${t(report.homeRegion)})`;
  const evaluated = report.evaluatedAt !== report.collectedAt ? ` · evaluated at ${when(report.evaluatedAt)}` : '';
  return [
    chalk.bold(t(`${report.benchmark.name} ${report.benchmark.version}`)) + chalk.dim(t(` · ${report.tool.name} ${report.tool.version}`)),
    `Account ${chalk.bold(t(report.account))} (${t(report.partition)}) · ${regions} · source: ${source}`,
    `Collected ${when(report.collectedAt)}${evaluated}`,
  ];
}

function controlTable(report: ScanReport, chalk: ChalkInstance): string {
  const table = new Table({
    head: ['ID', 'SEVERITY', 'STATUS', 'REASON'].map((h) => chalk.bold(h)),
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
    },
    // cli-table3's default head/border colours would bypass the caller's colour decision.
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  let section: string | undefined;
  for (const c of report.controls) {
    if (c.section !== section) {
      section = c.section;
      table.push([{ colSpan: 4, content: chalk.bold.underline(terminalSafe(`${c.section} ${c.sectionTitle}`)) }]);
    }
    table.push([
      terminalSafe(c.id),
      severityStyle(chalk, c.severity)(c.severity),
      statusStyle(chalk, c.status)(c.status),
      truncate(terminalSafe(c.reason), REASON_WIDTH),
    ]);
  }
  return table.toString();
}

const width = (s: string) => Array.from(s).length;
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

/** For each FAIL / ERROR control, the resources that decided it (resource, region, message). */
function details(report: ScanReport, chalk: ChalkInstance): string[] {
  const out: string[] = [];
  for (const c of report.controls) {
    if (c.status !== 'FAIL' && c.status !== 'ERROR') continue;
    const style = statusStyle(chalk, c.status);
    out.push('', `${style(c.status)} ${chalk.bold(terminalSafe(c.id))} ${terminalSafe(c.title)}`);
    const deciding: Finding[] = c.findings.filter((f) => f.status === c.status);
    if (deciding.length === 0) {
      out.push(`  ${terminalSafe(c.reason)}`);
      continue;
    }
    const shown = deciding.slice(0, DETAIL_LIMIT).map((f) => ({
      resource: terminalSafe(f.resource),
      region: terminalSafe(f.region),
      message: terminalSafe(f.message),
    }));
    const rw = Math.max(...shown.map((f) => width(f.resource)));
    const gw = Math.max(...shown.map((f) => width(f.region)));
    for (const f of shown) out.push(`  ${pad(f.resource, rw)}  ${chalk.dim(f.region)}${pad('', gw - width(f.region))}  ${f.message}`);
    if (deciding.length > DETAIL_LIMIT) out.push(chalk.dim(`  … and ${deciding.length - DETAIL_LIMIT} more`));
  }
  return out;
}

/** "NON-COMPLIANT (exit 1) — 9 FAIL at or above LOW": the exit code the report carries, and why. */
export function verdict(report: ScanReport): string {
  const rank = severityRank(report.failOn);
  const fails = report.controls.filter((c) => c.status === 'FAIL');
  const qualifying = fails.filter((c) => severityRank(c.severity) >= rank).length;
  const below = fails.length - qualifying;
  const belowNote = below > 0 ? `; ${below} FAIL below ${report.failOn}` : '';
  const { ERROR, NOT_IMPLEMENTED } = report.summary.controls;
  switch (report.exitCode) {
    case EXIT.COMPLIANT:
      return `COMPLIANT (exit 0) — no FAIL at or above ${report.failOn}, no ERROR${belowNote}`;
    case EXIT.NON_COMPLIANT:
      return `NON-COMPLIANT (exit 1) — ${qualifying} FAIL at or above ${report.failOn}${belowNote}`;
    case EXIT.INCOMPLETE: {
      const why = [ERROR > 0 ? `${ERROR} ERROR` : '', NOT_IMPLEMENTED > 0 ? `${NOT_IMPLEMENTED} NOT_IMPLEMENTED` : '']
        .filter(Boolean)
        .join(', ');
      return `INCOMPLETE (exit 3) — ${why || 'some controls undecided'}, no FAIL at or above ${report.failOn}${belowNote}`;
    }
    default:
      return `exit ${report.exitCode}`;
  }
}

function summary(report: ScanReport, chalk: ChalkInstance): string[] {
  // MANUAL only where a benchmark has manual recommendations, so v1.2.0 summaries read as they always did.
  const counts = STATUSES.filter((s) => s !== 'MANUAL' || report.summary.controls.MANUAL > 0).map((s) => {
    const n = report.summary.controls[s];
    const text = `${n} ${s}`;
    return n > 0 ? statusStyle(chalk, s)(text) : chalk.dim(text);
  }).join(chalk.dim(' · '));
  const total = report.controls.length;
  const v = verdict(report);
  const style = report.exitCode === EXIT.COMPLIANT ? chalk.green.bold : report.exitCode === EXIT.NON_COMPLIANT ? chalk.red.bold : chalk.magenta.bold;
  return [`Controls (${total}): ${counts}`, `Result: ${style(v)}`];
}

export const renderTable: Renderer = (report, options) => {
  // Several benchmarks: one block each (same account and collection), the exit code under the last.
  if (report.benchmarks.length > 1) {
    return report.benchmarks
      .map((b, i) => renderTable({ ...report, benchmark: b.benchmark, summary: b.summary, controls: b.controls, exitCode: b.exitCode, benchmarks: [b], warnings: i === 0 ? report.warnings : [] }, options))
      .join('\n') + `\nOverall (${report.benchmarks.length} benchmarks): exit ${report.exitCode}\n`;
  }
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [...header(report, chalk), ''];
  lines.push(report.controls.length > 0 ? controlTable(report, chalk) : chalk.dim('No controls were scanned.'));
  lines.push(...details(report, chalk));
  if (report.warnings.length > 0) {
    lines.push('', chalk.yellow.bold('Warnings'));
    for (const w of report.warnings) lines.push(`  ${chalk.yellow('!')} ${terminalSafe(w)}`);
  }
  lines.push('', ...summary(report, chalk));
  return (
    lines
      .join('\n')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n') + '\n'
  );
};
