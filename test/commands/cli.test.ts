import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/format.js';
import { validateJunit, validateReportJson } from '../helpers/validators.js';

// The installed binary as users and CI run it (built by `npm test` / `npm ci`), on the bundled demo snapshot.
const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'examples/demo-account.json');

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function editedDemo(edit: (s: Snapshot) => void): string {
  const snapshot = JSON.parse(readFileSync(DEMO, 'utf8')) as Snapshot;
  edit(snapshot);
  const path = join(mkdtempSync(join(tmpdir(), 'cis-audit-')), 'edited.json');
  writeFileSync(path, JSON.stringify(snapshot));
  return path;
}

const statusOf = (report: { controls: Array<{ id: string; status: string }> }, id: string) =>
  report.controls.find((c) => c.id === id)?.status;

describe('cis-audit CLI on the demo snapshot', () => {
  it('prints the table and exits 1 (the demo account is non-compliant), quiet on a non-TTY stderr', () => {
    const r = cli(['scan', '--snapshot', DEMO]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('NON-COMPLIANT');
    expect(r.stdout).toContain('arn:aws:iam::210987654321:user/bob');
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stderr).toBe('');
  });

  it('--format json and oclif --json both emit the schema-valid report', () => {
    for (const args of [['--format', 'json'], ['--json']]) {
      const r = cli(['scan', '--snapshot', DEMO, ...args]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(validateReportJson(report)).toEqual({ valid: true, errors: '' });
      expect(report.source).toEqual({ kind: 'snapshot', file: DEMO });
      expect(report.collectedAt).toBe('2026-11-01T09:30:00.000Z');
      expect(report.controls).toHaveLength(43);
    }
  });

  it('--format junit validates against the Jenkins xUnit XSD', async () => {
    const r = cli(['scan', '--snapshot', DEMO, '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(await validateJunit(r.stdout)).toEqual({ valid: true, errors: '' });
    expect(r.stdout).toMatch(/<testcase name="1\.2 \[MEDIUM\] [^"]*" classname="cis-aws-foundations\.1\.2"[^>]*>\s*<failure/);
  });

  it('--format junit --fail-on CRITICAL renders the FAILs below CRITICAL as <skipped>, agreeing with the exit code', async () => {
    const r = cli(['scan', '--snapshot', DEMO, '--format', 'junit', '--fail-on', 'CRITICAL']);
    expect(await validateJunit(r.stdout)).toEqual({ valid: true, errors: '' });
    const failures = (r.stdout.match(/<failure /g) ?? []).length;
    expect(r.code === 1).toBe(failures > 0);
    expect(r.stdout).toMatch(/<skipped message="FAIL below --fail-on CRITICAL: [^"]*" type="FAIL:MEDIUM">/);
  });

  it('exits 0 when the selected controls pass', () => {
    const r = cli(['scan', '--snapshot', DEMO, '--control', '1.12,1.13', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.controls.PASS).toBe(2);
  });

  it('evaluates time-based controls at the snapshot time, or at --now', () => {
    const atCollection = JSON.parse(cli(['scan', '--snapshot', DEMO, '--control', '1.1', '--format', 'json']).stdout);
    expect(statusOf(atCollection, '1.1')).toBe('FAIL');
    const later = JSON.parse(cli(['scan', '--snapshot', DEMO, '--control', '1.1', '--format', 'json', '--now', '2027-06-01T00:00:00Z']).stdout);
    expect(statusOf(later, '1.1')).toBe('PASS');
    expect(later.evaluatedAt).toBe('2027-06-01T00:00:00.000Z');
  });

  it('a denied call recorded in the snapshot makes its controls ERROR and the exit code 3', () => {
    const path = editedDemo((s) => {
      const call = s.calls.find((c) => c.operation === 'GetAccountSummary')!;
      delete call.output;
      call.error = { code: 'AccessDenied', message: 'User is not authorized to perform: iam:GetAccountSummary' };
    });
    const r = cli(['scan', '--snapshot', path, '--control', '1.12,1.13', '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(statusOf(report, '1.12')).toBe('ERROR');
    expect(report.controls[0].findings[0].error).toMatchObject({ operation: 'GetAccountSummary', code: 'AccessDenied' });
  });

  it('a call missing from the snapshot is an ERROR naming that call, never a PASS', () => {
    const path = editedDemo((s) => {
      s.calls = s.calls.filter((c) => c.operation !== 'GetAccountSummary');
    });
    const r = cli(['scan', '--snapshot', path, '--control', '1.13', '--format', 'json']);
    expect(r.code).toBe(3);
    const finding = JSON.parse(r.stdout).controls[0].findings[0];
    expect(finding.status).toBe('ERROR');
    expect(finding.message).toContain('iam:GetAccountSummary');
    expect(finding.error.code).toBe('SnapshotMissingCall');
  });

  it.each([
    [['scan', '--snapshot', DEMO, '--control', '9.9'], /^Error: unknown control id: 9\.9 \(not in CIS v1\.2\.0\)\nHint: .+\n$/],
    [['scan', '--snapshot', join(ROOT, 'package.json')], /^Error: snapshot .* is malformed: "format" must be "cis-audit-snapshot"\nHint: .+\n$/],
    [['scan', '--snapshot', join(ROOT, 'README.md')], /^Error: snapshot .* is not valid JSON: .*\nHint: .+\n$/],
    [['scan', '--snapshot', DEMO, '--fail-on', 'urgent'], /^Error: --fail-on must be .*\n/],
  ])('bad input %j: one clear line, a hint, exit 2, no stack trace', (args, stderr) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('oclif rejects an unknown --format with exit 2', () => {
    const r = cli(['scan', '--snapshot', DEMO, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Expected --format=xml to be one of: table, json, junit/);
  });

  it('controls --json lists all 43 controls with severity, section, automation and remediation kind', () => {
    const r = cli(['controls', '--json']);
    expect(r.code).toBe(0);
    const { controls } = JSON.parse(r.stdout);
    expect(controls).toHaveLength(43);
    expect(controls.find((c: { id: string }) => c.id === '1.14')).toMatchObject({
      severity: 'CRITICAL', section: '1', implemented: true, assessment: 'automated', remediation: { kind: 'guidance' },
    });
  });
});
