import { Command } from '@oclif/core';
import Table from 'cli-table3';
import { benchmarkFlags } from '../cli/flags.js';
import { listControls, type ControlListing } from '../cli/control-listing.js';
import { reportFailure } from '../cli/fail.js';
import { parseLevel, resolveBenchmarks } from '../cli/scan-setup.js';

export type { ControlListing };

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** Fits the terminal: Security Hub ids and the fix column only when there is room (all of it is in --json). */
function controlsTable(controls: ControlListing[], columns: number): string {
  const wide = columns >= 120;
  const head = ['ID', 'LVL', 'SEVERITY', 'CIS', 'DECIDES', ...(wide ? ['SECURITY HUB', 'FIX'] : []), 'TITLE'];
  const fixed = wide ? [6, 3, 8, 9, 8, 12, 9] : [6, 3, 8, 9, 8];
  const titleWidth = Math.max(20, columns - fixed.reduce((a, b) => a + b + 2, 0) - 1);
  const table = new Table({ head, chars: NO_BORDERS, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 }, colWidths: [...fixed, titleWidth], wordWrap: true });
  for (const c of controls) {
    const decides = c.decision === 'none' ? 'none yet' : c.decision;
    table.push([c.id, String(c.level), c.severity, c.assessment, decides, ...(wide ? [c.securityHub.join(' ') || '–', c.remediation.kind] : []), c.title]);
  }
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}

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
        const columns = process.stdout.columns || 120;
        for (const b of benchmarks) {
          this.log(`${b.name} ${b.version} (--benchmark ${b.benchmark}): ${b.controls.length} recommendations`);
          this.log(controlsTable(b.controls, columns));
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
