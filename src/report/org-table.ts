import type { ChalkInstance } from 'chalk';
import { EXIT } from '../engine/exit-code.js';
import type { Status } from '../model/status.js';
import type { RenderOptions } from './format.js';
import type { BenchmarkReport } from './model.js';
import type { OrgAccountEntry, OrgReport } from './org-model.js';
import { orgVerdict } from './org-summary.js';
import { styler } from './terminal-style.js';
import { displayWidth, lineWidth, pad, plural, statusStyle, terminalSafe, truncate, waiverLines, when, wrapIndented } from './table.js';

// The organisation on a terminal: a matrix of accounts × sections (each cell the worst verdict of the account's
// controls in that section), the failing controls with the accounts they fail in, the accounts that could not be
// scanned and why, and one verdict over all accounts. Laid out for the line width like the single-account table.

/** Worst first: what a cell shows when a section's controls disagree (MANUAL only when nothing is decided). */
const WORST: Status[] = ['FAIL', 'ERROR', 'NOT_IMPLEMENTED', 'SUPPRESSED', 'PASS', 'MANUAL', 'NOT_APPLICABLE'];
const SHORT: Record<Status, string> = { FAIL: 'FAIL', ERROR: 'ERROR', NOT_IMPLEMENTED: 'N/I', SUPPRESSED: 'SUPPRESSED', MANUAL: 'MANUAL', PASS: 'PASS', NOT_APPLICABLE: 'N/A' };
/** Accounts named per control before "… and N more" (all with --all-findings). */
const ACCOUNTS_SHOWN = 10;
const GAP = '  ';
const ACCOUNT_WIDTH = 12;
/** Below this the NAME column is dropped rather than cut to nothing. */
const MIN_NAME = 6;

interface Cell {
  text: string;
  status?: Status;
}

/** The worst status among a section's controls, with how many controls have it when that is FAIL or ERROR. */
function cell(statuses: Status[]): Cell {
  const worst = WORST.find((s) => statuses.includes(s));
  if (!worst) return { text: '–' };
  const n = statuses.filter((s) => s === worst).length;
  return { text: worst === 'FAIL' || worst === 'ERROR' ? `${worst} ${n}` : SHORT[worst], status: worst };
}

const label = (e: OrgAccountEntry) => terminalSafe(e.name ?? '');

function matrix(report: OrgReport, selector: string, chalk: ChalkInstance, cols: number): string[] {
  const sample = report.accounts.flatMap((a) => a.report?.benchmarks.filter((b) => b.benchmark.selector === selector) ?? [])[0];
  const sections = sample ? [...new Map(sample.controls.map((c) => [c.section, c.sectionTitle])).entries()] : [];
  const rows = report.accounts.map((a) => {
    const b: BenchmarkReport | undefined = a.report?.benchmarks.find((x) => x.benchmark.selector === selector);
    const cells = sections.map(([s]): Cell => (a.status === 'ERROR' ? { text: 'ERROR', status: 'ERROR' } : cell((b?.controls ?? []).filter((c) => c.section === s).map((c) => c.status))));
    return { a, cells, exit: String(a.exitCode) };
  });
  const widths = sections.map(([s], i) => Math.max(displayWidth(terminalSafe(s)), ...rows.map((r) => displayWidth(r.cells[i]!.text))));
  const fixed = ACCOUNT_WIDTH + widths.reduce((n, w) => n + GAP.length + w, 0) + GAP.length + 'EXIT'.length;
  const longest = Math.max(displayWidth('NAME'), ...rows.map((r) => displayWidth(label(r.a))));
  const room = cols - fixed - GAP.length;
  const nameWidth = room >= MIN_NAME ? Math.min(longest, room) : 0;
  const line = (account: string, name: string, cells: string[], exit: string) =>
    [pad(account, ACCOUNT_WIDTH), ...(nameWidth > 0 ? [pad(name, nameWidth)] : []), ...cells, exit].join(GAP);
  const out = [chalk.bold(line('ACCOUNT', 'NAME', sections.map(([s], i) => pad(terminalSafe(s), widths[i]!)), 'EXIT'))];
  for (const r of rows) {
    const cells = r.cells.map((c, i) => (c.status ? statusStyle(chalk, c.status)(pad(c.text, widths[i]!)) : pad(c.text, widths[i]!)));
    out.push(line(terminalSafe(r.a.account), truncate(label(r.a), nameWidth), cells, r.exit));
  }
  if (sections.length > 0) {
    out.push(...wrapIndented(chalk.dim(`Sections: ${sections.map(([s, t]) => terminalSafe(`${s} ${t}`)).join(' · ')}`), cols, '', '  '));
  }
  return out;
}

