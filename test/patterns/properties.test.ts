import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CIS_MONITORING_PATTERNS } from '../../src/checks/monitoring/cis-patterns.js';
import {
  PatternSyntaxError,
  canonicalText,
  diffPatterns,
  matchesEvent,
  normalizePattern,
  parsePattern,
  patternsEquivalent,
  printPattern,
  type CompareOp,
  type Expr,
  type Value,
} from '../../src/patterns/index.js';
import { quotedForm } from './helpers.js';

const RUNS = { numRuns: 300 };
const NUMBER_TEXT = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const UNQUOTED_WORD = /^[A-Za-z0-9_.*+:/@-]+$/;

// ---- generators -------------------------------------------------------------------------------------------

const propertyName = fc.oneof(
  fc.constantFrom('a', 'b', 'eventName', 'x-y', 'n_1', '0'),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/),
);
const selector = fc
  .tuple(propertyName, fc.array(fc.oneof(propertyName, fc.nat({ max: 3 })), { maxLength: 3 }))
  .map(([head, tail]) => ({ path: [head, ...tail] }));

const numberText = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('123.0', '+5', '1e-3', '-0.50', '2E+10', '007'),
);
const numberValue: fc.Arbitrary<Value> = numberText.map((text) => ({ kind: 'number', value: Number(text), text }));

const stringText = fc.oneof(
  fc.constantFrom('x', 'Root', 'kms.amazonaws.com', '123', '*', '*Denied', 'Access*', '*mid*', 'Ev*ent', '', 'IS', 'a b'),
  fc.string({ unit: fc.constantFrom('a', 'Z', '1', '"', '\\', '*', ' ', '.', 'é', '&', '|', ')', '}', '\n'), maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const stringValue: fc.Arbitrary<Value> = fc
  .tuple(stringText, fc.boolean())
  .map(([text, quoted]) => ({
    kind: 'string',
    text,
    quoted: quoted || !UNQUOTED_WORD.test(text) || NUMBER_TEXT.test(text),
  }));

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.record({
    kind: fc.constant('compare' as const),
    selector,
    op: fc.constantFrom<CompareOp>('=', '!='),
    value: fc.oneof(stringValue, numberValue),
  }),
  fc.record({
    kind: fc.constant('compare' as const),
    selector,
    op: fc.constantFrom<CompareOp>('<', '>', '<=', '>='),
    value: numberValue,
  }),
  fc.record({
    kind: fc.constant('test' as const),
    selector,
    test: fc.constantFrom('IS NULL' as const, 'IS TRUE' as const, 'IS FALSE' as const, 'NOT EXISTS' as const),
  }),
);

/** Trees as the parser builds them: n-ary nodes of ≥2 operands, never nested in their own kind. */
const { expr: canonicalTree } = fc.letrec<{ expr: Expr; and: Expr; or: Expr }>((tie) => ({
  expr: fc.oneof({ maxDepth: 4, depthIdentifier: 'tree' }, leaf, tie('and'), tie('or')),
  and: fc
    .array(fc.oneof({ maxDepth: 4, depthIdentifier: 'tree' }, leaf, tie('or')), { minLength: 2, maxLength: 4 })
    .map((operands) => ({ kind: 'and' as const, operands })),
  or: fc
    .array(fc.oneof({ maxDepth: 4, depthIdentifier: 'tree' }, leaf, tie('and')), { minLength: 2, maxLength: 4 })
    .map((operands) => ({ kind: 'or' as const, operands })),
}));

/** Hand-built trees: same-kind nesting and single-operand nodes allowed. */
const { expr: looseTree } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 4 },
    leaf,
    fc
      .tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(tie('expr'), { minLength: 1, maxLength: 4 }))
      .map(([kind, operands]) => ({ kind, operands })),
  ),
}));

// ---- deterministic randomness for rewriting a tree ---------------------------------------------------------

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function shuffleTree(expr: Expr, rng: () => number): Expr {
  if (expr.kind !== 'and' && expr.kind !== 'or') return expr;
  const operands = expr.operands.map((o) => shuffleTree(o, rng));
  for (let i = operands.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [operands[i], operands[j]] = [operands[j]!, operands[i]!];
  }
  return { kind: expr.kind, operands };
}

