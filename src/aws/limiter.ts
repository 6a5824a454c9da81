// Bounds in-flight work: a scan never opens more than `limit` AWS calls at once.
// Urgent work (calls other data waits for: the critical path) is let in before bulk work.
export class Semaphore {
  private active = 0;
  private readonly urgent: Array<() => void> = [];
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('concurrency must be a positive integer');
  }

  async run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => (urgent ? this.urgent : this.waiting).push(resolve)); // the slot is handed over on release
    try {
      return await task();
    } finally {
      const next = this.urgent.shift() ?? this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
