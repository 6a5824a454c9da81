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

export const DEFAULT_CHECK_OPTIONS: CheckOptions = { rootUsageDays: 90, credentialMaxAgeDays: 90, strictPatterns: false };

export interface CheckContext {
  now: Date;
  account: string;
  partition: string;
  homeRegion: string;
  regions: readonly string[];
  options: CheckOptions;
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
  evaluate(state: CheckState, ctx: CheckContext): Finding[];
}
