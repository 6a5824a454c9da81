import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/aws/errors.js';
import { RateLimiter, limiterFactory, DEFAULT_RATES } from '../../src/aws/rate-limit.js';
import { AwsReader } from '../../src/aws/reader.js';
import { backoffMs, isThrottling } from '../../src/aws/retry.js';
import type { AwsCall, AwsTransport } from '../../src/aws/transport.js';

// API-quota manners: rate limits, throttling retries with jittered backoff, per-call timeouts.
function scripted(answers: Array<'throttle' | 'ok' | 'deny' | 'hang'>): AwsTransport & { sent: AwsCall[] } {
  const sent: AwsCall[] = [];
  return {
    sent,
    async send(call) {
      const a = answers[sent.length] ?? 'ok';
      sent.push(call);
      if (a === 'throttle') throw new AwsCallError(call, 'ThrottlingException', 'Rate exceeded');
      if (a === 'deny') throw new AwsCallError(call, 'AccessDeniedException', 'no');
      if (a === 'hang') return new Promise(() => {});
      return { SummaryMap: { Users: 1 } };
    },
  };
}

describe('RateLimiter', () => {
  it('lets a burst through, then spaces calls at the rate', async () => {
    let clock = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter(5, 2, () => clock, async (ms) => {
      waits.push(ms);
      clock += ms;
    });
    for (let i = 0; i < 5; i++) await limiter.take();
    // 2 immediate (burst), then one every 200 ms.
    expect(waits).toEqual([200, 200, 200]);
    expect(clock).toBe(600);
  });

  it('refills while idle', async () => {
    let clock = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter(10, 1, () => clock, async (ms) => void waits.push(ms));
    await limiter.take();
    clock = 1000;
    await limiter.take();
    expect(waits).toEqual([]);
  });

  it('defaults per service are below AWS limits and --max-rps overrides them all', () => {
    expect(limiterFactory()('logs', 'us-east-1').rate).toBe(DEFAULT_RATES.logs);
    expect(limiterFactory(2)('ec2', 'us-east-1').rate).toBe(2);
    const f = limiterFactory();
    expect(f('ec2', 'us-east-1')).toBe(f('ec2', 'us-east-1'));
    expect(f('ec2', 'us-east-1')).not.toBe(f('ec2', 'eu-west-1'));
  });
});

describe('AwsReader retries and timeouts', () => {
  const noSleep = async () => {};

  it('retries throttling up to the budget and succeeds, counting the retries', async () => {
    const t = scripted(['throttle', 'throttle', 'throttle', 'throttle', 'ok']);
    const reader = new AwsReader(t, { retry: { attempts: 5, baseMs: 1, capMs: 2 }, sleep: noSleep });
    await expect(reader.call('iam', 'us-east-1', 'GetAccountSummary')).resolves.toEqual({ SummaryMap: { Users: 1 } });
    expect(t.sent).toHaveLength(5);
    expect(reader.totalRetries).toBe(4);
    expect(reader.calls.get('iam:GetAccountSummary')).toBe(1);
  });

  it('gives up past the budget with the throttling error (→ ERROR upstream)', async () => {
    const t = scripted(['throttle', 'throttle', 'throttle', 'ok']);
    const reader = new AwsReader(t, { retry: { attempts: 3, baseMs: 1, capMs: 2 }, sleep: noSleep });
    await expect(reader.call('iam', 'us-east-1', 'GetAccountSummary')).rejects.toMatchObject({ code: 'ThrottlingException' });
    expect(t.sent).toHaveLength(3);
  });

  it('never retries a denial', async () => {
    const t = scripted(['deny', 'ok']);
    const reader = new AwsReader(t, { sleep: noSleep });
    await expect(reader.call('kms', 'eu-west-1', 'ListKeys')).rejects.toMatchObject({ code: 'AccessDeniedException' });
    expect(t.sent).toHaveLength(1);
  });

  it('a hung endpoint becomes a TimeoutError instead of hanging the scan', async () => {
    const reader = new AwsReader(scripted(['hang']), { callTimeoutMs: 30 });
    await expect(reader.call('ec2', 'ap-south-1', 'DescribeVpcs')).rejects.toMatchObject({ code: 'TimeoutError', call: { region: 'ap-south-1' } });
  });

  it('backoff is full jitter, exponential, capped', () => {
    const policy = { attempts: 5, baseMs: 100, capMs: 1000 };
    expect(backoffMs(0, policy, () => 0.999)).toBe(99);
    expect(backoffMs(3, policy, () => 0.5)).toBe(400);
    expect(backoffMs(10, policy, () => 0.999)).toBe(999);
    expect(backoffMs(2, policy, () => 0)).toBe(0);
  });

  it('recognises throttling codes with and without the Exception suffix', () => {
    const call = { service: 'ec2', region: 'us-east-1', operation: 'DescribeVpcs' } as const;
    expect(isThrottling(new AwsCallError(call, 'RequestLimitExceeded', ''))).toBe(true);
    expect(isThrottling(new AwsCallError(call, 'Throttling', ''))).toBe(true);
    expect(isThrottling(new AwsCallError(call, 'AccessDenied', ''))).toBe(false);
    expect(isThrottling(new Error('Throttling'))).toBe(false);
  });
});

