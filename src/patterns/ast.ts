// Syntax tree of a CloudWatch Logs JSON filter pattern; parentheses only group, so they leave no node.

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type TestKind = 'IS NULL' | 'IS TRUE' | 'IS FALSE' | 'NOT EXISTS';

/** `$.a.b[0][1]` → `{ path: ['a', 'b', 0, 1] }`: strings are property names, numbers array indexes. */
export interface Selector {
  path: Array<string | number>;
}

export interface StringValue {
  kind: 'string';
  /** Without quotes or escapes; a leading/trailing `*` wildcard stays in the text. */
  text: string;
  quoted: boolean;
}

export interface NumberValue {
  kind: 'number';
  value: number;
  /** The literal as written, e.g. `123.0` or `1e-3`. */
  text: string;
}

export type Value = StringValue | NumberValue;

export interface Compound {
  kind: 'and' | 'or';
  operands: Expr[];
}

export interface Comparison {
  kind: 'compare';
  selector: Selector;
  op: CompareOp;
  value: Value;
}

export interface PostfixTest {
  kind: 'test';
  selector: Selector;
  test: TestKind;
}

export type Expr = Compound | Comparison | PostfixTest;

/** Unquoted literals of this shape are numbers; anything else unquoted is a string. */
export const NUMBER_LITERAL = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export const NUMERIC_OPS: ReadonlySet<CompareOp> = new Set<CompareOp>(['<', '>', '<=', '>=']);
