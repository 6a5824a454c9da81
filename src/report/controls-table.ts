import { lineWidth, terminalSafe, wrapIndented } from './table.js';

// `cis-audit controls` for people: one row per control under its section, the title wrapped to the line.

export interface ControlRow {
  id: string;
  severity: string;
  section: string;
  sectionTitle: string;
  implemented: boolean;
  remediation: { kind: string };
  title: string;
}

const GAP = '  ';
const columns = (s: string) => Array.from(s).length;

/** The control list laid out for `width` columns (default 100): ID, SEVERITY, CHECK, FIX, then the title. */
export function renderControlList(rows: readonly ControlRow[], width?: number): string {
  const cols = lineWidth({ ...(width !== undefined ? { width } : {}) });
  const cells = rows.map((r) => [r.id, r.severity, r.implemented ? 'automated' : 'not implemented', r.remediation.kind].map(terminalSafe));
  const heads = ['ID', 'SEVERITY', 'CHECK', 'FIX'];
  const widths = heads.map((h, i) => Math.max(columns(h), ...cells.map((c) => columns(c[i]!))));
  const left = (values: string[]) => values.map((v, i) => v + ' '.repeat(widths[i]! - columns(v))).join(GAP) + GAP;
  const indent = ' '.repeat(columns(left(heads)));
  const lines = [`${left(heads)}TITLE`];
  let section: string | undefined;
  rows.forEach((r, i) => {
    if (r.section !== section) {
      section = r.section;
      lines.push(terminalSafe(`${r.section} ${r.sectionTitle}`));
    }
    lines.push(...wrapIndented(terminalSafe(r.title), cols, left(cells[i]!), indent));
  });
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}
