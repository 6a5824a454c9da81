import { describe, expect, it } from 'vitest';
import {
  MAX_NESTING,
  PatternSyntaxError,
  isJsonPattern,
  parsePattern,
  printPattern,
  tryParsePattern,
  type Expr,
} from '../../src/patterns/index.js';

const eq = (name: string, text: string): Expr => ({
  kind: 'compare',
  selector: { path: [name] },
  op: '=',
  value: { kind: 'string', text, quoted: false },
});

function syntaxError(text: string): PatternSyntaxError {
  try {
    parsePattern(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PatternSyntaxError);
    return error as PatternSyntaxError;
  }
  throw new Error(`expected a syntax error for ${text}`);
}

describe('parsePattern', () => {
  it('parses a comparison with a nested selector and a quoted value', () => {
    expect(parsePattern('{ $.userIdentity.type = "Root" }')).toEqual({
      kind: 'compare',
      selector: { path: ['userIdentity', 'type'] },
      op: '=',
      value: { kind: 'string', text: 'Root', quoted: true },
    });
  });

  it('reads array indexes after a property, including chained ones', () => {
    const pattern = parsePattern('{ $.coordinates[0][1] = 5 && $.users[12].id-x_y = a }');
    expect(pattern).toMatchObject({
      kind: 'and',
      operands: [{ selector: { path: ['coordinates', 0, 1] } }, { selector: { path: ['users', 12, 'id-x_y'] } }],
    });
  });

  it('reads unquoted dotted values and wildcards as strings and numeric literals as numbers', () => {
    const values = (text: string) => {
      const p = parsePattern(`{ $.f = ${text} }`);
      return p.kind === 'compare' ? p.value : undefined;
    };
    expect(values('kms.amazonaws.com')).toEqual({ kind: 'string', text: 'kms.amazonaws.com', quoted: false });
    expect(values('123.123.*')).toEqual({ kind: 'string', text: '123.123.*', quoted: false });
    expect(values('*Event')).toEqual({ kind: 'string', text: '*Event', quoted: false });
    expect(values('*')).toEqual({ kind: 'string', text: '*', quoted: false });
    expect(values('-12')).toEqual({ kind: 'number', value: -12, text: '-12' });
    expect(values('123.0')).toEqual({ kind: 'number', value: 123, text: '123.0' });
    expect(values('1e-3')).toEqual({ kind: 'number', value: 0.001, text: '1e-3' });
    expect(values('"123"')).toEqual({ kind: 'string', text: '123', quoted: true });
    expect(values('"say \\"hi\\" \\\\ bye"')).toEqual({ kind: 'string', text: 'say "hi" \\ bye', quoted: true });
  });

  it('parses the postfix tests with their exact keywords', () => {
    for (const test of ['IS NULL', 'IS TRUE', 'IS FALSE', 'NOT EXISTS'] as const) {
      expect(parsePattern(`{ $.a.b ${test} }`)).toEqual({ kind: 'test', selector: { path: ['a', 'b'] }, test });
    }
  });

  it('ignores whitespace between tokens', () => {
    expect(parsePattern('{($.a=x)&&($.b!=y)}')).toEqual(parsePattern(' {\n ( $.a = x )\t&& ( $.b != y ) } '));
  });

  it('gives && precedence over ||: A || B && C is A || (B && C)', () => {
    const implicit = parsePattern('{ $.a = x || $.b = y && $.c = z }');
    expect(implicit).toEqual({ kind: 'or', operands: [eq('a', 'x'), { kind: 'and', operands: [eq('b', 'y'), eq('c', 'z')] }] });
    expect(parsePattern('{ $.a = x || ($.b = y && $.c = z) }')).toEqual(implicit);
    expect(parsePattern('{ ($.a = x || $.b = y) && $.c = z }')).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [eq('a', 'x'), eq('b', 'y')] }, eq('c', 'z')],
    });
  });

  it('keeps same-operator chains as one n-ary node, with or without grouping parentheses', () => {
    const flat = { kind: 'or', operands: [eq('a', 'x'), eq('b', 'y'), eq('c', 'z')] };
    expect(parsePattern('{ $.a = x || $.b = y || $.c = z }')).toEqual(flat);
    expect(parsePattern('{ ($.a = x || $.b = y) || (($.c = z)) }')).toEqual(flat);
  });

  it('accepts nesting up to the limit', () => {
    const text = `{ ${'('.repeat(MAX_NESTING)}$.a = 1${')'.repeat(MAX_NESTING)} }`;
    expect(parsePattern(text).kind).toBe('compare');
  });
});

