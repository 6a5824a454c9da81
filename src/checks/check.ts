import type { DatumDef } from '../collect/datum.js';
import type { Finding } from '../model/finding.js';
import type { Got } from '../model/got.js';

// A check: metadata plus a pure function over collected state. Control numbers live in src/benchmark, not here.
export interface CheckOptions {
  /** 1.1: root used within this many days → FAIL. */
  rootUsageDays: number;
  /** 1.3/1.4: credential age limit in days. */
  credentialMaxAgeDays: number;
  /** 3.x: Security Hub's exact pattern comparison instead of equivalence. */
  strictPatterns: boolean;
}

/** What a benchmark mapping may pass to a check; each check lists the parameters it reads in `params`. */
export interface CheckParams {
  /** Unused credentials: age limit in days (90 in v1.2.0, 45 from v1.4.0). */
  credentialMaxAgeDays?: number;
  /** Root use: report the last use as evidence (MANUAL) instead of judging it against --root-usage-days. */
  rootUsageEvidenceOnly?: boolean;
  /** Root MFA: an account whose root user has no password counts as compliant (v5.0.0+ wording). */
  rootWithoutPasswordCounts?: boolean;
  /** 3.x/4.x/5.x monitoring: the filter patterns this benchmark version prescribes (any one suffices). */
  monitoringPatterns?: readonly string[];
  /** AWS Config: every recorder must record all supported types (not just one per region). */
  configAllRecorders?: boolean;
  /** Admin-port rules: which internet ranges count ('ipv4' 0.0.0.0/0, 'ipv6' ::/0, 'both'). */
  internetRanges?: 'ipv4' | 'ipv6' | 'both';
  /** Admin-port rules: the ports that count as remote administration. */
  adminPorts?: readonly number[];
  /** Admin-port rules: which protocols carry them ('tcp', or 'tcp-udp' for TCP, UDP and all-traffic rules). */
  adminProtocols?: 'tcp' | 'tcp-udp';
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = { rootUsageDays: 90, credentialMaxAgeDays: 90, strictPatterns: false };

export interface CheckContext {
  now: Date;
  account: string;
  partition: string;
  homeRegion: string;
  regions: readonly string[];
  options: CheckOptions;
  /** The parameters the control's benchmark mapping passes (empty when it passes none). */
  params: CheckParams;
}

export interface CheckState {
  /** The collected datum; throws if the check did not declare it in `needs` (a bug, caught by tests). */
  get<T>(def: DatumDef<T>): Got<T>;
}

export interface Check {
  /** Stable id, e.g. "iam-password-min-length". */
  id: string;
  /** One line: what it verifies and why. */
  description: string;
  needs: DatumDef<any>[];
  /** True for checks that only gather evidence for a person (findings MANUAL, never a verdict). */
  evidenceOnly?: boolean;
  /** The CheckParam that, when set by a mapping, turns this check into evidence only (root use in newer versions). */
  evidenceOnlyWith?: keyof CheckParams;
  /** The CheckParams this check reads; a mapping may pass only these (registry test). */
  params?: readonly (keyof CheckParams)[];
  evaluate(state: CheckState, ctx: CheckContext): Finding[];
}

/** Whether a check, with a mapping's params, only gathers evidence for a person (MANUAL) rather than a verdict. */
export function decidesByEvidence(check: Check, params: CheckParams = {}): boolean {
  return check.evidenceOnly === true || (check.evidenceOnlyWith !== undefined && Boolean(params[check.evidenceOnlyWith]));
}
