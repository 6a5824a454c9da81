import type { ScanResult } from '../engine/scan.js';
import { DEFAULT_MAX_WAIVER_DAYS, waiversPath, withStalePenalty } from '../waivers/spec.js';
import type { WaiverFile, WaiverUsage } from '../waivers/types.js';
import { UsageError } from './errors.js';

// The scan's waivers: --waivers (default .cis-audit.yml when present), --max-waiver-days, --fail-on-stale-waivers.
export interface WaiverFlags {
  waivers?: string;
  'max-waiver-days'?: number;
  'fail-on-stale-waivers'?: boolean;
}

/** Loads and validates the waivers file before any AWS call; undefined when there is none. */
export async function loadScanWaivers(flags: WaiverFlags, evaluatedAt: Date, cwd?: string): Promise<WaiverFile | undefined> {
  const maxDays = flags['max-waiver-days'] ?? DEFAULT_MAX_WAIVER_DAYS;
  if (!Number.isInteger(maxDays) || maxDays < 1) throw new UsageError(`--max-waiver-days must be a positive whole number, got ${maxDays}`);
  if (flags.waivers !== undefined && flags.waivers.trim() === '') throw new UsageError('--waivers needs a file path', 'for example --waivers .cis-audit.yml');
  const path = waiversPath(flags.waivers, cwd);
  if (path === undefined) return undefined;
  // The loader (and its YAML parser) only when there is a file to read.
  const { loadWaivers } = await import('../waivers/load.js');
  return loadWaivers(path, { now: evaluatedAt, maxDays });
}

/** The scan result with waived findings SUPPRESSED, and what each waiver did. */
export async function applyScanWaivers(result: ScanResult, file: WaiverFile | undefined): Promise<{ result: ScanResult; usage?: WaiverUsage }> {
  if (!file) return { result };
  // Loaded with a file only (it brings the glob matcher).
  const { applyWaivers } = await import('../waivers/apply.js');
  const { controls, usage } = applyWaivers(result.controls, file, { account: result.identity.account, evaluatedAt: result.evaluatedAt });
  return { result: { ...result, controls }, usage };
}

/** --fail-on-stale-waivers: a waiver that matched nothing makes a compliant or incomplete scan exit 1. */
export function staleWaiversExitCode(exitCode: number, usage: WaiverUsage | undefined, flags: WaiverFlags): number {
  return withStalePenalty(exitCode, usage?.stale.length ?? 0, flags['fail-on-stale-waivers'] === true);
}
