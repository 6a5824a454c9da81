/** Security Hub's exact-string rule; whitespace inside quotes counts, as "Failed authentication" needs its space. */
export function stripWhitespaceEquals(a: string, b: string): boolean {
  return stripWhitespace(a) === stripWhitespace(b);
}

/** Quoted runs (backslash escapes inside, an unclosed quote runs to the end) are kept; whitespace elsewhere goes. */
const QUOTED_OR_SPACE = /"(?:[^"\\]|\\[\s\S])*"?|\s+/g;

/** Stripped texts seen: a scan compares every metric filter with every accepted pattern, control after control. */
const stripped = new Map<string, string>();
const MAX_CACHED = 10_000;

function stripWhitespace(text: string): string {
  let out = stripped.get(text);
  if (out === undefined) {
    out = text.replace(QUOTED_OR_SPACE, (m) => (m.startsWith('"') ? m : ''));
    if (stripped.size >= MAX_CACHED) stripped.clear();
    stripped.set(text, out);
  }
  return out;
}