/** Prints with random whitespace between tokens, redundant parentheses and random (un)quoting. */
function noisyPrint(expr: Expr, rng: () => number): string {
  const ws = () => pick(rng, ['', '', ' ', '  ', '\t', '\n', ' \r\n ']);
  const ws1 = () => pick(rng, [' ', '\t', '\n', '   ']);
  const parens = (text: string) => `(${ws()}${text}${ws()})`;
  const maybeParens = (text: string): string => (rng() < 0.3 ? maybeParens(parens(text)) : text);
  const selector = (path: Array<string | number>) => `$${path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;
  const value = (v: Value) => {
    if (v.kind === 'number') return v.text;
    const canUnquote = UNQUOTED_WORD.test(v.text) && !NUMBER_TEXT.test(v.text);
    return canUnquote && rng() < 0.5 ? v.text : `"${v.text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  };
  const node = (e: Expr): string => {
    switch (e.kind) {
      case 'and':
      case 'or':
        return e.operands
          .map((o) => {
            const text = node(o);
            return maybeParens(e.kind === 'and' && o.kind === 'or' ? parens(text) : text);
          })
          .join(`${ws()}${e.kind === 'and' ? '&&' : '||'}${ws()}`);
      case 'compare':
        return `${selector(e.selector.path)}${ws()}${e.op}${ws()}${value(e.value)}`;
      case 'test': {
        const [first, second] = e.test.split(' ');
        return `${selector(e.selector.path)}${ws1()}${first}${ws1()}${second}`;
      }
    }
  };
  return `${ws()}{${ws()}${maybeParens(node(expr))}${ws()}}${ws()}`;
}

function parsesOrSyntaxError(text: string): void {
  let pattern: Expr;
  try {
    pattern = parsePattern(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PatternSyntaxError);
    const { position } = error as PatternSyntaxError;
    expect(Number.isInteger(position) && position >= 0 && position <= text.length).toBe(true);
    return;
  }
  const printed = printPattern(pattern);
  expect(printPattern(parsePattern(printed))).toBe(printed);
}

// A small event vocabulary so that generated patterns sometimes match.
const eventValue = fc.oneof(
  fc.constantFrom<unknown>('x', 'Root', '123', 123, 5, -0.5, true, false, null, 'AccessDenied', [], { a: 'x' }),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -3, max: 3 }),
);
const { value: jsonEvent } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    eventValue,
    fc.dictionary(propertyName, tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
}));

// ---- properties -------------------------------------------------------------------------------------------

