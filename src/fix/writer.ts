import { AwsCallError } from '../aws/errors.js';
import type { AwsTransport } from '../aws/transport.js';
import { toSnapshotJson } from '../snapshot/normalize.js';
import type { Journal, JournalEntry } from './journal.js';
import type { Step, WriteCall } from './types.js';

export class WriteGateClosed extends Error {}

/** The only path by which cis-audit changes an AWS account: closed until the operator confirmed. */
export class GatedWriter {
  private opened = false;
  readonly sent: WriteCall[] = [];

  constructor(private readonly transport: AwsTransport) {}

  open(): void {
    this.opened = true;
  }

  async send(call: WriteCall): Promise<Record<string, unknown>> {
    if (!this.opened) throw new WriteGateClosed(`refusing ${call.service}:${call.operation}: changes were not confirmed`);
    this.sent.push(call);
    return this.transport.send(call);
  }

  /** Applies a step and journals it (applied or failed) before returning, so the next step starts journaled. */
  async apply(journal: Journal, control: string, remediator: string, step: Step): Promise<{ entry: JournalEntry; error?: AwsCallError }> {
    try {
      const output = toSnapshotJson(await this.send(step.call)) as Record<string, unknown>;
      const refused = step.refusedIn ? output[step.refusedIn] : undefined;
      if (Array.isArray(refused) && refused.length > 0) {
        // AWS answered 200 but did not do it: that is a failed step, not an applied one.
        const error = new AwsCallError(step.call, 'Refused', `${step.refusedIn}: ${JSON.stringify(refused)}`);
        return { entry: journal.record(control, remediator, step, 'failed', { code: error.code, message: error.message }, output), error };
      }
      return { entry: journal.record(control, remediator, step, 'applied', undefined, output) };
    } catch (err) {
      if (!(err instanceof AwsCallError)) throw err;
      const entry = journal.record(control, remediator, step, 'failed', { code: err.code, message: err.message });
      return { entry, error: err };
    }
  }
}
