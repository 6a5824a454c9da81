import { stringify } from 'csv-stringify/sync';
import type { Renderer } from './format.js';
import type { ScanReport } from './model.js';

// CSV (RFC 4180) for spreadsheets: one row per finding of every selected benchmark, evidence as compact JSON.
export const CSV_COLUMNS = ['account', 'region', 'benchmark', 'control', 'title', 'severity', 'status', 'resource', 'message', 'evidence'] as const;

/** A cell a spreadsheet would run as a formula (= + - @, or a leading tab/CR) gets a leading apostrophe. */
export function formulaSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** One row per finding of every selected benchmark, cells made formula-safe. */
export function csvRows(report: ScanReport): string[][] {
  return report.benchmarks.flatMap((b) =>
    b.controls.flatMap((c) =>
      c.findings.map((f) => [report.account, f.region, b.benchmark.selector, c.id, c.title, c.severity, f.status, f.resource, f.message, JSON.stringify(f.evidence)].map(formulaSafe)),
    ),
  );
}

/** RFC 4180 text of `rows` (CRLF, quoted only where needed). */
export const csvText = (rows: string[][]): string => stringify(rows, { record_delimiter: '\r\n', quoted_match: /[",\r\n]/ });

export const renderCsv: Renderer = (report) => csvText([[...CSV_COLUMNS], ...csvRows(report)]);
