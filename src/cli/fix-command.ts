import { runScan } from '../engine/scan.js';
import { buildingOptions, fixScanned, loggingOptions, type FixIo, type FixOptionFlags, type FixResult } from '../fix/run-fix.js';
import { UsageError } from './errors.js';
import { prepareScan, type SelectionFlags } from './scan-setup.js';

export interface FixFlags extends Omit<SelectionFlags, 'snapshot' | 'now'>, FixOptionFlags {
  'all-failing': boolean;
}

/** `cis-audit fix`: scan → plan → show → confirm → apply (journaled) → re-check → outcomes. */
export async function fixCommand(flags: FixFlags, io: FixIo, tool: { name: string; version: string }): Promise<FixResult> {
  if (!flags.control?.length && !flags['all-failing']) {
    throw new UsageError('say what to fix: --control ID (repeatable, sections allowed) or --all-failing');
  }
  // Bad option values fail before the scan, not after it.
  buildingOptions(flags);
  loggingOptions(flags);
  const prepared = await prepareScan({ ...flags }, io.env, { io });
  if (prepared.snapshot) throw new UsageError('fix changes a live account; it cannot work on a snapshot');
  return fixScanned(await runScan(prepared.request), prepared.request, flags, io, tool);
}
