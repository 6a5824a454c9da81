import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0, CIS_AWS_7_0_0 } from '../../src/benchmark/index.js';
import { listControls } from '../../src/cli/control-listing.js';
import { renderControlList } from '../../src/report/controls-table.js';

const columns = (l: string) => Array.from(l).length;

describe('cis-audit controls for people', () => {
  const controls = listControls(CIS_AWS_1_2_0);

  it.each([80, 100, 72, 140])('fits %i columns, one row per control under its section, titles wrapped under TITLE', (width) => {
    const lines = renderControlList(controls, width).trimEnd().split('\n');
    for (const l of lines) expect(columns(l), l).toBeLessThanOrEqual(width);
    const titleColumn = lines[0]!.indexOf('TITLE');
    expect(lines[0]).toMatch(width >= 120 ? /^ID\s+LVL\s+SEVERITY\s+CIS\s+DECIDES\s+SECURITY HUB\s+FIX\s+TITLE$/ : /^ID\s+LVL\s+SEVERITY\s+CIS\s+DECIDES\s+TITLE$/);
    for (const c of controls) {
      const at = lines.findIndex((l) => l.startsWith(`${c.id} `));
      expect(at, c.id).toBeGreaterThan(0);
      expect(lines[at]!.split(/\s+/).slice(0, 5)).toEqual([c.id, String(c.level), c.severity, c.assessment, 'verdict']);
      // The title's words, in order and whole, on its row and the indented lines after it.
      const rest: string[] = [lines[at]!.slice(titleColumn)];
      for (let i = at + 1; i < lines.length && lines[i]!.startsWith(' '.repeat(titleColumn)); i++) rest.push(lines[i]!.trim());
      expect(rest.join(' ')).toBe(c.title);
    }
    expect(lines).toContain('1 Identity and Access Management');
    expect(lines.indexOf('4 Networking')).toBeLessThan(lines.findIndex((l) => l.startsWith('4.1 ')));
  });

  it('lays out the newer versions too (v7.0.0 at 80 columns)', () => {
    for (const l of renderControlList(listControls(CIS_AWS_7_0_0), 80).split('\n')) expect(columns(l), l).toBeLessThanOrEqual(80);
  });

  it('defaults to 100 columns (files and pipes)', () => {
    expect(renderControlList(controls)).toBe(renderControlList(controls, 100));
  });
});
