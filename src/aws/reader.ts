import type { RecordedCall } from './recorded-call.js';
import { toSnapshotJson } from './wire-json.js';
import { AwsCallError, normalizeSdkError } from './errors.js';
import { checkResponse } from './response-shapes.js';
import { Semaphore, type CallPriority } from './limiter.js';
import type { RateLimiter } from './rate-limit.js';
import { backoffMs, isThrottling, type RetryPolicy } from './retry.js';
import type { ServiceName } from './services.js';
import type { AwsCall, AwsTransport } from './transport.js';

export interface ReaderOptions {
  concurrency?: number;
  /** Record every call for `collect` (snapshot output). */
  record?: boolean;
  onCall?: (call: AwsCall) => void;
  /** Client-side rate limit per service and region (none when replaying a snapshot). */
  limiter?: (service: ServiceName, region: string) => RateLimiter;
  /** Retries for throttling that escaped the SDK (live scans use DEFAULT_RETRY; none by default). */
  retry?: RetryPolicy;
  /** A call (SDK retries included) that takes longer fails with TimeoutError → ERROR, never a hung scan. */
  callTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A connection budget shared with other readers (one per account of a multi-account scan); default its own. */
  gate?: Semaphore;
}

/** Calls in flight at once by default: API quotas are guarded by the per-service rate limits, this bounds sockets. */
export const DEFAULT_CONCURRENCY = 128;

const NO_RETRY: RetryPolicy = { attempts: 1, baseMs: 0, capMs: 0 };
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The collection layer's single door to AWS: bounded concurrency, call counting, optional recording. */
export class AwsReader {
  readonly calls = new Map<string, number>();
  /** Throttling retries made at this level, by operation. */
  readonly retries = new Map<string, number>();
  readonly recorded: RecordedCall[] = [];
  private readonly gate: Semaphore;

  constructor(
    private readonly transport: AwsTransport,
    private readonly options: ReaderOptions = {},
  ) {
    this.gate = options.gate ?? new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  }

  async call<T = Record<string, unknown>>(
    service: ServiceName,
    region: string,
    operation: string,
    input: Record<string, unknown> = {},
    /** Which calls get a free connection first (see Semaphore). */
    priority: CallPriority = 'normal',
  ): Promise<T> {
    const call: AwsCall = { service, region, operation, input };
    const name = `${service}:${operation}`;
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    this.options.onCall?.(call);
    let output: Record<string, unknown>;
    try {
      output = await this.sendWithRetries(call, name, priority);
    } catch (err) {
      const e = err instanceof AwsCallError ? err : normalizeSdkError(call, err);
      if (this.options.record) this.recorded.push({ ...call, input: clone(input), error: { code: e.code, message: e.message } });
      throw e;
    }
    // Recorded as AWS sent it, then checked: a replay of the snapshot meets the same UnexpectedResponse.
    if (this.options.record) this.recorded.push({ ...call, input: clone(input), output: toSnapshotJson(output) as Record<string, unknown> });
    checkResponse(call, output);
    return output as T;
  }

  private async sendWithRetries(call: AwsCall, name: string, priority: CallPriority): Promise<Record<string, unknown>> {
    const policy = this.options.retry ?? NO_RETRY;
    const sleep = this.options.sleep ?? defaultSleep;
    for (let attempt = 0; ; attempt++) {
      try {
        // The rate token is taken before a concurrency slot, so a call waiting on its quota holds no slot.
        await this.options.limiter?.(call.service, call.region).take();
        return await this.gate.run(() => this.withTimeout(call, (signal) => this.transport.send(call, signal ? { signal } : {})), priority);
      } catch (err) {
        if (!isThrottling(err) || attempt + 1 >= policy.attempts) throw err;
        this.retries.set(name, (this.retries.get(name) ?? 0) + 1);
        await sleep(backoffMs(attempt, policy));
      }
    }
  }

  /** Gives the call up after callTimeoutMs and aborts it, so its socket is closed rather than left waiting. */
  private withTimeout<T>(call: AwsCall, work: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.options.callTimeoutMs;
    if (!ms) return work();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new AwsCallError(call, 'TimeoutError', `no answer within ${ms / 1000} s`);
        reject(err);
        controller.abort(err);
      }, ms);
    });
    return Promise.race([work(controller.signal), timeout]).finally(() => clearTimeout(timer));
  }

  get totalRetries(): number {
    let n = 0;
    for (const c of this.retries.values()) n += c;
    return n;
  }

  get totalCalls(): number {
    let n = 0;
    for (const c of this.calls.values()) n += c;
    return n;
  }
}

function clone(input: Record<string, unknown>): Record<string, unknown> {
  return toSnapshotJson(input) as Record<string, unknown>;
}

/** What a call is to its datum: the next page of a list (a chain: urgent), or one of many per-resource reads. */
export type CallRole = 'page' | 'per-resource';

/** The calls of one datum: all urgent when other datums wait for it. */
export interface ReaderView {
  call<T = Record<string, unknown>>(
    service: ServiceName, region: string, operation: string, input?: Record<string, unknown>, role?: CallRole,
  ): Promise<T>;
}

export function readerView(reader: AwsReader, urgent: boolean): ReaderView {
  const priorityOf = (role?: CallRole): CallPriority =>
    urgent || role === 'page' ? 'urgent' : role === 'per-resource' ? 'bulk' : 'normal';
  return { call: (service, region, operation, input = {}, role) => reader.call(service, region, operation, input, priorityOf(role)) };
}
