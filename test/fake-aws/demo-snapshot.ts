import { readFileSync } from 'node:fs';
import { BENCHMARKS } from '../../src/benchmark/index.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { runScan } from '../../src/engine/scan.js';
import { snapshotOfScan } from '../../src/snapshot/build.js';
import type { Snapshot } from '../../src/snapshot/format.js';
import { serveAccount } from './account.js';
import { DEMO_COLLECTED_AT, demoAccount } from './demo-account.js';

export const DEMO_PATH = new URL('../../examples/demo-account.json', import.meta.url);

/** The demo snapshot exactly as `cis-audit collect` would record it from the demo account. */
export async function generateDemoSnapshot(): Promise<Snapshot> {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const fake = serveAccount(demoAccount());
  const collectedAt = new Date(DEMO_COLLECTED_AT);
  const result = await runScan({
    // Every benchmark's controls, so `scan --snapshot` serves `--benchmark cis-5.0.0` and the others offline.
    controls: BENCHMARKS.flatMap((b) => b.controls),
    transport: fake,
    homeRegion: 'us-east-1',
    collectedAt,
    options: DEFAULT_CHECK_OPTIONS,
    concurrency: 4,
    record: true,
    sleep: async () => {},
  });
  return snapshotOfScan(result, { name: 'cis-audit', version: pkg.version });
}
