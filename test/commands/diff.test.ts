import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareReports, driftExitCode } from '../../src/diff/compare.js';
import type { Snapshot } from '../../src/snapshot/format.js';

// `cis-audit diff` on pairs of demo reports: the demo as recorded, and the demo with one thing changed.
const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'examples/demo-account.json');
const dir = mkdtempSync(join(tmpdir(), 'cis-audit-diff-'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A JSON report of the demo, with the snapshot edited first. */
function report(name: string, edit: (s: Snapshot) => void = () => {}, args: string[] = []): string {
  const snapshot = JSON.parse(readFileSync(DEMO, 'utf8')) as Snapshot;
  edit(snapshot);
  const snap = join(dir, `${name}.snapshot.json`);
  writeFileSync(snap, JSON.stringify(snapshot));
  const out = join(dir, `${name}.json`);
  const r = cli(['scan', '--snapshot', snap, '--format', 'json', '--output', out, ...args]);
  expect([0, 1, 3]).toContain(r.code);
  return out;
}

const policyOf = (s: Snapshot) => s.calls.find((c) => c.operation === 'GetAccountPasswordPolicy')!;
const base = report('base');
const weaker = report('weaker', (s) => { (policyOf(s).output!.PasswordPolicy as Record<string, unknown>).RequireUppercaseCharacters = false; });
const stronger = report('stronger', (s) => { Object.assign(policyOf(s).output!.PasswordPolicy as object, { MinimumPasswordLength: 16, RequireSymbols: true }); });

describe('cis-audit diff', () => {
  it('exits 0 and reports nothing for the same scan twice', () => {
    const r = cli(['diff', base, base, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect([d.newlyFailing, d.fixed, d.newlyErroring, d.waiversLapsed, d.controls]).toEqual([[], [], [], [], []]);
  });

  it('exits 1 and names what newly fails (CI gate "no new findings")', () => {
    const r = cli(['diff', base, weaker, '--json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.newlyFailing).toEqual([expect.objectContaining({ benchmark: 'cis-1.2.0', control: '1.5', resource: 'arn:aws:iam::210987654321:root', region: 'global' })]);
    expect(d.controls).toEqual([{ benchmark: 'cis-1.2.0', control: '1.5', title: expect.any(String), from: 'PASS', to: 'FAIL' }]);
  });

  it('exits 0 and lists what was fixed; table and markdown name it too', () => {
    const r = cli(['diff', base, stronger]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Fixed \(2\)\n {2}cis-1\.2\.0 1\.7 \[MEDIUM\] arn:aws:iam::210987654321:root/);
    expect(r.stdout).toContain('Result: nothing newly failing (exit 0)');
    const m = cli(['diff', base, stronger, '--format', 'markdown']);
    expect(m.stdout).toContain('| Fixed | 2 |');
  });

  it('reports a newly unreadable control and a FAIL whose waiver lapsed', () => {
    const oldR = JSON.parse(readFileSync(base, 'utf8'));
    const newR = structuredClone(oldR);
    const c19 = newR.benchmarks[0].controls.find((c: { id: string }) => c.id === '1.9');
    c19.findings[0].status = 'ERROR';
    const c122 = oldR.benchmarks[0].controls.find((c: { id: string }) => c.id === '1.22');
    c122.findings.filter((f: { status: string }) => f.status === 'FAIL').forEach((f: { status: string }) => (f.status = 'SUPPRESSED'));
    const d = compareReports(oldR, newR);
    expect(d.newlyErroring.map((i) => i.control)).toEqual(['1.9']);
    expect(d.waiversLapsed.map((i) => i.control)).toEqual(['1.22']);
    expect(d.newlyFailing.map((i) => i.control)).toEqual([]);
    expect(driftExitCode(d)).toBe(1);
  });

  it.each([
    [['nosuch.json'], /^Error: cannot read report nosuch\.json: ENOENT\n/],
    [[DEMO], /is not a cis-audit JSON report/],
  ])('rejects unusable input with exit 2: %j', (bad, error) => {
    const r = cli(['diff', base, ...bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(error);
  });

  it('refuses reports of different benchmarks unless --allow-mismatch', () => {
    const v5 = report('v5', () => {}, ['--benchmark', 'cis-5.0.0']);
    const r = cli(['diff', base, v5]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/different benchmarks \(cis-1\.2\.0; cis-5\.0\.0\)/);
    // Allowed, every cis-5.0.0 FAIL is new to a cis-1.2.0 report.
    expect(cli(['diff', base, v5, '--allow-mismatch']).code).toBe(1);
  });
});
