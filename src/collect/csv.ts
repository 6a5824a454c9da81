// Minimal RFC 4180 CSV reader: the credential report is CSV, and a quoted comma must not shift columns.
export function parseCsv(text: string): string[][] {
  // Fast path: the credential report never quotes; a char-by-char walk is only needed when a quote appears.
  if (!text.includes('"')) {
    return text.split(/\r?\n|\r/).filter((line) => line !== '').map((line) => line.split(','));
  }
  return parseQuotedCsv(text);
}

function parseQuotedCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}
