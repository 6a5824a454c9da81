import type { Benchmark, ControlDef } from './control.js';

export class UnknownControlError extends Error {}

/** Expands "1.4", "1" or "3.*" (and comma lists) into controls; an id matching nothing is an error. */
export function selectControls(benchmark: Benchmark, include: string[], exclude: string[]): ControlDef[] {
  const wanted = include.length > 0 ? expand(benchmark, include) : new Set(benchmark.controls.map((c) => c.id));
  for (const id of expand(benchmark, exclude)) wanted.delete(id);
  return benchmark.controls.filter((c) => wanted.has(c.id));
}

function expand(benchmark: Benchmark, specs: string[]): Set<string> {
  const ids = new Set<string>();
  for (const spec of specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const section = /^(\d+)(?:\.\*)?$/.exec(spec);
    const matches = section && !benchmark.controls.some((c) => c.id === spec)
      ? benchmark.controls.filter((c) => c.section === section[1])
      : benchmark.controls.filter((c) => c.id === spec);
    if (matches.length === 0) throw new UnknownControlError(spec);
    matches.forEach((c) => ids.add(c.id));
  }
  return ids;
}
