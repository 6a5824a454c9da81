import { combinedExitCode, EXIT } from '../engine/exit-code.js';
import { STATUSES, type Status } from '../model/status.js';
import type { ControlReport } from './model.js';
import { combineWaiverUsage } from '../waivers/org-usage.js';
import { staleWaiversNote } from '../waivers/spec.js';
import type { OrgAccountEntry, OrgControlSummary, OrgReport } from './org-model.js';

// The organisation summary and exit code, computed from the account entries alone: a merge of shard reports
// recomputes them and gets what one unsharded run would have (SPEC "Organisations").

const KNOWN_EXIT_CODES: readonly number[] = [EXIT.COMPLIANT, EXIT.NON_COMPLIANT, EXIT.USAGE, EXIT.INCOMPLETE];

/**
 * The organisation's exit code: the accounts' codes combined as a multi-benchmark scan combines its own (0 when
 * there is no account). A code outside the contract (a hand-edited part) counts as incomplete rather than ignored.
 */
export function orgExitCode(codes: Iterable<number>): number {
  return combinedExitCode([...codes].map((c) => (KNOWN_EXIT_CODES.includes(c) ? c : EXIT.INCOMPLETE)));
}

const zero = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;

/** Every control of every selected benchmark of the account (benchmarks[0] repeats the top level, so it is not read twice). */
export function accountControls(entry: OrgAccountEntry): ControlReport[] {
  return entry.report ? entry.report.benchmarks.flatMap((b) => b.controls) : [];
}

/**
 * Per control (in the order the scanned accounts list them): how many accounts have each status, which fail,
 * which could not decide. An account that could not be entered is ERROR for every control.
 */
export function summarizeOrg(accounts: readonly OrgAccountEntry[], failOnStaleWaivers = false): OrgReport['summary'] {
  const controls = new Map<string, OrgControlSummary>();
  for (const entry of accounts) {
    for (const c of accountControls(entry)) {
      const key = `${c.benchmark}\n${c.id}`;
      let s = controls.get(key);
      if (!s) controls.set(key, (s = { benchmark: c.benchmark, control: c.id, title: c.title, severity: c.severity, counts: zero(), failing: [], errors: [] }));
      s.counts[c.status]++;
      if (c.status === 'FAIL') s.failing.push(entry.account);
      if (c.status === 'ERROR') s.errors.push(entry.account);
    }
  }
  const unscanned = accounts.filter((a) => a.status === 'ERROR');
  for (const s of controls.values()) {
    s.counts.ERROR += unscanned.length;
    s.errors.push(...unscanned.map((a) => a.account));
    s.failing.sort();
    s.errors.sort();
  }
  const waivers = combineWaiverUsage(accounts.flatMap((a) => (a.report?.waivers ? [{ account: a.account, usage: a.report.waivers }] : [])), failOnStaleWaivers);
  return {
    accounts: { total: accounts.length, scanned: accounts.length - unscanned.length, error: unscanned.length },
    controls: [...controls.values()],
    ...(waivers ? { waivers } : {}),
  };
}

/** "NON-COMPLIANT (exit 1) — 4 of 9 accounts non-compliant": the organisation's exit code and why. */
export function orgVerdict(report: OrgReport): string {
  const n = report.accounts.length;
  const by = (code: number) => report.accounts.filter((a) => a.exitCode === code).length;
  const unscanned = report.summary.accounts.error;
  const incomplete = by(EXIT.INCOMPLETE) - unscanned;
  const parts = [
    by(EXIT.NON_COMPLIANT) > 0 ? `${by(EXIT.NON_COMPLIANT)} non-compliant` : '',
    incomplete > 0 ? `${incomplete} incomplete` : '',
    unscanned > 0 ? `${unscanned} not scanned` : '',
    by(EXIT.COMPLIANT) > 0 ? `${by(EXIT.COMPLIANT)} compliant` : '',
  ].filter(Boolean);
  const w = report.summary.waivers;
  const stale = w?.failOnStale && w.stale.length > 0 ? staleWaiversNote(w.stale.length) : '';
  const of = `${parts.join(', ') || 'none'} of ${`${n} account${n === 1 ? '' : 's'}`} (fail on ${report.failOn} and above)${stale}`;
  switch (report.exitCode) {
    case EXIT.COMPLIANT:
      return `COMPLIANT (exit 0) — ${of}`;
    case EXIT.NON_COMPLIANT:
      return `NON-COMPLIANT (exit 1) — ${of}`;
    case EXIT.INCOMPLETE:
      return `INCOMPLETE (exit 3) — ${of}`;
    default:
      return `exit ${report.exitCode} — ${of}`;
  }
}

/** Account entries in the report's order: by account id. */
export const byAccountId = (a: OrgAccountEntry, b: OrgAccountEntry) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0);
