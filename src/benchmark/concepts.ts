import type { Aggregation, RemediationKind } from './control.js';
import type { Severity } from '../model/status.js';

// The recommendations every CIS version words and numbers its own way, each decided by the same checks. A version's
// mapping (cis-aws-*.ts) names a concept per control and adds its number, title, level and parameters.
export interface Concept {
  checks: string[];
  /** Severity as Security Hub rates the matching control (our own rating where it has none). */
  severity: Severity;
  aggregation?: Aggregation;
  remediation: { kind: RemediationKind; summary: string };
}

const guidance = (summary: string) => ({ kind: 'guidance' as const, summary });
const automatic = (summary: string) => ({ kind: 'automatic' as const, summary });
const c = (checks: string | string[], severity: Severity, remediation: Concept['remediation'], aggregation?: Aggregation): Concept => ({
  checks: typeof checks === 'string' ? [checks] : checks,
  severity,
  remediation,
  ...(aggregation ? { aggregation } : {}),
});

const MONITORED_EVENTS = [
  'unauthorized-api-calls', 'console-signin-without-mfa', 'root-account-usage', 'iam-policy-changes',
  'cloudtrail-config-changes', 'console-auth-failures', 'cmk-disable-or-deletion', 's3-bucket-policy-changes',
  'config-changes', 'security-group-changes', 'nacl-changes', 'network-gateway-changes', 'route-table-changes',
  'vpc-changes', 'organizations-changes',
] as const;
const ALARM_CHAIN = automatic('metric filter (this version\'s pattern) + alarm + SNS topic + subscription');

