import type { ChalkInstance } from 'chalk';
import { EXIT } from '../engine/exit-code.js';
import type { Finding } from '../model/finding.js';
import { severityRank, STATUSES, type Severity, type Status } from '../model/status.js';
import type { RenderOptions, Renderer } from './format.js';
import { staleWaiversNote } from '../waivers/spec.js';
import type { WaiverUsage } from '../waivers/types.js';
import type { ControlReport, ScanReport } from './model.js';
import { styler, wrapAnsi } from './terminal-style.js';

// The terminal report: a header, one row per control, the failing/unreadable resources, a one-line verdict.
// Laid out for the terminal's width (files and pipes: DEFAULT_WIDTH); long lines wrap at word boundaries with
// their continuation indented, table reasons are cut at a word to fit.

/** Width for files, pipes and terminals that do not say. */
export const DEFAULT_WIDTH = 100;
/** Narrower terminals still get this much (below it the columns cannot hold their headings). */
const MIN_WIDTH = 60;
/** Resources listed per FAIL/ERROR control before "… and N more" (all with --all-findings). */
export const DETAIL_LIMIT = 10;
/** The flag that lifts DETAIL_LIMIT; named in the "… and N more" line. */
export const ALL_FINDINGS_FLAG = '--all-findings';

export const lineWidth = (options: Pick<RenderOptions, 'width'>): number =>
  options.width !== undefined && Number.isFinite(options.width) && options.width > 0 ? Math.max(MIN_WIDTH, Math.floor(options.width)) : DEFAULT_WIDTH;

/** `text` wrapped at word boundaries to `width` columns: the first line after `first`, the rest after `rest`. */
export function wrapIndented(text: string, width: number, first: string, rest: string = first): string[] {
  const room = Math.max(20, width - Math.max(displayWidth(first), displayWidth(rest)));
  // Most lines already fit, and most that do not are plain text: there, skip wrap-ansi's per-character width
  // measuring, whose first use costs ~40 ms of a table scan's startup (test/report/wrap-fast-path.test.ts proves
  // the result is wrap-ansi's).
  const lines = fitsAsIs(text, room) ? [text] : isPlain(text) ? wrapPlain(text, room) : wrapAnsi(text, room, { hard: false, trim: true }).split('\n');
  return lines.map((line, i) => `${i === 0 ? first : rest}${line}`);
}

/** Characters one column wide each (for wrap-ansi's string-width too): printable ASCII and the marks our messages
 * use (not ↔, which is an emoji, two columns). */
const ONE_COLUMN = /^[ -~·…—–→×≥≤§•‘’“”]*$/;