describe('print/parse round trip', () => {
  it('parse(print(p)) is p (strings read back quoted) and print is a fixed point', () => {
    fc.assert(
      fc.property(canonicalTree, (tree) => {
        const printed = printPattern(tree);
        const reparsed = parsePattern(printed);
        expect(reparsed).toEqual(quotedForm(tree));
        expect(printPattern(reparsed)).toBe(printed);
      }),
      RUNS,
    );
  });

  it('random whitespace, redundant parentheses and quoting parse back to the same tree', () => {
    fc.assert(
      fc.property(canonicalTree, fc.integer(), (tree, seed) => {
        const noisy = noisyPrint(tree, prng(seed));
        const parsed = parsePattern(noisy);
        expect(quotedForm(parsed)).toEqual(quotedForm(tree));
        expect(patternsEquivalent(parsed, tree)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('parser robustness', () => {
  it('arbitrary strings yield a pattern or a PatternSyntaxError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), parsesOrSyntaxError), { numRuns: 500 });
  });

  it('token soup yields a pattern or a PatternSyntaxError', () => {
    const fragment = fc.constantFrom(
      '{', '}', '(', ')', '&&', '||', '&', '|', '=', '!=', '!', '<', '<=', '>', '>=', '$', '$.a', '$.b[0]', '[', ']',
      '.', 'x', '1', '-2.5e3', '*', '"q"', '"', '\\', 'IS', 'NULL', 'TRUE', 'FALSE', 'NOT', 'EXISTS', ' ', '\n', 'é', '%',
    );
    fc.assert(fc.property(fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('')), parsesOrSyntaxError), {
      numRuns: 500,
    });
  });

  it('CIS patterns with random character edits yield a pattern or a PatternSyntaxError', () => {
    const texts = Object.values(CIS_MONITORING_PATTERNS).flatMap((spec) => spec.accepted);
    const edit = fc.record({
      kind: fc.constantFrom('insert', 'delete', 'replace'),
      at: fc.nat(),
      char: fc.oneof(fc.constantFrom(...'{}()&|=!<>$."\\* aZ09[]_-'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    });
    const mutated = fc.tuple(fc.constantFrom(...texts), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([text, edits]) =>
      edits.reduce((acc, { kind, at, char }) => {
        const i = at % (acc.length + 1);
        if (kind === 'insert') return acc.slice(0, i) + char + acc.slice(i);
        if (kind === 'delete') return acc.slice(0, i) + acc.slice(i + 1);
        return acc.slice(0, i) + char + acc.slice(i + 1);
      }, text),
    );
    fc.assert(fc.property(mutated, parsesOrSyntaxError), { numRuns: 500 });
  });
});

describe('equivalence laws', () => {
  it('is reflexive', () => {
    fc.assert(fc.property(looseTree, (tree) => patternsEquivalent(tree, tree)), RUNS);
  });

  it('is symmetric, and diffPatterns agrees with it and mirrors missing/extra', () => {
    const pair: fc.Arbitrary<[Expr, Expr]> = fc.oneof(
      fc.tuple(canonicalTree, canonicalTree),
      fc.tuple(canonicalTree, fc.integer()).map(([t, seed]): [Expr, Expr] => [t, shuffleTree(t, prng(seed))]),
      fc.tuple(canonicalTree, leaf).map(([t, extra]): [Expr, Expr] => [t, { kind: 'and', operands: [t, extra] }]),
      // The same clauses joined the other way: a difference of structure only.
      canonicalTree.map((t): [Expr, Expr] => [t, t.kind === 'and' || t.kind === 'or' ? { ...t, kind: t.kind === 'and' ? 'or' : 'and' } : t]),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(patternsEquivalent(a, b)).toBe(patternsEquivalent(b, a));
        const forward = diffPatterns(a, b);
        const backward = diffPatterns(b, a);
        expect(forward.equivalent).toBe(patternsEquivalent(a, b));
        expect(forward.equivalent).toBe(forward.missing.length === 0 && forward.extra.length === 0 && forward.structure === undefined);
        expect(backward.missing).toEqual(forward.extra);
        expect(backward.extra).toEqual(forward.missing);
        expect(backward.structure === undefined).toBe(forward.structure === undefined);
      }),
      RUNS,
    );
  });

  it('is invariant under operand shuffling, whitespace and redundant parentheses', () => {
    fc.assert(
      fc.property(canonicalTree, fc.integer(), (tree, seed) => {
        const rng = prng(seed);
        const rewritten = parsePattern(noisyPrint(shuffleTree(tree, rng), rng));
        expect(patternsEquivalent(tree, rewritten)).toBe(true);
        expect(canonicalText(rewritten)).toBe(canonicalText(tree));
        expect(diffPatterns(tree, rewritten)).toEqual({ equivalent: true, missing: [], extra: [] });
      }),
      RUNS,
    );
  });

  it('normalize is idempotent and keeps the meaning', () => {
    fc.assert(
      fc.property(looseTree, fc.array(jsonEvent, { minLength: 1, maxLength: 5 }), (tree, events) => {
        const once = normalizePattern(tree);
        expect(normalizePattern(once)).toEqual(once);
        expect(printPattern(normalizePattern(parsePattern(printPattern(once))))).toBe(printPattern(once));
        for (const event of events) expect(matchesEvent(once, event)).toBe(matchesEvent(tree, event));
      }),
      RUNS,
    );
  });

  it('equivalent patterns match the same events', () => {
    fc.assert(
      fc.property(canonicalTree, fc.integer(), fc.array(jsonEvent, { minLength: 1, maxLength: 5 }), (tree, seed, events) => {
        const rewritten = parsePattern(noisyPrint(shuffleTree(tree, prng(seed)), prng(seed + 1)));
        for (const event of events) expect(matchesEvent(rewritten, event)).toBe(matchesEvent(tree, event));
      }),
      RUNS,
    );
  });
});
