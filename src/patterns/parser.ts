import { NUMBER_LITERAL, NUMERIC_OPS, type Compound, type Expr, type Selector, type Value } from './ast.js';
import { PatternSyntaxError } from './errors.js';
import { Lexer, type Token } from './lexer.js';

/** Deeper parenthesis nesting is rejected so that no input can exhaust the stack. */
export const MAX_NESTING = 200;

export type ParseResult = { ok: true; pattern: Expr } | { ok: false; error: PatternSyntaxError };

/** Same-operator chains become one n-ary node even across parentheses (they associate), so printing round-trips. */
export function parsePattern(text: string): Expr {
  if (typeof text !== 'string') throw new PatternSyntaxError('a pattern must be a string', 0);
  return new Parser(text).pattern();
}

export function tryParsePattern(text: string): ParseResult {
  try {
    return { ok: true, pattern: parsePattern(text) };
  } catch (error) {
    if (error instanceof PatternSyntaxError) return { ok: false, error };
    throw error;
  }
}

/** Space-delimited and plain-term filters are not JSON patterns and never reach the parser. */
export function isJsonPattern(text: string): boolean {
  return typeof text === 'string' && text.trim().startsWith('{');
}

function abbreviate(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

function describe(token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'end of pattern';
    case 'op':
      return `'${token.op}'`;
    case 'selector':
      return 'a selector';
    case 'string':
      return 'a quoted value';
    case 'word':
      return `'${abbreviate(token.text)}'`;
    default:
      return `'${token.type}'`;
  }
}

class Parser {
  private readonly lexer: Lexer;
  private current: Token;

  constructor(text: string) {
    this.lexer = new Lexer(text);
    this.current = this.lexer.next();
  }

  pattern(): Expr {
    if (this.peek().type !== '{') this.fail(`expected '{'`);
    this.advance();
    const expr = this.or(0);
    const end = this.peek();
    if (end.type === ')') this.fail(`unbalanced ')'`);
    if (end.type !== '}') this.fail(`expected '&&', '||' or '}' but found ${describe(end)}`);
    this.advance();
    if (this.peek().type !== 'eof') this.fail(`unexpected ${describe(this.peek())} after '}'`);
    return expr;
  }

  private or(depth: number): Expr {
    const operands = [this.and(depth)];
    while (this.peek().type === '||') {
      this.advance();
      operands.push(this.and(depth));
    }
    return join('or', operands);
  }

  private and(depth: number): Expr {
    const operands = [this.primary(depth)];
    while (this.peek().type === '&&') {
      this.advance();
      operands.push(this.primary(depth));
    }
    return join('and', operands);
  }

  private primary(depth: number): Expr {
    const token = this.peek();
    if (token.type === '(') {
      if (depth >= MAX_NESTING) this.fail(`parentheses nested deeper than ${MAX_NESTING} levels`);
      this.advance();
      const inner = this.or(depth + 1);
      if (this.peek().type !== ')') this.fail(`expected ')' but found ${describe(this.peek())}`);
      this.advance();
      return inner;
    }
    if (token.type === 'selector') return this.condition(token.path);
    return this.fail(`expected a condition ('$…' or '(') but found ${describe(token)}`);
  }

  private condition(path: Array<string | number>): Expr {
    const selector: Selector = { path };
    this.advance();
    const token = this.peek();
    if (token.type === 'op') {
      this.advance();
      const valuePos = this.peek().pos;
      const value = this.value();
      if (NUMERIC_OPS.has(token.op) && value.kind !== 'number') {
        const what = value.quoted ? 'a quoted value' : `'${abbreviate(value.text)}'`;
        this.fail(`'${token.op}' needs an unquoted number, not ${what}`, valuePos);
      }
      return { kind: 'compare', selector, op: token.op, value };
    }
    if (token.type === 'word') {
      if (token.text === 'IS') {
        this.advance();
        const what = this.peek();
        if (what.type === 'word' && (what.text === 'NULL' || what.text === 'TRUE' || what.text === 'FALSE')) {
          this.advance();
          return { kind: 'test', selector, test: `IS ${what.text}` };
        }
        if (what.type === 'word' && what.text === 'NOT') {
          this.fail(`'IS NOT' is not supported (use '!=' or 'NOT EXISTS')`, token.pos);
        }
        this.fail(`expected NULL, TRUE or FALSE after IS but found ${describe(what)}`);
      }
      if (token.text === 'NOT') {
        this.advance();
        const what = this.peek();
        if (what.type === 'word' && what.text === 'EXISTS') {
          this.advance();
          return { kind: 'test', selector, test: 'NOT EXISTS' };
        }
        this.fail(`expected EXISTS after NOT but found ${describe(what)}`);
      }
      if (token.text === 'EXISTS') {
        this.fail(`'EXISTS' alone is not supported (use '= *' or 'NOT EXISTS')`);
      }
    }
    return this.fail(`expected an operator, IS or NOT EXISTS after the selector but found ${describe(token)}`);
  }

  private value(): Value {
    const token = this.peek();
    if (token.type === 'string') {
      this.advance();
      return { kind: 'string', text: token.text, quoted: true };
    }
    if (token.type === 'word') {
      this.advance();
      if (NUMBER_LITERAL.test(token.text)) return { kind: 'number', value: Number(token.text), text: token.text };
      return { kind: 'string', text: token.text, quoted: false };
    }
    return this.fail(`expected a value but found ${describe(token)}`);
  }

  // A method rather than a field read, so that type narrowing does not outlive advance().
  private peek(): Token {
    return this.current;
  }

  private advance(): void {
    this.current = this.lexer.next();
  }

  private fail(reason: string, pos: number = this.peek().pos): never {
    throw new PatternSyntaxError(reason, pos);
  }
}

function join(kind: Compound['kind'], operands: Expr[]): Expr {
  if (operands.length === 1) return operands[0]!;
  const flat: Expr[] = [];
  for (const operand of operands) {
    if (operand.kind === kind) flat.push(...operand.operands);
    else flat.push(operand);
  }
  return { kind, operands: flat };
}
