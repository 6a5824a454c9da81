import type { Benchmark } from '../benchmark/control.js';
import { counterparts } from '../benchmark/index.js';
import { decidesByEvidence } from '../checks/check.js';
import { findCheck } from '../checks/registry.js';
import { remediatorFor } from '../fix/registry.js';

// What `cis-audit controls` lists: every recommendation of a benchmark, and where it sits in the other versions.
export interface ControlListing {
  benchmark: string;
  id: string;
  title: string;
  severity: string;
  section: string;
  sectionTitle: string;
  level: number;
  /** CIS's own assessment status: automated or manual. */
  assessment: string;
  implemented: boolean;
  /** How cis-audit decides it: a verdict, evidence for a person (MANUAL), or none yet. */
  decision: 'verdict' | 'evidence' | 'none';
  aggregation: string;
  securityHub: string[];
  remediation: { kind: string; summary: string; remediator?: string };
  checks: string[];
  params: Record<string, unknown>;
  /** The same recommendation in the other benchmark versions: selector → control ids. */
  sameAs: Record<string, string[]>;
}

export function listControls(benchmark: Benchmark): ControlListing[] {
  return benchmark.controls.map((c) => {
    const sameAs = counterparts(c);
    delete sameAs[benchmark.selector];
    const checks = c.checks.map((id) => findCheck(id));
    const implemented = checks.length > 0 && checks.every((k) => k !== undefined);
    const remediator = c.checks.map((id) => remediatorFor(id)).find((r) => r !== undefined);
    return {
      benchmark: benchmark.selector,
      id: c.id,
      title: c.title,
      severity: c.severity,
      section: c.section,
      sectionTitle: benchmark.sections[c.section] ?? c.section,
      level: c.level,
      assessment: c.assessment,
      implemented,
      decision: !implemented ? 'none' : checks.every((k) => k !== undefined && decidesByEvidence(k, c.params)) ? 'evidence' : 'verdict',
      aggregation: c.aggregation,
      securityHub: c.securityHub ?? [],
      remediation: { ...c.remediation, ...(remediator ? { remediator: remediator.id } : {}) },
      checks: c.checks,
      params: { ...(c.params ?? {}) },
      sameAs,
    };
  });
}
