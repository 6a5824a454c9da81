import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../src/model/status.js';
import type { ScanReport } from '../../src/report/model.js';
import { alignColumns, renderTable, terminalSafe, truncate, verdict } from '../../src/report/table.js';
import { styler } from '../../src/report/terminal-style.js';
import { EXPECTED_STATUS, fixtureReport, MFA_USERS, SSH_OPEN } from './fixture.js';

const ANSI = /\u001b\[[0-9;]*m/;
// Wide enough that no line wraps: these tests are about structure; layout at 80/100 columns is tested below.
const WIDE = 200;
const plain = renderTable(fixtureReport(), { color: false, width: WIDE });
const lines = plain.split('\n');

/** The table row of a control: its id in the first column. */
const row = (id: string) => {
  const found = lines.filter((l) => l.split(/\s+/)[0] === id);
  expect(found, `one row for ${id}`).toHaveLength(1);
  return found[0]!;
};

/** The detail block under the table for a FAIL/ERROR control: its heading line up to the next blank line. */
function block(id: string): string[] {
  const start = lines.findIndex((l) => new RegExp(`^(FAIL|ERROR) ${id.replace('.', '\\.')} `).test(l));
  expect(start, `detail block for ${id}`).toBeGreaterThan(-1);
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

describe('renderTable without colour', () => {
  it('has one row per control, in report order, with its severity and status', () => {
    for (const [id, status] of Object.entries(EXPECTED_STATUS)) {
      expect(row(id).split(/\s+/).slice(0, 3)).toEqual([id, fixtureReport().controls.find((c) => c.id === id)!.severity, status]);
    }
    const order = Object.keys(EXPECTED_STATUS).map((id) => lines.indexOf(row(id)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(row('1.9').split(/\s+/).slice(0, 3)).toEqual(['1.9', 'MEDIUM', 'FAIL']);
  });

  it('groups rows under their section headings', () => {
    const heading = (h: string) => lines.indexOf(h);
    expect(heading('1 Identity and Access Management')).toBeLessThan(lines.indexOf(row('1.1')));
    expect(heading('2 Logging')).toBeGreaterThan(lines.indexOf(row('1.12')));
    expect(heading('2 Logging')).toBeLessThan(lines.indexOf(row('2.1')));
    expect(heading('4 Networking')).toBeLessThan(lines.indexOf(row('4.1')));
  });

  it('shortens reasons to what the line leaves: 100 columns for files and pipes, the terminal width otherwise', () => {
    const reasonRow = (width?: number) =>
      renderTable(fixtureReport(), { color: false, ...(width ? { width } : {}) })
        .split('\n')
        .find((l) => l.startsWith('1.9 '))!;
    const full = fixtureReport().controls.find((c) => c.id === '1.9')!.reason;
    for (const [width, cols] of [[undefined, 100], [80, 80], [120, 120]] as const) {
      const r = reasonRow(width);
      expect(Array.from(r).length, `width ${width}`).toBeLessThanOrEqual(cols);
      expect(Array.from(r).length, `width ${width}`).toBeGreaterThan(cols - 12); // uses the room, cut at a word
      expect(r.endsWith('…')).toBe(true);
      expect(r).toContain('password policy minimum length is 8');
    }
    expect(reasonRow(WIDE)).toContain(full);
  });

  it('lists the failing resources under each FAIL control', () => {
    const sshBlock = block('4.1');
    expect(sshBlock[0]).toBe('FAIL 4.1 Ensure no security groups allow ingress from 0.0.0.0/0 to port 22');
    expect(sshBlock.slice(1)).toHaveLength(2);
    expect(sshBlock[1]).toMatch(new RegExp(`^  ${SSH_OPEN[0]}\\s+us-east-1\\s+ingress from 0\\.0\\.0\\.0/0 to port 22$`));
    expect(sshBlock[2]).toMatch(new RegExp(`^  ${SSH_OPEN[1]}\\s+eu-west-1\\s+ingress from ::/0`));
    expect(sshBlock.join('\n')).not.toContain('sg-00000001'); // passing groups are not listed

    const mfaBlock = block('1.2');
    for (const arn of MFA_USERS.slice(0, 10)) expect(mfaBlock.some((l) => l.startsWith(`  ${arn} `))).toBe(true);
    expect(mfaBlock.some((l) => l.includes(MFA_USERS[10]!))).toBe(false);
    expect(mfaBlock.at(-1)).toBe('  … and 2 more (--all-findings lists them all; the JSON report always has every finding)');
    expect(mfaBlock).toHaveLength(1 + 10 + 1);
    const all = renderTable(fixtureReport(), { color: false, width: WIDE, allFindings: true });
    for (const arn of MFA_USERS) expect(all).toContain(`  ${arn} `);
    expect(all).not.toContain('more (--all-findings');
  });

  it('lists the unreadable resources under each ERROR control, not the other candidates', () => {
    const trail = block('2.1');
    expect(trail).toHaveLength(2);
    expect(trail[1]).toMatch(/trail\/org\s+eu-west-1\s+cloudtrail:GetTrailStatus in eu-west-1 failed: AccessDenied$/);
    expect(block('2.5').slice(1).map((l) => l.trim().split(/\s+/)[1])).toEqual(['ap-south-1', 'sa-east-1']);
  });

  it('lists nothing for controls that did not FAIL or ERROR', () => {
    const headings = lines.filter((l) => /^(FAIL|ERROR) \d/.test(l)).map((l) => l.split(' ')[1]);
    expect(headings).toEqual(['1.2', '1.9', '2.1', '2.5', '4.1']);
  });

  it('starts with account, regions, source and collection time', () => {
    expect(lines[0]).toBe('CIS AWS Foundations Benchmark 1.2.0 · cis-audit 0.1.0');
    expect(lines[1]).toBe('Account 123456789012 (aws) · 4 regions (home us-east-1) · source: live AWS APIs');
    expect(lines[2]).toBe('Collected 2024-05-01 12:00:00 UTC');
    const snap = renderTable(fixtureReport({ source: { kind: 'snapshot', file: 'examples/demo-account.json' } }), { color: false, width: WIDE });
    expect(snap.split('\n')[1]).toContain('source: snapshot examples/demo-account.json');
  });

  it('ends with the counts per status and the meaning of the exit code', () => {
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-3)).toBe('Controls (11): 3 PASS · 3 FAIL · 2 ERROR · 1 NOT_APPLICABLE · 1 NOT_IMPLEMENTED · 1 SUPPRESSED');
    expect(lines.at(-2)).toBe('Result: NON-COMPLIANT (exit 1) — 3 FAIL at or above LOW');
  });

  it('prints warnings before the summary', () => {
    const out = renderTable(fixtureReport({ warnings: ['region me-south-1 is not enabled; skipped'] }), { color: false }).split('\n');
    const at = out.indexOf('Warnings');
    expect(at).toBeGreaterThan(-1);
    expect(out[at + 1]).toBe('  ! region me-south-1 is not enabled; skipped');
    expect(at).toBeLessThan(out.findIndex((l) => l.startsWith('Result: ')));
  });

  it('has no trailing whitespace and no control characters from the data', () => {
    for (const l of lines) expect(l).toBe(l.trimEnd());
    expect(plain).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F]/);
    expect(plain).toContain('<b>"quoted" & \'single\' \uFFFDbell \uFFFD[31mred ünïcødé ✓ 🚀');
  });
});

