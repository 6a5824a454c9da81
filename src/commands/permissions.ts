import { Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { permissionsPolicy } from '../cli/permissions.js';
import { benchmarkFlags } from '../cli/flags.js';
import { resolveControls } from '../cli/scan-setup.js';

export default class Permissions extends Command {
  static override summary = 'Print the least-privilege IAM policy to scan (and with --include-fix, to fix) the selected controls.';
  static override flags = {
    ...benchmarkFlags,
    control: Flags.string({ char: 'c', multiple: true, description: 'control ids or sections (default: all)' }),
    'exclude-control': Flags.string({ multiple: true, description: 'control ids or sections to leave out' }),
    'include-fix': Flags.boolean({ default: false, description: 'add the write actions `fix` needs' }),
    'to-security-hub': Flags.boolean({ default: false, description: 'add securityhub:BatchImportFindings (for scan --to-security-hub)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Permissions);
    try {
      const policy = permissionsPolicy(resolveControls(flags), flags['include-fix'], flags['to-security-hub']);
      process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
    } catch (err) {
      process.exitCode = reportFailure(err, false);
    }
  }
}
