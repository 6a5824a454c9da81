import { NUMBER_LITERAL, type Expr, type Selector, type Value } from './ast.js';

/** Canonical text `{ … }`: single spaces, strings always quoted, parentheses only around an `or` inside an `and`. */
export function printPattern(pattern: Expr): string {
  return `{ ${printClause(pattern)} }`;
}

// Expressions are never changed once built, and near-miss diffs print the same sub-trees over and over (every
// filter of a log group against every accepted pattern, for each of the 14 controls): print each node once.
const printed = new WeakMap<Expr, string>();

/** The canonical text of one expression without the surrounding braces, as used to name clauses in diffs. */
export function printClause(expr: Expr): string {
  let text = printed.get(expr);
  if (text === undefined) printed.set(expr, (text = print(expr)));
  return text;
}

function print(expr: Expr): string {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      if (expr.operands.length === 0) throw new TypeError(`an '${expr.kind}' node needs at least one operand`);
      if (expr.operands.length === 1) return printClause(expr.operands[0]!);
      const separator = expr.kind === 'and' ? ' && ' : ' || ';
      return expr.operands
        .map((operand) => {
          const text = printClause(operand);
          return expr.kind === 'and' && effectiveKind(operand) === 'or' ? `(${text})` : text;
        })
        .join(separator);
    }
    case 'compare':
      return `${printSelector(expr.selector)} ${expr.op} ${printValue(expr.value)}`;
    case 'test':
      return `${printSelector(expr.selector)} ${expr.test}`;
  }
}

/** Single-operand nodes print as their operand, so precedence depends on what they wrap. */
function effectiveKind(expr: Expr): Expr['kind'] {
  let node = expr;
  while ((node.kind === 'and' || node.kind === 'or') && node.operands.length === 1) node = node.operands[0]!;
  return node.kind;
}

export function printSelector(selector: Selector): string {
  return `$${selector.path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`;
}

export function printValue(value: Value): string {
  if (value.kind === 'number') return NUMBER_LITERAL.test(value.text) ? value.text : String(value.value);
  return `"${value.text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}
