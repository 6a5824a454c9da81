import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scanCommand, type ScanFlags } from '../../src/cli/run-scan.js';
import { esc } from '../../src/report/html-escape.js';
import type { ScanReport } from '../../src/report/model.js';
import { serveAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { bridgeSdkTo } from '../helpers/sdk-bridge.js';

// `scan --format html` on a live (mocked SDK) scan: the HTML on stdout agrees with the JSON report of the same run.

let bridge: ReturnType<typeof bridgeSdkTo> | undefined;
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});
afterEach(() => bridge?.restore());

describe('html report from a live scan', () => {
  it('has every control with the JSON report\'s status, the counts, and the live source', async () => {
    bridge = bridgeSdkTo(serveAccount(demoAccount()));
    const json = join(mkdtempSync(join(tmpdir(), 'cis-audit-')), 'cis.json');
    let stdout = '';
    const flags: ScanFlags = { format: 'html', report: [`json=${json}`], control: ['1', '2'], 'fail-on': 'LOW', debug: false, concurrency: 4, 'root-usage-days': 90, 'strict-patterns': false };
    const io = { stdout: (s: string) => void (stdout += s), stderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, env: { AWS_REGION: 'us-east-1' } };
    const outcome = await scanCommand(flags, io, { name: 'cis-audit', version: 'test' }, false);
    const report = JSON.parse(readFileSync(json, 'utf8')) as ScanReport;
    expect(outcome.exitCode).toBe(report.exitCode);
    expect(stdout).toMatch(/^<!DOCTYPE html>/);
    expect(stdout).toContain('<dd data-meta="source">live scan</dd>');
    expect(report.controls.length).toBeGreaterThan(10);
    for (const c of report.controls) {
      expect(stdout).toContain(`data-control="${esc(c.id)}" data-status="${c.status}" data-severity="${c.severity}"`);
      for (const f of c.findings) expect(stdout).toContain(`<code>${esc(f.resource)}</code>`);
    }
    for (const [status, n] of Object.entries(report.summary.controls)) expect(stdout).toContain(`data-count-status="${status}">${n}<`);
  });
});
