import { CliError } from './errors.js';

/** Prints one line (and a hint) for any failure and returns the exit code; stacks only with --debug. */
export function reportFailure(err: unknown, debug: boolean, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (err instanceof CliError) {
    write(`Error: ${err.message}\n`);
    if (err.hint) write(`Hint: ${err.hint}\n`);
    if (debug && err.stack) write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`Error: unexpected failure: ${message.split('\n')[0]}\n`);
  if (debug && err instanceof Error && err.stack) write(`${err.stack}\n`);
  else write('Hint: rerun with --debug for details\n');
  return 3;
}
