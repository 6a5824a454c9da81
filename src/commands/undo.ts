import { Args, Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { processIo } from '../cli/io.js';
import { undoCommand } from '../fix/run-undo.js';

export default class Undo extends Command {
  static override summary = 'Revert what a `fix` run applied, from its journal (newest step first).';
  static override args = { journal: Args.string({ required: true, description: 'journal file printed by `cis-audit fix`' }) };
  static override flags = {
    'dry-run': Flags.boolean({ default: false, description: 'show what would be reverted and change nothing' }),
    yes: Flags.boolean({ char: 'y', default: false, description: 'revert without asking (required when not interactive)' }),
    profile: Flags.string({ description: 'AWS shared config profile' }),
    'endpoint-url': Flags.string({ description: 'custom AWS endpoint (default: $AWS_ENDPOINT_URL)' }),
    debug: Flags.boolean({ default: false, description: 'print stack traces on stderr' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Undo);
    try {
      process.exitCode = await undoCommand({ ...flags, journal: args.journal }, processIo());
    } catch (err) {
      process.exitCode = reportFailure(err, flags.debug);
    }
  }
}
