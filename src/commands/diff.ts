import { Args, Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { diffCommand } from '../cli/run-diff.js';
import type { Drift } from '../diff/compare.js';

export default class Diff extends Command {
  static override summary = 'Compare two JSON reports: newly failing, fixed, newly unreadable, lapsed waivers (exit 1 when something newly fails).';
  static override description = 'Exit codes: 0 nothing newly fails; 1 something newly fails (or fails again after its waiver lapsed); 2 unusable input (unreadable file, not a report, different accounts or benchmarks without --allow-mismatch).';
  static override examples = ['<%= config.bin %> diff yesterday.json today.json', '<%= config.bin %> diff old.json new.json --format markdown >> "$GITHUB_STEP_SUMMARY"'];
  static override enableJsonFlag = true;
  static override args = {
    old: Args.string({ required: true, description: 'the earlier JSON report (scan --format json)' }),
    new: Args.string({ required: true, description: 'the later JSON report' }),
  };
  static override flags = {
    format: Flags.string({ char: 'f', options: ['table', 'json', 'markdown'], default: 'table', description: 'output format' }),
    'allow-mismatch': Flags.boolean({ default: false, description: 'compare reports of different accounts or benchmark sets' }),
  };

  async run(): Promise<Drift | undefined> {
    const { args, flags } = await this.parse(Diff);
    try {
      const { drift, exitCode } = diffCommand(args.old, args.new, flags, { stdout: (s) => process.stdout.write(s) }, this.jsonEnabled());
      process.exitCode = exitCode;
      return drift;
    } catch (err) {
      process.exitCode = reportFailure(err, false);
      return undefined;
    }
  }
}
