import type { BenchmarkInfo, ScanReport } from './model.js';
import type { Severity, Status } from '../model/status.js';
import type { OrgWaiverUsage } from '../waivers/org-usage.js';
export const ORG_REPORT_KIND = 'organization';
export interface OrgAccountEntry {
  account: string;            // 12-digit id
  name?: string;              // from Organizations, when listed
  status: 'SCANNED' | 'ERROR';
  error?: { code: string; message: string };   // why the account could not be scanned (AssumeRole denied, suspended, every call denied)
  exitCode: number;           // this account's own exit code (3 for ERROR)
  report?: ScanReport;        // present when SCANNED: exactly the single-account v1 report
}
export interface OrgControlSummary {
  benchmark: string;          // selector, e.g. cis-1.2.0
  control: string; title: string; severity: Severity;
  counts: Record<Status, number>;   // accounts per status for this control
  failing: string[]; errors: string[];   // account ids
}
export interface OrgReport {
  schemaVersion: 1;
  kind: typeof ORG_REPORT_KIND;
  tool: { name: string; version: string };
  benchmarks: BenchmarkInfo[];
  failOn: Severity;
  exitCode: number;           // over all accounts: the accounts' exit codes combined by the SPEC's precedence, then --fail-on-stale-waivers over summary.waivers
  generatedAt: string;
  selection: { org: boolean; ous?: string[]; accounts?: string[]; excludeAccounts?: string[]; roleName?: string };
  shard?: { index: number; count: number; accounts: string[] };   // index is 1-based; accounts = this shard's slice
  summary: {
    accounts: { total: number; scanned: number; error: number };
    controls: OrgControlSummary[];
    waivers?: OrgWaiverUsage;   // with a waivers file: each waiver judged over all scanned accounts (stale only if it covered nothing anywhere)
  };
  accounts: OrgAccountEntry[];   // sorted by account id
}
