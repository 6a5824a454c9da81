import type { RecordedCall } from '../snapshot/format.js';
import { toSnapshotJson } from '../snapshot/normalize.js';
import { AwsCallError, normalizeSdkError } from './errors.js';
import { Semaphore } from './limiter.js';
import type { ServiceName } from './services.js';
import type { AwsCall, AwsTransport } from './transport.js';

export interface ReaderOptions {
  concurrency?: number;
  /** Record every call for `collect` (snapshot output). */
  record?: boolean;
  onCall?: (call: AwsCall) => void;
}

/** The collection layer's single door to AWS: bounded concurrency, call counting, optional recording. */
export class AwsReader {
  readonly calls = new Map<string, number>();
  readonly recorded: RecordedCall[] = [];
  private readonly gate: Semaphore;

  constructor(
    private readonly transport: AwsTransport,
    private readonly options: ReaderOptions = {},
  ) {
    this.gate = new Semaphore(options.concurrency ?? 16);
  }

  async call<T = Record<string, unknown>>(
    service: ServiceName,
    region: string,
    operation: string,
    input: Record<string, unknown> = {},
  ): Promise<T> {
    const call: AwsCall = { service, region, operation, input };
    const name = `${service}:${operation}`;
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    this.options.onCall?.(call);
    try {
      const output = await this.gate.run(() => this.transport.send(call));
      if (this.options.record) this.recorded.push({ ...call, input: clone(input), output: toSnapshotJson(output) as Record<string, unknown> });
      return output as T;
    } catch (err) {
      const e = err instanceof AwsCallError ? err : normalizeSdkError(call, err);
      if (this.options.record) this.recorded.push({ ...call, input: clone(input), error: { code: e.code, message: e.message } });
      throw e;
    }
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
