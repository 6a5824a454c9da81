import { scanExitCode } from '../engine/exit-code.js';
import { runScan, type ScanRequest, type ScanResult } from '../engine/scan.js';
import type { Io } from '../model/io.js';
import { parseSeverity } from '../model/status.js';
import { FORMATS, type FormatName } from '../report/format.js';
import { renderReport } from '../report/index.js';
import { buildReport, type ScanReport } from '../report/model.js';
import { UsageError } from './errors.js';
import { planOutputs, STDOUT, writeFilesAtomically, type OutputTarget } from './output.js';
import { progressReporter } from './progress.js';
import { appendStepSummary } from './step-summary.js';
import { filterReport, incompleteAllowed, parseFilters, type FilterFlags } from './finding-filters.js';
import { checkSecurityHubFlags, exportToSecurityHub, type SecurityHubFlags } from './security-hub-export.js';
import { prepareScan, resolveBenchmarks, type SelectionFlags } from './scan-setup.js';
import { applyScanWaivers, loadScanWaivers, staleWaiversExitCode, type WaiverFlags } from './waiver-flags.js';

export interface ScanFlags extends SelectionFlags, SecurityHubFlags, WaiverFlags, FilterFlags {
  format: string;
  output?: string;
  report?: string[];
  'fail-on': string;
  /** Append the Markdown summary to $GITHUB_STEP_SUMMARY when set (default true; --no-step-summary). */
  'step-summary'?: boolean;
  'all-findings'?: boolean;
  debug: boolean;
}

export type { Io } from '../model/io.js';

export interface ScanOutcome {
  exitCode: number;
  report: ScanReport;
  /** For `scan --fix`: the scan to plan fixes from. */
  result: ScanResult;
  request: ScanRequest;
}

/** `cis-audit scan`: validate everything first, scan, then write every output at once. */
export async function scanCommand(flags: ScanFlags, io: Io, tool: { name: string; version: string }, jsonToStdout: boolean): Promise<ScanOutcome> {
  const failOn = parseSeverity(flags['fail-on']);
  if (!failOn) throw new UsageError(`--fail-on must be LOW, MEDIUM, HIGH or CRITICAL, got ${flags['fail-on']}`, 'for example --fail-on HIGH to fail CI only on HIGH and CRITICAL findings');
  const format = asFormat(flags.format, '--format');
  const outputs = planScanOutputs(flags, format);
  const filter = parseFilters(flags);
  checkSecurityHubFlags(flags);
  const prepared = await prepareScan(flags, io.env);
  const waivers = await loadScanWaivers(flags, prepared.request.now ?? new Date());
  const progress = progressReporter(io, !jsonToStdout && io.stderrIsTTY);
  let scanned;
  try {
    scanned = await runScan({ ...prepared.request, onCall: progress.tick });
  } finally {
    progress.done();
  }
  const { result, usage } = await applyScanWaivers(scanned, waivers);
  let exitCode = incompleteAllowed(staleWaiversExitCode(scanExitCode(result.controls.map((c) => ({ status: c.status, severity: c.control.severity })), failOn), usage, flags), flags);
  const report = filterReport(buildReport(result, {
    tool,
    benchmarks: resolveBenchmarks(flags.benchmark),
    source: flags.snapshot ? { kind: 'snapshot', file: flags.snapshot } : { kind: 'live' },
    failOn,
    exitCode,
    ...(usage ? { waivers: usage } : {}),
  }), filter);

  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  if (flags.debug) {
    for (const e of result.unexpectedErrors) io.stderr(`debug: ${e instanceof Error ? e.stack : String(e)}\n`);
    io.stderr(`debug: ${result.reader.totalCalls} AWS calls: ${JSON.stringify(Object.fromEntries(result.reader.calls))}\n`);
  }

  const allFindings = flags['all-findings'] === true;
  const files = await writeFileOutputs(outputs, report, allFindings);
  if (flags['step-summary'] !== false) await appendStepSummary(report, io.env, io.stderr);
  if (flags['to-security-hub']) {
    exitCode = await exportToSecurityHub(report, prepared.request.transport, flags, exitCode, io.stderr);
    report.exitCode = exitCode;
  }
  // Reports in files say nothing on a terminal otherwise: one line of what was written and how it went.
  if (files.length > 0 && io.stderrIsTTY) io.stderr((await import('../report/table.js')).writtenSummary(files, report));
  if (flags.quiet && format === 'table' && !jsonToStdout) {
    const { verdict } = await import('../report/table.js');
    io.stdout(`${verdict(report)}\n`);
  } else {
    await printStdoutOutputs(outputs, report, io, jsonToStdout, allFindings);
  }
  return { exitCode, report, result, request: prepared.request };
}

type PlannedOutput = OutputTarget & { format: FormatName; main: boolean };

/** --output (default stdout) and every --report, normalised and proven writable before anything is read. */
function planScanOutputs(flags: ScanFlags, format: FormatName): PlannedOutput[] {
  const extra = (flags.report ?? []).map(parseReportFlag);
  const requests = [
    { flag: '--output', value: flags.output ?? STDOUT, format, main: true },
    ...extra.map((r) => ({ flag: `--report ${r.format}`, value: r.path, format: r.format, main: false })),
  ];
  const targets = planOutputs(requests);
  return targets.map((t, i) => ({ ...t, format: requests[i]!.format, main: requests[i]!.main }));
}

/** Every file output, all or none; returns the paths written. */
async function writeFileOutputs(outputs: PlannedOutput[], report: ScanReport, allFindings: boolean): Promise<string[]> {
  const toFiles = outputs.filter((o) => !o.stdout);
  const files = await Promise.all(toFiles.map(async (o) => ({ path: o.path, content: await renderReport(o.format, report, { color: false, allFindings }) })));
  writeFilesAtomically(files);
  return files.map((f) => f.path);
}

/** The outputs that go to stdout (`-`, or no --output); with oclif's --json, oclif prints the main report itself. */
async function printStdoutOutputs(outputs: PlannedOutput[], report: ScanReport, io: Io, jsonToStdout: boolean, allFindings: boolean): Promise<void> {
  for (const o of outputs) {
    if (!o.stdout || (o.main && jsonToStdout)) continue;
    const color = o.main && o.format === 'table' && io.stdoutIsTTY && !io.env.NO_COLOR;
    io.stdout(await renderReport(o.format, report, { color, allFindings, ...(io.stdoutIsTTY && io.stdoutColumns ? { width: io.stdoutColumns } : {}) }));
  }
}

function asFormat(text: string, flag: string): FormatName {
  if ((FORMATS as readonly string[]).includes(text)) return text as FormatName;
  throw new UsageError(`${flag}: unknown format ${text}`, `formats: ${FORMATS.join(', ')}`);
}

function parseReportFlag(value: string): { format: FormatName; path: string } {
  const eq = value.indexOf('=');
  if (eq <= 0 || value.slice(eq + 1).trim() === '') throw new UsageError(`--report expects FORMAT=PATH, got ${value}`, 'for example --report junit=cis.xml');
  return { format: asFormat(value.slice(0, eq), '--report'), path: value.slice(eq + 1) };
}
