import { lineWidth, terminalSafe, wrapIndented } from './table.js';

// `cis-audit controls` for people: one row per control under its section, the title wrapped to the line.

export interface ControlRow {
  id: string;
  severity: string;
  section: string;
  sectionTitle: string;
  level: number;
  /** CIS's assessment status: automated or manual. */
  assessment: string;
  /** How cis-audit decides it. */
  decision: 'verdict' | 'evidence' | 'none';
  securityHub: string[];
  remediation: { kind: string };
  title: string;
}

const GAP = '  ';
const columns = (s: string) => Array.from(s).length;
/** From this width on, Security Hub ids and the fix column fit beside the title (all of it is in --json). */
const WIDE = 120;

/** The control list laid out for `width` columns (default 100): ID, LVL, SEVERITY, CIS, DECIDES[, SECURITY HUB, FIX], TITLE. */
export function renderControlList(rows: readonly ControlRow[], width?: number): string {
  const cols = lineWidth({ ...(width !== undefined ? { width } : {}) });
  const wide = cols >= WIDE;
  const heads = ['ID', 'LVL', 'SEVERITY', 'CIS', 'DECIDES', ...(wide ? ['SECURITY HUB', 'FIX'] : [])];
  const cells = rows.map((r) => [
    r.id, String(r.level), r.severity, r.assessment, r.decision === 'none' ? 'none yet' : r.decision,
    ...(wide ? [r.securityHub.join(' ') || '–', r.remediation.kind] : []),
  ].map(terminalSafe));
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
