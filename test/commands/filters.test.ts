import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReportJson } from '../helpers/validators.js';

// --status / --severity select what is shown and written; verdicts, counts and the exit code stay the whole scan's.
const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'examples/demo-account.json');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), 'scan', '--snapshot', DEMO, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 30_000, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('scan filters', () => {
  const whole = JSON.parse(cli(['--json']).stdout);

  it('--status FAIL --severity HIGH,CRITICAL writes only those controls and findings, with the whole scan\'s counts and exit code', () => {
    const r = cli(['--status', 'FAIL', '--severity', 'HIGH,CRITICAL', '--json']);
    const report = JSON.parse(r.stdout);
    expect(validateReportJson(report).errors).toBe('');
    expect(r.code).toBe(whole.exitCode);
    expect(report.summary).toEqual(whole.summary);
    expect(report.controls.length).toBeGreaterThan(0);
    for (const c of report.controls) {
      expect(['HIGH', 'CRITICAL']).toContain(c.severity);
      for (const f of c.findings) expect(f.status).toBe('FAIL');
    }
    const expected = whole.controls.filter((c: any) => ['HIGH', 'CRITICAL'].includes(c.severity) && (c.status === 'FAIL' || c.findings.some((f: any) => f.status === 'FAIL')));
    expect(report.controls.map((c: any) => c.id)).toEqual(expected.map((c: any) => c.id));
    expect(report.filter).toMatchObject({ statuses: ['FAIL'], severities: ['HIGH', 'CRITICAL'] });
  });

  it('says in the table that the rows are a selection and keeps the whole verdict', () => {
    const r = cli(['--status', 'ERROR']);
    expect(r.stdout).toMatch(/Showing only ERROR \(\d+ controls\); the counts and the result are the whole scan's\./);
    expect(r.stdout).toContain(`Controls (43): 19 PASS · 23 FAIL · 1 ERROR`);
    expect(r.stdout).toContain('Result: NON-COMPLIANT (exit 1) — 23 FAIL at or above LOW');
  });

  it('--quiet prints only the result line', () => {
    const r = cli(['--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('NON-COMPLIANT (exit 1) — 23 FAIL at or above LOW\n');
  });

  it('--allow-incomplete: an ERROR alone no longer exits 3, a FAIL still exits 1', () => {
    expect(cli(['-c', '4.2', '--quiet']).code).toBe(3);
    expect(cli(['-c', '4.2', '--quiet', '--allow-incomplete']).code).toBe(0);
    expect(cli(['-c', '4.1,4.2', '--allow-incomplete', '--quiet']).code).toBe(1);
  });

  it.each([[['--status', 'WARN'], /--status: unknown status WARN/], [['--severity', 'urgent'], /--severity: unknown severity urgent/]])('rejects %j with exit 2', (args, error) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(error);
  });
});
