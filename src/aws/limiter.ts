/** Which calls go first when every connection is busy. */
export type CallPriority =
  /** Other data waits for it: a dependency chain (trails → filters → alarms → topics) or the next page of a list. */
  | 'urgent'
  | 'normal'
  /** One call per resource (a key's metadata): many of them, nothing else waits for them. */
  | 'bulk';

// Bounds in-flight work: a scan never opens more than `limit` AWS calls at once. A freed slot goes to the oldest
// urgent call, then the oldest normal call, then bulk: thousands of per-resource calls queued early must not hold
// up the few calls on the scan's critical path.
export class Semaphore {
  private active = 0;
  private readonly queues: Record<CallPriority, Array<() => void>> = { urgent: [], normal: [], bulk: [] };

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('concurrency must be a positive integer');
  }

  async run<T>(task: () => Promise<T>, priority: CallPriority = 'normal'): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.queues[priority].push(resolve)); // the slot is handed over on release
    try {
      return await task();
    } finally {
      const next = this.queues.urgent.shift() ?? this.queues.normal.shift() ?? this.queues.bulk.shift();
      if (next) next();
      else this.active--;
    }
  }
}
