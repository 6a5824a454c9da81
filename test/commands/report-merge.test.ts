import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateJunit, validateOrgReportJson } from '../helpers/validators.js';
import { orgFixture, orgShards } from '../report/org-fixtures.js';

// `cis-audit report merge` on the installed binary: outputs as scan writes them, one exit code over all accounts,
// refusals as one line + hint with exit 2 and nothing written.
const ROOT = new URL('../..', import.meta.url).pathname;

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cis-audit-merge-'));
  for (const s of await orgShards(3)) writeFileSync(join(dir, `shard-${s.shard!.index}.json`), JSON.stringify(s));
  writeFileSync(join(dir, 'whole.json'), JSON.stringify(await orgFixture()));
}, 60_000);

describe('cis-audit report merge', () => {
  it('merges the shards into one report per --format/--output/--report, with the organisation\'s exit code', async () => {
    const r = cli(['report', 'merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--format', 'junit', '--output', 'org.xml', '--report', 'json=org.json', '--report', 'sarif=org.sarif'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
    expect((await validateJunit(readFileSync(join(dir, 'org.xml'), 'utf8'))).valid).toBe(true);
    const merged = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8'));
    expect(validateOrgReportJson(merged).errors).toBe('');
    const whole = JSON.parse(readFileSync(join(dir, 'whole.json'), 'utf8'));
    expect(merged.accounts).toEqual(whole.accounts);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.exitCode).toBe(1);
    expect(merged.tool.name).toBe('cis-audit');
    expect(JSON.parse(readFileSync(join(dir, 'org.sarif'), 'utf8')).runs).toHaveLength(1);
  });

  it('prints the table by default', () => {
    const r = cli(['report', 'merge', 'shard-3.json', 'shard-1.json', 'shard-2.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ACCOUNT\s+NAME\s+1\s+2\s+3\s+4\s+EXIT$/m);
    expect(r.stdout).toContain('Result: NON-COMPLIANT (exit 1)');
  });

  it.each([
    [['shard-1.json', 'shard-2.json'], /^Error: missing shard 3\/3 \(have 1, 2\)$/],
    [['shard-1.json', 'shard-2.json', 'shard-2.json', 'shard-3.json'], /^Error: overlapping shards: shard-2\.json and shard-2\.json are both shard 2\/3$/],
    [['shard-1.json', 'nothere.json'], /^Error: nothere\.json: cannot read \(ENOENT\)$/],
  ])('refuses %j with one line, a hint, exit 2 and nothing written', (parts, message) => {
    const before = readdirSync(dir).sort();
    const r = cli(['report', 'merge', ...parts, '--output', 'refused.json', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(/^Hint: /);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('checks the outputs before reading the parts', () => {
    const r = cli(['report', 'merge', 'nothere.json', '--output', 'no/such/folder/org.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: cannot write no\/such\/folder\/org\.json: folder .* does not exist\n/);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('a mistyped flag or no part at all is a one-line usage error naming `report merge`', () => {
    const typo = cli(['report', 'merge', 'shard-1.json', '--formt', 'json'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('Error: unknown flag --formt\nHint: did you mean --format? (cis-audit report merge --help lists every flag)\n');
    const none = cli(['report', 'merge'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Error: Missing 1 required arg: parts.*\nHint: cis-audit report merge --help shows the flags and their values\n$/);
  });
});
