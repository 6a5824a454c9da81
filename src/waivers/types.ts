// A waivers file (.cis-audit.yml): deliberate exceptions, each with a reason and an expiry (docs/waivers.md).
export interface Waiver {
  /** "w1" or the position in the file ("#1"), as reports name it. */
  id: string;
  /** Control ids, sections ("3", "3.*") or benchmark-qualified ids ("cis-5.0.0/1.14"). */
  controls: string[];
  /** Exact ARNs or globs (picomatch: `*` stays within a path segment, `**` crosses them). */
  resources: string[];
  accounts?: string[];
  regions?: string[];
  reason: string;
  /** YYYY-MM-DD: the waiver holds through that day (UTC) and suppresses nothing after it. */
  expires: string;
  owner?: string;
  ticket?: string;
  /** Line in the file where the entry starts (for messages). */
  line: number;
}

export interface WaiverFile {
  path: string;
  waivers: Waiver[];
}

/** What the waivers did in one scan: which matched how many findings, which had expired, which matched nothing. */
export interface WaiverUsage {
  file: string;
  active: Array<{ id: string; matched: number; expires: string; reason: string; owner?: string; ticket?: string }>;
  expired: Array<{ id: string; expires: string; reason: string; wouldMatch: number }>;
  stale: Array<{ id: string; expires: string; reason: string }>;
  /** Unexpired waivers for other accounts only (`accounts` names none scanned) that matched nothing: not this scan's
   *  to judge, so never stale. Present when there is one. */
  outOfScope?: Array<{ id: string; expires: string; reason: string; accounts: string[] }>;
}
