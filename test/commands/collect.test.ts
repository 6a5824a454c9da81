import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectCommand } from '../../src/cli/run-collect.js';
import { scanCommand, type ScanFlags } from '../../src/cli/run-scan.js';
import type { Snapshot } from '../../src/snapshot/format.js';
import { serveAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { bridgeSdkTo } from '../helpers/sdk-bridge.js';

// collect → snapshot → scan --snapshot must reproduce the live verdicts without touching AWS.
const TOOL = { name: 'cis-audit', version: 'test' };
const base = { debug: false, concurrency: 4, 'root-usage-days': 90, 'strict-patterns': false };
const io = () => ({
  stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: { AWS_REGION: 'us-east-1' } as NodeJS.ProcessEnv,
});

let bridge: ReturnType<typeof bridgeSdkTo> | undefined;
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});
afterEach(() => bridge?.restore());

describe('collect', () => {
  it('records every call so that a snapshot scan gives the live verdicts with no AWS call', async () => {
    bridge = bridgeSdkTo(serveAccount(demoAccount()));
    const path = join(mkdtempSync(join(tmpdir(), 'cis-audit-')), 'account.json');
    expect(await collectCommand({ ...base, output: path }, io(), TOOL)).toBe(0);
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    expect(snapshot).toMatchObject({ format: 'cis-audit-snapshot', version: 1, account: '210987654321', homeRegion: 'us-east-1' });
    expect(snapshot.controls).toHaveLength(43);
    const liveCalls = bridge.calls.length;
    expect(snapshot.calls).toHaveLength(liveCalls);
    // Hand-editable: the credential report is CSV text, policy documents are objects.
    const report = snapshot.calls.find((c) => c.operation === 'GetCredentialReport')!;
    expect(String(report.output!.Content)).toMatch(/^user,arn,user_creation_time,/);

    const flags: ScanFlags = { ...base, format: 'json', 'fail-on': 'LOW' };
    const live = await scanCommand(flags, io(), TOOL, false);
    const liveCallCount = bridge.calls.length;
    const replay = await scanCommand({ ...flags, snapshot: path }, io(), TOOL, false);
    expect(bridge.calls.length).toBe(liveCallCount);
    const verdicts = (r: typeof live) => r.report.controls.map((c) => [c.id, c.status, c.findings.length]);
    expect(verdicts(replay)).toEqual(verdicts(live));
    expect(replay.exitCode).toBe(live.exitCode);
  });
});
