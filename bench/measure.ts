import { performance } from 'node:perf_hooks';

// One measured run: wall and CPU time, and the process's RSS before it and at its peak (sampled every 5 ms), after
// a GC when the bench runs with --expose-gc.
export interface Measured<T> {
  value: T;
  wallMs: number;
  cpuMs: number;
  rssBefore: number;
  peakRss: number;
}

export async function measure<T>(run: () => Promise<T>): Promise<Measured<T>> {
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 5);
  try {
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const value = await run();
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rssBefore, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
  }
}
