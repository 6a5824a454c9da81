import { Args, Command, Flags } from '@oclif/core';
import { reportFailure } from '../../cli/fail.js';
import { processIo } from '../../cli/io.js';
import { withInterruptCleanup } from '../../cli/output.js';
import { reportMergeCommand } from '../../cli/run-report-merge.js';
import { FORMATS } from '../../report/format.js';

export default class ReportMerge extends Command {
  static override summary = 'Merge the JSON reports of the shards of one organisation scan (or single-account reports) into one report and one exit code.';
  static override description = 'Refuses overlapping shards (an index or account twice), missing shards, mixed shard counts, benchmarks or --fail-on, and files that are not reports. Exit codes: 0 compliant; 1 an account non-compliant; 2 unusable input; 3 an account incomplete or not scanned.';
  static override examples = [
    '<%= config.bin %> report merge shard-*.json',
    '<%= config.bin %> report merge parts/*.json --format junit --output org.xml --report json=org.json',
  ];
  static override strict = false;
  static override args = { parts: Args.string({ required: true, description: 'JSON reports to merge (shards of one run, or single-account scans)' }) };
  static override flags = {
    format: Flags.string({ char: 'f', options: [...FORMATS], default: 'table', description: 'report format' }),
    output: Flags.string({ char: 'o', description: 'write the merged report to this file instead of stdout' }),
    report: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'extra report FORMAT=PATH in the same run (repeatable)' }),
    'all-findings': Flags.boolean({ default: false, description: 'table: list every account of a failing control (default: the first 10)' }),
    debug: Flags.boolean({ default: false, description: 'print stack traces on stderr' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ReportMerge);
    try {
      const { exitCode } = await withInterruptCleanup(() => reportMergeCommand(argv as string[], flags, processIo(), { name: this.config.name, version: this.config.version }));
      process.exitCode = exitCode;
    } catch (err) {
      process.exitCode = reportFailure(err, flags.debug);
    }
  }
}
