import type { Benchmark, ControlDef, Level } from './control.js';

export class UnknownControlError extends Error {
  constructor(readonly spec: string, readonly benchmark: Benchmark, readonly why?: string) {
    super(spec);
  }
}

/** Expands "1.4", "1", "3.*", "2.1" (a subsection: 2.1.1, 2.1.2, …) and comma lists into controls; an id matching
 *  nothing is an error naming the benchmark; `level` 1 keeps level-1 controls only (level 2 includes level 1). */
export function selectControls(benchmark: Benchmark, include: string[], exclude: string[], level: Level = 2): ControlDef[] {
  const wanted = include.length > 0 ? expand(benchmark, include) : new Set(benchmark.controls.map((c) => c.id));
  for (const id of expand(benchmark, exclude)) wanted.delete(id);
  return benchmark.controls.filter((c) => wanted.has(c.id) && c.level <= level);
}

function expand(benchmark: Benchmark, specs: string[]): Set<string> {
  const ids = new Set<string>();
  for (const spec of specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const prefix = spec.replace(/\.\*$/, '');
    const exact = benchmark.controls.filter((c) => c.id === spec);
    const matches = exact.length > 0 ? exact : benchmark.controls.filter((c) => c.id.startsWith(`${prefix}.`));
    if (matches.length === 0) throw new UnknownControlError(spec, benchmark, benchmark.notChecked?.[spec]);
    matches.forEach((c) => ids.add(c.id));
  }
  return ids;
}
