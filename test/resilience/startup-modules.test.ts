import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveEnv, ROOT, runCli } from './local-endpoint.js';

// Startup of a snapshot scan: it loads what that scan uses and no more — no remediation code (src/fix, only
// for --fix), no Security Hub publisher, and of the report renderers only the chosen formats', from a bundle of a
// few files (scripts/build.js keeps each lazily imported module a file of its own, at its path under dist/).
// (Module counts, not wall time: the timings are in docs/performance.md.)

const TRACER = join(ROOT, 'test/resilience/trace-dist.cjs');
const DEMO = join(ROOT, 'examples/demo-account.json');
const RENDERER_MODULES = ['report/asff.js', 'report/csv.js', 'report/json.js', 'report/junit.js', 'report/sarif.js', 'report/table.js'];

async function ourModulesLoaded(args: string[]): Promise<{ code: number | null; stdout: string; modules: string[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'cis-audit-trace-')), 'modules.txt');
  const r = await runCli(args, liveEnv({ TRACE_DIST_FILE: file }), 25_000, ['-r', TRACER]);
  return { code: r.code, stdout: r.stdout, modules: [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))].sort() };
}

/** Files of dist/ a table replay may load (27 when bundling came in; 122 modules before it). */
const MAX_DIST_FILES = 40;

const renderersIn = (modules: string[]) => modules.filter((m) => RENDERER_MODULES.includes(m));

describe('what a snapshot scan loads', { timeout: 30_000 }, () => {
  it('the table scan loads the table renderer only, and no fix or publish module', async () => {
    const r = await ourModulesLoaded(['scan', '--snapshot', DEMO]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Result: /m);
    expect(r.modules).toContain('commands/scan.js');
    expect(r.modules).toContain('oclif.js');
    // Bundled (scripts/build.js): a few files of dist/, where the unbundled build loaded 122 modules.
    expect(r.modules.length).toBeLessThanOrEqual(MAX_DIST_FILES);
    expect(renderersIn(r.modules)).toEqual(['report/table.js']);
    expect(r.modules.filter((m) => m.startsWith('fix/') || m.startsWith('publish/'))).toEqual([]);
  });

  it('--format json with a --report csv file loads exactly those two renderers', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'cis-audit-csv-')), 'r.csv');
    const r = await ourModulesLoaded(['scan', '--snapshot', DEMO, '--format', 'json', '--report', `csv=${csv}`]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ controls: expect.any(Array) });
    expect(readFileSync(csv, 'utf8')).toMatch(/^\S/);
    expect(renderersIn(r.modules)).toEqual(['report/csv.js', 'report/json.js']);
    expect(r.modules.filter((m) => m.startsWith('fix/') || m.startsWith('publish/'))).toEqual([]);
  });
});
