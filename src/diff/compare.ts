import type { Finding } from '../model/finding.js';
import type { Status } from '../model/status.js';

// Drift between two JSON reports of the same account and benchmarks: what newly fails, what was fixed, what
// became unreadable, and which waivers stopped covering a FAIL in between.

/** The parts of a v1 JSON report a comparison reads (the schema guarantees them). */
export interface ReportForDiff {
  account: string;
  evaluatedAt: string;
  benchmarks: Array<{ benchmark: { selector: string; version: string }; controls: Array<{ id: string; title: string; severity: string; status: Status; findings: Finding[] }> }>;
}

export interface DriftItem {
  benchmark: string;
  control: string;
  title: string;
  severity: string;
  resource: string;
  region: string;
  message: string;
}

export interface Drift {
  old: { account: string; evaluatedAt: string; benchmarks: string[] };
  new: { account: string; evaluatedAt: string; benchmarks: string[] };
  newlyFailing: DriftItem[];
  fixed: DriftItem[];
  newlyErroring: DriftItem[];
  /** FAILs a waiver suppressed in the old report that fail unwaived now (the waiver expired or was removed). */
  waiversLapsed: DriftItem[];
  controls: Array<{ benchmark: string; control: string; title: string; from: Status; to: Status }>;
}

const key = (f: Pick<Finding, 'resource' | 'region'>) => `${f.region}\u0000${f.resource}`;

function findingsBy(report: ReportForDiff, status: Status): Map<string, { item: DriftItem }> {
  const out = new Map<string, { item: DriftItem }>();
  for (const b of report.benchmarks) {
    for (const c of b.controls) {
      for (const f of c.findings) {
        if (f.status !== status) continue;
        out.set(`${b.benchmark.selector}\u0000${c.id}\u0000${key(f)}`, {
          item: { benchmark: b.benchmark.selector, control: c.id, title: c.title, severity: c.severity, resource: f.resource, region: f.region, message: f.message },
        });
      }
    }
  }
  return out;
}

const missingFrom = (a: Map<string, { item: DriftItem }>, b: Map<string, { item: DriftItem }>) => [...a].filter(([k]) => !b.has(k)).map(([, v]) => v.item);

export function compareReports(oldR: ReportForDiff, newR: ReportForDiff): Drift {
  const oldFail = findingsBy(oldR, 'FAIL');
  const newFail = findingsBy(newR, 'FAIL');
  const oldSuppressed = findingsBy(oldR, 'SUPPRESSED');
  const lapsed = [...newFail].filter(([k]) => oldSuppressed.has(k)).map(([, v]) => v.item);
  const lapsedKeys = new Set([...newFail].filter(([k]) => oldSuppressed.has(k)).map(([k]) => k));
  const controls: Drift['controls'] = [];
  for (const b of newR.benchmarks) {
    const before = oldR.benchmarks.find((x) => x.benchmark.selector === b.benchmark.selector);
    for (const c of b.controls) {
      const was = before?.controls.find((x) => x.id === c.id);
      if (was && was.status !== c.status) controls.push({ benchmark: b.benchmark.selector, control: c.id, title: c.title, from: was.status, to: c.status });
    }
  }
  return {
    old: { account: oldR.account, evaluatedAt: oldR.evaluatedAt, benchmarks: oldR.benchmarks.map((b) => b.benchmark.selector) },
    new: { account: newR.account, evaluatedAt: newR.evaluatedAt, benchmarks: newR.benchmarks.map((b) => b.benchmark.selector) },
    newlyFailing: [...newFail].filter(([k]) => !oldFail.has(k) && !lapsedKeys.has(k)).map(([, v]) => v.item),
    fixed: missingFrom(oldFail, newFail),
    newlyErroring: missingFrom(findingsBy(newR, 'ERROR'), findingsBy(oldR, 'ERROR')),
    waiversLapsed: lapsed,
    controls,
  };
}

/** Exit code of `diff`: 1 when anything fails now that did not fail (unwaived) before; 0 otherwise. */
export const driftExitCode = (d: Drift): number => (d.newlyFailing.length > 0 || d.waiversLapsed.length > 0 ? 1 : 0);
