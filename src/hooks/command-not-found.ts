import type { Hook } from '@oclif/core';
import { UsageError } from '../cli/errors.js';
import { didYouMean } from '../cli/oclif-errors.js';

// A mistyped command is a usage error in our one-line style (exit 2) with the nearest command as a hint;
// bin/run.js prints it. Replaces @oclif/plugin-not-found, whose output is oclif-styled, exits 127 and
// suggests only through an interactive prompt (nothing in CI).
const hook: Hook.CommandNotFound = async function (opts) {
  const visible = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const typed = opts.id.replaceAll(':', ' ');
  const guess = didYouMean(opts.id, visible);
  throw new UsageError(
    `"${typed}" is not a ${opts.config.bin} command`,
    guess ? `did you mean "${opts.config.bin} ${guess.replaceAll(':', ' ')}"? (${opts.config.bin} help lists the commands)` : `${opts.config.bin} help lists the commands`,
  );
};

export default hook;