describe('Semaphore', () => {
  it('never runs more than its limit, and hands a freed slot to urgent, then normal, then bulk work (FIFO within each)', async () => {
    const { Semaphore } = await import('../../src/aws/limiter.js');
    const gate = new Semaphore(2);
    const order: string[] = [];
    let active = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const task = (name: string) => () => new Promise<void>((resolve) => {
      order.push(name);
      active++;
      peak = Math.max(peak, active);
      releases.push(() => { active--; resolve(); });
    });
    const all = [
      gate.run(task('a')), gate.run(task('b')),
      gate.run(task('bulk1'), 'bulk'), gate.run(task('normal1')), gate.run(task('bulk2'), 'bulk'),
      gate.run(task('urgent1'), 'urgent'), gate.run(task('normal2'), 'normal'), gate.run(task('urgent2'), 'urgent'),
    ];
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['a', 'b']);
    releases.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['a', 'b', 'urgent1']);
    while (releases.length) {
      releases.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'urgent1', 'urgent2', 'normal1', 'normal2', 'bulk1', 'bulk2']);
    expect(peak).toBe(2);
  });
});

describe('readerView priorities', () => {
  it('sends next pages first and per-resource reads last when connections are scarce; an urgent datum\'s calls all go first', async () => {
    const { readerView } = await import('../../src/aws/reader.js');
    const sent: string[] = [];
    const held: Array<() => void> = [];
    const transport: AwsTransport = {
      send: (call) => new Promise((resolve) => {
        sent.push(String(call.input.id));
        // Every member these operations must carry, so each answer passes its shape check.
        held.push(() => resolve({ Keys: [], KeyMetadata: {}, Vpcs: [] }));
      }),
    };
    const reader = new AwsReader(transport, { concurrency: 1 });
    const plain = readerView(reader, false);
    const urgentDatum = readerView(reader, true);
    const all = [
      plain.call('kms', 'us-east-1', 'ListKeys', { id: 'first' }),
      plain.call('kms', 'us-east-1', 'DescribeKey', { id: 'per-resource' }, 'per-resource'),
      plain.call('ec2', 'us-east-1', 'DescribeVpcs', { id: 'normal' }),
      plain.call('iam', 'us-east-1', 'GetAccountAuthorizationDetails', { id: 'page' }, 'page'),
      urgentDatum.call('kms', 'us-east-1', 'DescribeKey', { id: 'urgent-datum-resource' }, 'per-resource'),
    ];
    while (sent.length < all.length) {
      await new Promise((r) => setTimeout(r, 0));
      held.shift()?.();
    }
    await Promise.all(all);
    expect(sent).toEqual(['first', 'page', 'urgent-datum-resource', 'normal', 'per-resource']);
  });
});
