import picomatch from 'picomatch';
import type { ControlDef } from '../benchmark/control.js';
import { controlReason, controlStatus } from '../engine/aggregate.js';
import type { Finding } from '../model/finding.js';
import type { Status } from '../model/status.js';
import { controlMatches, expiryEnd, splitSpec } from './spec.js';
import type { Waiver, WaiverFile, WaiverUsage } from './types.js';

// Pure: turns FAIL findings that an unexpired waiver covers into SUPPRESSED, re-aggregates the controls, and
// says which waivers matched, which had expired and which matched nothing (SPEC "Waivers → SUPPRESSED"); a waiver
// that matched nothing and names only other accounts is out of this scan's scope, not stale.

export interface WaivableControl {
  control: Pick<ControlDef, 'benchmark' | 'id' | 'aggregation'>;
  status: Status;
  reason: string;
  findings: Finding[];
}

export interface WaiverScope {
  /** The scanned account: findings whose resource carries no account id belong to it. */
  account: string;
  evaluatedAt: Date;
}

export function isExpired(waiver: Pick<Waiver, 'expires'>, at: Date): boolean {
  return at.getTime() > expiryEnd(waiver.expires).getTime();
}

/** The 12-digit account in an ARN (arn:partition:service:region:account:…), else the scanned account. */
function accountOf(resource: string, scanned: string): string {
  const field = resource.split(':')[4];
  return field !== undefined && /^\d{12}$/.test(field) ? field : scanned;
}

type Matcher = (control: WaivableControl['control'], finding: Finding, account: string) => boolean;

function matcherFor(waiver: Waiver): Matcher {
  const controls = waiver.controls.map(splitSpec);
  const globs = waiver.resources.map((r) => {
    const glob = picomatch(r, { dot: true });
    return (resource: string) => resource === r || glob(resource);
  });
  return (control, finding, account) =>
    controls.some((c) => (c.benchmark === undefined || c.benchmark === control.benchmark) && controlMatches(c.spec, control.id)) &&
    globs.some((g) => g(finding.resource)) &&
    (waiver.accounts === undefined || waiver.accounts.includes(account)) &&
    (waiver.regions === undefined || waiver.regions.includes(finding.region));
}

export function applyWaivers<C extends WaivableControl>(controls: C[], file: WaiverFile, scope: WaiverScope): { controls: C[]; usage: WaiverUsage } {
  const waivers = file.waivers.map((w) => ({ waiver: w, matches: matcherFor(w), expired: isExpired(w, scope.evaluatedAt), count: 0 }));
  const out = controls.map((c) => {
    let changed = false;
    const findings = c.findings.map((f) => {
      // Only a FAIL can be waived: what could not be read (ERROR) or needs a person (MANUAL) cannot.
      if (f.status !== 'FAIL') return f;
      const account = accountOf(f.resource, scope.account);
      let applied: Waiver | undefined;
      for (const w of waivers) {
        if (!w.matches(c.control, f, account)) continue;
        w.count++;
        if (!w.expired && !applied) applied = w.waiver;
      }
      if (!applied) return f;
      changed = true;
      return { ...f, status: 'SUPPRESSED' as const, suppressed: suppression(applied) };
    });
    if (!changed) return c;
    const status = controlStatus(findings, c.control.aggregation);
    return { ...c, findings, status, reason: controlReason(status, findings) };
  });
  const usage: WaiverUsage = { file: file.path, active: [], expired: [], stale: [] };
  for (const { waiver: w, expired, count } of waivers) {
    const extra = { ...(w.owner ? { owner: w.owner } : {}), ...(w.ticket ? { ticket: w.ticket } : {}) };
    if (expired) usage.expired.push({ id: w.id, expires: w.expires, reason: w.reason, wouldMatch: count });
    // A waiver kept for another account (one waivers file for several) is that account's scan to judge.
    else if (count === 0 && w.accounts !== undefined && !w.accounts.includes(scope.account)) (usage.outOfScope ??= []).push({ id: w.id, expires: w.expires, reason: w.reason, accounts: w.accounts });
    else if (count === 0) usage.stale.push({ id: w.id, expires: w.expires, reason: w.reason });
    else usage.active.push({ id: w.id, matched: count, expires: w.expires, reason: w.reason, ...extra });
  }
  return { controls: out, usage };
}

function suppression(w: Waiver): NonNullable<Finding['suppressed']> {
  return {
    originalStatus: 'FAIL',
    waiver: w.id,
    reason: w.reason,
    expires: w.expires,
    ...(w.owner ? { owner: w.owner } : {}),
    ...(w.ticket ? { ticket: w.ticket } : {}),
  };
}
