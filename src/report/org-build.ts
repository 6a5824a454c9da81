import type { Severity } from '../model/status.js';
import type { BenchmarkInfo } from './model.js';
import { ORG_REPORT_KIND, type OrgAccountEntry, type OrgReport } from './org-model.js';
import { withStalePenalty } from '../waivers/spec.js';
import { byAccountId, orgExitCode, summarizeOrg } from './org-summary.js';

// The organisation report: every account's own report, plus per control how many accounts pass, fail or error.
// An account that could not be scanned counts as ERROR for every control: nothing about it is known.

export interface OrgReportMeta {
  tool: { name: string; version: string };
  benchmarks: BenchmarkInfo[];
  failOn: Severity;
  generatedAt: string;
  selection: OrgReport['selection'];
  shard?: OrgReport['shard'];
  /** --fail-on-stale-waivers: judged once over the organisation (the accounts' own exit codes leave it out). */
  failOnStaleWaivers?: boolean;
}

export function buildOrgReport(entries: OrgAccountEntry[], meta: OrgReportMeta): OrgReport {
  const accounts = [...entries].sort(byAccountId);
  const summary = summarizeOrg(accounts, meta.failOnStaleWaivers === true);
  const order = new Map(meta.benchmarks.map((b, i) => [b.selector, i]));
  return {
    schemaVersion: 1,
    kind: ORG_REPORT_KIND,
    tool: meta.tool,
    benchmarks: meta.benchmarks,
    failOn: meta.failOn,
    exitCode: withStalePenalty(orgExitCode(accounts.map((a) => a.exitCode)), summary.waivers?.stale.length ?? 0, summary.waivers?.failOnStale === true),
    generatedAt: meta.generatedAt,
    selection: meta.selection,
    ...(meta.shard ? { shard: meta.shard } : {}),
    summary: {
      accounts: summary.accounts,
      // Benchmarks in the order selected, controls in their mapping's order (as the accounts' reports list them).
      controls: summary.controls.sort((a, b) => (order.get(a.benchmark) ?? 0) - (order.get(b.benchmark) ?? 0)),
      ...(summary.waivers ? { waivers: summary.waivers } : {}),
    },
    accounts,
  };
}
