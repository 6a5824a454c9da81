import { Flags } from '@oclif/core';
import { EXIT } from '../engine/exit-code.js';
import { UsageError } from '../model/errors.js';
import { parseSeverity, severityRank, STATUSES, type Severity, type Status } from '../model/status.js';
import type { ScanReport } from '../report/model.js';

// What a scan shows and writes (--status, --severity, --quiet) and how strictly it exits (--allow-incomplete):
// filters change the view, never the verdicts, the counts or the exit code.
export const filterFlags = {
  status: Flags.string({ multiple: true, description: 'show/write only these statuses (comma list); counts and exit code unchanged' }),
  severity: Flags.string({ multiple: true, description: 'show/write only these severities (comma list)' }),
  quiet: Flags.boolean({ default: false, description: 'table: print only the result line' }),
  'allow-incomplete': Flags.boolean({ default: false, description: 'ERROR/NOT_IMPLEMENTED alone exit 0, not 3' }),
};

export interface FilterFlags {
  status?: string[];
  severity?: string[];
  quiet?: boolean;
  'allow-incomplete'?: boolean;
}

export interface ReportFilter {
  statuses?: Status[];
  severities?: Severity[];
}

const list = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

/** Checked before any AWS call. */
export function parseFilters(flags: FilterFlags): ReportFilter {
  const statuses = list(flags.status).map((s) => {
    const u = s.toUpperCase();
    if (!(STATUSES as readonly string[]).includes(u)) throw new UsageError(`--status: unknown status ${s}`, `statuses: ${STATUSES.join(', ')}`);
    return u as Status;
  });
  const severities = list(flags.severity).map((s) => {
    const sev = parseSeverity(s);
    if (!sev) throw new UsageError(`--severity: unknown severity ${s}`, 'severities: LOW, MEDIUM, HIGH, CRITICAL');
    return sev;
  });
  if (flags.status !== undefined && statuses.length === 0) throw new UsageError('--status needs a value');
  if (flags.severity !== undefined && severities.length === 0) throw new UsageError('--severity needs a value');
  return { ...(statuses.length ? { statuses } : {}), ...(severities.length ? { severities } : {}) };
}

/** --allow-incomplete: an incomplete scan (3) counts as compliant; a qualifying FAIL still gives 1. */
export const incompleteAllowed = (exitCode: number, flags: FilterFlags): number =>
  flags['allow-incomplete'] && exitCode === EXIT.INCOMPLETE ? EXIT.COMPLIANT : exitCode;

/** The report as shown and written: the selected controls and findings; summaries and exit code unchanged. */
export function filterReport(report: ScanReport, filter: ReportFilter): ScanReport {
  if (!filter.statuses && !filter.severities) return report;
  const keep = <C extends ScanReport['controls'][number]>(controls: C[]) => controls
    .filter((c) => (!filter.severities || filter.severities.includes(c.severity)) && (!filter.statuses || filter.statuses.includes(c.status) || c.findings.some((f) => filter.statuses!.includes(f.status))))
    .map((c) => (filter.statuses ? { ...c, findings: c.findings.filter((f) => filter.statuses!.includes(f.status)) } : c));
  const rank = severityRank(report.failOn);
  const fails = report.controls.filter((c) => c.status === 'FAIL');
  const failsAtOrAbove = fails.filter((c) => severityRank(c.severity) >= rank).length;
  const benchmarks = report.benchmarks.map((b) => ({ ...b, controls: keep(b.controls) }));
  return {
    ...report, controls: benchmarks[0]!.controls, benchmarks,
    filter: { ...filter, failsAtOrAbove, failsBelow: fails.length - failsAtOrAbove, note: 'controls and findings shown are filtered; summary counts and the exit code are the whole scan\'s' },
  };
}
