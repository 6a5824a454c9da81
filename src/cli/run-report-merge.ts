import { readFileSync } from 'node:fs';
import type { Io } from '../model/io.js';
import { mergeOrgReports, type MergeInput } from '../report/org-merge.js';
import type { OrgReport } from '../report/org-model.js';
import { renderOrgReport } from '../report/org-render.js';
import { UsageError } from './errors.js';
import { asFormat, planReportOutputs, printReportOutputs, writeReportFiles, type RenderAs } from './report-outputs.js';

export interface ReportMergeFlags {
  format: string;
  output?: string;
  report?: string[];
  'all-findings'?: boolean;
}

/** Reads one part; an unreadable file or one that is not JSON is a one-line usage error naming it. */
function readPart(file: string): MergeInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'give the JSON reports the shards wrote (scan --format json --output FILE)');
  }
  try {
    return { file, data: JSON.parse(text) as unknown };
  } catch (err) {
    throw new UsageError(`${file}: not JSON (${(err as Error).message.split('\n')[0]})`, 'the file may be truncated, or not a --format json report: write it again');
  }
}

/** `cis-audit report merge PART.json…`: outputs checked first, then the parts read and merged, then written at once. */
export async function reportMergeCommand(files: string[], flags: ReportMergeFlags, io: Io, tool: { name: string; version: string }, now: () => Date = () => new Date()): Promise<{ exitCode: number; report: OrgReport }> {
  const outputs = planReportOutputs(flags, asFormat(flags.format, '--format'));
  const report = mergeOrgReports(files.map(readPart), { tool, generatedAt: now().toISOString() });
  const render: RenderAs = (format, options) => renderOrgReport(format, report, { ...options, allFindings: flags['all-findings'] === true });
  const written = await writeReportFiles(outputs, render);
  if (written.length > 0 && io.stderrIsTTY) io.stderr(`wrote ${written.join(', ')} · ${report.summary.accounts.total} accounts · exit ${report.exitCode}\n`);
  await printReportOutputs(outputs, io, render);
  return { exitCode: report.exitCode, report };
}
