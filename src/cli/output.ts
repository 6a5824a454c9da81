import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** Fails before any work if a destination's folder is missing, so a long scan never ends in a write error. */
export function assertWritable(paths: string[]): void {
  for (const p of paths) {
    const dir = dirname(resolve(p));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`cannot write ${p}: folder ${dir} does not exist`, 'create the folder or choose another --output/--report path');
    }
    if (existsSync(p) && statSync(p).isDirectory()) throw new UsageError(`cannot write ${p}: it is a folder`, 'give a file path');
  }
}

/** Writes every file to a temporary sibling first, then renames them all: no partial reports. */
export function writeFilesAtomically(files: Array<{ path: string; content: string }>): void {
  const staged = files.map((f) => {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.content);
    return { tmp, path: f.path };
  });
  for (const s of staged) renameSync(s.tmp, s.path);
}
