import type { Expr } from '../../src/patterns/index.js';

/** The tree with every string marked quoted: the printer always quotes strings, so round trips compare this form. */
export function quotedForm(expr: Expr): Expr {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { kind: expr.kind, operands: expr.operands.map(quotedForm) };
    case 'compare':
      return expr.value.kind === 'string' ? { ...expr, value: { ...expr.value, quoted: true } } : expr;
    case 'test':
      return expr;
  }
}
