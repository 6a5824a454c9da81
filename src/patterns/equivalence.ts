import type { Expr, Value } from './ast.js';
import { printClause } from './print.js';

export interface PatternDiff {
  equivalent: boolean;
  /** Canonical text of clauses the expected pattern has and the actual one lacks. */
  missing: string[];
  /** Canonical text of clauses the actual pattern adds. */
  extra: string[];
  /** How the shared clauses are joined or grouped differently, e.g. "joins with && where CIS joins with ||". */
  structure?: string;
}

// Normalized once per expression (they are never changed once built): a filter is compared with several accepted
// patterns, and its normal form is printed and diffed again for each.
const normalized = new WeakMap<Expr, Expr>();

/** SPEC's normalization and nothing more, so that a broader or narrower filter stays a visible difference. */
export function normalizePattern(expr: Expr): Expr {
  let out = normalized.get(expr);
  if (out === undefined) normalized.set(expr, (out = normalize(expr)));
  return out;
}

function normalize(expr: Expr): Expr {
  switch (expr.kind) {
    case 'compare':
      return { ...expr, selector: { path: [...expr.selector.path] }, value: normalizeValue(expr.value) };
    case 'test':
      return { kind: 'test', selector: { path: [...expr.selector.path] }, test: expr.test };
    case 'and':
    case 'or': {
      const flat: Expr[] = [];
      for (const operand of expr.operands.map(normalizePattern)) {
        if (operand.kind === expr.kind) flat.push(...operand.operands);
        else flat.push(operand);
      }
      const byText = new Map<string, Expr>();
      for (const operand of flat) byText.set(printClause(operand), operand);
      const keys = [...byText.keys()].sort(compareText);
      if (keys.length === 1) return byText.get(keys[0]!)!;
      return { kind: expr.kind, operands: keys.map((key) => byText.get(key)!) };
    }
  }
}

// Quoted and unquoted strings are the same literal; unquoted numeric text already parsed as a number.
function normalizeValue(value: Value): Value {
  return value.kind === 'string' ? { kind: 'string', text: value.text, quoted: true } : { ...value };
}

// Code-unit order, so the canonical form does not depend on the locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The canonical text of a pattern's normalized form: equal texts mean equivalent patterns. */
export function canonicalText(expr: Expr): string {
  return printClause(normalizePattern(expr));
}

export function patternsEquivalent(a: Expr, b: Expr): boolean {
  return canonicalText(a) === canonicalText(b);
}

/**
 * Names what differs. Where the trees have the same structure, the clauses missing or extra in the one differing
 * sub-group; where they do not (&& for ||, another grouping, an added or dropped clause at another level), the leaf
 * clauses missing and extra, and how the shared clauses are joined or grouped differently.
 */
export function diffPatterns(expected: Expr, actual: Expr): PatternDiff {
  const e = normalizePattern(expected);
  const a = normalizePattern(actual);
  const missing: Expr[] = [];
  const extra: Expr[] = [];
  diffNodes(e, a, missing, extra);
  if (![...missing, ...extra].some(isCompound)) {
    return { equivalent: missing.length === 0 && extra.length === 0, missing: missing.map(printClause), extra: extra.map(printClause) };
  }
  return leafDiff(expected, actual);
}

function diffNodes(expected: Expr, actual: Expr, missing: Expr[], extra: Expr[]): void {
  if (printClause(expected) === printClause(actual)) return;
  if (isCompound(expected) && expected.kind === actual.kind) {
    const actualOperands = (actual as { operands: Expr[] }).operands;
    const actualTexts = new Set(actualOperands.map(printClause));
    const expectedTexts = new Set(expected.operands.map(printClause));
    const onlyExpected = expected.operands.filter((operand) => !actualTexts.has(printClause(operand)));
    const onlyActual = actualOperands.filter((operand) => !expectedTexts.has(printClause(operand)));
    const [e] = onlyExpected;
    const [a] = onlyActual;
    if (onlyExpected.length === 1 && onlyActual.length === 1 && e && a && isCompound(e) && e.kind === a.kind) {
      diffNodes(e, a, missing, extra);
      return;
    }
    missing.push(...onlyExpected);
    extra.push(...onlyActual);
    return;
  }
  missing.push(expected);
  extra.push(actual);
}

/** The leaf comparisons of a pattern, each once as canonical text, in the order the pattern has them. */
export function leafClauses(expr: Expr): string[] {
  const out = new Set<string>();
  const visit = (node: Expr) => (isCompound(node) ? node.operands.forEach(visit) : out.add(canonicalText(node)));
  visit(expr);
  return [...out];
}