describe('renderTable with colour', () => {
  const coloured = renderTable(fixtureReport(), { color: true, width: WIDE });

  it('uses ANSI colours only when asked', () => {
    expect(coloured).toMatch(ANSI);
    expect(plain).not.toMatch(ANSI);
    expect(plain).not.toContain('\u001b');
  });

  it('colours statuses: PASS green, FAIL red, ERROR magenta, not applicable dim', () => {
    expect(coloured).toContain('\u001b[32mPASS\u001b[39m');
    expect(coloured).toMatch(/\u001b\[31m(\u001b\[1m)?FAIL/);
    expect(coloured).toMatch(/\u001b\[35m(\u001b\[1m)?ERROR/);
    expect(coloured).toContain('\u001b[2mNOT_APPLICABLE\u001b[22m');
    expect(coloured).toContain('\u001b[2mNOT_IMPLEMENTED\u001b[22m');
  });

  it('shows the same text once the colours are removed', () => {
    const stripped = coloured.replace(/\u001b\[[0-9;]*m/g, '');
    expect(stripped.split('\n').map((l) => l.trimEnd())).toEqual(lines);
  });

  it('still never passes control characters from the data to the terminal', () => {
    const stripped = coloured.replace(/\u001b\[[0-9;]*m/g, '');
    expect(stripped).not.toContain('\u001b');
    expect(stripped).not.toContain('\u0007');
  });
});

describe('verdict', () => {
  const withExit = (r: ScanReport, exitCode: number): ScanReport => ({ ...r, exitCode });

  it('explains non-compliance against the --fail-on threshold', () => {
    expect(verdict(fixtureReport({ failOn: 'HIGH' }))).toBe('NON-COMPLIANT (exit 1) — 1 FAIL at or above HIGH; 2 FAIL below HIGH');
  });

  it('explains incomplete and compliant results', () => {
    const critical = fixtureReport({ failOn: 'CRITICAL' });
    expect(critical.exitCode).toBe(3);
    expect(verdict(critical)).toBe('INCOMPLETE (exit 3) — 2 ERROR, 1 NOT_IMPLEMENTED, no FAIL at or above CRITICAL; 3 FAIL below CRITICAL');
    const clean = fixtureReport({ controls: ['1.1', '1.12', '2.8'] });
    expect(clean.exitCode).toBe(0);
    expect(verdict(clean)).toBe('COMPLIANT (exit 0) — no FAIL at or above LOW, no ERROR');
    expect(verdict(withExit(clean, 2))).toBe('exit 2');
  });

  it('is what the table prints last', () => {
    const clean = fixtureReport({ controls: ['1.1', '2.8'] });
    const out = renderTable(clean, { color: false }).trimEnd().split('\n');
    expect(out.at(-1)).toBe(`Result: ${verdict(clean)}`);
    expect(out.at(-2)).toBe(`Controls (2): ${STATUSES.filter((s) => s !== "MANUAL").map((s) => `${clean.summary.controls[s]} ${s}`).join(' · ')}`);
  });
});

describe('helpers', () => {
  it('truncate keeps short text and cuts long text at a word with an ellipsis', () => {
    expect(truncate('short', 70)).toBe('short');
    const long = 'word '.repeat(30).trim();
    const cut = truncate(long, 70);
    expect(Array.from(cut).length).toBeLessThanOrEqual(70);
    expect(cut).toMatch(/word…$/);
    expect(truncate('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(Array.from(truncate('🚀'.repeat(100), 10))).toHaveLength(10);
  });

  it('terminalSafe flattens newlines and replaces control characters', () => {
    expect(terminalSafe('a\nb\r\nc\td')).toBe('a b c d');
    expect(terminalSafe('x\u001b[2Jy\u0007\u009bz')).toBe('x\uFFFD[2Jy\uFFFD\uFFFDz');
  });

  it('renders a report without controls', () => {
    const out = renderTable(fixtureReport({ controls: [] }), { color: false });
    expect(out).toContain('No controls were scanned.');
    expect(out.trimEnd().split('\n').at(-1)).toBe('Result: COMPLIANT (exit 0) — no FAIL at or above LOW, no ERROR');
  });

  it('alignColumns pads each column to its widest cell (colour codes take no room) and leaves spanning lines alone', () => {
    const bold = styler(true).bold;
    const lines = alignColumns([[bold('ID'), 'SEVERITY', 'REASON'], { spanning: 'a section heading longer than every column' }, ['1.10', 'LOW', 'why'], ['2.1', 'CRITICAL', 'because']], '  ');
    expect(lines.map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''))).toEqual([
      'ID    SEVERITY  REASON',
      'a section heading longer than every column',
      '1.10  LOW       why',
      '2.1   CRITICAL  because',
    ]);
    expect(lines[0]).toBe(`${bold('ID')}    SEVERITY  REASON`);
  });

  it('styler: chalk codes for a terminal, the text unchanged through any chain of styles otherwise', () => {
    expect(styler(true).red.bold('x')).toBe('\u001b[31m\u001b[1mx\u001b[22m\u001b[39m');
    const plain = styler(false);
    expect(plain.red.bold.underline('x')).toBe('x');
    expect(plain.dim('a', 'b')).toBe('a b');
    expect(plain.level).toBe(0);
    // Never mistaken for a promise (an awaited styler would otherwise hang).
    expect((plain as unknown as { then?: unknown }).then).toBeUndefined();
  });
});
