import type { Comparison, Expr, PostfixTest, Selector, Value } from './ast.js';

const ABSENT = Symbol('absent');
type Resolved = unknown | typeof ABSENT;

/** CloudWatch Logs semantics where documented; where AWS is silent, the choices in docs/filter-patterns.md. */
export function matchesEvent(pattern: Expr, event: unknown): boolean {
  switch (pattern.kind) {
    case 'and':
      return pattern.operands.every((operand) => matchesEvent(operand, event));
    case 'or':
      return pattern.operands.some((operand) => matchesEvent(operand, event));
    case 'compare':
      return compare(pattern, resolve(pattern.selector, event));
    case 'test':
      return test(pattern, resolve(pattern.selector, event));
  }
}

function resolve(selector: Selector, event: unknown): Resolved {
  let current: unknown = event;
  for (const step of selector.path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return ABSENT;
      current = current[step];
    } else {
      if (!isObject(current) || !Object.hasOwn(current, step)) return ABSENT;
      current = current[step];
    }
  }
  return current === undefined ? ABSENT : current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compare(node: Comparison, field: Resolved): boolean {
  // Absent fields and containers match no comparison at all, not even '!='.
  if (field === ABSENT || (typeof field === 'object' && field !== null)) return false;
  switch (node.op) {
    case '=':
      return equals(node.value, field);
    case '!=':
      return !equals(node.value, field);
    default:
      return numeric(node.op, node.value, field);
  }
}

/** Equality with a present scalar or null; null equals nothing (IS NULL tests for it). */
function equals(value: Value, field: unknown): boolean {
  if (value.kind === 'number') {
    if (typeof field === 'number') return field === value.value;
    if (typeof field === 'string') return field === value.text;
    return false;
  }
  if (typeof field === 'string') return wildcard(value.text, field);
  if (typeof field === 'number' || typeof field === 'boolean') return wildcard(value.text, String(field));
  return false;
}

/** `*` is a wildcard only at either end; elsewhere it is a literal character. */
function wildcard(pattern: string, text: string): boolean {
  if (pattern === '*') return true;
  const leading = pattern.startsWith('*');
  const trailing = pattern.endsWith('*');
  const inner = pattern.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return text.includes(inner);
  if (leading) return text.endsWith(inner);
  if (trailing) return text.startsWith(inner);
  return text === pattern;
}

function numeric(op: Comparison['op'], value: Value, field: unknown): boolean {
  if (value.kind !== 'number' || typeof field !== 'number') return false;
  switch (op) {
    case '<':
      return field < value.value;
    case '>':
      return field > value.value;
    case '<=':
      return field <= value.value;
    case '>=':
      return field >= value.value;
    default:
      return false;
  }
}

function test(node: PostfixTest, field: Resolved): boolean {
  switch (node.test) {
    case 'NOT EXISTS':
      return field === ABSENT;
    case 'IS NULL':
      return field === null;
    case 'IS TRUE':
      return field === true;
    case 'IS FALSE':
      return field === false;
  }
}
