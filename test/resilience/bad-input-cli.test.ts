import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/format.js';

// Bad input through the installed binary (built into dist/ by `npm test` before the tests run): one clear line,
// a hint, exit 2, no stack trace, and nothing written: --output names a temp path that must not exist afterwards.

const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'examples/demo-account.json');

/** An environment with no AWS credentials anywhere and nothing that could reach the network for them. */
function noCredentialsEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'cis-audit-home-'));
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'no-such-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-such-credentials'),
    AWS_REGION: 'us-east-1',
  };
}

/** Runs the binary (asynchronously, so the cases run side by side). */
function cli(args: string[], env: NodeJS.ProcessEnv = noCredentialsEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => void (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'cis-audit-bad-'));

function snapshotFile(content: string): string {
  const path = join(tempDir(), 'snapshot.json');
  writeFileSync(path, content);
  return path;
}

const demoText = () => readFileSync(DEMO, 'utf8');
function editedDemo(edit: (s: Snapshot) => void): string {
  const s = JSON.parse(demoText()) as Snapshot;
  edit(s);
  return snapshotFile(JSON.stringify(s));
}

/** stderr without Node's own process warnings (see the separate test on them). */
const withoutNodeWarnings = (stderr: string) => stderr.replace(/^\(node:\d+\) [\s\S]*?\(Use `node --trace-warnings[^\n]*\n/m, '');

const ONE_LINE_AND_HINT = /^Error: [^\n]+\nHint: [^\n]+\n$/;

const cases: Array<{ name: string; args: () => string[]; error: RegExp }> = [
  { name: 'unknown control id', args: () => ['--snapshot', DEMO, '--control', '9.9'], error: /^Error: unknown control id: 9\.9 \(not in CIS v1\.2\.0\)$/m },
  { name: 'unknown control in --exclude-control', args: () => ['--snapshot', DEMO, '--exclude-control', '1.15'], error: /^Error: control 1\.15 is not checked: security questions are registered \(manual in CIS v1\.2\.0; not checked\)$/m },
  { name: 'region name of the wrong format', args: () => ['--snapshot', DEMO, '--region', 'mars'], error: /^Error: invalid region name: mars$/m },
  { name: 'region well-formed but not enabled', args: () => ['--snapshot', DEMO, '--region', 'sa-east-1'], error: /^Error: unknown or disabled region: sa-east-1$/m },
  { name: 'truncated snapshot JSON', args: () => ['--snapshot', snapshotFile(demoText().slice(0, 2_000))], error: /^Error: snapshot .* is not valid JSON: / },
  { name: 'empty snapshot file', args: () => ['--snapshot', snapshotFile('')], error: /^Error: snapshot .* is not valid JSON: / },
  { name: 'wrong format field', args: () => ['--snapshot', editedDemo((s) => { (s as { format: string }).format = 'prowler-output'; })], error: /^Error: snapshot .* is malformed: "format" must be "cis-audit-snapshot"$/m },
  { name: 'snapshot from a newer cis-audit', args: () => ['--snapshot', editedDemo((s) => { s.version = 99; })], error: /^Error: snapshot .* is malformed: version 99 is newer/ },
  {
    name: 'a call with neither output nor error',
    args: () => ['--snapshot', editedDemo((s) => { delete s.calls[3]!.output; delete s.calls[3]!.error; })],
    error: /^Error: snapshot .* is malformed: calls\[3\] has neither output nor error$/m,
  },
  {
    name: 'a call of an unknown service',
    args: () => ['--snapshot', editedDemo((s) => { (s.calls[0] as { service: string }).service = 'lambda'; })],
    error: /^Error: snapshot .* is malformed: calls\[0\]\.service "lambda" is unknown$/m,
  },
  { name: 'snapshot that does not exist', args: () => ['--snapshot', join(tempDir(), 'missing.json')], error: /^Error: cannot read snapshot .*: ENOENT$/m },
  { name: 'bad --fail-on', args: () => ['--snapshot', DEMO, '--fail-on', 'urgent'], error: /^Error: --fail-on must be LOW, MEDIUM, HIGH or CRITICAL, got urgent$/m },
  { name: 'bad --now', args: () => ['--snapshot', DEMO, '--now', 'yesterday'], error: /^Error: --now must be an ISO 8601 date/m },
  { name: 'missing credentials (live scan, no snapshot)', args: () => [], error: /^Error: no usable AWS credentials: /m },
  { name: 'missing credentials, one region asked', args: () => ['--region', 'eu-west-1', '--control', '2.9'], error: /^Error: no usable AWS credentials: /m },
];

describe.concurrent('bad input through `cis-audit scan`', () => {
  it.each(cases)('$name → one clear line and a hint on stderr, exit 2, no stack trace, nothing written', async ({ args, error }) => {
    const output = join(tempDir(), 'report.json');
    const r = await cli(['scan', ...args(), '--format', 'json', '--output', output]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(withoutNodeWarnings(r.stderr)).toMatch(ONE_LINE_AND_HINT);
    expect(r.stderr).toMatch(error);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(output)).toBe(false);
  });

  it('an unknown --format is rejected by oclif with exit 2, naming the choices, nothing written', async () => {
    const output = join(tempDir(), 'report.xml');
    const r = await cli(['scan', '--snapshot', DEMO, '--format', 'xml', '--output', output]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Expected --format=xml to be one of: table, json, junit/);
    expect(r.stderr).toMatch(/^Hint: cis-audit scan --help shows the flags and their values$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(output)).toBe(false);
  });

  it('the same snapshot, intact, does write the report (the cases above fail for their input, not the harness)', async () => {
    const output = join(tempDir(), 'report.json');
    const r = await cli(['scan', '--snapshot', DEMO, '--format', 'json', '--output', output]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(output, 'utf8')).controls).toHaveLength(43);
  });

  // On Node < 22 the AWS SDK would print a 9-line NodeVersionSupportWarning before our one line; bin/run.js silences it.
  it('missing credentials: stderr is exactly one line and a hint (no SDK warning)', async () => {
    const r = await cli(['scan', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(ONE_LINE_AND_HINT);
  });
});
