import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { serveAccount } from '../fake-aws/account.js';
import {
  baseline, ChaosTransport, chaosOn, expectOnlyDependentsDegrade, expectWellFormed, findingsOf, scan, statuses,
  throttleBurst, throttlingStorm, cleanAccount,
} from './harness.js';

// Throttling that outlives the SDK's retries: the reader retries it (injectable sleep, here a no-op) up to its
// budget. Within the budget nothing may change; past it, only what needed the throttled data may, and only to ERROR.

const b = await baseline();
const BOOTSTRAP = ['sts:GetCallerIdentity', 'ec2:DescribeRegions'];
const policy = (attempts: number) => ({ attempts, baseMs: 100, capMs: 1_000 });

describe('throttling storm within the retry budget', () => {
  it.each([
    { attempts: 2, seed: 1 },
    { attempts: 3, seed: 7 },
    { attempts: 5, seed: 42 },
    { attempts: 5, seed: 2026 },
    { attempts: 8, seed: 99 },
  ])('~30% of calls throttled, never $attempts times in a row (seed $seed) → the same statuses and findings', async ({ attempts, seed }) => {
    const fake = serveAccount(cleanAccount());
    const chaos = new ChaosTransport(fake, [throttlingStorm(seed, 0.3, attempts - 1)]);
    const r = await scan(chaos, { retry: policy(attempts) });

    expect(statuses(r)).toEqual(b.statuses);
    expect(findingsOf(r)).toEqual(b.findings);
    // The storm really happened, hit many operations, and every throttle was retried through the no-op sleep.
    const calls = fake.log.length;
    expect(chaos.totalInjected).toBeGreaterThan(calls * 0.15);
    expect(chaos.injected.size).toBeGreaterThan(10);
    expect(r.reader.totalRetries).toBe(chaos.totalInjected);
    expect(r.sleeps.count).toBe(chaos.totalInjected);
    expect(r.sleeps.totalMs).toBeLessThanOrEqual(chaos.totalInjected * 1_000);
    expect(r.unexpectedErrors).toEqual([]);
  });

  it('the storm is deterministic: the same seed throttles the same calls', async () => {
    const runs = await Promise.all([1, 2].map(async () => {
      const chaos = new ChaosTransport(serveAccount(cleanAccount()), [throttlingStorm(5, 0.3, 2)]);
      await scan(chaos, { retry: policy(3), concurrency: 1 });
      return Object.fromEntries(chaos.injected);
    }));
    expect(runs[0]).toEqual(runs[1]);
  });
});

const readOps = b.ops.filter((op) => !BOOTSTRAP.includes(op));

describe('throttled beyond the budget', () => {
  it('the clean run exercises the operations this table walks', () => {
    expect(readOps.length).toBeGreaterThanOrEqual(25);
  });

  it.each(readOps)('%s throttled N-1 times in a row → identical; N times → its dependents ERROR naming it', async (op) => {
    const attempts = 3;
    const within = await scan(new ChaosTransport(serveAccount(cleanAccount()), [throttleBurst(op, attempts - 1)]), { retry: policy(attempts) });
    expect(findingsOf(within)).toEqual(b.findings);
    expect(within.reader.retries.get(op)).toBeGreaterThan(0);

    const chaos = new ChaosTransport(serveAccount(cleanAccount()), [throttleBurst(op, attempts)]);
    const beyond = await scan(chaos, { retry: policy(attempts) });
    expectWellFormed(beyond);
    expectOnlyDependentsDegrade(b, beyond, op, 'ThrottlingException');
    // Each distinct call of the operation used its whole budget, no more.
    const distinct = [...chaos.attempts.keys()].filter((k) => { const [s, , o] = k.split('|'); return `${s}:${o}` === op; }).length;
    expect(distinct).toBeGreaterThan(0);
    expect(beyond.reader.retries.get(op)).toBe(distinct * (attempts - 1));
  });

  it('one region throttled past the budget: only that region\'s findings change, to ERROR', async () => {
    const op = 'ec2:DescribeSecurityGroupRules';
    const r = await scan(new ChaosTransport(serveAccount(cleanAccount()), [throttleBurst(op, 5, 'eu-west-1')]), { retry: policy(5) });
    for (const id of ['4.1', '4.2', '4.3']) {
      const c = r.controls.find((x) => x.control.id === id)!;
      const eu = c.findings.filter((f) => f.region === 'eu-west-1');
      expect(eu.map((f) => f.status)).toEqual(['ERROR']);
      expect(eu[0]!.error).toMatchObject({ operation: 'DescribeSecurityGroupRules', region: 'eu-west-1', code: 'ThrottlingException' });
      expect(c.findings.filter((f) => f.region !== 'eu-west-1')).toEqual(b.findings[id]!.filter((f) => f.region !== 'eu-west-1'));
    }
    // 4.2 passed everywhere: an unreadable region makes it ERROR, never PASS.
    expect(statuses(r)['4.2']).toBe('ERROR');
  });

  it.each(BOOTSTRAP)('%s throttled past the budget → a usage error naming it (exit 2), not a partial scan', async (op) => {
    const fake = serveAccount(cleanAccount());
    chaosOn(fake, [throttleBurst(op, 3)]);
    const err = await scan(fake, { retry: policy(3) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(op);
    expect((err as Error).message).toContain('ThrottlingException');
  });
});
