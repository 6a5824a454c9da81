import { UsageError } from '../model/errors.js';

// Shards split the selected accounts deterministically: an account's shard depends only on its id and the shard
// count (the first 4 bytes of sha256(account id) as a big-endian uint32, modulo the count, plus one), so every
// shard of a job array computes the same partition without talking to the others.

export interface Shard {
  /** 1-based, like jest's and playwright's --shard. */
  index: number;
  count: number;
  /** Where i/n came from: the flag, or the job engine's environment variables. */
  source: 'flag' | 'aws-batch' | 'kubernetes' | 'env';
}

export const MAX_SHARDS = 10_000;

/** The 1-based shard an account falls in when the accounts are split into `count` shards. */
export function shardIndexOf(accountId: string, count: number): number {
  // node:crypto on first use: a scan without --shard starts without it (~2 ms, docs/performance.md).
  const digest = process.getBuiltinModule('node:crypto').createHash('sha256').update(accountId, 'utf8').digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** The accounts of `shard`, in the order given. */
export function selectShard<T extends { id: string }>(accounts: T[], shard: Pick<Shard, 'index' | 'count'>): T[] {
  return accounts.filter((a) => shardIndexOf(a.id, shard.count) === shard.index);
}

const HINT = 'give --shard i/n (e.g. 2/5, 1-based), or --shard auto on AWS Batch array jobs, Kubernetes Indexed Jobs (with --shard-count) or CIS_AUDIT_SHARD_INDEX/CIS_AUDIT_SHARD_COUNT';

/** `--shard i/n` or `--shard auto` (index and count from the job engine's environment); undefined when not sharded. */
export function parseShard(flag: string | undefined, env: NodeJS.ProcessEnv, shardCount?: number): Shard | undefined {
  if (flag === undefined) {
    if (shardCount !== undefined) throw new UsageError('--shard-count only applies to --shard auto', HINT);
    return undefined;
  }
  const text = flag.trim();
  if (text === 'auto') return fromEnvironment(env, shardCount);
  if (shardCount !== undefined) throw new UsageError('--shard-count only applies to --shard auto: --shard i/n already gives the count', HINT);
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--shard must be i/n or auto, got ${JSON.stringify(flag)}`, HINT);
  return checked(Number(m[1]), Number(m[2]), 'flag', '--shard');
}

function fromEnvironment(env: NodeJS.ProcessEnv, shardCount: number | undefined): Shard {
  const int = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v.trim() === '') return undefined;
    if (!/^\d+$/.test(v.trim())) throw new UsageError(`${name} must be a whole number, got ${JSON.stringify(v)}`, HINT);
    return Number(v.trim());
  };
  const explicitIndex = int('CIS_AUDIT_SHARD_INDEX');
  if (explicitIndex !== undefined) {
    const count = shardCount ?? int('CIS_AUDIT_SHARD_COUNT');
    if (count === undefined) throw new UsageError('CIS_AUDIT_SHARD_INDEX is set but CIS_AUDIT_SHARD_COUNT is not', HINT);
    return checked(explicitIndex, count, 'env', 'CIS_AUDIT_SHARD_INDEX/CIS_AUDIT_SHARD_COUNT');
  }
  const batchIndex = int('AWS_BATCH_JOB_ARRAY_INDEX');
  if (batchIndex !== undefined) {
    const count = shardCount ?? int('AWS_BATCH_JOB_ARRAY_SIZE');
    if (count === undefined) throw new UsageError('AWS_BATCH_JOB_ARRAY_INDEX is set but AWS_BATCH_JOB_ARRAY_SIZE is not', HINT);
    return checked(batchIndex + 1, count, 'aws-batch', 'AWS_BATCH_JOB_ARRAY_INDEX/AWS_BATCH_JOB_ARRAY_SIZE');
  }
  const k8sIndex = int('JOB_COMPLETION_INDEX');
  if (k8sIndex !== undefined) {
    const count = shardCount ?? int('CIS_AUDIT_SHARD_COUNT');
    if (count === undefined) throw new UsageError('JOB_COMPLETION_INDEX is set, but not the shard count', 'give --shard-count N (the Job\'s completions) or set CIS_AUDIT_SHARD_COUNT');
    return checked(k8sIndex + 1, count, 'kubernetes', 'JOB_COMPLETION_INDEX');
  }
  throw new UsageError('--shard auto found no shard index in the environment', HINT);
}

function checked(index: number, count: number, source: Shard['source'], from: string): Shard {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) throw new UsageError(`${from}: the shard count must be between 1 and ${MAX_SHARDS}, got ${count}`, HINT);
  if (!Number.isInteger(index) || index < 1 || index > count) throw new UsageError(`${from}: shard ${index} of ${count} does not exist (shards are numbered 1 to ${count})`, HINT);
  return { index, count, source };
}
