import { compareReports, driftExitCode, type Drift } from '../diff/compare.js';
import { loadReportForDiff } from '../diff/load.js';
import { renderDriftMarkdown, renderDriftText } from '../diff/render.js';
import { UsageError } from '../model/errors.js';
import type { Io } from '../model/io.js';

export interface DiffFlags {
  format: string;
  'allow-mismatch': boolean;
}

/** `cis-audit diff OLD NEW`: prints the drift; returns it and the exit code (1 when something newly fails). */
export function diffCommand(oldPath: string, newPath: string, flags: DiffFlags, io: Pick<Io, 'stdout'>, json: boolean): { drift: Drift; exitCode: number } {
  const oldR = loadReportForDiff(oldPath);
  const newR = loadReportForDiff(newPath);
  if (!flags['allow-mismatch']) {
    if (oldR.account !== newR.account) throw new UsageError(`the reports are of different accounts (${oldR.account}, ${newR.account})`, 'compare two scans of one account, or pass --allow-mismatch');
    const a = oldR.benchmarks.map((b) => b.benchmark.selector).join(',');
    const b = newR.benchmarks.map((x) => x.benchmark.selector).join(',');
    if (a !== b) throw new UsageError(`the reports are of different benchmarks (${a}; ${b})`, 'scan both with the same --benchmark, or pass --allow-mismatch');
  }
  const drift = compareReports(oldR, newR);
  if (!json) {
    if (flags.format === 'json') io.stdout(`${JSON.stringify(drift, null, 2)}\n`);
    else if (flags.format === 'markdown') io.stdout(renderDriftMarkdown(drift));
    else io.stdout(renderDriftText(drift));
  }
  return { drift, exitCode: driftExitCode(drift) };
}
