import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findBenchmark } from '../benchmark/index.js';

// What a scan needs of waivers besides the loader: where the file is, what a control spec and an expiry mean.
// Most scans have no waivers file, and finding that out must not load the YAML parser (startup time).

export const DEFAULT_WAIVERS_FILE = '.cis-audit.yml';
export const DEFAULT_MAX_WAIVER_DAYS = 365;

/** The file given with --waivers, else .cis-audit.yml in the working directory when present, else none. */
export function waiversPath(flag: string | undefined, cwd?: string): string | undefined {
  if (flag !== undefined) return flag;
  const fallback = cwd === undefined ? DEFAULT_WAIVERS_FILE : join(cwd, DEFAULT_WAIVERS_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

export const DAY_MS = 86_400_000;

/** The last instant a waiver holds: the end of its expiry day, UTC. */
export function expiryEnd(expires: string): Date {
  return new Date(Date.parse(`${expires}T00:00:00.000Z`) + DAY_MS - 1);
}

/** "1.14" names that control; "3" and "3.*" name a section; "2.1" also names its subsection 2.1.x. */
export function controlMatches(spec: string, id: string): boolean {
  const prefix = spec.replace(/\.\*$/, '');
  return id === prefix || id.startsWith(`${prefix}.`);
}

/** Splits "cis-5.0.0/1.14" into its benchmark selector and id; an unqualified spec has no selector. */
export function splitSpec(spec: string): { benchmark?: string; spec: string } {
  const slash = spec.indexOf('/');
  if (slash < 0) return { spec };
  return { benchmark: findBenchmark(spec.slice(0, slash)).selector, spec: spec.slice(slash + 1) };
}

/** --fail-on-stale-waivers: a stale waiver turns a compliant (0) or incomplete (3) result into 1. */
export function withStalePenalty(exitCode: number, staleWaivers: number, failOnStale: boolean): number {
  if (!failOnStale || staleWaivers === 0) return exitCode;
  return exitCode === 0 || exitCode === 3 ? 1 : exitCode;
}

/** "; 2 stale waivers (--fail-on-stale-waivers)": what a verdict adds when stale waivers made its exit code 1. */
export const staleWaiversNote = (staleWaivers: number): string =>
  `; ${staleWaivers} stale waiver${staleWaivers === 1 ? '' : 's'} (--fail-on-stale-waivers)`;
