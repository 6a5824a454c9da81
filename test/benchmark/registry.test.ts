import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS, counterparts, findBenchmark } from '../../src/benchmark/index.js';
import { CONCEPTS } from '../../src/benchmark/concepts.js';
import { findCheck } from '../../src/checks/registry.js';

// Ids and titles per version as the CIS reference lists them (vendored from shared/reference/cis-versions.md §1).
const REFERENCE: Record<string, string[]> = JSON.parse(readFileSync(new URL('../fixtures/cis-recommendations.json', import.meta.url), 'utf8'));

const COUNTS: Record<string, number> = { 'cis-1.2.0': 43, 'cis-1.4.0': 58, 'cis-3.0.0': 62, 'cis-5.0.0': 63, 'cis-6.0.0': 63, 'cis-7.0.0': 70 };

describe.each(BENCHMARKS.map((b) => [b.selector, b] as const))('benchmark %s', (selector, benchmark) => {
  it('has exactly the recommendations of the reference list, in order, with unique ids', () => {
    expect(benchmark.controls).toHaveLength(COUNTS[selector]!);
    expect(new Set(benchmark.controls.map((c) => c.id)).size).toBe(benchmark.controls.length);
    if (REFERENCE[selector]) expect(benchmark.controls.map((c) => `${c.id} ${c.title}`)).toEqual(REFERENCE[selector]);
  });

  it('puts every control in a named section, with a level and concepts that exist', () => {
    for (const c of benchmark.controls) {
      expect(benchmark.sections[c.section], c.id).toBeDefined();
      expect([1, 2]).toContain(c.level);
      for (const k of c.concepts) expect(CONCEPTS[k], `${c.id} → ${k}`).toBeDefined();
      expect(c.benchmark).toBe(selector);
    }
  });

  it('maps every control onto checks that exist and pass only parameters those checks read', () => {
    for (const c of benchmark.controls) {
      expect(c.checks.length, c.id).toBeGreaterThan(0);
      for (const id of c.checks) {
        const check = findCheck(id);
        expect(check, `${selector} ${c.id} → ${id}`).toBeDefined();
        for (const p of Object.keys(c.params ?? {})) expect(check!.params ?? [], `${selector} ${c.id}: ${id} reads ${p}`).toContain(p);
      }
    }
  });
});

describe('across benchmarks', () => {
  it('uses every check parameter some mapping passes (no parameter a check declares but nothing sets)', () => {
    const passed = new Set(BENCHMARKS.flatMap((b) => b.controls.flatMap((c) => Object.keys(c.params ?? {}))));
    const declared = new Set(BENCHMARKS.flatMap((b) => b.controls.flatMap((c) => c.checks.flatMap((id) => findCheck(id)?.params ?? []))));
    for (const p of declared) expect(passed, p).toContain(p);
  });

  it('links the same recommendation across versions (v1.2.0 2.8 is v3.0.0 3.6 and v7.0.0 4.6, Security Hub KMS.4)', () => {
    const rotation = findBenchmark('cis-1.2.0').controls.find((c) => c.id === '2.8')!;
    expect(counterparts(rotation)).toMatchObject({ 'cis-1.2.0': ['2.8'], 'cis-1.4.0': ['3.8'], 'cis-3.0.0': ['3.6'], 'cis-5.0.0': ['3.6'], 'cis-6.0.0': ['4.6'], 'cis-7.0.0': ['4.6'] });
    expect(findBenchmark('cis-3.0.0').controls.find((c) => c.id === '3.6')!.securityHub).toEqual(['KMS.4']);
    const ssh = findBenchmark('cis-1.2.0').controls.find((c) => c.id === '4.1')!;
    expect(counterparts(ssh)['cis-3.0.0']).toEqual(['5.2', '5.3']);
  });

  it('finds benchmarks by the spellings users type', () => {
    for (const t of ['cis-5.0.0', '5.0.0', 'cis-5.0', '5', 'CIS-AWS-5.0.0', 'v5.0.0']) expect(findBenchmark(t).selector).toBe('cis-5.0.0');
    expect(() => findBenchmark('cis-4.0.0')).toThrow();
  });
});
