import { readFileSync } from 'node:fs';
import { Errors } from '@oclif/core';
import { closest, distance } from 'fastest-levenshtein';
import { CliError, UsageError } from './errors.js';

/** The nearest candidate, when it is close enough to be a typo of `word` (else undefined). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

// oclif's messages carry colour codes, tab-indented detail and a "See more help" line; ours are one line.
const ANSI = /\u001b\[[0-9;]*m/g;
function oneLine(message: string): string {
  return message
    .replace(ANSI, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^See more help with --help$/.test(line) && !/^The following errors? occurred:$/.test(line))
    .join(' ')
    .replace(/^Parsing (--\S+) /, '$1: ')
    .replace(/ Note: --\S+ allows multiple values\..*$/, '')
    .replace(/:$/, '');
}

interface ParseContext {
  /** What the user typed after the binary name. */
  argv: readonly string[];
  /** The binary name, for hints. */
  bin: string;
  /** The command ids, for suggestions (`help scn`). */
  commands?: readonly string[];
}

/**
 * An oclif CLIError, also one from the @oclif/core copy that oclif's plugins (help, version, autocomplete) load from
 * node_modules when their command runs: the CLI's own copy is bundled (scripts/build.js), so `instanceof` cannot
 * see those; they carry the same `oclif.exit` marker.
 */
function isCliError(err: unknown): err is Errors.CLIError {
  return err instanceof Errors.CLIError || (err instanceof Error && typeof (err as { oclif?: { exit?: unknown } }).oclif?.exit === 'number');
}

/** oclif's `this.exit()`: not a failure to rewrite. */
const isExitError = (err: unknown) => err instanceof Errors.ExitError || (isCliError(err) && (err as { code?: unknown }).code === 'EEXIT');

/**
 * oclif's own failures (unknown flag, missing value, bad option, missing argument) as our one-line usage
 * errors with a hint, so every usage failure looks the same and exits 2 with no usage dump.
 * Errors that are not oclif CLI errors are returned unchanged.
 */
export function fromOclifError(err: unknown, ctx: ParseContext): unknown {
  if (err instanceof CliError || isExitError(err) || !isCliError(err)) return err;
  const first = ctx.argv[0] && !ctx.argv[0].startsWith('-') && ctx.argv[0] !== 'help' ? ctx.argv[0] : undefined;
  // A command in a topic (`report merge`) is named by its first two words.
  const command = first && ctx.argv[1] && ctx.commands?.includes(`${first}:${ctx.argv[1]}`) ? `${first} ${ctx.argv[1]}` : first;
  const help = command ? `${ctx.bin} ${command} --help` : `${ctx.bin} help`;
  const unknown = (err as { flags?: unknown }).flags;
  if (Array.isArray(unknown) && unknown.length > 0) {
    const flag = String(unknown[0]);
    const known = Object.keys((err as { parse?: { input?: { flags?: object } } }).parse?.input?.flags ?? {}).map((f) => `--${f}`);
    const guess = didYouMean(flag.replace(/=.*$/, ''), known);
    return new UsageError(`unknown flag ${unknown.join(', ')}`, guess ? `did you mean ${guess}? (${help} lists every flag)` : `${help} lists every flag`);
  }
  const helpFor = /^Command (\S+) not found\.?$/.exec(oneLine(err.message));
  if (helpFor) {
    const guess = didYouMean(helpFor[1]!, ctx.commands ?? []);
    return new UsageError(`"${helpFor[1]}" is not a ${ctx.bin} command`, guess ? `did you mean "${ctx.bin} help ${guess}"? (${ctx.bin} help lists the commands)` : `${ctx.bin} help lists the commands`);
  }
  return new UsageError(oneLine(err.message), command ? `${help} shows the flags and their values` : `${help} lists the commands`);
}

/** The command ids in the oclif manifest (none when it cannot be read: suggestions are a nicety). */
export function commandIds(manifest: URL): string[] {
  try {
    return Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { commands?: object }).commands ?? {});
  } catch {
    return [];
  }
}
