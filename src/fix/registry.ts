import { accessKeysRemediator } from './remediators/access-keys.js';
import { flowLogsRemediator } from './remediators/flow-logs.js';
import { guidanceRemediators } from './remediators/guidance.js';
import { keyRotationRemediator } from './remediators/key-rotation.js';
import { monitoringAlarmsRemediator } from './remediators/monitoring-alarms.js';
import { passwordPolicyRemediator } from './remediators/password-policy.js';
import { securityGroupsRemediator } from './remediators/security-groups.js';
import { supportRoleRemediator } from './remediators/support-role.js';
import { trailBucketLoggingRemediator, trailBucketPublicAccessRemediator } from './remediators/trail-buckets.js';
import { configRecorderRemediator } from './remediators/config-recorder.js';
import { trailCloudWatchLogsRemediator } from './remediators/trail-cloudwatch-logs.js';
import { trailCreateRemediator } from './remediators/trail-create.js';
import { trailKmsRemediator } from './remediators/trail-kms.js';
import { logFileValidationRemediator } from './remediators/trail-settings.js';
import { ebsEncryptionRemediator } from './remediators/ebs-encryption.js';
import { rdsEncryptionGuidance, rdsMinorVersionUpgradeRemediator, rdsNotPublicRemediator } from './remediators/rds.js';
import { s3BlockPublicAccessRemediator } from './remediators/s3-block-public-access.js';
import { s3DefaultEncryptionRemediator } from './remediators/s3-default-encryption.js';
import { s3DenyHttpRemediator } from './remediators/s3-deny-http.js';
import { accessAnalyzerRemediator } from './remediators/access-analyzer.js';
import { naclEntriesRemediator } from './remediators/nacl-entries.js';
import { s3DataEventsRemediator } from './remediators/s3-data-events.js';
import { securityHubRemediator } from './remediators/security-hub.js';
import { accountGuidanceRemediators } from './remediators/account-guidance.js';
import type { Remediator } from './types.js';

// Every remediator, found by the check ids it fixes.
export const ALL_REMEDIATORS: readonly Remediator[] = [
  passwordPolicyRemediator, supportRoleRemediator, accessKeysRemediator, securityGroupsRemediator, ...guidanceRemediators,
  logFileValidationRemediator, trailBucketPublicAccessRemediator, trailBucketLoggingRemediator, keyRotationRemediator,
  monitoringAlarmsRemediator, flowLogsRemediator,
  trailCreateRemediator, trailCloudWatchLogsRemediator, configRecorderRemediator, trailKmsRemediator,
  // Storage and instances (the newer benchmarks' controls).
  ebsEncryptionRemediator, s3DenyHttpRemediator, s3DefaultEncryptionRemediator, s3BlockPublicAccessRemediator,
  rdsNotPublicRemediator, rdsMinorVersionUpgradeRemediator, rdsEncryptionGuidance,
  accessAnalyzerRemediator, securityHubRemediator, naclEntriesRemediator, s3DataEventsRemediator, ...accountGuidanceRemediators,
];

const byCheck = new Map(ALL_REMEDIATORS.flatMap((r) => r.checks.map((c) => [c, r] as const)));

export function remediatorFor(checkId: string): Remediator | undefined {
  return byCheck.get(checkId);
}
