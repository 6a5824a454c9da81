import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReportJson } from '../helpers/validators.js';

// The built binary with a waivers file on the bundled demo snapshot (collected 2026-11-01T09:30:00Z).
const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'examples/demo-account.json');
const DIR = mkdtempSync(join(tmpdir(), 'cis-waivers-cli-'));

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}

const WAIVERS = file('w.yml', `waivers:
  - id: break-glass
    controls: ["1.22"]
    resources: ["arn:aws:iam::210987654321:policy/break-glass-admin"]
    reason: break-glass admin policy, attached only during incidents
    expires: 2027-03-31
    owner: security@acme.example
  - id: legacy-users
    controls: ["cis-1.2.0/1.16"]
    resources: ["arn:aws:iam::*:user/*"]
    accounts: ["210987654321"]
    reason: legacy users, moving to SSO
    expires: 2026-12-31
  - id: nothing
    controls: ["2.*"]
    resources: ["arn:aws:s3:::no-such-bucket"]
    reason: left over
    expires: 2026-12-31
  - id: lapsed
    controls: ["4.3"]
    resources: ["**"]
    reason: lapsed exception
    expires: 2026-10-31
`);

describe('scan --waivers on the demo snapshot', () => {
  it('waived controls are SUPPRESSED in the JSON (valid against the schema); the rest and the exit code are unchanged', () => {
    const plain = JSON.parse(cli(['scan', '--snapshot', DEMO, '--format', 'json']).stdout);
    const r = cli(['scan', '--snapshot', DEMO, '--format', 'json', '--waivers', WAIVERS]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(validateReportJson(doc)).toEqual({ valid: true, errors: '' });
    const status = (d: typeof doc, id: string) => d.controls.find((c: { id: string }) => c.id === id).status;
    expect([status(doc, '1.22'), status(doc, '1.16'), status(doc, '4.3')]).toEqual(['SUPPRESSED', 'SUPPRESSED', 'FAIL']);
    expect(doc.summary.controls.SUPPRESSED).toBe(2);
    expect(doc.summary.controls.FAIL).toBe(plain.summary.controls.FAIL - 2);
    expect(doc.waivers.active.map((a: { id: string; matched: number }) => [a.id, a.matched])).toEqual([['break-glass', 1], ['legacy-users', 2]]);
    expect(doc.waivers.expired.map((e: { id: string }) => e.id)).toEqual(['lapsed']);
    expect(doc.waivers.stale.map((e: { id: string }) => e.id)).toEqual(['nothing']);
  });

  it('--now past an expiry lifts that waiver; --fail-on-stale-waivers makes stale waivers exit 1', () => {
    const later = JSON.parse(cli(['scan', '--snapshot', DEMO, '--format', 'json', '--waivers', WAIVERS, '--now', '2027-01-01T00:00:00Z', '-c', '1.16', '-c', '1.22']).stdout);
    expect(later.controls.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([['1.16', 'FAIL'], ['1.22', 'SUPPRESSED']]);
    const onlyWaived = file('only.yml', `waivers:\n  - controls: ["1.22"]\n    resources: ["**"]\n    reason: r\n    expires: 2027-01-31\n  - controls: ["1.9"]\n    resources: ["arn:aws:s3:::x"]\n    reason: r\n    expires: 2027-01-31\n`);
    expect(cli(['scan', '--snapshot', DEMO, '-c', '1.22', '--waivers', onlyWaived]).code).toBe(0);
    expect(cli(['scan', '--snapshot', DEMO, '-c', '1.22', '--waivers', onlyWaived, '--fail-on-stale-waivers']).code).toBe(1);
  });

  it('one waivers file for several accounts: a waiver for another account is out of scope, listed apart, and never stale (--fail-on-stale-waivers exits 0)', () => {
    const shared = file('shared.yml', `waivers:\n  - controls: ["1.22"]\n    resources: ["**"]\n    reason: r\n    expires: 2027-01-31\n  - id: prod-only\n    controls: ["1.9"]\n    resources: ["**"]\n    accounts: ["111122223333"]\n    reason: prod moves to SSO\n    expires: 2027-01-31\n`);
    const r = cli(['scan', '--snapshot', DEMO, '-c', '1.22', '--waivers', shared, '--fail-on-stale-waivers', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validateReportJson(doc)).toEqual({ valid: true, errors: '' });
    expect(doc.waivers.stale).toEqual([]);
    expect(doc.waivers.outOfScope).toEqual([{ id: 'prod-only', expires: '2027-01-31', reason: 'prod moves to SSO', accounts: ['111122223333'] }]);
    expect(cli(['scan', '--snapshot', DEMO, '-c', '1.22', '--waivers', shared]).stdout).toContain('- prod-only: for account 111122223333, not scanned here: prod moves to SSO');
    const check = cli(['waivers', 'check', shared, '--snapshot', DEMO, '--fail-on-stale-waivers']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('other   prod-only (until 2027-01-31): for 111122223333, not the scanned account — prod moves to SSO');
  });

  it('the verdict says when exit 1 comes from --fail-on-stale-waivers alone', () => {
    const stale = file('stale.yml', `waivers:\n  - controls: ["1.22"]\n    resources: ["**"]\n    reason: r\n    expires: 2027-01-31\n  - controls: ["1.9"]\n    resources: ["arn:aws:s3:::x"]\n    reason: r\n    expires: 2027-01-31\n`);
    const r = cli(['scan', '--snapshot', DEMO, '-c', '1.22', '--waivers', stale, '--fail-on-stale-waivers']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Result: NON-COMPLIANT (exit 1) — 0 FAIL at or above LOW; 1 stale waiver (--fail-on-stale-waivers)');
  });

  it('the table shows the SUPPRESSED row and the Waivers block; JUnit skips with the reason', () => {
    const table = cli(['scan', '--snapshot', DEMO, '--waivers', WAIVERS]).stdout;
    expect(table).toMatch(/1\.22 +HIGH +SUPPRESSED +arn:aws:iam::210987654321:policy\/break-glass-admin waived/);
    expect(table).toContain('lapsed: expired 2026-10-31, suppresses nothing');
    expect(table).toContain('nothing: stale, matches no FAIL finding');
    const junit = cli(['scan', '--snapshot', DEMO, '--waivers', WAIVERS, '--format', 'junit', '-c', '1.22']).stdout;
    expect(junit).toContain('<skipped message="SUPPRESSED until 2027-03-31: break-glass admin policy, attached only during incidents" type="SUPPRESSED">');
  });

  it('.cis-audit.yml in the working directory is read by default', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cis-waivers-cwd-'));
    writeFileSync(join(cwd, '.cis-audit.yml'), `waivers:\n  - controls: ["1.22"]\n    resources: ["**"]\n    reason: r\n    expires: 2027-01-31\n`);
    const doc = JSON.parse(cli(['scan', '--snapshot', DEMO, '--format', 'json', '-c', '1.22'], cwd).stdout);
    expect(doc.controls[0].status).toBe('SUPPRESSED');
    expect(doc.waivers.file).toBe('.cis-audit.yml');
  });

  it('a bad file is a one-line usage error with FILE:LINE, exit 2, and nothing on stdout', () => {
    const bad = file('bad.yml', `waivers:\n  - controls: ["1.22"]\n    resources: ["**"]\n    reason: r\n    expires: 2027-01-31\n    approved-by: me\n`);
    const r = cli(['scan', '--snapshot', DEMO, '--waivers', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`Error: ${bad}:6: waiver #1: unknown key "approved-by" (keys: id, controls, resources, accounts, regions, reason, expires, owner, ticket)`);
    const far = file('far.yml', `waivers:\n  - controls: ["1.22"]\n    resources: ["**"]\n    reason: r\n    expires: 2028-01-31\n`);
    expect(cli(['scan', '--snapshot', DEMO, '--waivers', far]).stderr).toMatch(/far\.yml:5: expiry 2028-01-31 is 456 days after the evaluation time \(2026-11-01\)/);
    expect(cli(['scan', '--snapshot', DEMO, '--waivers', far, '--max-waiver-days', '500']).code).toBe(1);
  });
});

describe('waivers check', () => {
  it('validates (exit 0), rejects (exit 2) and, on a snapshot, lists covered findings, expired and stale ones', () => {
    expect(cli(['waivers', 'check', WAIVERS, '--now', '2026-11-01T00:00:00Z']).code).toBe(0);
    expect(cli(['waivers', 'check', join(DIR, 'bad.yml')]).code).toBe(2);
    const r = cli(['waivers', 'check', WAIVERS, '--snapshot', DEMO]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('active  legacy-users (until 2026-12-31): covers 2 findings');
    expect(r.stdout).toContain('cis-1.2.0 1.16  arn:aws:iam::210987654321:user/bob  [global]');
    expect(r.stdout).toContain('expired lapsed (2026-10-31)');
    expect(r.stdout).toContain('stale   nothing (until 2026-12-31)');
    expect(cli(['waivers', 'check', WAIVERS, '--snapshot', DEMO, '--fail-on-stale-waivers']).code).toBe(1);
    const json = JSON.parse(cli(['waivers', 'check', WAIVERS, '--snapshot', DEMO, '--json']).stdout);
    expect(json.usage.covers['break-glass']).toEqual([{ benchmark: 'cis-1.2.0', control: '1.22', resource: 'arn:aws:iam::210987654321:policy/break-glass-admin', region: 'global' }]);
  });
});