/** One-column text (colour codes allowed), no edge spaces, within `room` columns: what wrap-ansi returns unchanged. */
export function fitsAsIs(text: string, room: number): boolean {
  const visible = text.replace(/\u001b\[[0-9;]*m/g, '');
  return visible.length <= room && ONE_COLUMN.test(visible) && visible.trim() === visible;
}

/** One-column text without colour codes: each character is one column, so word lengths are string lengths. */
const isPlain = (text: string) => ONE_COLUMN.test(text);

/** wrap-ansi's greedy word wrap ({ hard: false, trim: true }) for plain text: a word moves to the next line when it
 * does not fit; a word longer than the line stays whole; spaces at a line's ends go. */
export function wrapPlain(text: string, columns: number): string[] {
  if (text.trim() === '') return [''];
  const rows = [''];
  text.split(' ').forEach((word, index) => {
    let row = rows[rows.length - 1]!.trimStart();
    if (index !== 0 && row.length > 0) row += ' ';
    if (row.length + word.length > columns && row.length > 0 && word.length > 0) {
      rows[rows.length - 1] = row;
      row = '';
      rows.push(row);
    }
    rows[rows.length - 1] = row + word;
  });
  return rows.map((row) => row.replace(/ +$/, ''));
}

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

/** Columns a string takes (without colour codes). */
export const displayWidth = (s: string) => Array.from(s.replace(/\u001b\[[0-9;]*m/g, '')).length;
export const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - displayWidth(s)));

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function statusStyle(chalk: ChalkInstance, status: Status): (s: string) => string {
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
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return terminalSafe(iso);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function header(report: ScanReport, chalk: ChalkInstance, cols: number): string[] {
  const t = terminalSafe;
  const source = report.source.kind === 'snapshot' ? `snapshot ${t(report.source.file)}` : 'live AWS APIs';
  const regions = `${plural(report.regions.length, 'region')} (home ${t(report.homeRegion)})`;
  const evaluated = report.evaluatedAt !== report.collectedAt ? ` · evaluated at ${when(report.evaluatedAt)}` : '';
  return [
    ...wrapIndented(chalk.bold(t(`${report.benchmark.name} ${report.benchmark.version}`)) + chalk.dim(t(` · ${report.tool.name} ${report.tool.version}`)), cols, '', '  '),
    ...wrapIndented(`Account ${chalk.bold(t(report.account))} (${t(report.partition)}) · ${regions} · source: ${source}`, cols, '', '  '),
    ...wrapIndented(`Collected ${when(report.collectedAt)}${evaluated}`, cols, '', '  '),
  ];
}

const COLUMN_GAP = '  ';

function controlTable(report: ScanReport, chalk: ChalkInstance, cols: number): string {
  const heads = ['ID', 'SEVERITY', 'STATUS', 'REASON'];
  // The reason gets what the other columns leave of the line.
  const fixed = [0, 1, 2].map((i) => Math.max(displayWidth(heads[i]!), ...report.controls.map((c) => displayWidth(terminalSafe([c.id, c.severity, c.status][i]!)))));
  const reasonWidth = Math.max(displayWidth('REASON'), cols - fixed.reduce((a, b) => a + b, 0) - 3 * COLUMN_GAP.length);
  const rows: TableRow[] = [heads.map((h) => chalk.bold(h))];
  let section: string | undefined;
  for (const c of report.controls) {
    if (c.section !== section) {
      section = c.section;
      rows.push({ spanning: chalk.bold.underline(truncate(terminalSafe(`${c.section} ${c.sectionTitle}`), cols)) });
    }
    rows.push([
      terminalSafe(c.id),
      severityStyle(chalk, c.severity)(c.severity),
      statusStyle(chalk, c.status)(c.status),
      truncate(terminalSafe(c.reason), reasonWidth),
    ]);
  }
  return alignColumns(rows, COLUMN_GAP).join('\n');
}

/** A row of cells, or a line of its own across the columns (a section heading). */
type TableRow = string[] | { spanning: string };

/**
 * Rows in left-aligned columns, each as wide as its widest cell, `gap` between them; a spanning line neither
 * widens nor is cut by the columns. (Written here rather than with cli-table3: borderless columns are a few lines,
 * and cli-table3's loading and per-cell measuring were ~30 ms of a table scan's startup.)
 */
export function alignColumns(rows: readonly TableRow[], gap: string): string[] {
  const cells = rows.filter((r): r is string[] => Array.isArray(r));
  const widths = cells.reduce<number[]>((w, r) => r.map((cell, i) => Math.max(w[i] ?? 0, displayWidth(cell))), []);
  return rows.map((r) => (Array.isArray(r) ? r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]!))).join(gap) : r.spanning));
}

/** The root user's ARN, which the checks use as the resource of account-level findings. */
const rootArn = (report: ScanReport) => `arn:${report.partition}:iam::${report.account}:root`;

/**
 * How the table names a finding's resource. A region-level finding (no Config recorder in us-west-2) and an
 * ERROR (a read that failed) are about the account in that region, not about the root user, whose ARN the
 * checks put in `resource` for account-level findings: the table says "account 123456789012" there (the region
 * is in the next column). The JSON keeps `resource` as it is (scripts and suppressions key on it).
 */
export function displayResource(report: ScanReport, f: Pick<Finding, 'resource' | 'region' | 'status'>): string {
  if (f.resource === rootArn(report) && (f.region !== 'global' || f.status === 'ERROR')) return `account ${report.account}`;
  return f.resource;
}

/** For each FAIL / ERROR control, the resources that decided it (resource, region, message). */
function details(report: ScanReport, chalk: ChalkInstance, cols: number, allFindings: boolean): string[] {
  const out: string[] = [];
  for (const c of report.controls) {
    if (c.status !== 'FAIL' && c.status !== 'ERROR') continue;
    const style = statusStyle(chalk, c.status);
    const lead = `${c.status} ${terminalSafe(c.id)} `;
    out.push('', ...wrapIndented(`${style(c.status)} ${chalk.bold(terminalSafe(c.id))} ${terminalSafe(c.title)}`, cols, '', ' '.repeat(displayWidth(lead))));
    const deciding: Finding[] = c.findings.filter((f) => f.status === c.status);
    if (deciding.length === 0) {
      out.push(...wrapIndented(terminalSafe(c.reason), cols, '  ', '    '));
      continue;
    }
    const shown = (allFindings ? deciding : deciding.slice(0, DETAIL_LIMIT)).map((f) => ({
      resource: terminalSafe(displayResource(report, f)),
      region: terminalSafe(f.region),
      message: terminalSafe(f.message),
    }));
    const rw = Math.max(...shown.map((f) => displayWidth(f.resource)));
    const gw = Math.max(...shown.map((f) => displayWidth(f.region)));
    // Messages beside their resource when that leaves them half the line, else on the lines below, indented.
    const messageColumn = 2 + rw + 2 + gw + 2;
    const beside = messageColumn < cols / 2;
    for (const f of shown) {
      const where = `  ${pad(f.resource, rw)}  ${chalk.dim(f.region)}`;
      if (beside) out.push(...wrapIndented(f.message, cols, `${where}${pad('', gw - displayWidth(f.region))}  `, ' '.repeat(messageColumn)));
      else if (displayWidth(where) <= cols) out.push(where, ...wrapIndented(f.message, cols, '      '));
      // A resource too long to share its line: the region leads the message.
      else out.push(`  ${f.resource}`, ...wrapIndented(`${chalk.dim(f.region)}  ${f.message}`, cols, '      '));
    }
    if (shown.length < deciding.length) out.push(chalk.dim(`  … and ${deciding.length - shown.length} more (${ALL_FINDINGS_FLAG} lists them all; the JSON report always has every finding)`));
  }
  return out;
}

