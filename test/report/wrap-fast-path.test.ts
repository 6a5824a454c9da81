import fc from 'fast-check';
import wrapAnsi from 'wrap-ansi';
import { describe, expect, it } from 'vitest';
import { fitsAsIs, wrapIndented, wrapPlain } from '../../src/report/table.js';

// The table's line wrapping skips wrap-ansi for lines that already fit and wraps plain text itself: both shortcuts
// must give exactly what wrap-ansi gives, for plain and coloured text, edge spaces, double spaces, non-ASCII,
// over-long words and lines.
const SGR = ['\u001b[1m', '\u001b[22m', '\u001b[31m', '\u001b[39m', '\u001b[2m', '\u001b[1;4m'];
const piece = fc.oneof(
  fc.constantFrom(' ', '  ', 'a', 'word', 'arn:aws:iam::123456789012:user/alice', '…', '·', '—', ' · ', 'é', '日本', '\t', '→', ' → ', '×', '≥', '–', '§', '“x”', '↔', '🚀', ...SGR),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

const viaWrapAnsi = (s: string, width: number, first: string, rest: string) => {
  const room = Math.max(20, width - Math.max(first.length, rest.length));
  return wrapAnsi(s, room, { hard: false, trim: true }).split('\n').map((line, i) => `${i === 0 ? first : rest}${line}`);
};

describe('wrapIndented fast path', () => {
  it('gives what wrap-ansi gives', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 20, max: 120 }), fc.constantFrom('', '  ', '    '), fc.constantFrom('', '  ', '      '), (s, width, first, rest) => {
        expect(wrapIndented(s, width, first, rest)).toEqual(viaWrapAnsi(s, width, first, rest));
      }),
      { numRuns: 2000 },
    );
  });

  it('wraps plain text as wrap-ansi does', () => {
    const plain = fc.array(fc.constantFrom(' ', '  ', 'a', 'word', 'arn:aws:iam::123456789012:user/alice', '…', '·', '—', '→', '×', '≥ 14', 'x'.repeat(30)), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(plain, fc.integer({ min: 1, max: 90 }), (s, width) => {
        expect(wrapPlain(s, width)).toEqual(wrapAnsi(s, width, { hard: false, trim: true }).split('\n'));
      }),
      { numRuns: 3000 },
    );
  });

  it('is taken for a plain or coloured line that fits, and not for one that does not', () => {
    expect(fitsAsIs('19 PASS · 23 FAIL', 80)).toBe(true);
    expect(fitsAsIs('user 日本', 80)).toBe(false);
    expect(fitsAsIs('trail t → filter "f" → alarm a', 80)).toBe(true);
    expect(fitsAsIs('swap ↔ here', 80)).toBe(false);
    expect(fitsAsIs('Result: NON-COMPLIANT (exit 1)', 80)).toBe(true);
    expect(fitsAsIs('\u001b[1mResult:\u001b[22m NON-COMPLIANT', 80)).toBe(true);
    expect(fitsAsIs('x'.repeat(81), 80)).toBe(false);
    expect(fitsAsIs(' leading', 80)).toBe(false);
  });
});
