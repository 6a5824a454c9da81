import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/format.js';
import { validateJunit, validateReportJson } from '../helpers/validators.js';

// docs/examples/ holds one example per format, generated from the demo snapshot (UPDATE_DOCS=1 rewrites them),
// and docs/ci-recipes.md's cis-audit commands are run as documented against the demo snapshot.
const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = 'examples/demo-account.json';
const EXAMPLE_ARGS = ['scan', '--snapshot', DEMO, '-c', '1.9,2.8,4.1'];
const EXTENSION: Record<string, string> = { table: 'txt', json: 'json', junit: 'xml', sarif: 'sarif', csv: 'csv', markdown: 'md', asff: 'asff.json', html: 'html' };

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], {
    cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('docs/examples', () => {
  it.each([...FORMATS])('has the %s example exactly as the demo renders it', (format) => {
    const r = cli([...EXAMPLE_ARGS, '--format', format]);
    expect(r.code).toBe(1);
    const path = join(ROOT, 'docs/examples', `demo.${EXTENSION[format] ?? format}`);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(path, r.stdout);
    expect(existsSync(path), `${path} (run UPDATE_DOCS=1 npx vitest run test/report/docs-examples.test.ts)`).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(r.stdout);
  });
});

/** The `cis-audit scan …` commands of the recipes, as written (the "|| true" shell idiom aside). */
function recipeCommands(): string[][] {
  const text = readFileSync(join(ROOT, 'docs/ci-recipes.md'), 'utf8');
  return [...text.matchAll(/cis-audit (scan [^'\n|]*)/g)].map((m) => m[1]!.trim().split(/\s+/));
}

describe('docs/ci-recipes.md', () => {
  it('documents a command for each CI system', () => {
    expect(recipeCommands().length).toBeGreaterThanOrEqual(3);
  });

  it.each(recipeCommands().map((c) => [c.join(' '), c] as const))('runs `cis-audit %s` against the demo snapshot and writes what it names', async (_name, args) => {
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-recipe-'));
    const r = cli([...args, '--snapshot', join(ROOT, DEMO)], dir);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const outputs = [...args.join(' ').matchAll(/(?:--output |--report \w+=)(\S+)/g)].map((m) => m[1]!);
    expect(outputs.length).toBeGreaterThan(0);
    for (const file of outputs) {
      const text = readFileSync(join(dir, file), 'utf8');
      if (file.endsWith('.xml')) expect((await validateJunit(text)).valid).toBe(true);
      if (file.endsWith('.json')) expect(validateReportJson(JSON.parse(text)).valid).toBe(true);
      if (file.endsWith('.sarif')) expect(JSON.parse(text).version).toBe('2.1.0');
      if (file.endsWith('.csv')) expect(parse(text, { columns: true }).length).toBeGreaterThan(0);
      if (file.endsWith('.html')) expect(text).toMatch(/^<!doctype html>/i);
    }
  });
});