/** Error codes AWS answers a call the credentials may not make with. */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation', 'AuthorizationError', 'UnauthorizedAccess']);

/** When most failed AWS calls were access denials: the hint to print the policy the scan needs. */
export function accessDeniedHint(report: ScanReport): string | undefined {
  // One failed call often leaves ERROR findings in several controls: count each call once.
  const failed = new Map<string, string>();
  for (const f of report.controls.flatMap((c) => c.findings)) {
    if (f.status === 'ERROR' && f.error) failed.set(`${f.error.service}:${f.error.operation}:${f.error.region}`, f.error.code);
  }
  const denied = [...failed.values()].filter((code) => ACCESS_DENIED.has(code)).length;
  if (failed.size === 0 || denied * 2 <= failed.size) return undefined;
  return `${denied} of ${plural(failed.size, 'failed AWS call')} ${denied === 1 ? 'was an access denial' : 'were access denials'}: \`cis-audit permissions\` prints the least-privilege IAM policy the scan needs`;
}

/** "19 PASS · 23 FAIL · 1 ERROR": the statuses that occur, in the report's order. */
export function statusCounts(report: ScanReport): string {
  return STATUSES.filter((s) => report.summary.controls[s] > 0)
    .map((s) => `${report.summary.controls[s]} ${s}`)
    .join(' · ');
}

/** The stderr line after reports went to files: "wrote cis.xml, cis.json · 19 PASS · 23 FAIL · 1 ERROR". */
export function writtenSummary(paths: readonly string[], report: ScanReport): string {
  const hint = accessDeniedHint(report);
  return `wrote ${paths.map(terminalSafe).join(', ')} · ${statusCounts(report) || 'no controls'}\n${hint ? `Hint: ${hint}\n` : ''}`;
}

