import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// oclif conventions on the installed binary: help, version, completion, typo suggestions, one-line parse errors.
const ROOT = new URL('../..', import.meta.url).pathname;
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_CACHE_HOME: join(ROOT, 'node_modules/.cache/test-xdg') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A usage failure in our style: exactly `Error: …` then `Hint: …`, exit 2, nothing on stdout, no usage dump. */
function expectOneLineUsageError(r: ReturnType<typeof cli>, error: RegExp, hint: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^Error: /);
  expect(lines[0]).toMatch(error);
  expect(lines[1]).toMatch(/^Hint: /);
  expect(lines[1]).toMatch(hint);
  expect(r.stderr).not.toMatch(/USAGE|›|\x1b\[/);
}

describe('help and version', () => {
  it('`help`, `--help` and `-h` list the commands', () => {
    for (const args of [['help'], ['--help'], ['-h']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      for (const command of ['scan', 'fix', 'undo', 'collect', 'controls', 'permissions', 'autocomplete', 'version']) {
        expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
      }
    }
  });

  it('`help scan`, `scan --help` and `scan -h` show the scan flags', () => {
    for (const args of [['help', 'scan'], ['scan', '--help'], ['scan', '-h']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('--fail-on');
      expect(r.stdout).toContain('--snapshot');
    }
  });

  it('`--version` and `version` print the package version', () => {
    for (const args of [['--version'], ['version']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`cis-audit/${PKG.version}`);
    }
  });

  it('`autocomplete script bash|zsh` prints a completion script that knows the commands', () => {
    for (const shell of ['bash', 'zsh']) {
      const r = cli(['autocomplete', 'script', shell]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/CIS_AUDIT_AC_/);
    }
  });

  it('the oclif manifest is built with the commands (startup does not import every command)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { version: string; commands: Record<string, unknown> };
    expect(manifest.version).toBe(PKG.version);
    expect(Object.keys(manifest.commands).sort()).toEqual(['collect', 'controls', 'diff', 'explain', 'fix', 'permissions', 'report:merge', 'scan', 'undo', 'waivers:check']);
    expect(existsSync(join(ROOT, 'dist/commands/scan.js'))).toBe(true);
  });
});

describe('mistakes get one line, a hint and exit 2', () => {
  it('a mistyped command suggests the nearest one', () => {
    expectOneLineUsageError(cli(['scna']), /"scna" is not a cis-audit command/, /did you mean "cis-audit scan"\?/);
    expectOneLineUsageError(cli(['contrls']), /"contrls" is not/, /did you mean "cis-audit controls"\?/);
  });

  it('`help` of a mistyped command suggests the nearest one too', () => {
    expectOneLineUsageError(cli(['help', 'scn']), /"scn" is not a cis-audit command/, /did you mean "cis-audit help scan"\?/);
  });

  it('an unrelated word gets no suggestion, only the way to the list', () => {
    expectOneLineUsageError(cli(['frobnicate']), /"frobnicate" is not a cis-audit command/, /^Hint: cis-audit help lists the commands$/);
  });

  it('a mistyped flag suggests the nearest flag of that command', () => {
    expectOneLineUsageError(cli(['scan', '--formt', 'json']), /unknown flag --formt/, /did you mean --format\? \(cis-audit scan --help/);
    expectOneLineUsageError(cli(['fix', '--dryrun']), /unknown flag --dryrun/, /did you mean --dry-run\?/);
  });

  it('a flag without its value, a value outside the options, a bad integer, a missing argument', () => {
    expectOneLineUsageError(cli(['scan', '--output']), /--output expects a value/, /cis-audit scan --help/);
    expectOneLineUsageError(cli(['scan', '--format', 'xml']), /--format=xml to be one of: table, json, junit/, /cis-audit scan --help/);
    expectOneLineUsageError(cli(['scan', '--concurrency', 'abc']), /--concurrency: Expected an integer but received: abc/, /scan --help/);
    expectOneLineUsageError(cli(['undo']), /Missing 1 required arg/, /cis-audit undo --help/);
    expectOneLineUsageError(cli(['fix', '--subscription-protocol', 'sqs']), /--subscription-endpoint/, /cis-audit fix --help/);
  });
});
