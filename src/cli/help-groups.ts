import type { Interfaces } from '@oclif/core';

// `--help` sections of scan/fix/collect, so 40 flags read as a few short lists. Every flag of those commands
// must have an entry (test/commands/help-groups.test.ts); add new flags here.
export const HELP_GROUPS = {
  SELECTION: ['benchmark', 'level', 'control', 'exclude-control', 'region', 'all-failing'],
  AWS: ['profile', 'endpoint-url', 'snapshot', 'concurrency', 'max-rps', 'call-timeout'],
  EVALUATION: ['fail-on', 'allow-incomplete', 'now', 'root-usage-days', 'strict-patterns'],
  WAIVERS: ['waivers', 'max-waiver-days', 'fail-on-stale-waivers'],
  OUTPUT: ['format', 'output', 'report', 'all-findings', 'status', 'severity', 'quiet', 'step-summary', 'to-security-hub', 'security-hub-region', 'debug'],
  FIX: ['fix', 'dry-run', 'yes', 'allow-disruptive', 'journal-dir'],
  'FIX RESOURCES': [
    'access-log-bucket',
    'support-role-name',
    'notify-email',
    'sns-topic-arn',
    'subscription-protocol',
    'subscription-endpoint',
    'traffic-type',
    'flow-log-destination',
    'flow-log-bucket',
    'log-retention-days',
    'trail-bucket',
    'trail-bucket-retention-days',
    'config-bucket',
    'config-global-region',
    'ebs-kms-key',
    's3-bucket-level',
    's3-kms-key',
    'security-hub-default-standards',
  ],
} as const satisfies Record<string, readonly string[]>;

const groupOf = new Map<string, string>(Object.entries(HELP_GROUPS).flatMap(([group, names]) => names.map((n) => [n, group] as const)));

/** The flags with their `helpGroup` set from HELP_GROUPS (a flag without an entry stays under FLAGS). */
export function withHelpGroups<T extends Record<string, Interfaces.Flag<any>>>(flags: T): T {
  return Object.fromEntries(
    Object.entries(flags).map(([name, flag]) => [name, groupOf.has(name) ? { ...flag, helpGroup: groupOf.get(name) } : flag]),
  ) as T;
}
