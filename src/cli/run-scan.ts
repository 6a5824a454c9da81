import { scanExitCode } from '../engine/exit-code.js';
import { runScan, type ScanRequest, type ScanResult } from '../engine/scan.js';
import type { Io } from '../model/io.js';
import { parseSeverity, type Severity } from '../model/status.js';
import { renderReport } from '../report/index.js';
import { buildReport, type ScanReport } from '../report/model.js';
import { UsageError } from './errors.js';
import { asFormat, planReportOutputs, printReportOutputs, writeReportFiles, type RenderAs } from './report-outputs.js';
import { progressReporter } from './progress.js';
import { appendStepSummary } from './step-summary.js';
import { filterReport, incompleteAllowed, parseFilters, type FilterFlags, type ReportFilter } from './finding-filters.js';
import { checkSecurityHubFlags, exportToSecurityHub, type SecurityHubFlags } from './security-hub-export.js';
import { prepareScan, resolveBenchmarks, type SelectionFlags } from './scan-setup.js';
import { applyScanWaivers, loadScanWaivers, staleWaiversExitCode, type WaiverFlags } from './waiver-flags.js';
import type { WaiverFile } from '../waivers/types.js';

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
  const outputs = planReportOutputs(flags, format);
  const filter = parseFilters(flags);
  checkSecurityHubFlags(flags);
  const prepared = await prepareScan(flags, io.env, { io });
  const waivers = await loadScanWaivers(flags, prepared.request.now ?? new Date());
  const progress = progressReporter(io, !jsonToStdout && io.stderrIsTTY);
  let scanned;
  try {
    scanned = await runScan({ ...prepared.request, onCall: progress.tick });
  } finally {
    progress.done();
  }
  const { result, report } = await accountReport(scanned, waivers, flags, { tool, failOn, filter });
  let exitCode = report.exitCode;

  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  if (flags.debug) {
    for (const e of result.unexpectedErrors) io.stderr(`debug: ${e instanceof Error ? e.stack : String(e)}\n`);
    io.stderr(`debug: ${result.reader.totalCalls} AWS calls: ${JSON.stringify(Object.fromEntries(result.reader.calls))}\n`);
  }

  const allFindings = flags['all-findings'] === true;
  const render: RenderAs = (f, options) => renderReport(f, report, { ...options, allFindings });
  const files = await writeReportFiles(outputs, render);
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
    await printReportOutputs(outputs, io, render, jsonToStdout);
  }
  return { exitCode, report, result, request: prepared.request };
}

/** One account's scan → its report: waivers applied, exit code, --status/--severity filter. */
export async function accountReport(
  scanned: ScanResult,
  waivers: WaiverFile | undefined,
  flags: ScanFlags,
  meta: { tool: { name: string; version: string }; failOn: Severity; filter: ReportFilter },
): Promise<{ result: ScanResult; report: ScanReport }> {
  const { result, usage } = await applyScanWaivers(scanned, waivers);
  const exitCode = incompleteAllowed(staleWaiversExitCode(scanExitCode(result.controls.map((c) => ({ status: c.status, severity: c.control.severity })), meta.failOn), usage, flags), flags);
  const report = filterReport(buildReport(result, {
    tool: meta.tool,
    benchmarks: resolveBenchmarks(flags.benchmark),
    source: flags.snapshot ? { kind: 'snapshot', file: flags.snapshot } : { kind: 'live' },
    failOn: meta.failOn,
    exitCode,
    ...(usage ? { waivers: usage } : {}),
  }), meta.filter);
  return { result, report };
}

