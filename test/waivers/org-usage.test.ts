import { describe, expect, it } from 'vitest';
import { combineWaiverUsage } from '../../src/waivers/org-usage.js';
import { withStalePenalty } from '../../src/waivers/spec.js';
import type { WaiverUsage } from '../../src/waivers/types.js';

// One waivers file over several accounts: each waiver judged once for the organisation.
const A = '111111111111';
const B = '222222222222';
const base = (id: string) => ({ id, expires: '2027-01-31', reason: `reason ${id}` });
const usage = (u: Partial<WaiverUsage>): WaiverUsage => ({ file: '.cis-audit.yml', active: [], expired: [], stale: [], ...u });

describe('combineWaiverUsage', () => {
  it('active where it covered findings in any account (with those accounts), stale only if in scope somewhere and covering nothing anywhere', () => {
    const combined = combineWaiverUsage([
      {
        account: A,
        usage: usage({
          active: [{ ...base('w1'), matched: 2, owner: 'ops' }],
          stale: [base('w2'), base('w5')],
          expired: [{ ...base('w4'), wouldMatch: 1 }],
          outOfScope: [{ ...base('w3'), accounts: ['333333333333'] }, { ...base('w6'), accounts: [B] }],
        }),
      },
      {
        account: B,
        usage: usage({
          active: [{ ...base('w2'), matched: 1 }, { ...base('w1'), matched: 3 }],
          stale: [base('w5'), base('w6')],
          expired: [{ ...base('w4'), wouldMatch: 0 }],
          outOfScope: [{ ...base('w3'), accounts: ['333333333333'] }],
        }),
      },
    ], true);
    expect(combined).toEqual({
      file: '.cis-audit.yml',
      active: [{ ...base('w1'), matched: 5, owner: 'ops', accounts: [A, B] }, { ...base('w2'), matched: 1, accounts: [B] }],
      expired: [{ ...base('w4'), wouldMatch: 1 }],
      stale: [base('w5'), base('w6')],
      outOfScope: [{ ...base('w3'), accounts: ['333333333333'] }],
      failOnStale: true,
    });
  });

  it('no account used a waivers file: nothing to combine', () => {
    expect(combineWaiverUsage([], false)).toBeUndefined();
  });
});

describe('withStalePenalty', () => {
  it('--fail-on-stale-waivers turns 0 and 3 into 1 when a waiver is stale, and changes nothing else', () => {
    expect([0, 1, 2, 3].map((c) => withStalePenalty(c, 1, true))).toEqual([1, 1, 2, 1]);
    expect([0, 1, 2, 3].map((c) => withStalePenalty(c, 0, true))).toEqual([0, 1, 2, 3]);
    expect([0, 1, 2, 3].map((c) => withStalePenalty(c, 2, false))).toEqual([0, 1, 2, 3]);
  });
});
