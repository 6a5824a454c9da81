import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';

// Colour and wrapping libraries for the terminal report, loaded synchronously on first use (require of an ES
// module, which every Node version in `engines` supports): a plain report to a file, a pipe or CI never loads
// chalk (~10 ms) or wrap-ansi (~28 ms with string-width's tables) (startup time, docs/performance.md).
const load = createRequire(import.meta.url);

/** Returns its text unchanged, whatever chain of styles it is reached through (chalk at level 0, without chalk). */
const PLAIN: ChalkInstance = new Proxy((...text: unknown[]) => text.join(' '), {
  // `then` stays undefined so that the styler is never mistaken for a promise.
  get: (_target, key) => (key === 'level' ? 0 : typeof key === 'string' && key !== 'then' ? PLAIN : undefined),
}) as unknown as ChalkInstance;

/** chalk at 16 colours for a terminal, a no-op styler otherwise. */
export function styler(color: boolean): ChalkInstance {
  if (!color) return PLAIN;
  const { Chalk } = load('chalk') as typeof import('chalk');
  return new Chalk({ level: 1 });
}

type WrapAnsi = typeof import('wrap-ansi').default;
let wrapAnsiLoaded: WrapAnsi | undefined;

/** wrap-ansi, for the lines the plain-text fast path cannot wrap (colour codes, characters wider than a column). */
export const wrapAnsi: WrapAnsi = (text, columns, options) => (wrapAnsiLoaded ??= (load('wrap-ansi') as { default: WrapAnsi }).default)(text, columns, options);
