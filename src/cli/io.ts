import { createInterface } from 'node:readline/promises';
import type { FixIo } from '../fix/run-fix.js';

/** The process's streams as the command layer sees them. */
export function processIo(): FixIo {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.stdout.isTTY && process.stdout.columns ? { stdoutColumns: process.stdout.columns } : {}),
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    async confirm(question: string) {
      return /^y(es)?$/i.test((await ask(question)).trim());
    },
    ask,
  };
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
