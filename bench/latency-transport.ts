import { AwsCallError } from '../src/aws/errors.js';
import { callKey, type AwsCall, type AwsTransport } from '../src/aws/transport.js';

// Wraps a transport (the in-memory fake AWS) with a fixed per-call latency, and counts what reaches it:
// calls by operation and by limiter bucket (service|region), and the most calls ever in flight at once.
export class LatencyTransport implements AwsTransport {
  readonly byOperation = new Map<string, number>();
  readonly byBucket = new Map<string, number>();
  total = 0;
  inFlight = 0;
  peakInFlight = 0;

  constructor(
    private readonly inner: AwsTransport,
    readonly latencyMs: number,
  ) {}

  async send(call: AwsCall): Promise<Record<string, unknown>> {
    this.total++;
    const op = `${call.service}:${call.operation}`;
    this.byOperation.set(op, (this.byOperation.get(op) ?? 0) + 1);
    const bucket = `${call.service}|${call.region}`;
    this.byBucket.set(bucket, (this.byBucket.get(bucket) ?? 0) + 1);
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, this.latencyMs));
      return await this.inner.send(call);
    } finally {
      this.inFlight--;
    }
  }
}

/**
 * Answers each distinct call (service, region, operation, input) from the inner transport once, then from memory.
 * The fake AWS rebuilds and deep-copies every response, which on a 2-core machine costs more CPU than the scanner
 * itself; a warm-up scan through this cache moves that cost out of the measured run (AWS's own work is inside the
 * simulated latency, not on the scanner's CPU). Responses are shared, never copied: the scanner must not mutate
 * them (the bench compares both runs' verdicts).
 */
export class ResponseCache implements AwsTransport {
  private readonly answers = new Map<string, { ok: true; value: Record<string, unknown> } | { ok: false; error: unknown }>();
  misses = 0;

  constructor(private readonly inner: AwsTransport) {}

  async send(call: AwsCall): Promise<Record<string, unknown>> {
    const key = callKey(call);
    let answer = this.answers.get(key);
    if (!answer) {
      this.misses++;
      try {
        answer = { ok: true, value: await this.inner.send(call) };
      } catch (error) {
        answer = { ok: false, error };
      }
      this.answers.set(key, answer);
    }
    if (!answer.ok) throw answer.error;
    return answer.value;
  }

  get size(): number {
    return this.answers.size;
  }
}

/**
 * Counts the calls the fake could not answer as AWS would: an operation without a handler (a datum the generated
 * account does not model yet) or any other non-AWS error. The scan turns them into ERROR verdicts, which look like
 * findings; the bench reports them apart and fails its target check on any.
 */
export class UnhandledTally implements AwsTransport {
  readonly byOperation = new Map<string, number>();

  constructor(private readonly inner: AwsTransport) {}

  async send(call: AwsCall): Promise<Record<string, unknown>> {
    try {
      return await this.inner.send(call);
    } catch (error) {
      if (!(error instanceof AwsCallError)) {
        const op = `${call.service}:${call.operation}`;
        this.byOperation.set(op, (this.byOperation.get(op) ?? 0) + 1);
      }
      throw error;
    }
  }

  get total(): number {
    return [...this.byOperation.values()].reduce((n, k) => n + k, 0);
  }
}