describe('syntax errors', () => {
  it.each([
    ['missing opening brace', '$.a = 1 }', 0, /expected '\{'/],
    ['missing closing brace', '{ $.a = 1', 9, /expected '&&', '\|\|' or '\}'/],
    ['IS NOT', '{ $.a IS NOT NULL }', 6, /IS NOT/],
    ['EXISTS alone', '{ $.a EXISTS }', 6, /EXISTS/],
    ['quoted value with >', '{ $.s > "123" }', 8, /'>' needs an unquoted number/],
    ['word with <=', '{ $.s <= abc }', 9, /'<=' needs an unquoted number/],
    ['unclosed parenthesis', '{ ($.a = 1 }', 11, /expected '\)'/],
    ['stray closing parenthesis', '{ $.a = 1) }', 9, /unbalanced '\)'/],
    ['trailing &&', '{ $.a = 1 && }', 13, /expected a condition/],
    ['empty braces', '{ }', 2, /expected a condition/],
    ['empty input', '', 0, /expected '\{'/],
    ['single &', '{ $.a = 1 & $.b = 2 }', 10, /expected '&&'/],
    ['missing value', '{ $.a = }', 8, /expected a value/],
    ['lower-case keyword', '{ $.a is null }', 6, /expected an operator/],
    ['array index first', '{ $[0] = 1 }', 3, /array index must follow a property/],
    ['bare $', '{ $ = 1 }', 3, /expected '\.' after '\$'/],
    ['unterminated string', '{ $.a = "abc }', 8, /unterminated/],
    ['bad escape', '{ $.a = "a\\nb" }', 10, /escaped/],
    ['text after the pattern', '{ $.a = 1 } x', 12, /after '\}'/],
    ['unicode outside quotes', '{ $.a = é }', 8, /unexpected character/],
    ['regex form', '{ $.a = %ab% }', 8, /unexpected character/],
  ])('%s', (_name, text, position, message) => {
    const error = syntaxError(text);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(` at ${position}$`));
  });

  it('rejects nesting beyond the limit without overflowing the stack', () => {
    const deep = `{ ${'('.repeat(MAX_NESTING + 1)}$.a = 1${')'.repeat(MAX_NESTING + 1)} }`;
    expect(syntaxError(deep).message).toMatch(/nested deeper than 200/);
    const huge = `{${'('.repeat(1_000_000)}`;
    expect(syntaxError(huge).position).toBe(1 + MAX_NESTING);
  });

  it('handles long flat chains without recursion', () => {
    const clauses = Array.from({ length: 20_000 }, (_, i) => `$.eventName = E${i}`);
    const pattern = parsePattern(`{ ${clauses.join(' || ')} }`);
    expect(pattern.kind === 'or' && pattern.operands.length).toBe(20_000);
  });
});

describe('tryParsePattern and isJsonPattern', () => {
  it('returns the pattern or the syntax error instead of throwing', () => {
    const good = tryParsePattern('{ $.a = 1 }');
    expect(good.ok && good.pattern.kind).toBe('compare');
    const bad = tryParsePattern('{ $.a = 1');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toBeInstanceOf(PatternSyntaxError);
  });

  it('recognises JSON patterns by their leading brace only', () => {
    expect(isJsonPattern('  { $.a = 1 }')).toBe(true);
    expect(isJsonPattern('{ broken')).toBe(true);
    expect(isJsonPattern('[ip, user, status=4*]')).toBe(false);
    expect(isJsonPattern('ERROR Exception')).toBe(false);
    expect(isJsonPattern('')).toBe(false);
  });
});

describe('printPattern', () => {
  it('prints single-spaced text with quoted strings and numbers as written', () => {
    expect(printPattern(parsePattern('{($.eventName=DeleteGroupPolicy)||($.n>=1.50)}'))).toBe(
      '{ $.eventName = "DeleteGroupPolicy" || $.n >= 1.50 }',
    );
    expect(printPattern(parsePattern('{ $.a[0].b = "q\\"uote\\\\" && $.c NOT EXISTS }'))).toBe(
      '{ $.a[0].b = "q\\"uote\\\\" && $.c NOT EXISTS }',
    );
  });

  it('parenthesizes an or inside an and, and nothing else', () => {
    expect(printPattern(parsePattern('{ ((($.a = x))) && ($.b = y || ($.c = z && $.d = w)) }'))).toBe(
      '{ $.a = "x" && ($.b = "y" || $.c = "z" && $.d = "w") }',
    );
  });

  it('keeps a quoted numeric-looking string distinct from a number', () => {
    expect(printPattern(parsePattern('{ $.a = "123" || $.b = 123 }'))).toBe('{ $.a = "123" || $.b = 123 }');
  });
});
