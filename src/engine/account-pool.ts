// Runs one task per account, at most `concurrency` at once, results in the order given. An abort (Ctrl-C)
// starts nothing more and rejects at once: the caller writes nothing for a run that did not finish.

export async function forEachAccount<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const aborted = new Promise<never>((_, reject) => {
    if (!signal) return;
    const fail = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, worker);
  await Promise.race([Promise.all(workers), aborted]);
  if (signal?.aborted) throw signal.reason ?? new Error('aborted');
  return results;
}
