import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../src/benchmark/index.js';
import { explainControl, renderExplanation } from '../../src/cli/explain.js';

// `cis-audit explain` for every control of every benchmark: no gaps, and the account's findings when asked.
const ROOT = new URL('../..', import.meta.url).pathname;
const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 30_000 });

describe('explain', () => {
  it.each(BENCHMARKS.flatMap((b) => b.controls.map((c) => [`${b.selector} ${c.id}`, c, b.sections[c.section]!] as const)))('%s renders without gaps', (_name, control, section) => {
    const e = explainControl(control, section);
    expect(e.decidedBy.length, 'a check decides it').toBeGreaterThan(0);
    // Only evidence checks with nothing the API exposes (security questions) read nothing.
    if (e.decidedBy.some((d) => d.verdict === 'verdict')) expect(e.reads.length, 'it reads something').toBeGreaterThan(0);
    const text = renderExplanation(e);
    expect(text).not.toMatch(/undefined|\[object Object\]|NaN/);
    for (const part of ['What is checked:', 'Decision (', 'What is read:', 'Fix (', 'Same control in the other versions:']) expect(text).toContain(part);
  });

  it('shows the snapshot account\'s findings with evidence, and --json for scripts', () => {
    const r = cli(['explain', '3.6', '--benchmark', 'cis-3.0.0', '--snapshot', 'examples/demo-account.json', '--json']);
    expect(r.status).toBe(0);
    const [e] = JSON.parse(r.stdout);
    expect(e).toMatchObject({ benchmark: 'cis-3.0.0', id: '3.6', securityHub: ['KMS.4'], sameAs: { 'cis-1.2.0': ['2.8'] }, findings: { status: 'FAIL' } });
    expect(e.findings.findings.some((f: { evidence: unknown[] }) => f.evidence.length > 0)).toBe(true);
  });

  it('rejects an unknown control with exit 2', () => {
    const r = cli(['explain', '9.9']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Error: unknown control id: 9\.9/);
  });
});