export const CONCEPTS: Readonly<Record<string, Concept>> = {
  // Identity and access management
  'contact-details': c('account-contact-details', 'LOW', guidance('keep the account contacts current (Billing console)')),
  'security-contact': c('account-security-contact', 'MEDIUM', guidance('register a security alternate contact')),
  'security-questions': c('account-security-questions', 'LOW', guidance('register the security challenge questions as root')),
  'root-usage': c('iam-root-usage', 'LOW', guidance('stop using root; use IAM roles')),
  'console-users-mfa': c('iam-console-users-mfa', 'MEDIUM', guidance('each user enables MFA')),
  'no-keys-at-setup': c('iam-no-keys-at-setup', 'LOW', guidance('delete access keys created with a console user and never used')),
  'unused-credentials': c('iam-unused-credentials', 'MEDIUM', { kind: 'opt-in', summary: 'deactivate unused access keys (--allow-disruptive)' }),
  'one-active-key': c('iam-one-active-key', 'MEDIUM', guidance('deactivate all but one active key per user')),
  'access-key-rotation': c('iam-access-key-rotation', 'MEDIUM', { kind: 'opt-in', summary: 'deactivate unrotated access keys (--allow-disruptive)' }),
  'password-uppercase': c('iam-password-requires-uppercase', 'MEDIUM', automatic('UpdateAccountPasswordPolicy')),
  'password-lowercase': c('iam-password-requires-lowercase', 'MEDIUM', automatic('UpdateAccountPasswordPolicy')),
  'password-symbols': c('iam-password-requires-symbols', 'MEDIUM', automatic('UpdateAccountPasswordPolicy')),
  'password-numbers': c('iam-password-requires-numbers', 'MEDIUM', automatic('UpdateAccountPasswordPolicy')),
  'password-min-length': c('iam-password-min-length', 'MEDIUM', automatic('UpdateAccountPasswordPolicy')),
  'password-reuse': c('iam-password-reuse-prevention', 'LOW', automatic('UpdateAccountPasswordPolicy')),
  'password-expiry': c('iam-password-expiry', 'LOW', automatic('UpdateAccountPasswordPolicy')),
  'root-access-keys': c('iam-root-access-keys', 'CRITICAL', guidance('delete root access keys as root')),
  'root-mfa': c('iam-root-mfa', 'CRITICAL', guidance('enable MFA as root')),
  'root-hardware-mfa': c('iam-root-hardware-mfa', 'CRITICAL', guidance('replace virtual MFA with hardware MFA')),
  'no-user-policies': c('iam-no-user-policies', 'LOW', guidance('move user policies to groups')),
  'support-role': c('iam-support-role', 'LOW', automatic('create a role with AWSSupportAccess')),
  'no-full-admin-policies': c('iam-no-full-admin-policies', 'HIGH', guidance('narrow the policy')),
  'no-attached-full-admin-policies': c('iam-no-attached-full-admin-policies', 'HIGH', guidance('detach or narrow the policy')),
  'instance-roles': c('iam-instance-roles', 'MEDIUM', guidance('attach an instance profile; remove embedded credentials')),
  'expired-server-certificates': c('iam-expired-server-certificates', 'MEDIUM', { kind: 'opt-in', summary: 'delete the expired certificates (--allow-disruptive; cannot be undone)' }),
  'access-analyzer': c('iam-access-analyzer', 'HIGH', automatic('CreateAnalyzer cis-audit-access-analyzer (type ACCOUNT) in each failing region')),
  'central-identity': c('iam-central-identity', 'LOW', guidance('manage users in an identity provider or IAM Identity Center')),
  'cloudshell-full-access': c('iam-cloudshell-full-access', 'MEDIUM', guidance('detach AWSCloudShellFullAccess')),
  'org-centralized-root-access': c('org-centralized-root-access', 'MEDIUM', guidance('enable centralized root access in AWS Organizations')),
  'org-authorization-guardrails': c('org-authorization-guardrails', 'MEDIUM', guidance('attach baseline SCPs/RCPs covering every account')),
  'org-management-account-workloads': c('org-management-account-workloads', 'MEDIUM', guidance('move workloads out of the management account')),
  'org-ou-structure': c('org-ou-structure', 'LOW', guidance('structure OUs by environment and sensitivity')),
  'org-delegated-admin-policies': c('org-delegated-admin-policies', 'LOW', guidance('delegate Organizations policy management')),
  'org-delegated-admin-services': c('org-delegated-admin-services', 'LOW', guidance('delegate administration of integrated services')),
  'resource-policies-principal-star': c('resource-policies-principal-star', 'HIGH', guidance('restrict "Principal": "*" statements with conditions')),
  // Storage
  's3-default-encryption': c('s3-default-encryption', 'MEDIUM', automatic('PutBucketEncryption: SSE-S3, or SSE-KMS with --s3-kms-key')),
  's3-deny-http': c('s3-deny-http', 'MEDIUM', automatic('merge a Deny aws:SecureTransport=false statement into each bucket policy')),
  's3-mfa-delete': c('s3-mfa-delete', 'LOW', guidance('enable MFA delete as root')),
  's3-data-classified': c('s3-data-classified', 'MEDIUM', guidance('enable Macie (or another classifier) and run discovery jobs')),
  's3-block-public-access': c('s3-block-public-access', 'HIGH', automatic('account-level S3 Block Public Access (per bucket with --s3-bucket-level)')),
  'ebs-default-encryption': c('ebs-default-encryption', 'MEDIUM', automatic('EnableEbsEncryptionByDefault in each failing region (--ebs-kms-key optional)')),
  'rds-encryption': c('rds-storage-encrypted', 'MEDIUM', guidance('snapshot, encrypted copy, restore (the fix names the commands per instance)')),
  'rds-auto-minor-version-upgrade': c('rds-auto-minor-version-upgrade', 'HIGH', automatic('ModifyDBInstance AutoMinorVersionUpgrade=true (next maintenance window; now with --allow-disruptive)')),
  'rds-not-public': c('rds-not-public', 'CRITICAL', { kind: 'opt-in', summary: 'ModifyDBInstance PubliclyAccessible=false (--allow-disruptive)' }),
  'rds-multi-az': c('rds-multi-az', 'MEDIUM', guidance('convert to a Multi-AZ deployment')),
  'efs-encryption': c('efs-encrypted', 'MEDIUM', guidance('create an encrypted file system and move the data')),
  // Logging
  'cloudtrail-multi-region': c('cloudtrail-multi-region', 'CRITICAL', automatic('create a multi-region trail'), 'any-of'),
  'log-file-validation': c('cloudtrail-log-file-validation', 'LOW', automatic('UpdateTrail EnableLogFileValidation')),
  'trail-bucket-not-public': c('cloudtrail-bucket-not-public', 'CRITICAL', automatic('public access block on the bucket')),
  'trail-cloudwatch-logs': c('cloudtrail-cloudwatch-logs', 'LOW', automatic('log group + role + UpdateTrail')),
  'config-enabled': c('config-enabled-all-regions', 'MEDIUM', automatic('recorder + delivery channel + start')),
  'trail-bucket-access-logging': c('cloudtrail-bucket-access-logging', 'LOW', automatic('PutBucketLogging')),
  'trail-kms': c('cloudtrail-kms-encryption', 'MEDIUM', automatic('KMS key + UpdateTrail')),
  'kms-rotation': c('kms-key-rotation', 'MEDIUM', automatic('EnableKeyRotation')),
  'vpc-flow-logs': c('vpc-flow-logs', 'MEDIUM', automatic('log group + role + CreateFlowLogs')),
  's3-object-logging-write': c('cloudtrail-s3-data-events-write', 'MEDIUM', automatic('add S3 write data events (all buckets) to the multi-region trail\'s selectors'), 'any-of'),
  's3-object-logging-read': c('cloudtrail-s3-data-events-read', 'MEDIUM', automatic('add S3 read data events (all buckets) to the multi-region trail\'s selectors'), 'any-of'),
  'web-frontend-access-logging': c('web-frontend-access-logging', 'MEDIUM', guidance('enable access logging on CloudFront, load balancers and API stages')),
  // Monitoring
  ...Object.fromEntries(MONITORED_EVENTS.map((e) => [`monitoring-${e}`, c(`monitoring-${e}`, 'LOW', ALARM_CHAIN, 'any-of')])),
  'securityhub-enabled': c('securityhub-enabled', 'HIGH', automatic('EnableSecurityHub in each failing region (no default standards unless --security-hub-default-standards)')),
  // Networking
  'sg-public-ssh': c('ec2-no-public-ssh', 'HIGH', automatic('revoke the offending rules')),
  'sg-public-rdp': c('ec2-no-public-rdp', 'HIGH', automatic('revoke the offending rules')),
  'sg-admin-ports-ipv4': c('ec2-no-public-admin-ports', 'HIGH', automatic('revoke the offending rules')),
  'sg-admin-ports-ipv6': c('ec2-no-public-admin-ports', 'HIGH', automatic('revoke the offending rules')),
  'nacl-admin-ports': c('ec2-nacl-no-public-admin-ports', 'MEDIUM', { kind: 'opt-in', summary: 'delete the offending NACL entries (--allow-disruptive)' }),
  'cifs-restricted': c('ec2-cifs-restricted', 'HIGH', guidance('revoke public rules to port 445')),
  'default-sg-closed': c('ec2-default-sg-closed', 'HIGH', automatic('revoke the default group rules')),
  'vpc-peering-least-access': c('ec2-vpc-peering-least-access', 'LOW', guidance('narrow peering routes to the needed CIDRs')),
  imdsv2: c('ec2-imdsv2-required', 'HIGH', guidance('ModifyInstanceMetadataOptions HttpTokens=required')),
  'vpc-endpoints': c('ec2-vpc-endpoints', 'LOW', guidance('add VPC endpoints for the AWS services used')),
};

export function concept(key: string): Concept {
  const found = CONCEPTS[key];
  if (!found) throw new Error(`unknown concept ${key}`);
  return found;
}