/** Account ids (their names are in the matrix), the first ACCOUNTS_SHOWN unless --all-findings. */
function accountList(ids: string[], allFindings: boolean): string {
  const shown = allFindings ? ids : ids.slice(0, ACCOUNTS_SHOWN);
  const text = shown.join(', ');
  return shown.length < ids.length ? `${text} … and ${ids.length - shown.length} more (--all-findings lists them all)` : text;
}

/** Controls that fail (then: that scanned accounts could not decide), each with the accounts concerned. */
function byControl(report: OrgReport, status: 'FAIL' | 'ERROR', chalk: ChalkInstance, cols: number, allFindings: boolean): string[] {
  const unscanned = new Set(report.accounts.filter((a) => a.status === 'ERROR').map((a) => a.account));
  const multi = report.benchmarks.length > 1;
  const out: string[] = [];
  for (const c of report.summary.controls) {
    const ids = status === 'FAIL' ? c.failing : c.errors.filter((id) => !unscanned.has(id));
    if (ids.length === 0) continue;
    const id = terminalSafe(`${multi ? `${c.benchmark} ` : ''}${c.control}`);
    out.push(...wrapIndented(`${statusStyle(chalk, status)(status)} ${chalk.bold(id)} [${c.severity}] ${terminalSafe(c.title)} — ${ids.length} of ${plural(report.accounts.length, 'account')}`, cols, '', '    '));
    out.push(...wrapIndented(accountList(ids, allFindings), cols, '    '));
  }
  return out;
}

function unscannedBlock(report: OrgReport, chalk: ChalkInstance, cols: number): string[] {
  const failed = report.accounts.filter((a) => a.status === 'ERROR');
  if (failed.length === 0) return [];
  const out = ['', chalk.bold(`Accounts not scanned (${failed.length})`)];
  for (const a of failed) {
    const why = a.error ? `${a.error.code}: ${a.error.message}` : 'no reason recorded';
    out.push(...wrapIndented(terminalSafe(`${a.account}${a.name ? ` ${truncate(a.name, 32)}` : ''} — ${why}`), cols, `  ${statusStyle(chalk, 'ERROR')('ERROR')} `, '    '));
  }
  return out;
}

function header(report: OrgReport, chalk: ChalkInstance, cols: number): string[] {
  const s = report.summary.accounts;
  const benchmarks = report.benchmarks.map((b) => `${b.name} ${b.version}`).join(', ');
  const shard = report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : '';
  const role = report.selection.roleName ? ` · role ${report.selection.roleName}` : '';
  return [
    ...wrapIndented(chalk.bold(terminalSafe(benchmarks)) + chalk.dim(terminalSafe(` · ${report.tool.name} ${report.tool.version}`)), cols, '', '  '),
    ...wrapIndented(terminalSafe(`Organisation: ${plural(s.total, 'account')} (${s.scanned} scanned, ${s.error} not scanned)${shard}${role}`), cols, '', '  '),
    ...wrapIndented(`Generated ${when(report.generatedAt)}`, cols, '', '  '),
  ];
}

export function renderOrgTable(report: OrgReport, options: RenderOptions): string {
  const chalk = styler(options.color);
  const cols = lineWidth(options);
  const all = options.allFindings === true;
  const lines = [...header(report, chalk, cols)];
  if (report.accounts.length === 0) lines.push('', chalk.dim('No accounts were selected.'));
  for (const b of report.benchmarks) {
    if (report.accounts.length === 0) break;
    lines.push('', ...(report.benchmarks.length > 1 ? [chalk.bold.underline(terminalSafe(`${b.name} ${b.version} (${b.selector})`))] : []), ...matrix(report, b.selector, chalk, cols));
  }
  const fails = byControl(report, 'FAIL', chalk, cols, all);
  if (fails.length > 0) lines.push('', chalk.bold('Failing controls'), ...fails);
  const errors = byControl(report, 'ERROR', chalk, cols, all);
  if (errors.length > 0) lines.push('', chalk.bold('Controls not decided in scanned accounts'), ...errors);
  lines.push(...unscannedBlock(report, chalk, cols));
  if (report.summary.waivers) lines.push(...waiverLines(report.summary.waivers, chalk, cols));
  const style = report.exitCode === EXIT.COMPLIANT ? chalk.green.bold : report.exitCode === EXIT.NON_COMPLIANT ? chalk.red.bold : chalk.magenta.bold;
  lines.push('', ...wrapIndented(`Result: ${style(orgVerdict(report))}`, cols, '', '  '));
  return `${lines.join('\n').split('\n').map((l) => l.trimEnd()).join('\n')}\n`;
}
