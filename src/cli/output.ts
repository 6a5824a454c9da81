import { accessSync, closeSync, constants, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FORMATS } from '../report/format.js';
import { UsageError } from './errors.js';

// Every destination is checked before any AWS call and written only after the scan, all at once: a long scan
// never ends in a write error, and an interrupted or failed write leaves no partial or temporary file behind.

export interface OutputRequest {
  /** The flag as the user typed it, for messages: `--output`, `--report junit`. */
  flag: string;
  value: string;
  /** What is written: a report (whose format --format picks) or a snapshot (always JSON). Default report. */
  kind?: 'report' | 'snapshot';
}

export type OutputTarget = { flag: string; given: string } & ({ stdout: true } | { stdout: false; path: string });

/** `-` is stdout (as in most CLIs). */
export const STDOUT = '-';

/** Normalises and proves writable every destination; two spellings of one file (or two stdouts) are a usage error. */
export function planOutputs(requests: OutputRequest[]): OutputTarget[] {
  const targets = requests.map(planOne);
  const seen = new Map<string, OutputTarget>();
  for (const t of targets) {
    const key = t.stdout ? STDOUT : t.path;
    const earlier = seen.get(key);
    if (earlier) {
      const what = t.stdout ? 'stdout' : `the same file ${t.path}`;
      throw new UsageError(`${earlier.flag} ${earlier.given} and ${t.flag} ${t.given} both write to ${what}`, 'give each --output/--report its own path');
    }
    seen.set(key, t);
  }
  return targets;
}

function planOne({ flag, value, kind = 'report' }: OutputRequest): OutputTarget {
  if (value.trim() === '') throw new UsageError(`${flag} needs a path, got an empty string`, 'give a file path, or - for stdout');
  if (value === STDOUT) return { flag, given: value, stdout: true };
  if (flag === '--output' && (FORMATS as readonly string[]).includes(value)) {
    const hint = kind === 'snapshot' ? `a snapshot is always JSON: give a file path such as account.json (or ./${value})` : `did you mean --format ${value}? (to write a file named ${value}, give ./${value})`;
    throw new UsageError(`--output ${value} names a format, not a file`, hint);
  }
  if (/[/\\]$/.test(value)) throw new UsageError(`cannot write ${value}: it names a folder`, 'give a file path');
  const absolute = resolve(value);
  const folder = realFolder(value, dirname(absolute));
  const path = realTarget(value, join(folder, basename(absolute)));
  proveWritable(value, folder, path);
  return { flag, given: value, stdout: false, path };
}

function realFolder(given: string, folder: string): string {
  try {
    const real = realpathSync(folder);
    if (!statSync(real).isDirectory()) throw new UsageError(`cannot write ${given}: ${folder} is not a folder`, 'choose another --output/--report path');
    return real;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`cannot write ${given}: folder ${folder} does not exist`, 'create the folder or choose another --output/--report path');
    if (code === 'ENOTDIR') throw new UsageError(`cannot write ${given}: ${folder} is not a folder`, 'choose another --output/--report path');
    throw new UsageError(`cannot write ${given}: folder ${folder} is not accessible (${code ?? (err as Error).message})`, 'choose another --output/--report path');
  }
}

/** A symlink is followed (we replace the file it points to, not the link), so two links to one file are duplicates. */
function realTarget(given: string, path: string): string {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return path; // does not exist yet
  }
  const target = safeStat(path);
  if (target?.isDirectory()) throw new UsageError(`cannot write ${given}: it is a folder`, 'give a file path');
  if (target && !target.isFile()) return path; // a device or pipe (/dev/stdout): written in place, by the name given
  return (stat.isSymbolicLink() ? safeRealpath(path) : path) ?? path;
}

const safeStat = (p: string) => {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
};

const safeRealpath = (p: string): string | undefined => {
  try {
    return realpathSync(p);
  } catch {
    return undefined; // a dangling link: it is replaced
  }
};

/** Creates and removes a probe file beside the destination: permissions, read-only mounts and quotas all show up here. */
function proveWritable(given: string, folder: string, path: string): void {
  if (isSpecial(path)) return proveFileWritable(given, path); // written in place: its folder does not matter
  const probe = join(folder, `.${basename(path)}.${process.pid}.probe.tmp`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (err) {
    throw new UsageError(`cannot write ${given}: folder ${folder} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'choose a folder you can write to');
  }
  proveFileWritable(given, path);
}

function proveFileWritable(given: string, path: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot write ${given}: the file is read-only`, 'choose another path or make the file writable');
  }
}

/** Temporary files written but not yet renamed, removed on failure and on SIGINT/SIGTERM. */
const staged = new Set<string>();

function removeStaged(): void {
  for (const tmp of staged) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  staged.clear();
}

/** A device or pipe (/dev/null, /dev/stdout, a FIFO) is written as it is: a rename would replace it with a plain file. */
const isSpecial = (path: string) => {
  const st = safeStat(path);
  return st !== undefined && !st.isFile();
};

/** Writes every file to a temporary sibling first, then renames them all: no partial reports, no leftovers. */
export function writeFilesAtomically(files: Array<{ path: string; content: string; mode?: number }>): void {
  const renames: Array<{ tmp: string; path: string }> = [];
  const special = files.filter((f) => isSpecial(f.path));
  try {
    for (const f of files) {
      if (special.includes(f)) continue;
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`);
      staged.add(tmp);
      writeFileSync(tmp, f.content, { mode: f.mode ?? 0o666, flag: 'w' });
      renames.push({ tmp, path: f.path });
    }
    for (const r of renames) {
      renameSync(r.tmp, r.path);
      staged.delete(r.tmp);
    }
    for (const f of special) writeFileSync(f.path, f.content);
  } catch (err) {
    removeStaged();
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${e.path ?? 'an output'}: ${e.code ?? e.message}; no staged report was left behind`, 'check the output folders and free space, then rerun');
  } finally {
    staged.clear();
  }
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * While `work` runs, SIGINT/SIGTERM remove any staged temporary file and exit 130/143 (128 + signal number).
 * Node delivers signals between event-loop turns, so a synchronous write-and-rename always completes first.
 */
export async function withInterruptCleanup<T>(
  work: () => Promise<T>,
  { exit = (code: number): void => process.exit(code), signals = process as NodeJS.EventEmitter }: { exit?: (code: number) => void; signals?: NodeJS.EventEmitter } = {},
): Promise<T> {
  const handlers = Object.entries(SIGNAL_EXIT).map(([signal, code]) => {
    const handler = () => {
      removeStaged();
      exit(code);
    };
    signals.on(signal, handler);
    return () => signals.off(signal, handler);
  });
  try {
    return await work();
  } finally {
    for (const off of handlers) off();
  }
}
