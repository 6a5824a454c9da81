import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeBounds } from '../../bench/bounds.js';
import { generateAccount } from '../../bench/generate.js';
import { parseArgs, runBench, TARGETS } from '../../bench/run.js';

// A fast smoke test of the scan benchmark (the figures come from `npm run bench`, never from a timed test).
describe('scan benchmark', () => {
  it('generates the same account every time', () => {
    expect(JSON.stringify(generateAccount('small').model)).toBe(JSON.stringify(generateAccount('small').model));
  });

  it('computes the minimal calls and the bound from the account alone', () => {
    const b = computeBounds(generateAccount('large'), 50);
    // 17 regions × (4 EC2 lists + DescribeTrails + 3 Config + ListKeys + 12 DescribeKey) at least.
    expect(b.minimalCalls).toBeGreaterThan(17 * 21);
    // DescribeRegions → DescribeTrails → GetTrailStatus → DescribeMetricFilters → DescribeAlarms → ListSubscriptionsByTopic.
    expect(b.chainCalls).toBeGreaterThanOrEqual(6);
    expect(b.boundMs).toBe(Math.max(b.chainMs, b.rateMs));
    expect(b.minimalByOperation['iam:GetAccountAuthorizationDetails']).toBe(3); // 2,000 users at 1,000 a page, policies
    // 1.20 reads only the roles AWSSupportAccess is attached to (one in 1,000): one page, not the role list.
    expect(b.minimalByOperation['iam:ListEntitiesForPolicy']).toBe(1);
    expect(b.groups.filter((g) => g.operation === 'GetAccountAuthorizationDetails').map((g) => g.id).sort()).toEqual(['iam.policies', 'iam.users']);
  });

  it('scans the small account with the live reader options: minimal calls, a verdict for every control', async () => {
    const bench = generateAccount('small');
    const r = await runBench(bench, { latencyMs: 1, concurrency: 16, runs: 1 });
    expect(r.controls).toBe(43);
    expect(r.unexpectedErrors).toBe(0);
    expect(Object.keys(r.statuses).every((s) => ['PASS', 'FAIL', 'NOT_APPLICABLE'].includes(s))).toBe(true);
    expect(r.calls).toBeGreaterThanOrEqual(r.bound.minimalCalls);
    expect(r.calls).toBeLessThanOrEqual(TARGETS.callsOverMinimal * r.bound.minimalCalls);
    expect(r.retries).toBe(0);
    for (const [op, c] of Object.entries(r.callsByOperation)) {
      expect(c.calls, op).toBeGreaterThanOrEqual(c.minimal);
    }
  });
});

describe('npm run bench arguments', () => {
  it('writes to the ignored .bench-out/ by default, and to the committed bench/results/ only with --update-results', () => {
    expect(parseArgs(['--scale', 'all']).out).toBe('.bench-out');
    expect(parseArgs(['--scale', 'all', '--update-results']).out).toBe('bench/results');
    expect(parseArgs(['--out', '/tmp/b']).out).toBe('/tmp/b');
    expect(() => parseArgs(['--update-results', '--out', '/tmp/b'])).toThrow(/cannot be combined with --out/);
  });

  it('.bench-out/ is git-ignored', () => {
    const ignore = readFileSync(new URL('../../.gitignore', import.meta.url), 'utf8').split('\n');
    expect(ignore).toContain('.bench-out/');
  });
});
