import { Flags } from '@oclif/core';

// Flags of `fix` (and `scan --fix`): what may change, and how it is confirmed and journaled.
export const fixFlags = {
  'dry-run': Flags.boolean({ default: false, description: 'show the plan (every API call and argument) and change nothing' }),
  yes: Flags.boolean({ char: 'y', default: false, description: 'apply without asking (required when not interactive)' }),
  'allow-disruptive': Flags.boolean({ default: false, description: '1.3/1.4: allow deactivating access keys (can break workloads)' }),
  'journal-dir': Flags.string({ description: 'where journals are written (default: $CIS_AUDIT_HOME/journals or ~/.cis-audit/journals)' }),
  'access-log-bucket': Flags.string({ description: '2.6: bucket that receives the trail bucket access logs' }),
  'support-role-name': Flags.string({ description: '1.20: name of the support role to create (default cis-audit-support)' }),
};
