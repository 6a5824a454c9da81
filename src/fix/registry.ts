import { accessKeysRemediator } from './remediators/access-keys.js';
import { guidanceRemediators } from './remediators/guidance.js';
import { keyRotationRemediator } from './remediators/key-rotation.js';
import { passwordPolicyRemediator } from './remediators/password-policy.js';
import { securityGroupsRemediator } from './remediators/security-groups.js';
import { supportRoleRemediator } from './remediators/support-role.js';
import { trailBucketLoggingRemediator, trailBucketPublicAccessRemediator } from './remediators/trail-buckets.js';
import { logFileValidationRemediator } from './remediators/trail-settings.js';
import type { Remediator } from './types.js';

// Every remediator, found by the check ids it fixes.
export const ALL_REMEDIATORS: readonly Remediator[] = [
  passwordPolicyRemediator, supportRoleRemediator, accessKeysRemediator, securityGroupsRemediator, ...guidanceRemediators,
  logFileValidationRemediator, trailBucketPublicAccessRemediator, trailBucketLoggingRemediator, keyRotationRemediator,
];

const byCheck = new Map(ALL_REMEDIATORS.flatMap((r) => r.checks.map((c) => [c, r] as const)));

export function remediatorFor(checkId: string): Remediator | undefined {
  return byCheck.get(checkId);
}
