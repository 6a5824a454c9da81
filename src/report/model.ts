import type { Benchmark } from '../benchmark/control.js';
import { scanExitCode } from '../engine/exit-code.js';
import type { ScanResult } from '../engine/scan.js';
import type { Finding } from '../model/finding.js';
import { STATUSES, type Severity, type Status } from '../model/status.js';
import type { WaiverUsage } from '../waivers/types.js';

// The scan report every format renders from; its JSON form is schema/scan-report.v1.schema.json.
export const REPORT_SCHEMA_VERSION = 1;

export interface ControlReport {
  /** The benchmark selector, e.g. "cis-1.2.0". */
  benchmark: string;
  id: string;
  title: string;
  section: string;
  sectionTitle: string;
  severity: Severity;
  level: 1 | 2;
  /** CIS's assessment status; a manual control whose criterion is readable still has a verdict. */
  assessment: 'automated' | 'manual';
  securityHub: string[];
  /** What `cis-audit fix` does for it: automatic, opt-in (needs a flag) or guidance, and a summary. */
  remediation: { kind: 'automatic' | 'opt-in' | 'guidance'; summary: string };
  aggregation: 'all' | 'any-of';
  status: Status;
  reason: string;
  checks: string[];
  findings: Finding[];
}

export interface BenchmarkInfo {
  id: string;
  /** The --benchmark value, e.g. "cis-1.2.0". */
  selector: string;
  name: string;
  version: string;
}

export type Counts = { controls: Record<Status, number>; findings: Record<Status, number> };

/** One benchmark's verdicts: a multi-benchmark scan collects once and reports each benchmark on its own. */
export interface BenchmarkReport {
  benchmark: BenchmarkInfo;
  summary: Counts;
  /** The exit code this benchmark alone would give; the process's is over all of them (top-level exitCode). */
  exitCode: number;
  controls: ControlReport[];
}

export interface ScanReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** The first selected benchmark (with `summary` and `controls`, as in every v1 report); all are in `benchmarks`. */
  benchmark: BenchmarkInfo;
  account: string;
  partition: string;
  homeRegion: string;
  regions: string[];
  source: { kind: 'live' } | { kind: 'snapshot'; file: string };
  collectedAt: string;
  evaluatedAt: string;
  failOn: Severity;
  exitCode: number;
  summary: Counts;
  warnings: string[];
  controls: ControlReport[];
  /** Every selected benchmark, in the order given; benchmarks[0] repeats the top-level benchmark/summary/controls. */
  benchmarks: BenchmarkReport[];
  /** Present when a waivers file was used: which waivers matched, which had expired, which matched nothing. */
  waivers?: WaiverUsage;
}

export interface ReportMeta {
  tool: { name: string; version: string };
  benchmarks: Benchmark[];
  source: ScanReport['source'];
  failOn: Severity;
  exitCode: number;
  waivers?: WaiverUsage;
}

const zeroCounts = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;

export function buildReport(result: ScanResult, meta: ReportMeta): ScanReport {
  const benchmarks: BenchmarkReport[] = meta.benchmarks.map((b) => benchmarkReport(b, result.controls.filter((c) => c.control.benchmark === b.selector), meta.failOn));
  const first = benchmarks[0]!;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: meta.tool,
    benchmark: first.benchmark,
    account: result.identity.account,
    partition: result.identity.partition,
    homeRegion: result.homeRegion,
    regions: result.regions,
    source: meta.source,
    collectedAt: result.collectedAt.toISOString(),
    evaluatedAt: result.evaluatedAt.toISOString(),
    failOn: meta.failOn,
    exitCode: meta.exitCode,
    summary: first.summary,
    warnings: result.warnings,
    controls: first.controls,
    benchmarks,
    ...(meta.waivers ? { waivers: meta.waivers } : {}),
  };
}

function benchmarkReport(benchmark: Benchmark, results: ScanResult['controls'], failOn: Severity): BenchmarkReport {
  const controls: ControlReport[] = results.map(({ control, status, reason, findings }) => ({
    benchmark: benchmark.selector,
    id: control.id,
    title: control.title,
    section: control.section,
    sectionTitle: benchmark.sections[control.section] ?? control.section,
    severity: control.severity,
    level: control.level,
    assessment: control.assessment,
    securityHub: control.securityHub ?? [],
    remediation: control.remediation,
    aggregation: control.aggregation,
    status,
    reason,
    checks: control.checks,
    findings,
  }));
  const summary: Counts = { controls: zeroCounts(), findings: zeroCounts() };
  for (const c of controls) {
    summary.controls[c.status]++;
    for (const f of c.findings) summary.findings[f.status]++;
  }
  const info = { id: benchmark.id, selector: benchmark.selector, name: benchmark.name, version: benchmark.version };
  const exitCode = scanExitCode(controls, failOn);
  return { benchmark: info, summary, exitCode, controls };
}
