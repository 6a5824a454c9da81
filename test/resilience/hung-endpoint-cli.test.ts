import { afterEach, describe, expect, it } from 'vitest';
import { liveEnv, localAwsEndpoint, runCli, silentTcpServer, type LocalEndpoint } from './local-endpoint.js';

// An endpoint that accepts and never answers must not hang the process: every call is aborted at --call-timeout
// (its socket closed), the report is written, the process exits with its real exit code at once, and the SDK's
// "exceeded the configured requestTimeout" warning never reaches stderr. Real sockets, the built CLI.

const TIMEOUT_S = 2;
const BOUND_MS = 4 * TIMEOUT_S * 1000;
const SDK_NOISE = /requestTimeout|NodeVersionSupportWarning|@smithy|\(node:\d+\)/;

let endpoint: LocalEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

const scan = (url: string, timeoutS: number, ...more: string[]) =>
  runCli(['scan', '--endpoint-url', url, '--call-timeout', String(timeoutS), '--format', 'json', ...more], liveEnv(), 2 * 4 * timeoutS * 1000);
// The answering region's calls must stay well inside the timeout on a loaded machine (the timer also covers
// loading an SDK client module and resolving credentials), so that case uses a longer one.
const REGION_TIMEOUT_S = 5;

describe('an endpoint that never answers', { timeout: 45_000 }, () => {
  it('accepts and never replies: the account cannot be determined (exit 2) within the timeout, and the process exits', async () => {
    endpoint = await silentTcpServer();
    const r = await scan(endpoint.url, TIMEOUT_S, '-c', '1.9');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^Error: cannot determine the AWS account: sts:GetCallerIdentity failed: TimeoutError \(no answer within 2 s\)\n/);
    expect(r.stderr).not.toMatch(SDK_NOISE);
    expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 100);
    expect(r.ms).toBeLessThan(BOUND_MS);
    // The socket of the abandoned call was closed by the client, not left open until the server gives up.
    expect(endpoint.openSockets()).toBe(0);
  });

  it('answers the headers and then stalls the body: the same, bounded', async () => {
    endpoint = await localAwsEndpoint((req) => (req.action === 'GetCallerIdentity' ? 'headers-then-stall' : 'answer'));
    const r = await scan(endpoint.url, TIMEOUT_S, '-c', '1.9');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/sts:GetCallerIdentity failed: TimeoutError/);
    expect(r.stderr).not.toMatch(SDK_NOISE);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(endpoint.openSockets()).toBe(0);
  });

  it('one region hangs: the report is written with that region ERROR, and the process exits 3 right after', async () => {
    endpoint = await localAwsEndpoint((req) => (req.region === 'eu-west-1' ? 'hang' : 'answer'));
    const r = await scan(endpoint.url, REGION_TIMEOUT_S, '-c', '2.9');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).not.toMatch(SDK_NOISE);
    expect(r.ms).toBeGreaterThanOrEqual(REGION_TIMEOUT_S * 1000 - 100);
    expect(r.ms).toBeLessThan(4 * REGION_TIMEOUT_S * 1000);
    const report = JSON.parse(r.stdout) as { controls: Array<{ id: string; status: string; findings: Array<{ region: string; status: string; error?: { code: string } }> }> };
    const findings = report.controls.find((c) => c.id === '2.9')!.findings;
    const down = findings.filter((f) => f.region === 'eu-west-1');
    expect(down.length).toBeGreaterThan(0);
    for (const f of down) expect([f.status, f.error?.code]).toEqual(['ERROR', 'TimeoutError']);
    expect(findings.filter((f) => f.region === 'us-east-1').map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
    // The hung region was really asked (by its own signing scope), and its sockets were closed by the client.
    expect(endpoint.seen.some((s) => s.region === 'eu-west-1' && s.service === 'ec2')).toBe(true);
    expect(endpoint.openSockets()).toBe(0);
  });
});
