import { readFileSync } from 'node:fs';
import { UsageError } from '../model/errors.js';
import type { ReportForDiff } from './compare.js';

/** Reads a JSON report written by `scan --format json`; anything else is a one-line usage error naming the file. */
export function loadReportForDiff(path: string): ReportForDiff {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`cannot read report ${path}: ${why}`, 'give two JSON reports written by `cis-audit scan --format json`');
  }
  const r = data as Record<string, unknown>;
  if (!r || typeof r !== 'object' || r.schemaVersion !== 1 || typeof r.account !== 'string') {
    throw new UsageError(`${path} is not a cis-audit JSON report (schemaVersion 1)`, 'give two JSON reports written by `cis-audit scan --format json`');
  }
  // Reports from before several benchmarks had only the top-level benchmark and controls.
  const benchmarks = Array.isArray(r.benchmarks) ? r.benchmarks : [{ benchmark: r.benchmark, controls: r.controls }];
  for (const b of benchmarks as Array<Record<string, any>>) {
    if (!b?.benchmark || !Array.isArray(b.controls)) throw new UsageError(`${path}: a benchmark entry has no controls`, 'the file may be truncated; write it again');
    b.benchmark.selector ??= `cis-${b.benchmark.version}`;
  }
  return { account: r.account, evaluatedAt: String(r.evaluatedAt ?? ''), benchmarks } as ReportForDiff;
}
