import type { Io } from '../model/io.js';

/** A call counter on stderr, only for people watching a terminal; silent in CI and pipes. */
export function progressReporter(io: Pick<Io, 'stderr'>, enabled: boolean) {
  let calls = 0;
  let last = 0;
  return {
    tick: () => {
      calls++;
      const now = Date.now();
      if (enabled && now - last > 100) {
        last = now;
        io.stderr(`\rcis-audit: collecting… ${calls} AWS calls`);
      }
    },
    done: () => {
      if (enabled && last > 0) io.stderr('\r\x1b[K');
    },
  };
}

/** Accounts done / in flight / failed (and AWS calls) on stderr, only for people watching a terminal. */
export function accountProgress(io: Pick<Io, 'stderr'>, enabled: boolean, total: number) {
  const n = { done: 0, inFlight: 0, failed: 0, calls: 0 };
  let last = 0;
  const show = (force = false) => {
    const now = Date.now();
    if (!enabled || (!force && now - last <= 100)) return;
    last = now;
    io.stderr(`\rcis-audit: accounts ${n.done}/${total} done, ${n.inFlight} in flight, ${n.failed} failed; ${n.calls} AWS calls\x1b[K`);
  };
  return {
    counts: n,
    started: () => {
      n.inFlight++;
      show(true);
    },
    finished: (failed: boolean) => {
      n.inFlight--;
      n.done++;
      if (failed) n.failed++;
      show(true);
    },
    tick: () => {
      n.calls++;
      show();
    },
    done: () => {
      if (enabled && last > 0) io.stderr('\r\x1b[K');
    },
  };
}
