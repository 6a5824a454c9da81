import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Scan from '../../src/commands/scan.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { liveAccounts } from '../fix/fix-helpers.js';

// `scan --fix` through the oclif command itself: report, then the fix flow on the scan it just made.
const live = liveAccounts(demoAccount);
const ROOT = new URL('../..', import.meta.url).pathname;

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

describe('scan --fix', () => {
  it('prints the report, applies the fix with --yes, journals it, and exits with fix\'s code', async () => {
    const { writes } = live();
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-journal-'));
    process.env.AWS_REGION = 'us-east-1';
    await Scan.run(['--control', '1.9', '--fix', '--yes', '--journal-dir', dir], ROOT);
    const text = out.join('');
    expect(text).toMatch(/1\.9\s+MEDIUM\s+FAIL/);
    expect(text).toMatch(/1\.9\s+FIXED/);
    expect(writes().map((w) => w.operation)).toEqual(['UpdateAccountPasswordPolicy']);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(process.exitCode).toBe(0);
  });

  it('refuses --fix with --snapshot (exit 2), changing nothing', async () => {
    const { writes } = live();
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await Scan.run(['--snapshot', join(ROOT, 'examples/demo-account.json'), '--fix', '--yes'], ROOT);
    expect(err.join('')).toMatch(/^Error: --fix changes a live account/m);
    expect(process.exitCode).toBe(2);
    expect(writes()).toEqual([]);
  });
});
