import { combinedExitCode } from '../engine/exit-code.js';
import { STATUSES, type Severity, type Status } from '../model/status.js';
import type { BenchmarkInfo } from './model.js';
import { ORG_REPORT_KIND, type OrgAccountEntry, type OrgControlSummary, type OrgReport } from './org-model.js';

// The organisation report: every account's own report, plus per control how many accounts pass, fail or error.
// An account that could not be scanned counts as ERROR for every control: nothing about it is known.

export interface OrgReportMeta {
  tool: { name: string; version: string };
  benchmarks: BenchmarkInfo[];
  failOn: Severity;
  generatedAt: string;
  selection: OrgReport['selection'];
  shard?: OrgReport['shard'];
}

const zero = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;

export function buildOrgReport(entries: OrgAccountEntry[], meta: OrgReportMeta): OrgReport {
  const accounts = [...entries].sort((a, b) => a.account.localeCompare(b.account));
  const controls = new Map<string, OrgControlSummary>();
  const order = new Map(meta.benchmarks.map((b, i) => [b.selector, i]));
  for (const entry of accounts) {
    for (const benchmark of entry.report?.benchmarks ?? []) {
      for (const c of benchmark.controls) {
        const key = `${c.benchmark} ${c.id}`;
        let summary = controls.get(key);
        if (!summary) {
          summary = { benchmark: c.benchmark, control: c.id, title: c.title, severity: c.severity, counts: zero(), failing: [], errors: [] };
          controls.set(key, summary);
        }
        summary.counts[c.status]++;
        if (c.status === 'FAIL') summary.failing.push(entry.account);
        if (c.status === 'ERROR') summary.errors.push(entry.account);
      }
    }
  }
  const unscanned = accounts.filter((a) => a.status === 'ERROR').map((a) => a.account);
  for (const summary of controls.values()) {
    summary.counts.ERROR += unscanned.length;
    summary.errors = [...summary.errors, ...unscanned].sort();
  }
  const scanned = accounts.filter((a) => a.status === 'SCANNED').length;
  return {
    schemaVersion: 1,
    kind: ORG_REPORT_KIND,
    tool: meta.tool,
    benchmarks: meta.benchmarks,
    failOn: meta.failOn,
    exitCode: combinedExitCode(accounts.map((a) => a.exitCode)),
    generatedAt: meta.generatedAt,
    selection: meta.selection,
    ...(meta.shard ? { shard: meta.shard } : {}),
    summary: {
      accounts: { total: accounts.length, scanned, error: accounts.length - scanned },
      // Benchmarks in the order selected, controls in their mapping's order (as the accounts' reports list them).
      controls: [...controls.values()].sort((a, b) => (order.get(a.benchmark) ?? 0) - (order.get(b.benchmark) ?? 0)),
    },
    accounts,
  };
}

