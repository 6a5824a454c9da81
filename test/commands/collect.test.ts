import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
const io = (out = { stdout: '', stderr: '' }) => ({
  stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s),
  stdoutIsTTY: false, stderrIsTTY: false, env: { AWS_REGION: 'us-east-1' } as NodeJS.ProcessEnv,
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
    // The demo account denies a few reads (it shows ERROR verdicts): collect still writes the snapshot, exits 3.
    expect(await collectCommand({ ...base, output: path }, io(), TOOL)).toBe(3);
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

  it('warns with the failed calls by error code and exits 3; "absent" answers are noted, not failures; the file is 0600', async () => {
    const account = demoAccount();
    account.errors = [...(account.errors ?? []), { service: 'iam', operation: 'GetAccountSummary', code: 'ThrottlingException', message: 'Rate exceeded' }];
    bridge = bridgeSdkTo(serveAccount(account));
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-'));
    const path = join(dir, 'account.json');
    const out = { stdout: '', stderr: '' };
    expect(await collectCommand({ ...base, output: path }, io(out), TOOL)).toBe(3);
    expect(out.stderr).toMatch(/^warning: 10 call\(s\) answered with an error: AccessDenied ×9, ThrottlingException ×1; /m);
    expect(out.stderr).toMatch(/^note: 3 call\(s\) answered "not configured", recorded as absent settings: NoSuchPublicAccessBlockConfiguration ×2, NoSuchBucketPolicy ×1$/m);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['account.json']);
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    expect(snapshot.calls.find((c) => c.operation === 'GetAccountSummary')!.error).toMatchObject({ code: 'ThrottlingException' });
  });

  it('exits 0 with no warning when every call answered', async () => {
    const account = demoAccount();
    bridge = bridgeSdkTo(serveAccount(account));
    const path = join(mkdtempSync(join(tmpdir(), 'cis-audit-')), 'iam.json');
    const out = { stdout: '', stderr: '' };
    expect(await collectCommand({ ...base, control: ['1'], output: path }, io(out), TOOL)).toBe(0);
    expect(out.stderr).not.toMatch(/warning/);
    expect(out.stderr).toMatch(/^recorded \d+ calls for 17 controls in /);
  });

  it('checks --output before any AWS call: a missing folder or a format name is exit 2, nothing recorded', async () => {
    bridge = bridgeSdkTo(serveAccount(demoAccount()));
    for (const output of ['/nonexistent-dir/a.json', 'json']) {
      const err = await collectCommand({ ...base, output }, io(), TOOL).catch((e: unknown) => e);
      expect((err as { exitCode?: number }).exitCode).toBe(2);
    }
    expect(bridge.calls).toHaveLength(0);
    expect(existsSync('json')).toBe(false);
  });
});
