import { describe, expect, it } from 'vitest';
import { parseShard, selectShard, shardIndexOf } from '../../src/engine/shard.js';
import { UsageError } from '../../src/model/errors.js';

const ids = Array.from({ length: 200 }, (_, i) => String(100000000000 + i * 7919));

describe('shards', () => {
  it('puts each account in exactly one shard, by a stable hash of its id', () => {
    for (const n of [1, 2, 5]) {
      const slices = Array.from({ length: n }, (_, i) => selectShard(ids.map((id) => ({ id })), { index: i + 1, count: n }).map((a) => a.id));
      expect(slices.flat().sort()).toEqual([...ids].sort());
      expect(new Set(slices.flat()).size).toBe(ids.length);
      if (n > 1) for (const s of slices) expect(s.length).toBeGreaterThan(ids.length / n / 2);
    }
    // sha256("111122223333") starts 0xaeb22166: pinned, so a change of hash (which reshuffles every job array) is visible.
    expect(shardIndexOf('111122223333', 1)).toBe(1);
    expect([2, 3, 5, 7].map((n) => shardIndexOf('111122223333', n))).toEqual([0xaeb22166 % 2 + 1, 0xaeb22166 % 3 + 1, 0xaeb22166 % 5 + 1, 0xaeb22166 % 7 + 1]);
    expect([2, 3, 5, 7].map((n) => shardIndexOf('111122223333', n))).toEqual([1, 2, 3, 2]);
    expect(Array.from({ length: 5 }, (_, i) => shardIndexOf(ids[i]!, 5))).toEqual([4, 1, 3, 3, 4]);
  });

  it('parses --shard i/n (1-based) and refuses impossible shards', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5, source: 'flag' });
    expect(parseShard(undefined, {})).toBeUndefined();
    for (const bad of ['0/5', '6/5', '1/0', 'two/5', '1-5', '']) expect(() => parseShard(bad, {}), bad).toThrow(UsageError);
    expect(() => parseShard('1/2', {}, 3)).toThrow(/--shard-count only applies to --shard auto/);
  });

  it('--shard auto reads AWS Batch, Kubernetes Indexed Jobs and explicit variables', () => {
    expect(parseShard('auto', { AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '4' })).toEqual({ index: 1, count: 4, source: 'aws-batch' });
    expect(parseShard('auto', { AWS_BATCH_JOB_ARRAY_INDEX: '3', AWS_BATCH_JOB_ARRAY_SIZE: '4' })).toMatchObject({ index: 4, count: 4 });
    expect(() => parseShard('auto', { AWS_BATCH_JOB_ARRAY_INDEX: '4', AWS_BATCH_JOB_ARRAY_SIZE: '4' })).toThrow(/shard 5 of 4 does not exist/);
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '2' }, 3)).toEqual({ index: 3, count: 3, source: 'kubernetes' });
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '0', CIS_AUDIT_SHARD_COUNT: '2' })).toMatchObject({ index: 1, count: 2, source: 'kubernetes' });
    expect(() => parseShard('auto', { JOB_COMPLETION_INDEX: '0' })).toThrow(/shard count/);
    expect(parseShard('auto', { CIS_AUDIT_SHARD_INDEX: '2', CIS_AUDIT_SHARD_COUNT: '2', AWS_BATCH_JOB_ARRAY_INDEX: '0' })).toEqual({ index: 2, count: 2, source: 'env' });
    expect(() => parseShard('auto', { CIS_AUDIT_SHARD_INDEX: 'x', CIS_AUDIT_SHARD_COUNT: '2' })).toThrow(UsageError);
    expect(() => parseShard('auto', {})).toThrow(/found no shard index/);
  });
});
