import { runScan } from '../engine/scan.js';
import { buildingOptions, fixScanned, loggingOptions, type FixIo, type FixOptionFlags, type FixResult } from '../fix/run-fix.js';
import { storageOptions } from '../fix/storage-options.js';
import { UsageError } from './errors.js';
import { rejectFixApplyOnSnapshot } from './flag-rules.js';
import { prepareScan, type SelectionFlags } from './scan-setup.js';

export interface FixFlags extends Omit<SelectionFlags, 'now'>, FixOptionFlags {
  'all-failing': boolean;
}

/** `cis-audit fix`: scan → staged plan → show → confirm → apply stage by stage (journaled) → re-check → outcomes. */
export async function fixCommand(flags: FixFlags, io: FixIo, tool: { name: string; version: string }): Promise<FixResult> {
  if (!flags.control?.length && !flags['all-failing']) {
    throw new UsageError('say what to fix: --control ID (repeatable, sections allowed) or --all-failing');
  }
  // Bad option values fail before the scan, not after it.
  rejectFixApplyOnSnapshot(flags);
  buildingOptions(flags);
  loggingOptions(flags);
  storageOptions(flags);
  const prepared = await prepareScan({ ...flags }, io.env);
  // With --snapshot (only with --dry-run) the scan and every planning read are answered from the file: no credentials.
  return fixScanned(await runScan(prepared.request), prepared.request, flags, io, tool);
}
