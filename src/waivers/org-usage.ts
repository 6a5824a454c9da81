import type { WaiverUsage } from './types.js';

// Over several accounts (an organisation scan, or the shards of one merged) a waiver is judged once, not once per
// account: active when it covered a FAIL finding in any account, stale only when some scanned account was in its
// scope and it covered nothing anywhere, out of scope when it names none of the scanned accounts.

export interface OrgWaiverUsage extends Omit<WaiverUsage, 'active'> {
  /** Each active waiver with the accounts where it covered findings. */
  active: Array<WaiverUsage['active'][number] & { accounts: string[] }>;
  /** --fail-on-stale-waivers was given: a stale waiver makes a compliant or incomplete organisation exit 1. */
  failOnStale: boolean;
}

interface Seen {
  id: string;
  expires: string;
  reason: string;
  owner?: string;
  ticket?: string;
  matched: number;
  wouldMatch: number;
  coveredIn: string[];
  expired: boolean;
  inScope: boolean;
  scope?: string[];
}

/** The accounts' waiver usages as one; undefined when no account used a waivers file. Waivers in first-seen order. */
export function combineWaiverUsage(usages: ReadonlyArray<{ account: string; usage: WaiverUsage }>, failOnStale: boolean): OrgWaiverUsage | undefined {
  const first = usages[0];
  if (!first) return undefined;
  const seen = new Map<string, Seen>();
  const get = (w: { id: string; expires: string; reason: string }) => {
    let s = seen.get(w.id);
    if (!s) seen.set(w.id, (s = { id: w.id, expires: w.expires, reason: w.reason, matched: 0, wouldMatch: 0, coveredIn: [], expired: false, inScope: false }));
    return s;
  };
  for (const { account, usage } of usages) {
    for (const a of usage.active) {
      const s = get(a);
      s.matched += a.matched;
      s.coveredIn.push(account);
      s.inScope = true;
      if (a.owner !== undefined) s.owner = a.owner;
      if (a.ticket !== undefined) s.ticket = a.ticket;
    }
    for (const e of usage.expired) {
      const s = get(e);
      s.expired = true;
      s.wouldMatch += e.wouldMatch;
    }
    for (const st of usage.stale) get(st).inScope = true;
    for (const o of usage.outOfScope ?? []) get(o).scope = o.accounts;
  }
  const out: OrgWaiverUsage = { file: first.usage.file, active: [], expired: [], stale: [], failOnStale };
  for (const s of seen.values()) {
    const base = { id: s.id, expires: s.expires, reason: s.reason };
    if (s.expired) out.expired.push({ ...base, wouldMatch: s.wouldMatch });
    else if (s.matched > 0) out.active.push({ ...base, matched: s.matched, ...(s.owner ? { owner: s.owner } : {}), ...(s.ticket ? { ticket: s.ticket } : {}), accounts: [...s.coveredIn].sort() });
    else if (s.inScope) out.stale.push(base);
    else (out.outOfScope ??= []).push({ ...base, accounts: s.scope ?? [] });
  }
  return out;
}
