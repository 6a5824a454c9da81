import { AwsCallError, sameErrorCode } from '../aws/errors.js';
import type { AwsTransport } from '../aws/transport.js';
import { toSnapshotJson } from '../aws/wire-json.js';
import type { Journal, JournalEntry } from './journal.js';
import type { RetryOn, Step, WriteCall } from './types.js';

export class WriteGateClosed extends Error {}

/**
 * The waits before each retry of a step whose failure may be IAM propagation of a role the same plan created
 * (`Step.retryOn`): 30 s in all, past the few seconds IAM usually takes.
 */
export const PROPAGATION_BACKOFF_MS: readonly number[] = [2_000, 4_000, 8_000, 8_000, 8_000];

/** Told before each wait, so the user sees why the fix pauses. */
export interface RetryNotice {
  call: WriteCall;
  /** The attempt that just failed (1 = the first call). */
  attempt: number;
  waitMs: number;
  error: AwsCallError;
  why: string;
}

export interface WriterOptions {
  /** How to wait between retries (tests pass one that does not really wait). */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (notice: RetryNotice) => void;
  backoffMs?: readonly number[];
}

/** The line a fix prints before it waits to retry a step. */
export function describeRetry(n: RetryNotice): string {
  return `  retrying ${n.call.service}:${n.call.operation} in ${n.waitMs / 1000} s: ${n.error.code} (${n.why})\n`;
}

/** True when the failure is one the step names as possibly IAM propagation (code, and message when given). */
export function isPropagationError(retryOn: RetryOn, error: AwsCallError): boolean {
  return retryOn.codes.some((c) => sameErrorCode(c, error.code))
    && (retryOn.messageContains === undefined || error.message.toLowerCase().includes(retryOn.messageContains.toLowerCase()));
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The only path by which cis-audit changes an AWS account: closed until the operator confirmed. */
export class GatedWriter {
  private opened = false;
  readonly sent: WriteCall[] = [];

  constructor(
    private readonly transport: AwsTransport,
    private readonly options: WriterOptions = {},
  ) {}

  open(): void {
    this.opened = true;
  }

  async send(call: WriteCall): Promise<Record<string, unknown>> {
    if (!this.opened) throw new WriteGateClosed(`refusing ${call.service}:${call.operation}: changes were not confirmed`);
    this.sent.push(call);
    return this.transport.send(call);
  }

  /**
   * Applies a step and journals it (applied or failed) before returning, so the next step starts journaled. A step
   * with `retryOn` is sent again after each wait of the backoff while it fails with a propagation error; every
   * attempt goes through `send`, and only the final result is journaled (with the number of attempts).
   */
  async apply(journal: Journal, control: string, remediator: string, step: Step): Promise<{ entry: JournalEntry; error?: AwsCallError }> {
    const waits = step.retryOn ? (this.options.backoffMs ?? PROPAGATION_BACKOFF_MS) : [];
    for (let attempt = 1; ; attempt++) {
      const { output, error } = await this.attempt(step);
      if (!error) return { entry: journal.record(control, remediator, step, 'applied', undefined, output, attempt) };
      const propagation = step.retryOn !== undefined && isPropagationError(step.retryOn, error);
      const wait = waits[attempt - 1];
      if (propagation && wait !== undefined) {
        this.options.onRetry?.({ call: step.call, attempt, waitMs: wait, error, why: step.retryOn!.why });
        await (this.options.sleep ?? realSleep)(wait);
        continue;
      }
      const entry = journal.record(control, remediator, step, 'failed', { code: error.code, message: error.message }, output, attempt);
      if (!propagation || attempt === 1) return { entry, error };
      // The journal keeps AWS's last answer; the outcome also says what was waited for and what to do next.
      const waited = waits.slice(0, attempt - 1).reduce((a, b) => a + b, 0) / 1000;
      return {
        entry,
        error: new AwsCallError(error.call, error.code, `${error.message} — still refused after ${attempt} attempts over ${waited} s (${step.retryOn!.why}); `
          + 'once IAM has propagated it, rerun the fix: what was already created is reused'),
      };
    }
  }

  /** One send of the step: its answer, or the AWS error (a refusal inside a 200 answer counts as one). */
  private async attempt(step: Step): Promise<{ output?: Record<string, unknown>; error?: AwsCallError }> {
    try {
      const output = toSnapshotJson(await this.send(step.call)) as Record<string, unknown>;
      const refused = step.refusedIn ? output[step.refusedIn] : undefined;
      if (Array.isArray(refused) && refused.length > 0) {
        // AWS answered 200 but did not do it: that is a failed step, not an applied one.
        return { output, error: new AwsCallError(step.call, 'Refused', `${step.refusedIn}: ${JSON.stringify(refused)}`) };
      }
      return { output };
    } catch (err) {
      if (!(err instanceof AwsCallError)) throw err;
      return { error: err };
    }
  }
}
