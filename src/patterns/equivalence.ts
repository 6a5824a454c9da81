import type { Expr, Value } from './ast.js';
import { printClause } from './print.js';

export interface PatternDiff {
  equivalent: boolean;
  /** Canonical text of clauses the expected pattern has and the actual one lacks. */
  missing: string[];
  /** Canonical text of clauses the actual pattern adds. */
  extra: string[];
}

/** SPEC's normalization and nothing more, so that a broader or narrower filter stays a visible difference. */
export function normalizePattern(expr: Expr): Expr {
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

/** Names the clauses missing from or extra in `actual`, descending into the one differing sub-group. */
export function diffPatterns(expected: Expr, actual: Expr): PatternDiff {
  const missing: string[] = [];
  const extra: string[] = [];
  diffNodes(normalizePattern(expected), normalizePattern(actual), missing, extra);
  return { equivalent: missing.length === 0 && extra.length === 0, missing, extra };
}

function diffNodes(expected: Expr, actual: Expr, missing: string[], extra: string[]): void {
  const expectedText = printClause(expected);
  const actualText = printClause(actual);
  if (expectedText === actualText) return;
  if ((expected.kind === 'and' || expected.kind === 'or') && expected.kind === actual.kind) {
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
    missing.push(...onlyExpected.map(printClause));
    extra.push(...onlyActual.map(printClause));
    return;
  }
  missing.push(expectedText);
  extra.push(actualText);
}

function isCompound(expr: Expr): expr is Extract<Expr, { kind: 'and' | 'or' }> {
  return expr.kind === 'and' || expr.kind === 'or';
}
