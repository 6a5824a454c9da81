/** Security Hub's exact-string rule; whitespace inside quotes counts, as "Failed authentication" needs its space. */
export function stripWhitespaceEquals(a: string, b: string): boolean {
  return stripWhitespace(a) === stripWhitespace(b);
}

function stripWhitespace(text: string): string {
  let out = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      out += ch;
      if (ch === '\\' && i + 1 < text.length) out += text[++i];
      else if (ch === '"') inQuotes = false;
    } else if (ch === '"') {
      inQuotes = true;
      out += ch;
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  return out;
}
