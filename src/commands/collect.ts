import { roleFlags } from '../cli/account-flags.js';
import { Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { selectionFlags } from '../cli/flags.js';
import { withHelpGroups } from '../cli/help-groups.js';
import { withInterruptCleanup } from '../cli/output.js';
import { collectCommand } from '../cli/run-collect.js';

export default class Collect extends Command {
  static override summary = 'Record every AWS call the selected controls need into a snapshot file (see docs/snapshots.md).';
  static override usage = 'collect --output FILE [FLAGS]';
  static override examples = ['<%= config.bin %> collect --output account.json', '<%= config.bin %> scan --snapshot account.json'];

  static override flags = withHelpGroups({
    ...selectionFlags,
    ...roleFlags,
    output: Flags.string({ char: 'o', required: true, description: 'snapshot file to write' }),
  });

  async run(): Promise<void> {
    const { flags } = await this.parse(Collect);
    try {
      process.exitCode = await withInterruptCleanup(() => collectCommand(
        flags,
        {
          stdout: (s) => process.stdout.write(s),
          stderr: (s) => process.stderr.write(s),
          stdoutIsTTY: process.stdout.isTTY === true,
          stderrIsTTY: process.stderr.isTTY === true,
          env: process.env,
        },
        { name: this.config.name, version: this.config.version },
      ));
    } catch (err) {
      process.exitCode = reportFailure(err, flags.debug);
    }
  }
}
