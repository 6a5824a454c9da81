import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scanCommand, type ScanFlags } from '../../src/cli/run-scan.js';
import type { AwsCall } from '../../src/aws/transport.js';
import type { ScanResult } from '../../src/engine/scan.js';
import { serveAccount } from '../fake-aws/account.js';
import { bridgeSdkTo } from '../helpers/sdk-bridge.js';
import { baseline, ChaosTransport, cleanAccount, expectWellFormed, HOME, scan, type ChaosRule } from './harness.js';

// One region cannot be reached at all (connection refused, or no answer before the per-call timeout): that
// region's findings are ERROR naming the network error, every other region's findings are exactly the clean ones.

const b = await baseline();
const OTHER_REGIONS = b.regions.filter((r) => r !== HOME);

/** What Node's socket layer throws: a plain Error whose `code` carries the errno name. */
const networkError = (call: AwsCall, code: string) =>
  Object.assign(new Error(`connect ${code} ${call.service}.${call.region}.amazonaws.com:443`), { code, errno: -111, syscall: 'connect' });

const refuse = (region: string, code: string): ChaosRule => ({
  before(call) {
    if (call.region === region) throw networkError(call, code);
  },
});

/** A region whose endpoints accept the connection and never answer: the reader's call timeout must end it. */
class Hanging extends ChaosTransport {
  constructor(private readonly region: string) {
    super(serveAccount(cleanAccount()), []);
  }
  override send(call: AwsCall) {
    return call.region === this.region ? new Promise<Record<string, unknown>>(() => {}) : super.send(call);
  }
}

function expectRegionDown(r: ScanResult, region: string, code: string) {
  expectWellFormed(r);
  for (const c of r.controls) {
    const id = c.control.id;
    const clean = b.findings[id]!;
    const here = c.findings.filter((f) => f.region === region);
    for (const f of here) {
      expect(f.status, `${id}: ${f.message}`).toBe('ERROR');
      expect(f.error).toMatchObject({ region, code });
    }
    // The region was scanned before, so it must still show up wherever it did: unreadable, not silently gone.
    // (Except in an any-of control that still has a complete candidate: SPEC's "one complete candidate suffices".)
    const settledByCandidate = c.control.aggregation === 'any-of' && c.status === 'PASS';
    if (clean.some((f) => f.region === region) && !settledByCandidate) expect(here.length, `${id} lost ${region}`).toBeGreaterThan(0);
    // Verdicts elsewhere are identical. (Evidence may legitimately differ: e.g. 2.3 reads the account-level public
    // access block only when some trail bucket needs it, so when eu-west-1's bucket vanishes the us-east-1 bucket's
    // evidence says "not read: the bucket block already blocks all public access" instead of the account's value.)
    const elsewhere = (list: typeof clean) => list
      .filter((f) => f.region !== region && f.region !== 'global')
      .map(({ status, resource, region: where, message, error }) => ({ status, resource, region: where, message, error }));
    expect({ id, findings: elsewhere(c.findings) }).toEqual({ id, findings: elsewhere(clean) });
    // An account-wide conclusion may become ERROR for want of the region, never anything else.
    const global = c.findings.filter((f) => f.region === 'global');
    const cleanGlobal = clean.filter((f) => f.region === 'global');
    if (JSON.stringify(global) !== JSON.stringify(cleanGlobal)) for (const f of global) expect(['ERROR', 'FAIL']).toContain(f.status);
    if (c.status !== b.statuses[id]) expect({ id, status: c.status }).toEqual({ id, status: 'ERROR' });
  }
}

