import { scanExitCode } from '../engine/exit-code.js';
import { runScan, type ScanRequest, type ScanResult } from '../engine/scan.js';
import type { Io } from '../model/io.js';
import { parseSeverity } from '../model/status.js';
import { FORMATS, type FormatName } from '../report/format.js';
import { renderReport } from '../report/index.js';
import { buildReport, type ScanReport } from '../report/model.js';
import { writtenSummary } from '../report/table.js';
import { UsageError } from './errors.js';
import { assertWritable, writeFilesAtomically } from './output.js';
import { progressReporter } from './progress.js';
import { appendStepSummary } from './step-summary.js';
import { checkSecurityHubFlags, exportToSecurityHub, type SecurityHubFlags } from './security-hub-export.js';
import { prepareScan, resolveBenchmarks, type SelectionFlags } from './scan-setup.js';

export interface ScanFlags extends SelectionFlags, SecurityHubFlags {
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
  const extra = (flags.report ?? []).map(parseReportFlag);
  const destinations = [...(flags.output ? [flags.output] : []), ...extra.map((r) => r.path)];
  if (new Set(destinations).size !== destinations.length) throw new UsageError('two outputs name the same file', 'give each --output/--report its own path');
  assertWritable(destinations);

  checkSecurityHubFlags(flags);
  const prepared = await prepareScan(flags, io.env);
  const progress = progressReporter(io, !jsonToStdout && io.stderrIsTTY);
  let result;
  try {
    result = await runScan({ ...prepared.request, onCall: progress.tick });
  } finally {
    progress.done();
  }
  let exitCode = scanExitCode(result.controls.map((c) => ({ status: c.status, severity: c.control.severity })), failOn);
  const report = buildReport(result, {
    tool,
    benchmarks: resolveBenchmarks(flags.benchmark),
    source: flags.snapshot ? { kind: 'snapshot', file: flags.snapshot } : { kind: 'live' },
    failOn,
    exitCode,
  });

  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  if (flags.debug) {
    for (const e of result.unexpectedErrors) io.stderr(`debug: ${e instanceof Error ? e.stack : String(e)}\n`);
    io.stderr(`debug: ${result.reader.totalCalls} AWS calls: ${JSON.stringify(Object.fromEntries(result.reader.calls))}\n`);
  }

  const allFindings = flags['all-findings'] === true;
  const files = extra.map((r) => ({ path: r.path, content: renderReport(r.format, report, { color: false, allFindings }) }));
  if (flags.output) files.unshift({ path: flags.output, content: renderReport(format, report, { color: false, allFindings }) });
  writeFilesAtomically(files);
  if (flags['step-summary'] !== false) appendStepSummary(report, io.env, io.stderr);
  if (flags['to-security-hub']) {
    exitCode = await exportToSecurityHub(report, prepared.request.transport, flags, exitCode, io.stderr);
    report.exitCode = exitCode;
  }
  // Reports in files say nothing on a terminal otherwise: one line of what was written and how it went.
  if (files.length > 0 && io.stderrIsTTY) io.stderr(writtenSummary(files.map((f) => f.path), report));
  if (!flags.output && !jsonToStdout) {
    const color = format === 'table' && io.stdoutIsTTY && !io.env.NO_COLOR;
    io.stdout(renderReport(format, report, { color, allFindings, ...(io.stdoutIsTTY && io.stdoutColumns ? { width: io.stdoutColumns } : {}) }));
  }
  return { exitCode, report, result, request: prepared.request };
}

function asFormat(text: string, flag: string): FormatName {
  if ((FORMATS as readonly string[]).includes(text)) return text as FormatName;
  throw new UsageError(`${flag}: unknown format ${text}`, `formats: ${FORMATS.join(', ')}`);
}

function parseReportFlag(value: string): { format: FormatName; path: string } {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--report expects FORMAT=PATH, got ${value}`, 'for example --report junit=cis.xml');
  return { format: asFormat(value.slice(0, eq), '--report'), path: value.slice(eq + 1) };
}
