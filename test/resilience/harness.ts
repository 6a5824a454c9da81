import { expect } from 'vitest';
import { AwsCallError } from '../../src/aws/errors.js';
import type { RetryPolicy } from '../../src/aws/retry.js';
import { callKey, type AwsCall, type AwsTransport } from '../../src/aws/transport.js';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import type { ControlDef } from '../../src/benchmark/control.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { runScan, type ScanResult } from '../../src/engine/scan.js';
import type { Finding } from '../../src/model/finding.js';
import type { Status } from '../../src/model/status.js';
import { serveAccount, type FakeAccount } from '../fake-aws/account.js';
import { DEMO_COLLECTED_AT, demoAccount } from '../fake-aws/demo-account.js';
import type { FakeAws } from '../fake-aws/fake-aws.js';

// Shared machinery of the resilience suite: the clean baseline, a chaos transport that wraps FakeAws, a seeded
// PRNG, and the "only what depends on the fault may change, and never to PASS" comparison.

export const ALL_CONTROLS = CIS_AWS_1_2_0.controls;
export const HOME = 'us-east-1';

/** The demo story without its ap-southeast-2 SCP: every read answers, so every fault we inject is the only one. */
export function cleanAccount(): FakeAccount {
  const a = demoAccount();
  a.errors = [];
  return a;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same storm on every machine. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const opName = (c: Pick<AwsCall, 'service' | 'operation'>) => `${c.service}:${c.operation}`;

/** What a chaos rule may do with one attempt of a call: throw, or rewrite the answer. */
export interface ChaosRule {
  /** Throw to fail this attempt (before the account is asked). */
  before?(call: AwsCall, attempt: number): void;
  /** Return a replacement for the account's answer. */
  after?(call: AwsCall, output: Record<string, unknown>): Record<string, unknown>;
}

/** Wraps any transport (normally FakeAws): counts attempts per exact call and applies chaos rules in order. */
export class ChaosTransport implements AwsTransport {
  readonly attempts = new Map<string, number>();
  /** Faults thrown by rules, by service:operation. */
  readonly injected = new Map<string, number>();

  constructor(
    private readonly inner: AwsTransport,
    private readonly rules: ChaosRule[],
  ) {}

  async send(call: AwsCall): Promise<Record<string, unknown>> {
    const key = callKey(call);
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    try {
      for (const r of this.rules) r.before?.(call, attempt);
    } catch (err) {
      this.injected.set(opName(call), (this.injected.get(opName(call)) ?? 0) + 1);
      throw err;
    }
    let out = await this.inner.send(call);
    for (const r of this.rules) if (r.after) out = r.after(call, out);
    return out;
  }

  get totalInjected(): number {
    let n = 0;
    for (const v of this.injected.values()) n += v;
    return n;
  }
}

export const throttle = (call: AwsCall) =>
  new AwsCallError(call, 'ThrottlingException', `Rate exceeded (${call.service}:${call.operation})`);

/**
 * A throttling storm: each attempt is throttled with probability `rate`, but never more than `maxRun` times in a
 * row for the same exact call (so a reader with `maxRun + 1` attempts always gets through).
 */
export function throttlingStorm(seed: number, rate: number, maxRun: number): ChaosRule {
  const random = mulberry32(seed);
  const run = new Map<string, number>();
  return {
    before(call) {
      const key = callKey(call);
      const inRow = run.get(key) ?? 0;
      if (inRow < maxRun && random() < rate) {
        run.set(key, inRow + 1);
        throw throttle(call);
      }
      run.set(key, 0);
    },
  };
}

/** Every exact call of `op` is throttled `times` times in a row, then answered. */
export function throttleBurst(op: string, times: number, region?: string): ChaosRule {
  const seen = new Map<string, number>();
  return {
    before(call) {
      if (opName(call) !== op || (region && call.region !== region)) return;
      const key = callKey(call);
      const n = seen.get(key) ?? 0;
      if (n < times) {
        seen.set(key, n + 1);
        throw throttle(call);
      }
    },
  };
}

export interface ScanOptions {
  controls?: ControlDef[];
  retry?: RetryPolicy;
  regions?: string[];
  callTimeoutMs?: number;
  concurrency?: number;
}

export interface Sleeps {
  count: number;
  totalMs: number;
}

/** runScan in-process, like `scan --snapshot` evaluates it: fixed collection time, no-op sleeps (counted). */
export async function scan(transport: AwsTransport, o: ScanOptions = {}): Promise<ScanResult & { sleeps: Sleeps }> {
  const sleeps: Sleeps = { count: 0, totalMs: 0 };
  const sleep = async (ms: number) => {
    sleeps.count++;
    sleeps.totalMs += ms;
  };
  const result = await runScan({
    controls: o.controls ?? ALL_CONTROLS,
    transport,
    homeRegion: HOME,
    collectedAt: new Date(DEMO_COLLECTED_AT),
    options: DEFAULT_CHECK_OPTIONS,
    concurrency: o.concurrency ?? 8,
    sleep,
    ...(o.regions ? { regions: o.regions } : {}),
    readerOptions: {
      retry: o.retry ?? { attempts: 1, baseMs: 0, capMs: 0 },
      sleep,
      ...(o.callTimeoutMs ? { callTimeoutMs: o.callTimeoutMs } : {}),
    },
  });
  return Object.assign(result, { sleeps });
}

export const statuses = (r: Pick<ScanResult, 'controls'>): Record<string, Status> =>
  Object.fromEntries(r.controls.map((c) => [c.control.id, c.status]));

export const findingsOf = (r: Pick<ScanResult, 'controls'>): Record<string, Finding[]> =>
  Object.fromEntries(r.controls.map((c) => [c.control.id, c.findings]));

export interface Baseline {
  result: ScanResult;
  statuses: Record<string, Status>;
  findings: Record<string, Finding[]>;
  /** Every distinct service:operation the full scan called. */
  ops: string[];
  /** Per control: the service:operations a scan of that control alone calls. */
  opsByControl: Record<string, Set<string>>;
  /** Regions the scan covered. */
  regions: string[];
}

/** The clean run, plus one scan per control to learn exactly which reads each control depends on. */
export async function baseline(account: () => FakeAccount = cleanAccount): Promise<Baseline> {
  const fake = serveAccount(account());
  const result = await scan(fake);
  const ops = [...new Set(fake.log.map(opName))].sort();
  const opsByControl: Record<string, Set<string>> = {};
  for (const control of ALL_CONTROLS) {
    const one = serveAccount(account());
    await scan(one, { controls: [control] });
    opsByControl[control.id] = new Set(one.log.map(opName));
  }
  return { result, statuses: statuses(result), findings: findingsOf(result), ops, opsByControl, regions: result.regions };
}

export const dependsOn = (b: Baseline, controlId: string, op: string) => b.opsByControl[controlId]?.has(op) === true;

/** Every finding can be shown to a person: resource, region and message are non-empty text. */
export function expectWellFormed(r: Pick<ScanResult, 'controls'>): void {
  for (const c of r.controls) {
    expect(c.findings.length, `${c.control.id} has no finding`).toBeGreaterThan(0);
    for (const f of c.findings) {
      const where = `${c.control.id}: ${JSON.stringify(f).slice(0, 300)}`;
      expect(typeof f.resource === 'string' && f.resource.length > 0, where).toBe(true);
      expect(typeof f.region === 'string' && f.region.length > 0, where).toBe(true);
      expect(typeof f.message === 'string' && f.message.length > 0, where).toBe(true);
      if (f.status === 'ERROR') expect(f.error, `ERROR without the read that failed: ${where}`).toBeDefined();
    }
  }
}

/**
 * A fault in `op` (deny, throttle past the budget): controls that never call `op` keep status and findings exactly;
 * those that do either keep their status or turn ERROR (a FAIL provable from other data stays FAIL); nothing
 * becomes PASS; and the fault is visible as a finding naming the operation and the error code.
 */
export function expectOnlyDependentsDegrade(b: Baseline, r: ScanResult, op: string, code: string): void {
  const after = statuses(r);
  const [service, operation] = op.split(':');
  for (const c of r.controls) {
    const id = c.control.id;
    const before = b.statuses[id]!;
    if (!dependsOn(b, id, op)) {
      expect({ id, status: after[id], findings: c.findings }).toEqual({ id, status: before, findings: b.findings[id] });
      continue;
    }
    if (after[id] !== before) expect({ id, before, after: after[id] }).toEqual({ id, before, after: 'ERROR' });
    if (before === 'FAIL') expect(['FAIL', 'ERROR'], `${id} was FAIL`).toContain(after[id]);
    // All-of controls that called the operation cannot have a complete verdict without it.
    if (c.control.aggregation === 'all' && before !== 'FAIL') expect({ id, after: after[id] }).toEqual({ id, after: 'ERROR' });
  }
  // Visible: an ERROR finding whose error is the read, or (where a FAIL stayed provable without it) the verdict's
  // evidence records the failed read.
  const all = r.controls.flatMap((c) => c.findings);
  const named = all.filter((f) => f.error?.operation === operation && f.error?.service === service);
  expect(named.every((f) => f.status === 'ERROR'), `a non-ERROR finding carries the ${op} error`).toBe(true);
  const visible = named.filter((f) => f.error!.code === code).length
    + all.filter((f) => f.evidence.some((e) => e.source === op && e.field === 'error' && (e.value as { code?: string } | null)?.code === code)).length;
  expect(visible, `no finding shows that ${op} failed with ${code}`).toBeGreaterThan(0);
}

/** Patches a FakeAws so its answers (and failures) go through chaos rules; returns the original send. */
export function chaosOn(fake: FakeAws, rules: ChaosRule[]): ChaosTransport {
  const inner = { send: fake.send.bind(fake) };
  const chaos = new ChaosTransport(inner, rules);
  fake.send = (call) => chaos.send(call);
  return chaos;
}
