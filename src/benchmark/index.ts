import { CIS_AWS_1_2_0 } from './cis-aws-1.2.0.js';
import { CIS_AWS_1_4_0 } from './cis-aws-1.4.0.js';
import { CIS_AWS_3_0_0 } from './cis-aws-3.0.0.js';
import { CIS_AWS_5_0_0 } from './cis-aws-5.0.0.js';
import { CIS_AWS_6_0_0 } from './cis-aws-6.0.0.js';
import { CIS_AWS_7_0_0 } from './cis-aws-7.0.0.js';
import type { Benchmark, ControlDef } from './control.js';

// Every benchmark version cis-audit speaks, by --benchmark selector, oldest first.
export const BENCHMARKS: readonly Benchmark[] = [CIS_AWS_1_2_0, CIS_AWS_1_4_0, CIS_AWS_3_0_0, CIS_AWS_5_0_0, CIS_AWS_6_0_0, CIS_AWS_7_0_0];
export const DEFAULT_BENCHMARK = CIS_AWS_1_2_0.selector;
export const BENCHMARK_SELECTORS = BENCHMARKS.map((b) => b.selector);

export class UnknownBenchmarkError extends Error {}

/** "cis-5.0.0", also "5.0.0", "cis-5.0", "5" and "cis-aws-5.0.0" (what Prowler and Security Hub users type). */
export function findBenchmark(text: string): Benchmark {
  const t = text.trim().toLowerCase().replace(/^cis-aws-|^cis-|^v/, '').replace(/^v/, '');
  const found = BENCHMARKS.find((b) => b.version === t || b.version === `${t}.0` || b.version === `${t}.0.0`);
  if (!found) throw new UnknownBenchmarkError(text);
  return found;
}

/** The same recommendation in the other benchmarks (controls sharing a concept), by selector. */
export function counterparts(control: ControlDef): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const b of BENCHMARKS) {
    const ids = b.controls.filter((c) => c.concepts.some((k) => control.concepts.includes(k))).map((c) => c.id);
    if (ids.length > 0) out[b.selector] = ids;
  }
  return out;
}

export { CIS_AWS_1_2_0, CIS_AWS_1_4_0, CIS_AWS_3_0_0, CIS_AWS_5_0_0, CIS_AWS_6_0_0, CIS_AWS_7_0_0 };