describe('a region that cannot be reached', () => {
  it('the table covers every non-home region of the clean run', () => {
    expect(OTHER_REGIONS).toEqual(['ap-southeast-2', 'eu-west-1', 'us-west-2']);
  });

  const cases = OTHER_REGIONS.flatMap((region) => ['ECONNREFUSED', 'TimeoutError', 'ENOTFOUND'].map((code) => ({ region, code })));
  it.each(cases)('$region fails with $code → its findings ERROR, all others identical', async ({ region, code }) => {
    const r = await scan(new ChaosTransport(serveAccount(cleanAccount()), [refuse(region, code)]));
    expectRegionDown(r, region, code);
    const down = r.controls.flatMap((c) => c.findings).filter((f) => f.region === region);
    expect(down.length).toBeGreaterThan(0);
  });

  it('a region that never answers times out per call (TimeoutError), and the scan finishes', async () => {
    const r = await scan(new Hanging('eu-west-1'), { callTimeoutMs: 25 });
    expectRegionDown(r, 'eu-west-1', 'TimeoutError');
    expect(r.controls.find((c) => c.control.id === '2.9')!.findings.find((f) => f.region === 'eu-west-1')!.message).toMatch(/no answer within 0.025 s/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Through `scan` (scanCommand) on the real SDK clients, their send() mocked: the exit code contract.

const TOOL = { name: 'cis-audit', version: 'test' };
const flags = (over: Partial<ScanFlags> = {}): ScanFlags => ({
  format: 'json', 'fail-on': 'LOW', debug: false, concurrency: 4, 'root-usage-days': 90, 'strict-patterns': false, ...over,
});
const io = () => {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: { AWS_REGION: HOME } },
  };
};

let bridge: ReturnType<typeof bridgeSdkTo> | undefined;
function unreachable(region: string) {
  const fake = serveAccount(cleanAccount());
  const send = fake.send.bind(fake);
  fake.send = async (call) => {
    if (call.region === region) throw networkError(call, 'ECONNREFUSED');
    return send(call);
  };
  bridge = bridgeSdkTo(fake);
}

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});
afterEach(() => bridge?.restore());

describe('scan exit codes with a region down', () => {
  it('FAILs remain at or above --fail-on → exit 1, and the region is ERROR naming ECONNREFUSED', async () => {
    unreachable('us-west-2');
    const { io: i, out } = io();
    const outcome = await scanCommand(flags(), i, TOOL, false);
    expect(outcome.exitCode).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.exitCode).toBe(1);
    const c29 = report.controls.find((c: { id: string }) => c.id === '2.9');
    expect(c29.status).toBe('FAIL');
    expect(c29.findings.filter((f: { region: string }) => f.region === 'us-west-2').map((f: { status: string; error: { code: string } }) => [f.status, f.error.code]))
      .toEqual([['ERROR', 'ECONNREFUSED'], ['ERROR', 'ECONNREFUSED']]);
  });

  it('a selection with no FAIL (4.2 passes in every other region) → exit 3, never 0', async () => {
    expect(b.statuses['4.2']).toBe('PASS');
    unreachable('eu-west-1');
    const { io: i } = io();
    const outcome = await scanCommand(flags({ control: ['4.2'] }), i, TOOL, false);
    expect(outcome.report.controls.map((c) => c.status)).toEqual(['ERROR']);
    expect(outcome.exitCode).toBe(3);
    const eu = outcome.report.controls[0]!.findings.filter((f) => f.region === 'eu-west-1');
    expect(eu.length).toBeGreaterThan(0);
    expect(eu.every((f) => f.status === 'ERROR' && f.error?.code === 'ECONNREFUSED')).toBe(true);
  });

  it('the same selection with every region up → exit 0 (the region is what made it 3)', async () => {
    bridge = bridgeSdkTo(serveAccount(cleanAccount()));
    const outcome = await scanCommand(flags({ control: ['4.2'] }), io().io, TOOL, false);
    expect(outcome.exitCode).toBe(0);
  });

  it('--fail-on above every remaining FAIL → exit 3 (the unreachable region still makes it incomplete)', async () => {
    unreachable('eu-west-1');
    const outcome = await scanCommand(flags({ control: ['2.9', '4.2'], 'fail-on': 'HIGH' }), io().io, TOOL, false);
    expect(outcome.report.controls.map((c) => [c.id, c.status])).toEqual([['2.9', 'FAIL'], ['4.2', 'ERROR']]);
    expect(outcome.exitCode).toBe(3);
  });
});


