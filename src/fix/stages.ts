import type { Remediator } from './types.js';

// Stages: a remediator runs after those it builds on (`Remediator.after`), so one `fix` run can create a trail,
// then its CloudWatch Logs delivery and key, then the 3.x filters on its log group. Stage = topological level.

/** The remediators of this run that `r` builds on, directly or through ones that are not in the run. */
export function dependenciesIn(r: Remediator, run: ReadonlySet<Remediator>, all: readonly Remediator[]): Remediator[] {
  const byId = new Map(all.map((x) => [x.id, x]));
  const found = new Set<Remediator>();
  const seen = new Set<string>();
  const visit = (ids: readonly string[] | undefined) => {
    for (const id of ids ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      const dep = [...run].find((x) => x.id === id) ?? byId.get(id);
      if (!dep) continue;
      if (run.has(dep)) found.add(dep);
      else visit(dep.after);
    }
  };
  visit(r.after);
  return [...found];
}

/** Every remediator of the run that builds on `r`, transitively. */
export function dependentsOf(r: Remediator, run: ReadonlySet<Remediator>, all: readonly Remediator[]): Set<Remediator> {
  const out = new Set<Remediator>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const x of run) {
      if (out.has(x) || x === r) continue;
      if (dependenciesIn(x, run, all).some((d) => d === r || out.has(d))) {
        out.add(x);
        grew = true;
      }
    }
  }
  return out;
}

/** Stage numbers from 1: a remediator's stage is one more than the highest stage it builds on. A cycle is a bug. */
export function stagesOf(run: ReadonlySet<Remediator>, all: readonly Remediator[]): Map<Remediator, number> {
  const stage = new Map<Remediator, number>();
  const visiting = new Set<Remediator>();
  const level = (r: Remediator): number => {
    const known = stage.get(r);
    if (known !== undefined) return known;
    if (visiting.has(r)) throw new Error(`internal: remediators build on each other in a cycle through ${r.id}`);
    visiting.add(r);
    const n = 1 + Math.max(0, ...dependenciesIn(r, run, all).map(level));
    visiting.delete(r);
    stage.set(r, n);
    return n;
  };
  for (const r of run) level(r);
  return stage;
}
