import type { MetricFilter } from '../../collect/monitoring.js';
import {
  canonicalText, diffPatterns, isJsonPattern, parsePattern, sharedClauses, stripWhitespaceEquals, tryParsePattern,
  type Expr, type PatternDiff,
} from '../../patterns/index.js';
import type { CisPatternSpec } from './cis-patterns.js';

// Does a metric filter's pattern say what the control prescribes? Equivalence by default, exact text when strict.

export interface AcceptedPattern {
  text: string;
  expr: Expr;
  /** Normalised form: two patterns are equivalent exactly when these are equal. */
  canonical: string;
}

export const parseAccepted = (spec: CisPatternSpec): AcceptedPattern[] =>
  spec.accepted.map((text) => {
    const expr = parsePattern(text);
    return { text, expr, canonical: canonicalText(expr) };
  });

// The 14 controls judge the same filters: parse and normalise each pattern text once (a pure function of the text).
const parsedFilters = new Map<string, { parsed: ReturnType<typeof tryParsePattern>; canonical?: string }>();
function parseFilter(text: string) {
  let hit = parsedFilters.get(text);
  if (!hit) {
    const parsed = tryParsePattern(text);
    hit = { parsed, ...(parsed.ok ? { canonical: canonicalText(parsed.pattern) } : {}) };
    if (parsedFilters.size > 10_000) parsedFilters.clear();
    parsedFilters.set(text, hit);
  }
  return hit;
}

export type FilterVerdict =
  | { kind: 'match'; filter: MetricFilter; accepted: string }
  /** Not a JSON pattern, or does not parse: never a candidate. */
  | { kind: 'ignored'; filter: MetricFilter; reason: string }
  | {
    kind: 'differs'; filter: MetricFilter; accepted: string; diff: PatternDiff;
    /** Leaf comparisons the filter shares with the accepted pattern; close = at least one. */
    shared: number; close: boolean; equivalentNotExact: boolean;
  };

type Differs = Extract<FilterVerdict, { kind: 'differs' }>;

/** With `withDiff` false, a differing filter's diff is left empty: callers ask for it only when nothing matched. */
export function judgeFilter(filter: MetricFilter, accepted: AcceptedPattern[], strict: boolean, withDiff = true): FilterVerdict {
  if (!isJsonPattern(filter.pattern)) return { kind: 'ignored', filter, reason: 'not a JSON filter pattern' };
  const { parsed, canonical } = parseFilter(filter.pattern);
  if (!parsed.ok) return { kind: 'ignored', filter, reason: `does not parse: ${parsed.error.message}` };
  const exact = accepted.find((a) => stripWhitespaceEquals(filter.pattern, a.text));
  if (exact) return { kind: 'match', filter, accepted: exact.text };
  const equivalent = accepted.find((a) => a.canonical === canonical);
  if (equivalent && !strict) return { kind: 'match', filter, accepted: equivalent.text };
  const differs = (d: Omit<Differs, 'kind' | 'filter' | 'equivalentNotExact'>, equivalentNotExact = false): Differs =>
    ({ kind: 'differs', filter, ...d, equivalentNotExact });
  if (equivalent) {
    return differs({ accepted: equivalent.text, diff: { equivalent: true, missing: [], extra: [] }, shared: 0, close: true }, true);
  }
  if (!withDiff) return differs({ accepted: accepted[0]!.text, diff: { equivalent: false, missing: [], extra: [] }, shared: 0, close: false });
  const diffs = accepted.map((a) => {
    const shared = sharedClauses(a.expr, parsed.pattern);
    return differs({ accepted: a.text, diff: diffPatterns(a.expr, parsed.pattern), shared, close: shared > 0 });
  });
  return diffs.sort(closerFirst)[0]!;
}

/** How much a diff asks to change: each clause missing or extra, and a different joining or grouping. */
const size = (d: PatternDiff) => d.missing.length + d.extra.length + (d.structure ? 1 : 0);

/** The fewest changes first; among equals, the larger overlap. */
const closerFirst = (a: Differs, b: Differs) => size(a.diff) - size(b.diff) || b.shared - a.shared;

/** The differing filter worth showing: the closest one that shares clauses with the prescribed pattern. */
export function nearestMiss(verdicts: FilterVerdict[]): Differs | undefined {
  const close = verdicts.filter((v): v is Differs => v.kind === 'differs' && v.close);
  return close.sort(closerFirst)[0];
}

export function describeDiff(diff: PatternDiff): string {
  const parts: string[] = [];
  if (diff.missing.length > 0) parts.push(`missing ${diff.missing.join(', ')}`);
  if (diff.extra.length > 0) parts.push(`extra ${diff.extra.join(', ')}`);
  if (diff.structure) parts.push(diff.structure);
  return parts.join('; ');
}
