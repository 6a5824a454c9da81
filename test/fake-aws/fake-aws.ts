import { AwsCallError } from '../../src/aws/errors.js';
import type { AwsCall, AwsTransport } from '../../src/aws/transport.js';

// An in-memory AWS: handlers answer operations from an account model; errors can be injected per call.
export type Handler = (input: Record<string, any>, region: string) => Record<string, unknown>;

export interface InjectedError {
  /** Omitted: every service (e.g. an SCP denying a whole region). */
  service?: string;
  operation?: string;
  region?: string;
  code: string;
  message: string;
  /** Fail only the first N matching calls (throttling bursts); default: always. */
  times?: number;
  /** Let the first N matching calls through before failing (a read that works at plan time, not at re-check). */
  skip?: number;
}

export class FakeAws implements AwsTransport {
  readonly log: AwsCall[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly errors: InjectedError[] = [];
  private readonly guards: Array<(call: AwsCall) => void> = [];

  on(service: string, operation: string, handler: Handler): this {
    this.handlers.set(`${service}:${operation}`, handler);
    return this;
  }

  fail(error: InjectedError): this {
    this.errors.push({ ...error });
    return this;
  }

  /** Runs before every handler and may throw an AwsCallError: refusals that depend on the account's state (IAM propagation). */
  guard(check: (call: AwsCall) => void): this {
    this.guards.push(check);
    return this;
  }

  async send(call: AwsCall): Promise<Record<string, unknown>> {
    this.log.push(call);
    const injected = this.errors.find(
      (e) => (!e.service || e.service === call.service) && (!e.operation || e.operation === call.operation) && (!e.region || e.region === call.region) && (e.times === undefined || e.times > 0),
    );
    if (injected?.skip) injected.skip--;
    else if (injected) {
      if (injected.times !== undefined) injected.times--;
      throw new AwsCallError(call, injected.code, injected.message);
    }
    for (const check of this.guards) check(call);
    const handler = this.handlers.get(`${call.service}:${call.operation}`);
    if (!handler) throw new Error(`FakeAws: no handler for ${call.service}:${call.operation}`);
    return structuredClone(handler(call.input, call.region));
  }

  count(service: string, operation?: string): number {
    return this.log.filter((c) => c.service === service && (!operation || c.operation === operation)).length;
  }
}

/** Serves a list in pages the way the real API does, honouring the caller's token. */
export function page<T>(items: T[], input: Record<string, any>, opts: { size: number; inToken: string; outToken: string; key: string; truncatedFlag?: string }) {
  const start = input[opts.inToken] ? Number(String(input[opts.inToken]).replace(/^t/, '')) : 0;
  const slice = items.slice(start, start + opts.size);
  const more = start + opts.size < items.length;
  const out: Record<string, unknown> = { [opts.key]: slice };
  if (more) out[opts.outToken] = `t${start + opts.size}`;
  if (opts.truncatedFlag) out[opts.truncatedFlag] = more;
  return out;
}
