import { Command, Flags } from '@oclif/core';
import { auditRoleTemplate } from '../cli/audit-role-template.js';
import { reportFailure } from '../cli/fail.js';
import { checkPermissionsFlags } from '../cli/flag-rules.js';
import { benchmarkFlags } from '../cli/flags.js';
import { buildPermissions, describeNotes } from '../cli/permissions.js';
import { resolveControls } from '../cli/scan-setup.js';

export default class Permissions extends Command {
  static override summary = 'Print the least-privilege IAM policy to scan (and with --include-fix, to fix) the selected controls.';
  static override description = 'Default: the policy document (JSON). --format annotated adds, for every fix write wider than what fix creates, why; '
    + '--format cloudformation prints a template of the read-only audit role (a StackSet for an organisation: docs/organisations.md).';
  static override flags = {
    ...benchmarkFlags,
    control: Flags.string({ char: 'c', multiple: true, description: 'control ids or sections (default: all)' }),
    'exclude-control': Flags.string({ multiple: true, description: 'control ids or sections to leave out' }),
    'include-fix': Flags.boolean({ default: false, description: 'add the write actions `fix` needs, scoped to what it creates' }),
    'to-security-hub': Flags.boolean({ default: false, description: 'add securityhub:BatchImportFindings (for scan --to-security-hub)' }),
    format: Flags.string({ default: 'policy', options: ['policy', 'annotated', 'cloudformation'], description: 'policy JSON, policy plus the reasons for wide grants, or a CloudFormation audit role' }),
    account: Flags.string({ description: 'the 12-digit account the ARNs name (default "*": any account)' }),
    partition: Flags.string({ options: ['aws', 'aws-cn', 'aws-us-gov'], description: 'the partition the ARNs name (default aws)' }),
    'support-role-name': Flags.string({ description: 'as given to fix for 1.20 (default cis-audit-support)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Permissions);
    try {
      checkPermissionsFlags(flags);
      const controls = resolveControls(flags);
      if (flags.format === 'cloudformation') {
        const permissions = buildPermissions(controls, { toSecurityHub: flags['to-security-hub'], scope: { partition: '${AWS::Partition}', account: '${AWS::AccountId}' } });
        const selection = `${[...new Set(controls.map((c) => c.benchmark))].join(', ')}: ${controls.length} control(s)`;
        process.stdout.write(`${JSON.stringify(auditRoleTemplate({ permissions, selection }), null, 2)}\n`);
        return;
      }
      const scope = {
        ...(flags.partition ? { partition: flags.partition } : {}),
        ...(flags.account ? { account: flags.account } : {}),
        ...(flags['support-role-name'] ? { supportRoleName: flags['support-role-name'] } : {}),
      };
      const { policy, notes } = buildPermissions(controls, { includeFix: flags['include-fix'], toSecurityHub: flags['to-security-hub'], scope });
      if (flags.format === 'annotated') {
        const out = {
          policy,
          unscopable: notes.filter((n) => n.kind === 'unscopable').map(({ action, why }) => ({ action, why })),
          anyName: notes.filter((n) => n.kind === 'any-name').map(({ action, resources, why }) => ({ action, resources, why })),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
      process.stderr.write(describeNotes(notes));
    } catch (err) {
      process.exitCode = reportFailure(err, false);
    }
  }
}
