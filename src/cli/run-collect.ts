import { runScan } from '../engine/scan.js';
import { snapshotOfScan } from '../snapshot/build.js';
import { UsageError } from './errors.js';
import { assertWritable, writeFilesAtomically } from './output.js';
import { progressReporter } from './progress.js';
import type { Io } from '../model/io.js';
import { prepareScan, type SelectionFlags } from './scan-setup.js';

export interface CollectFlags extends Omit<SelectionFlags, 'snapshot' | 'now'> {
  output: string;
  debug: boolean;
}

/** `cis-audit collect`: make every call the selected controls need and record them as a snapshot file. */
export async function collectCommand(flags: CollectFlags, io: Io, tool: { name: string; version: string }): Promise<number> {
  assertWritable([flags.output]);
  const prepared = await prepareScan({ ...flags }, io.env);
  if (prepared.snapshot) throw new UsageError('collect reads live AWS; it cannot read a snapshot');
  const progress = progressReporter(io, io.stderrIsTTY);
  let result;
  try {
    result = await runScan({ ...prepared.request, record: true, onCall: progress.tick });
  } finally {
    progress.done();
  }
  const snapshot = snapshotOfScan(result, tool);
  writeFilesAtomically([{ path: flags.output, content: `${JSON.stringify(snapshot, null, 2)}\n` }]);
  const errors = snapshot.calls.filter((c) => c.error).length;
  io.stderr(`recorded ${snapshot.calls.length} calls (${errors} answered with an error) for ${snapshot.controls.length} controls in ${flags.output}\n`);
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  return 0;
}
