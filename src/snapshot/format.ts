import type { RecordedCall } from '../aws/recorded-call.js';

export type { RecordedCall };

// The snapshot file: every AWS call a scan needs, replayable offline. Versioned; see docs/snapshots.md.
export const SNAPSHOT_FORMAT = 'cis-audit-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  tool: { name: string; version: string };
  /** When the calls were made; time-based controls are evaluated at this instant on replay. */
  collectedAt: string;
  /** Region used for global services (IAM, STS) and DescribeRegions. */
  homeRegion: string;
  account: string;
  partition: string;
  regions: string[];
  /** The benchmarks the snapshot was collected for (absent in snapshots from before several were supported). */
  benchmarks?: string[];
  controls: string[];
  calls: RecordedCall[];
}
