import type { Severity } from '../model/status.js';

// A benchmark control: its number, wording and severity, and the checks that decide it.
export type Aggregation = 'all' | 'any-of';
export type RemediationKind = 'automatic' | 'opt-in' | 'guidance';

export interface ControlDef {
  id: string;
  title: string;
  severity: Severity;
  section: string;
  /** How findings combine: 'any-of' controls pass when one complete candidate exists (SPEC). */
  aggregation: Aggregation;
  /** The benchmark's own assessment kind (all 43 are automated in v1.2.0 as Security Hub runs them). */
  assessment: 'automated' | 'manual';
  /** Check ids in src/checks that decide this control. */
  checks: string[];
  remediation: { kind: RemediationKind; summary: string };
}

export interface Benchmark {
  id: string;
  name: string;
  version: string;
  sections: Record<string, string>;
  controls: ControlDef[];
}