/** "NON-COMPLIANT (exit 1) — 9 FAIL at or above LOW": the exit code the report carries, and why. */
export function verdict(report: ScanReport): string {
  const rank = severityRank(report.failOn);
  const fails = report.controls.filter((c) => c.status === 'FAIL');
  // With --status/--severity the rows are a selection; the verdict is the whole scan's.
  const qualifying = report.filter ? report.filter.failsAtOrAbove : fails.filter((c) => severityRank(c.severity) >= rank).length;
  const below = report.filter ? report.filter.failsBelow : fails.length - qualifying;
  const belowNote = below > 0 ? `; ${below} FAIL below ${report.failOn}` : '';
  const { ERROR, NOT_IMPLEMENTED } = report.summary.controls;
  switch (report.exitCode) {
    case EXIT.COMPLIANT:
      return `COMPLIANT (exit 0) — no FAIL at or above ${report.failOn}, no ERROR${belowNote}`;
    case EXIT.NON_COMPLIANT: {
      // With no qualifying FAIL, exit 1 comes from --fail-on-stale-waivers.
      const stale = qualifying === 0 && report.waivers && report.waivers.stale.length > 0 ? staleWaiversNote(report.waivers.stale.length) : '';
      return `NON-COMPLIANT (exit 1) — ${qualifying} FAIL at or above ${report.failOn}${belowNote}${stale}`;
    }
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

function summary(report: ScanReport, chalk: ChalkInstance, cols: number): string[] {
  // MANUAL only where a benchmark has manual recommendations, so v1.2.0 summaries read as they always did.
  const counts = STATUSES.filter((s) => s !== 'MANUAL' || report.summary.controls.MANUAL > 0).map((s) => {
    const n = report.summary.controls[s];
    const text = `${n} ${s}`;
    return n > 0 ? statusStyle(chalk, s)(text) : chalk.dim(text);
  }).join(chalk.dim(' · '));
  const total = Object.values(report.summary.controls).reduce((a, b) => a + b, 0);
  const v = verdict(report);
  const f = report.filter;
  const shown = f ? `Showing only ${[f.statuses?.join(','), f.severities?.join(',')].filter(Boolean).join(' / ')} (${report.controls.length} controls); the counts and the result are the whole scan's.` : undefined;
  const style = report.exitCode === EXIT.COMPLIANT ? chalk.green.bold : report.exitCode === EXIT.NON_COMPLIANT ? chalk.red.bold : chalk.magenta.bold;
  const hint = accessDeniedHint(report);
  return [
    ...wrapIndented(`Controls (${total}): ${counts}`, cols, '', '  '),
    ...(shown ? wrapIndented(chalk.dim(shown), cols, '', '  ') : []),
    ...(hint ? wrapIndented(`${chalk.yellow('Hint:')} ${hint}`, cols, '', '  ') : []),
    ...wrapIndented(`Result: ${style(v)}`, cols, '', '  '),
  ];
}

/** A waivers file's usage as the table shows it: one account's, or an organisation's (active waivers then name the
 *  accounts where they covered findings). */
export type WaiverUsageView = Omit<WaiverUsage, 'active'> & { active: Array<WaiverUsage['active'][number] & { accounts?: string[] }> };

/** What the waivers file did: active waivers with their counts, expired ones (they suppress nothing), stale ones,
 *  and those kept for accounts this scan did not cover. */
export function waiverLines(w: WaiverUsageView, chalk: ChalkInstance, cols: number): string[] {
  const out = ['', chalk.bold(`Waivers (${terminalSafe(w.file)})`)];
  const line = (mark: string, text: string) => out.push(...wrapIndented(terminalSafe(text), cols, `  ${mark} `, '    '));
  for (const a of w.active) {
    const who = [a.owner, a.ticket].filter(Boolean).join(', ');
    const where = a.accounts ? ` in ${a.accounts.join(', ')}` : '';
    line(chalk.blue('~'), `${a.id}: ${plural(a.matched, 'finding')}${where} SUPPRESSED until ${a.expires}: ${a.reason}${who ? ` (${who})` : ''}`);
  }
  for (const e of w.expired) line(chalk.yellow('!'), `${e.id}: expired ${e.expires}, suppresses nothing${e.wouldMatch > 0 ? ` (would cover ${plural(e.wouldMatch, 'finding')})` : ''}: ${e.reason}`);
  for (const s of w.stale) line(chalk.yellow('!'), `${s.id}: stale, matches no FAIL finding: ${s.reason}`);
  const others = w.outOfScope ?? [];
  for (const o of others) line(chalk.dim('-'), `${o.id}: for ${o.accounts.length === 1 ? 'account' : 'accounts'} ${o.accounts.join(', ')}, not scanned here: ${o.reason}`);
  if (w.active.length + w.expired.length + w.stale.length + others.length === 0) line(' ', 'the file lists no waivers');
  return out;
}

const waiversBlock = (report: ScanReport, chalk: ChalkInstance, cols: number): string[] => (report.waivers ? waiverLines(report.waivers, chalk, cols) : []);

export const renderTable: Renderer = (report, options) => {
  // Several benchmarks: one block each (same account and collection), the exit code under the last.
  if (report.benchmarks.length > 1) {
    return report.benchmarks
      .map((b, i) => renderTable({ ...report, benchmark: b.benchmark, summary: b.summary, controls: b.controls, exitCode: b.exitCode, benchmarks: [b], warnings: i === 0 ? report.warnings : [], ...(i === 0 && report.waivers ? { waivers: report.waivers } : { waivers: undefined }) }, options))
      .join('\n') + `\nOverall (${report.benchmarks.length} benchmarks): exit ${report.exitCode}\n`;
  }
  const chalk = styler(options.color);
  const cols = lineWidth(options);
  const lines: string[] = [...header(report, chalk, cols), ''];
  lines.push(report.controls.length > 0 ? controlTable(report, chalk, cols) : chalk.dim('No controls were scanned.'));
  lines.push(...details(report, chalk, cols, options.allFindings === true));
  if (report.warnings.length > 0) {
    lines.push('', chalk.yellow.bold('Warnings'));
    for (const w of report.warnings) lines.push(...wrapIndented(terminalSafe(w), cols, `  ${chalk.yellow('!')} `, '    '));
  }
  lines.push(...waiversBlock(report, chalk, cols));
  lines.push('', ...summary(report, chalk, cols));
  return (
    lines
      .join('\n')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n') + '\n'
  );
};
