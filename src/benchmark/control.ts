import type { CheckParams } from '../checks/check.js';
import type { Severity } from '../model/status.js';

// A benchmark control: its number, wording, level and severity, and the checks (with parameters) that decide it.
export type Aggregation = 'all' | 'any-of';
export type RemediationKind = 'automatic' | 'opt-in' | 'guidance';
export type Assessment = 'automated' | 'manual';
export type Level = 1 | 2;

export interface ControlDef {
  /** The selector of the benchmark this control belongs to, e.g. "cis-1.2.0". */
  benchmark: string;
  id: string;
  title: string;
  severity: Severity;
  section: string;
  /** CIS profile level: 1 or 2 (level 2 includes level 1). */
  level: Level;
  /** How findings combine: 'any-of' controls pass when one complete candidate exists (SPEC). */
  aggregation: Aggregation;
  /** The benchmark's own assessment kind; a manual control whose criterion is readable is still evaluated. */
  assessment: Assessment;
  /** Check ids in src/checks that decide this control. */
  checks: string[];
  /** Parameters this benchmark passes to its checks (thresholds, pattern sets, scopes). */
  params?: CheckParams;
  /** The ideas this control is one version's wording of (first: its own); controls of two benchmarks that share
   *  one are the same recommendation renumbered (`controls --json` shows the links). */
  concepts: string[];
  /** Security Hub control ids that evaluate this control in this benchmark version. */
  securityHub?: string[];
  remediation: { kind: RemediationKind; summary: string };
}

export interface Benchmark {
  /** The value of --benchmark, e.g. "cis-1.2.0". */
  selector: string;
  /** The benchmark family, stable in reports: "cis-aws-foundations". */
  id: string;
  name: string;
  version: string;
  sections: Record<string, string>;
  controls: ControlDef[];
  /** Recommendations of this version that cis-audit deliberately does not check (named so -c gives a clear error). */
  notChecked?: Record<string, string>;
}
