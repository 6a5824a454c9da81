import { Command } from '@oclif/core';
import { benchmarkFlags } from '../cli/flags.js';
import { listControls, type ControlListing } from '../cli/control-listing.js';
import { reportFailure } from '../cli/fail.js';
import { parseLevel, resolveBenchmarks } from '../cli/scan-setup.js';
import { renderControlList } from '../report/controls-table.js';

export type { ControlListing };

export default class Controls extends Command {
  static override summary = 'List every recommendation of the selected CIS benchmark version(s): id, level, severity, Security Hub id, what fix does.';
  static override examples = ['<%= config.bin %> controls', '<%= config.bin %> controls --benchmark cis-5.0.0 --level 1', '<%= config.bin %> controls --benchmark cis-3.0.0 --json'];
  static override enableJsonFlag = true;
  static override flags = { ...benchmarkFlags };

  async run(): Promise<{ benchmark: string; controls: ControlListing[]; benchmarks: Array<{ benchmark: string; name: string; version: string; controls: ControlListing[] }> } | undefined> {
    const { flags } = await this.parse(Controls);
    try {
      const level = parseLevel(flags.level);
      const benchmarks = resolveBenchmarks(flags.benchmark).map((b) => ({
        benchmark: b.selector,
        name: b.name,
        version: b.version,
        controls: listControls(b).filter((c) => c.level <= level),
      }));
      if (!this.jsonEnabled()) {
        const width = process.stdout.isTTY ? process.stdout.columns : undefined;
        for (const b of benchmarks) {
          process.stdout.write(`${b.name} ${b.version} (--benchmark ${b.benchmark}): ${b.controls.length} recommendations
`);
          process.stdout.write(renderControlList(b.controls, width));
        }
      }
      // benchmark/controls: the first benchmark, as before several could be listed.
      const first = benchmarks[0]!;
      return { benchmark: `${first.name} ${first.version}`, controls: first.controls, benchmarks };
    } catch (err) {
      process.exitCode = reportFailure(err, false);
      return undefined;
    }
  }
}
