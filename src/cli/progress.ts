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
