import type { CompareOp } from './ast.js';
import { PatternSyntaxError } from './errors.js';

export type Token =
  | { type: '{' | '}' | '(' | ')' | '&&' | '||' | 'eof'; pos: number }
  | { type: 'op'; op: CompareOp; pos: number }
  | { type: 'selector'; path: Array<string | number>; pos: number }
  | { type: 'string'; text: string; pos: number }
  | { type: 'word'; text: string; pos: number };

const PROPERTY_CHAR = /[A-Za-z0-9_-]/;
// Wider than the documented alphanumerics: AWS accepts unquoted dotted values such as kms.amazonaws.com.
const WORD_CHAR = /[A-Za-z0-9_.*+:/@-]/;
const DIGIT = /[0-9]/;
const WHITESPACE = /\s/;

export function describeChar(ch: string): string {
  return JSON.stringify(ch);
}

/** Pull-based so that errors surface in input order, interleaved with the parser's own. */
export class Lexer {
  private pos = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    const { text } = this;
    while (this.pos < text.length && WHITESPACE.test(text[this.pos]!)) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { type: 'eof', pos: start };
    const ch = text[start]!;
    const after = text[start + 1];
    switch (ch) {
      case '{':
      case '}':
      case '(':
      case ')':
        this.pos++;
        return { type: ch, pos: start };
      case '&':
      case '|':
        if (after !== ch) throw new PatternSyntaxError(`expected '${ch}${ch}'`, start);
        this.pos += 2;
        return { type: ch === '&' ? '&&' : '||', pos: start };
      case '=':
        this.pos++;
        return { type: 'op', op: '=', pos: start };
      case '!':
        if (after !== '=') throw new PatternSyntaxError(`expected '!='`, start);
        this.pos += 2;
        return { type: 'op', op: '!=', pos: start };
      case '<':
      case '>': {
        const op = (after === '=' ? `${ch}=` : ch) as CompareOp;
        this.pos += op.length;
        return { type: 'op', op, pos: start };
      }
      case '"':
        return this.quoted(start);
      case '$':
        return this.selector(start);
    }
    if (WORD_CHAR.test(ch)) {
      while (this.pos < text.length && WORD_CHAR.test(text[this.pos]!)) this.pos++;
      return { type: 'word', text: text.slice(start, this.pos), pos: start };
    }
    throw new PatternSyntaxError(`unexpected character ${describeChar(ch)}`, start);
  }

  private quoted(start: number): Token {
    const { text } = this;
    let out = '';
    let i = start + 1;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        this.pos = i + 1;
        return { type: 'string', text: out, pos: start };
      }
      if (ch === '\\') {
        const escaped = text[i + 1];
        if (escaped !== '"' && escaped !== '\\') {
          throw new PatternSyntaxError(`only \\" and \\\\ may be escaped in a quoted value`, i);
        }
        out += escaped;
        i += 2;
        continue;
      }
      out += ch;
      i++;
    }
    throw new PatternSyntaxError('unterminated quoted value', start);
  }

  private selector(start: number): Token {
    const { text } = this;
    const path: Array<string | number> = [];
    let i = start + 1;
    for (;;) {
      const ch = text[i];
      if (ch === '.') {
        const nameStart = ++i;
        while (i < text.length && PROPERTY_CHAR.test(text[i]!)) i++;
        if (i === nameStart) throw new PatternSyntaxError('expected a property name', nameStart);
        path.push(text.slice(nameStart, i));
      } else if (ch === '[') {
        if (path.length === 0) throw new PatternSyntaxError('an array index must follow a property', i);
        const digitsStart = ++i;
        while (i < text.length && DIGIT.test(text[i]!)) i++;
        if (i === digitsStart) throw new PatternSyntaxError('expected an array index', digitsStart);
        const index = Number(text.slice(digitsStart, i));
        if (!Number.isSafeInteger(index)) throw new PatternSyntaxError('array index too large', digitsStart);
        if (text[i] !== ']') throw new PatternSyntaxError("expected ']'", i);
        i++;
        path.push(index);
      } else {
        break;
      }
    }
    if (path.length === 0) throw new PatternSyntaxError("expected '.' after '$'", start + 1);
    this.pos = i;
    return { type: 'selector', path, pos: start };
  }
}
