import { scanCommand, type ScanFlags } from '../../src/cli/run-scan.js';
import { scanExitCode } from '../../src/engine/exit-code.js';
import { STATUSES, type Status } from '../../src/model/status.js';
import type { ScanReport } from '../../src/report/model.js';
import { buildOrgReport } from '../../src/report/org-build.js';
import type { OrgAccountEntry, OrgReport } from '../../src/report/org-model.js';
import { orgExitCode } from '../../src/report/org-summary.js';

// Organisation reports for the renderer and merge tests, made from real single-account reports: the demo snapshot
// scanned once, its account id rewritten to make several accounts, some verdicts varied, one account unenterable.

const DEMO = new URL('../../examples/demo-account.json', import.meta.url).pathname;
export const DEMO_ACCOUNT = '210987654321';
export const TOOL = { name: 'cis-audit', version: 'test' };
export const GENERATED_AT = '2026-01-02T03:04:05.000Z';

const scanFlags = (benchmarks: string[]): ScanFlags => ({
  format: 'json', 'fail-on': 'LOW', debug: false, concurrency: 4, 'root-usage-days': 90, 'strict-patterns': false, snapshot: DEMO,
  benchmark: benchmarks, 'step-summary': false,
});
const quietIo = { stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {} };

const demoCache = new Map<string, Promise<ScanReport>>();

/** The demo snapshot's report (scanned once per benchmark set). */
export function demoReport(benchmarks: string[] = ['cis-1.2.0']): Promise<ScanReport> {
  const key = benchmarks.join(',');
  if (!demoCache.has(key)) demoCache.set(key, scanCommand(scanFlags(benchmarks), quietIo, TOOL, true).then((o) => o.report));
  return demoCache.get(key)!;
}

/** How an account differs from the demo: as it is, with every FAIL fixed (still an ERROR), or fully compliant. */
export type Variant = 'demo' | 'no-fails' | 'compliant' | 'one-fail';

/** The demo report as account `account` would have it, with its verdicts varied. */
export function accountReport(demo: ScanReport, account: string, variant: Variant): ScanReport {
  const report = JSON.parse(JSON.stringify(demo).replaceAll(DEMO_ACCOUNT, account)) as ScanReport;
  const fixed = (from: Status, id: string) => {
    if (variant === 'demo') return false;
    if (variant === 'one-fail') return from === 'FAIL' && id !== '1.9';
    return from === 'FAIL' || (variant === 'compliant' && from === 'ERROR');
  };
  for (const b of report.benchmarks) {
    for (const c of b.controls) {
      if (!fixed(c.status, c.id)) continue;
      for (const f of c.findings) if (f.status === c.status) Object.assign(f, { status: 'PASS', message: `fixed: ${f.message}`, error: undefined });
      c.status = 'PASS';
      c.reason = 'fixed in this account';
    }
    b.summary = { controls: zero(), findings: zero() };
    for (const c of b.controls) {
      b.summary.controls[c.status]++;
      for (const f of c.findings) b.summary.findings[f.status]++;
    }
    b.exitCode = scanExitCode(b.controls, report.failOn);
  }
  report.controls = report.benchmarks[0]!.controls;
  report.summary = report.benchmarks[0]!.summary;
  report.exitCode = orgExitCode(report.benchmarks.map((b) => b.exitCode));
  return JSON.parse(JSON.stringify(report)) as ScanReport;
}

const zero = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;

export interface AccountSpec {
  account: string;
  name?: string;
  variant: Variant | 'unenterable';
}

/** Nine accounts: failing, fixed, compliant, incomplete, one that cannot be entered, hostile and very long names. */
export const ACCOUNTS: AccountSpec[] = [
  { account: '111111111111', name: 'production-payments', variant: 'demo' },
  { account: '222222222222', name: 'staging', variant: 'no-fails' },
  { account: '333333333333', name: 'sandbox', variant: 'compliant' },
  { account: '444444444444', name: 'legacy-suspended', variant: 'unenterable' },
  { account: '555555555555', name: 'data-platform-analytics-warehouse-eu-west-1-production', variant: 'one-fail' },
  { account: '666666666666', name: '<script>alert(1)</script>\u001b[31m"&', variant: 'demo' },
  { account: '777777777777', variant: 'compliant' },
  { account: '888888888888', name: 'logging', variant: 'one-fail' },
  { account: '999999999999', name: 'security-tooling', variant: 'no-fails' },
];

export const ASSUME_ROLE_DENIED = (account: string) => ({
  code: 'AccessDenied',
  message: `sts:AssumeRole on arn:aws:iam::${account}:role/CisAuditReadOnly: User: arn:aws:iam::111111111111:user/auditor is not authorized to perform: sts:AssumeRole`,
});

/** One account's entry as the multi-account runner writes it. */
export function accountEntry(demo: ScanReport, spec: AccountSpec): OrgAccountEntry {
  const named = spec.name !== undefined ? { name: spec.name } : {};
  if (spec.variant === 'unenterable') return { account: spec.account, ...named, status: 'ERROR', error: ASSUME_ROLE_DENIED(spec.account), exitCode: 3 };
  const report = accountReport(demo, spec.account, spec.variant);
  return { account: spec.account, ...named, status: 'SCANNED', exitCode: report.exitCode, report };
}

export interface OrgMeta {
  shard?: OrgReport['shard'];
  selection?: OrgReport['selection'];
}

/** An organisation report over `entries`, built as the runner builds it. */
export function makeOrgReport(demo: ScanReport, entries: OrgAccountEntry[], meta: OrgMeta = {}): OrgReport {
  return buildOrgReport(entries, {
    tool: TOOL,
    benchmarks: demo.benchmarks.map((b) => b.benchmark),
    failOn: demo.failOn,
    generatedAt: GENERATED_AT,
    selection: meta.selection ?? { org: true, roleName: 'CisAuditReadOnly' },
    ...(meta.shard ? { shard: meta.shard } : {}),
  });
}

/** The whole fixture organisation, unsharded. */
export async function orgFixture(benchmarks?: string[], specs: AccountSpec[] = ACCOUNTS): Promise<OrgReport> {
  const demo = await demoReport(benchmarks);
  return makeOrgReport(demo, specs.map((s) => accountEntry(demo, s)));
}

/** The fixture split into `n` shard reports (round-robin by position: any partition will do for merging). */
export async function orgShards(n: number, specs: AccountSpec[] = ACCOUNTS): Promise<OrgReport[]> {
  const demo = await demoReport();
  return Array.from({ length: n }, (_, i) => {
    const mine = specs.filter((_, j) => j % n === i);
    return makeOrgReport(demo, mine.map((s) => accountEntry(demo, s)), { shard: { index: i + 1, count: n, accounts: mine.map((s) => s.account).sort() } });
  });
}
