import { Args, Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { processIo } from '../cli/io.js';
import { accountSelectionFlags, parseAccountIds, parseRoleName, parseRoleSettings, parseSingleRole, roleFlags } from '../cli/account-flags.js';
import { UsageError } from '../cli/errors.js';
import { undoJournals } from '../fix/run-undo.js';

export default class Undo extends Command {
  static override summary = 'Revert what a `fix` run applied, from its journal (newest step first).';
  // Several journals: one per account, as `fix --accounts` writes them.
  static override strict = false;
  static override args = { journal: Args.string({ required: true, description: 'journal file(s) printed by `cis-audit fix` (one per account)' }) };
  static override flags = {
    'dry-run': Flags.boolean({ default: false, description: 'show what would be reverted and change nothing' }),
    yes: Flags.boolean({ char: 'y', default: false, description: 'revert without asking (required when not interactive)' }),
    profile: Flags.string({ description: 'AWS shared config profile' }),
    'endpoint-url': Flags.string({ description: 'custom AWS endpoint (default: $AWS_ENDPOINT_URL)' }),
    ...roleFlags,
    'org-role-name': accountSelectionFlags['org-role-name'],
    accounts: Flags.string({ multiple: true, description: 'the accounts whose journals are given (checked before reverting)' }),
    debug: Flags.boolean({ default: false, description: 'print stack traces on stderr' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Undo);
    try {
      const io = processIo();
      const { 'org-role-name': roleName, accounts: accountFlags, ...single } = flags;
      const accounts = parseAccountIds(accountFlags, '--accounts');
      if (roleName !== undefined && flags['role-arn'] !== undefined) throw new UsageError('--org-role-name and --role-arn both say how to enter the journal\'s account', 'give one of them');
      const role = roleName === undefined ? parseSingleRole(single, io) : undefined;
      const orgRole = roleName !== undefined ? { roleName: parseRoleName(roleName), ...parseRoleSettings(flags, io) } : undefined;
      const { accounts: _a, ...rest } = flags;
      process.exitCode = await undoJournals({ ...rest, journals: argv as string[], ...(accounts ? { accounts } : {}), ...(role ? { role } : {}), ...(orgRole ? { orgRole } : {}) }, io);
    } catch (err) {
      process.exitCode = reportFailure(err, flags.debug);
    }
  }
}
