import type { Benchmark } from '../benchmark/control.js';
import type { ScanResult } from '../engine/scan.js';
import type { Finding } from '../model/finding.js';
import { STATUSES, type Severity, type Status } from '../model/status.js';

// The scan report every format renders from; its JSON form is schema/scan-report.v1.schema.json.
export const REPORT_SCHEMA_VERSION = 1;

export interface ControlReport {
  id: string;
  title: string;
  section: string;
  sectionTitle: string;
  severity: Severity;
  aggregation: 'all' | 'any-of';
  status: Status;
  reason: string;
  checks: string[];
  findings: Finding[];
}

export interface ScanReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  benchmark: { id: string; name: string; version: string };
  account: string;
  partition: string;
  homeRegion: string;
  regions: string[];
  source: { kind: 'live' } | { kind: 'snapshot'; file: string };
  collectedAt: string;
  evaluatedAt: string;
  failOn: Severity;
  exitCode: number;
  summary: { controls: Record<Status, number>; findings: Record<Status, number> };
  warnings: string[];
  controls: ControlReport[];
}

export interface ReportMeta {
  tool: { name: string; version: string };
  benchmark: Benchmark;
  source: ScanReport['source'];
  failOn: Severity;
  exitCode: number;
}

const zeroCounts = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;

export function buildReport(result: ScanResult, meta: ReportMeta): ScanReport {
  const controls: ControlReport[] = result.controls.map(({ control, status, reason, findings }) => ({
    id: control.id,
    title: control.title,
    section: control.section,
    sectionTitle: meta.benchmark.sections[control.section] ?? control.section,
    severity: control.severity,
    aggregation: control.aggregation,
    status,
    reason,
    checks: control.checks,
    findings,
  }));
  const summary = { controls: zeroCounts(), findings: zeroCounts() };
  for (const c of controls) {
    summary.controls[c.status]++;
    for (const f of c.findings) summary.findings[f.status]++;
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: meta.tool,
    benchmark: { id: meta.benchmark.id, name: meta.benchmark.name, version: meta.benchmark.version },
    account: result.identity.account,
    partition: result.identity.partition,
    homeRegion: result.homeRegion,
    regions: result.regions,
    source: meta.source,
    collectedAt: result.collectedAt.toISOString(),
    evaluatedAt: result.evaluatedAt.toISOString(),
    failOn: meta.failOn,
    exitCode: meta.exitCode,
    summary,
    warnings: result.warnings,
    controls,
  };
}
