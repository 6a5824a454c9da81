import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARK_SELECTORS } from '../../src/benchmark/index.js';
import { validateJunit, validateReportJson } from '../helpers/validators.js';

// --benchmark and --level through the built binary, on the bundled demo snapshot: collect once, report each.
const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'examples/demo-account.json');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Report {
  benchmark: { selector: string };
  controls: Array<{ id: string; status: string; benchmark: string; level: number; assessment: string }>;
  benchmarks: Array<{ benchmark: { selector: string; version: string }; exitCode: number; controls: Array<{ id: string; status: string; level: number }> }>;
  exitCode: number;
}

describe('scan --benchmark', () => {
  it('reports every selected benchmark from one collection, each complete, schema-valid JSON', () => {
    const r = cli(['scan', '--snapshot', DEMO, '--benchmark', BENCHMARK_SELECTORS.join(','), '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(validateReportJson(report)).toEqual({ valid: true, errors: '' });
    expect(report.benchmarks.map((b) => b.benchmark.selector)).toEqual(BENCHMARK_SELECTORS);
    expect(report.benchmarks.map((b) => b.controls.length)).toEqual([43, 58, 62, 63, 63, 70]);
    // The top level is the first benchmark, as in every v1 report.
    expect(report.benchmark.selector).toBe('cis-1.2.0');
    expect(report.controls).toEqual(report.benchmarks[0]!.controls);
    // The process exit code is over all benchmarks: the worst of theirs (1 beats 3 beats 0).
    const codes = report.benchmarks.map((b) => b.exitCode);
    expect(report.exitCode).toBe(codes.includes(1) ? 1 : codes.includes(3) ? 3 : 0);
    expect(r.code).toBe(report.exitCode);
    // Every recommendation of every version has a verdict (or MANUAL evidence): nothing is NOT_IMPLEMENTED.
    for (const b of report.benchmarks) expect(b.controls.filter((c) => c.status === 'NOT_IMPLEMENTED').map((c) => c.id), b.benchmark.selector).toEqual([]);
    const statuses = new Set(report.benchmarks.flatMap((b) => b.controls.map((c) => c.status)));
    for (const s of ['PASS', 'FAIL', 'ERROR', 'MANUAL', 'NOT_APPLICABLE']) expect(statuses, `the demo shows ${s}`).toContain(s);
  });

  it('gives the same verdict for the same recommendation in every version that words it the same way', () => {
    const report = JSON.parse(cli(['scan', '--snapshot', DEMO, '-b', 'cis-1.2.0,cis-3.0.0,cis-7.0.0', '--json']).stdout) as Report;
    const status = (i: number, id: string) => report.benchmarks[i]!.controls.find((c) => c.id === id)!.status;
    // KMS rotation: v1.2.0 2.8 = v3.0.0 3.6 = v7.0.0 4.6; default security group: 4.3 = 5.4 = 6.5.
    expect(new Set([status(0, '2.8'), status(1, '3.6'), status(2, '4.6')]).size).toBe(1);
    expect(new Set([status(0, '4.3'), status(1, '5.4'), status(2, '6.5')]).size).toBe(1);
  });

  it('--level 1 leaves out level-2 recommendations', () => {
    const all = JSON.parse(cli(['scan', '--snapshot', DEMO, '-b', 'cis-5.0.0', '--json']).stdout) as Report;
    const l1 = JSON.parse(cli(['scan', '--snapshot', DEMO, '-b', 'cis-5.0.0', '--level', '1', '--json']).stdout) as Report;
    expect(l1.controls.length).toBeLessThan(all.controls.length);
    expect(l1.controls.every((c) => c.level === 1)).toBe(true);
    expect(l1.controls.map((c) => c.id)).toEqual(all.controls.filter((c) => c.level === 1).map((c) => c.id));
  });

  it('writes JUnit suites per benchmark and section that validate against the Jenkins XSD', async () => {
    const r = cli(['scan', '--snapshot', DEMO, '-b', 'cis-1.2.0,cis-5.0.0', '--format', 'junit']);
    expect((await validateJunit(r.stdout)).valid).toBe(true);
    expect(r.stdout).toContain('<testsuite name="cis-1.2.0 1 Identity and Access Management"');
    expect(r.stdout).toContain('<testsuite name="cis-5.0.0 2 Storage"');
    expect(r.stdout).toContain('classname="cis-aws-foundations-5.0.0.1.4"');
  });

  it('prints one table block per benchmark and the overall exit code', () => {
    const r = cli(['scan', '--snapshot', DEMO, '-b', 'cis-1.2.0,cis-7.0.0']);
    expect(r.stdout).toContain('CIS AWS Foundations Benchmark 1.2.0');
    expect(r.stdout).toContain('CIS AWS Foundations Benchmark 7.0.0');
    expect(r.stdout).toMatch(new RegExp(`Overall \\(2 benchmarks\\): exit ${r.code}\\n$`));
  });

  it.each([
    [['-b', 'cis-4.0.0'], /^Error: unknown benchmark: cis-4\.0\.0\nHint: benchmarks: cis-1\.2\.0, cis-1\.4\.0, cis-3\.0\.0, cis-5\.0\.0, cis-6\.0\.0, cis-7\.0\.0\n$/],
    [['-b', 'cis-1.2.0,cis-5.0.0', '-c', '1.22'], /^Error: unknown control id: 1\.22 \(not in CIS v5\.0\.0\)\n/],
    [['-c', '1.17'], /^Error: control 1\.17 is not checked: current contact details \(manual in CIS v1\.2\.0; not checked\)\n/],
    [['--level', '3'], /--level|Expected --level=3 to be one of/],
  ])('rejects %j with exit 2 and one line', (args, error) => {
    const r = cli(['scan', '--snapshot', DEMO, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(error);
    expect(r.stdout).toBe('');
  });

  it('selects a subsection of the newer numbering (2.1 → 2.1.1 … 2.1.4 in v5.0.0)', () => {
    const report = JSON.parse(cli(['scan', '--snapshot', DEMO, '-b', 'cis-5.0.0', '-c', '2.1', '--json']).stdout) as Report;
    expect(report.controls.map((c) => c.id)).toEqual(['2.1.1', '2.1.2', '2.1.3', '2.1.4']);
  });
});

describe('controls --benchmark', () => {
  it.each([
    ['cis-1.4.0', 58], ['cis-3.0.0', 62], ['cis-5.0.0', 63], ['cis-6.0.0', 63], ['cis-7.0.0', 70],
  ])('%s lists every recommendation with level, CIS status, Security Hub ids and its other numbers', (selector, n) => {
    const r = cli(['controls', '--benchmark', selector, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { benchmarks: Array<{ controls: Array<Record<string, any>> }> };
    const controls = out.benchmarks[0]!.controls;
    expect(controls).toHaveLength(n);
    for (const c of controls) {
      expect([1, 2]).toContain(c.level);
      expect(['automated', 'manual']).toContain(c.assessment);
      expect(Array.isArray(c.securityHub)).toBe(true);
      expect(typeof c.sameAs).toBe('object');
    }
  });

  it('names the same control in the other versions (v3.0.0 3.6 is v1.2.0 2.8, Security Hub KMS.4)', () => {
    const out = JSON.parse(cli(['controls', '-b', 'cis-3.0.0', '--json']).stdout) as { controls: Array<Record<string, any>> };
    const c = out.controls.find((x) => x.id === '3.6')!;
    expect(c.securityHub).toEqual(['KMS.4']);
    expect(c.sameAs).toMatchObject({ 'cis-1.2.0': ['2.8'], 'cis-1.4.0': ['3.8'], 'cis-7.0.0': ['4.6'] });
  });
});

describe('controls: how root use is decided follows the mapping', () => {
  it('is a verdict in v1.2.0 (1.1) and evidence for a person in v3.0.0 (1.7)', () => {
    const decision = (selector: string, id: string) =>
      (JSON.parse(cli(['controls', '-b', selector, '--json']).stdout) as { controls: Array<Record<string, any>> }).controls.find((x) => x.id === id)!.decision;
    expect(decision('cis-1.2.0', '1.1')).toBe('verdict');
    expect(decision('cis-3.0.0', '1.7')).toBe('evidence');
  });
});
