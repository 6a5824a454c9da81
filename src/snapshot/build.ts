import { callKey } from '../aws/transport.js';
import type { RecordedCall, Snapshot } from './format.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './format.js';

/** A snapshot from recorded calls, sorted for stable diffs (repeats of one call keep their order). */
export function buildSnapshot(fields: Omit<Snapshot, 'format' | 'version' | 'calls'>, calls: RecordedCall[]): Snapshot {
  const keyed = calls.map((c, i) => ({ c, k: callKey(c), i }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...fields, calls: keyed.map((x) => x.c) };
}

/** What a recording scan knows: structurally the engine's ScanResult (snapshot sits below the engine). */
export interface RecordedScan {
  collectedAt: Date;
  homeRegion: string;
  identity: { account: string; partition: string };
  regions: string[];
  controls: ReadonlyArray<{ control: { id: string; benchmark: string } }>;
  reader: { recorded: RecordedCall[] };
}

/** The snapshot of a recording scan: what `collect` writes. */
export function snapshotOfScan(result: RecordedScan, tool: Snapshot['tool']): Snapshot {
  return buildSnapshot(
    {
      tool,
      collectedAt: result.collectedAt.toISOString(),
      homeRegion: result.homeRegion,
      account: result.identity.account,
      partition: result.identity.partition,
      regions: result.regions,
      benchmarks: [...new Set(result.controls.map((c) => c.control.benchmark))],
      controls: result.controls.map((c) => c.control.id),
    },
    result.reader.recorded,
  );
}
