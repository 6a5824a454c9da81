import { AwsCallError } from '../aws/errors.js';
import { callKey, describeCall, type AwsCall, type AwsTransport } from '../aws/transport.js';
import type { RecordedCall, Snapshot } from './format.js';

/** Answers calls from a snapshot by exact input; repeated identical calls get the recorded answers in order. */
export class ReplayTransport implements AwsTransport {
  private readonly answers = new Map<string, { list: RecordedCall[]; next: number }>();

  constructor(snapshot: Snapshot) {
    for (const call of snapshot.calls) {
      const key = callKey(call);
      const entry = this.answers.get(key) ?? { list: [], next: 0 };
      entry.list.push(call);
      this.answers.set(key, entry);
    }
  }

  async send(call: AwsCall): Promise<Record<string, unknown>> {
    const entry = this.answers.get(callKey(call));
    if (!entry) {
      throw new AwsCallError(
        call,
        'SnapshotMissingCall',
        `the snapshot has no recorded ${describeCall(call)} with input ${JSON.stringify(call.input)}`,
      );
    }
    const recorded = entry.list[Math.min(entry.next, entry.list.length - 1)]!;
    entry.next++;
    if (recorded.error) throw new AwsCallError(call, recorded.error.code, recorded.error.message);
    return structuredClone(recorded.output ?? {});
  }
}