/** How many leaf comparisons two patterns share: the overlap that ranks near misses. */
export function sharedClauses(expected: Expr, actual: Expr): number {
  const theirs = new Set(leafClauses(actual));
  return leafClauses(expected).filter((c) => theirs.has(c)).length;
}

function leafDiff(expected: Expr, actual: Expr): PatternDiff {
  const mine = leafClauses(expected);
  const theirs = leafClauses(actual);
  const shared = new Set(mine.filter((c) => theirs.includes(c)));
  const missing = mine.filter((c) => !shared.has(c));
  const extra = theirs.filter((c) => !shared.has(c));
  // With the differing leaves set aside, do the shared ones still sit differently? Compared normalized; a
  // difference of the whole is printed in each pattern's own order, as its author wrote it.
  const e = project(expected, shared);
  const a = project(actual, shared);
  const structure = e && a ? describeStructure(normalizePattern(e), normalizePattern(a), { expected: e, actual: a }) : undefined;
  return { equivalent: false, missing, extra, ...(structure ? { structure } : {}) };
}

/** The pattern with only the `keep` leaves, in its own order: a group left with one operand is that operand, and a
 *  group left inside one of its own kind joins it. */
function project(expr: Expr, keep: ReadonlySet<string>): Expr | undefined {
  if (!isCompound(expr)) return keep.has(canonicalText(expr)) ? expr : undefined;
  const operands = expr.operands
    .map((o) => project(o, keep))
    .flatMap((o) => (o === undefined ? [] : isCompound(o) && o.kind === expr.kind ? o.operands : [o]));
  return operands.length <= 1 ? operands[0] : { kind: expr.kind, operands };
}

const JOIN = { and: '&&', or: '||' } as const;

/** `whole`: the two whole patterns as written, when these are them (not sub-groups). */
function describeStructure(expected: Expr, actual: Expr, whole?: { expected: Expr; actual: Expr }): string | undefined {
  if (printClause(expected) === printClause(actual)) return undefined;
  if (isCompound(expected) && isCompound(actual)) {
    if (expected.kind !== actual.kind && sameClauses(expected.operands, actual.operands)) {
      return joins(whole ? undefined : expected.operands, actual.kind, expected.kind);
    }
    if (expected.kind === actual.kind) {
      const onlyExpected = without(expected.operands, actual.operands);
      const onlyActual = without(actual.operands, expected.operands);
      const [e] = onlyExpected;
      const [a] = onlyActual;
      if (e && a && onlyExpected.length === 1 && onlyActual.length === 1) return describeStructure(e, a);
      // `X && (A || B)` against `X && A && B`: one side groups with the other operator what the other joins directly.
      if (e && onlyExpected.length === 1 && isCompound(e) && sameClauses(e.operands, onlyActual)) return joins(onlyActual, actual.kind, e.kind);
      if (a && onlyActual.length === 1 && isCompound(a) && sameClauses(a.operands, onlyExpected)) return joins(onlyExpected, a.kind, expected.kind);
    }
  }
  return `groups ${grouped(whole?.actual ?? actual)} where CIS has ${grouped(whole?.expected ?? expected)}`;
}

function joins(operands: Expr[] | undefined, actualKind: 'and' | 'or', cisKind: 'and' | 'or'): string {
  const which = operands ? ` ${operands.map(grouped).join(', ')}` : '';
  return `joins${which} with ${JOIN[actualKind]} where CIS joins ${operands ? 'them ' : ''}with ${JOIN[cisKind]}`;
}

/** Like printClause, but every group inside another is parenthesised, so the grouping is explicit. */
function grouped(expr: Expr): string {
  if (!isCompound(expr)) return printClause(expr);
  return expr.operands.map((o) => (isCompound(o) ? `(${grouped(o)})` : grouped(o))).join(` ${JOIN[expr.kind]} `);
}

function without(list: Expr[], other: Expr[]): Expr[] {
  const texts = new Set(other.map(printClause));
  return list.filter((o) => !texts.has(printClause(o)));
}

function sameClauses(a: Expr[], b: Expr[]): boolean {
  return a.length === b.length && without(a, b).length === 0;
}

function isCompound(expr: Expr): expr is Extract<Expr, { kind: 'and' | 'or' }> {
  return expr.kind === 'and' || expr.kind === 'or';
}
