import { accountSelectionFlags, roleFlags } from '../cli/account-flags.js';
import { Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { fixFlags } from '../cli/fix-flags.js';
import { selectionFlags } from '../cli/flags.js';
import { withHelpGroups } from '../cli/help-groups.js';
import { processIo } from '../cli/io.js';
import { fixCommand } from '../cli/fix-command.js';

export default class Fix extends Command {
  static override summary = 'Make failing controls compliant: plan, confirm, apply (journaled), re-check.';
  static override description = `Outcomes per control: FIXED, PENDING, STILL_FAILING, UNVERIFIED, APPLY_ERROR, GUIDANCE (and NOTHING_TO_DO, UNREADABLE).
Exit codes: 0 all FIXED/PENDING/GUIDANCE/NOTHING_TO_DO; 1 any STILL_FAILING; 2 usage (incl. refusing to apply without --yes when not interactive); 3 any APPLY_ERROR, UNVERIFIED or UNREADABLE.`;
  static override usage = 'fix (--control ID... | --all-failing) [FLAGS]';
  static override examples = [
    '<%= config.bin %> fix --control 1.9 --dry-run',
    '<%= config.bin %> fix --control 1 --yes',
    '<%= config.bin %> fix --all-failing --allow-disruptive',
    '<%= config.bin %> fix --all-failing --dry-run --snapshot account.json',
  ];

  static override flags = withHelpGroups({
    ...selectionFlags,
    ...roleFlags,
    org: Flags.boolean({ default: false, description: 'with --accounts: fix those accounts of the organisation (fix --org alone is refused)' }),
    ...accountSelectionFlags,
    ...fixFlags,
    snapshot: Flags.string({ description: 'with --dry-run: preview the plan from a snapshot recorded by `collect` (no credentials or network used)' }),
    'all-failing': Flags.boolean({ default: false, description: 'fix every failing control (within --control/--exclude-control)' }),
  });

  async run(): Promise<void> {
    const { flags } = await this.parse(Fix);
    try {
      const result = await fixCommand(flags, processIo(), { name: this.config.name, version: this.config.version });
      process.exitCode = result.exitCode;
    } catch (err) {
      process.exitCode = reportFailure(err, flags.debug);
    }
  }
}
