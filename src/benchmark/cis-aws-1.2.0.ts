import type { Benchmark, ControlDef, RemediationKind } from './control.js';
import type { Severity } from '../model/status.js';

// CIS AWS Foundations v1.2.0: the 43 controls Security Hub supports, severities as Security Hub rates them.
type Row = [id: string, severity: Severity, title: string, checks: string[], fix: RemediationKind, fixSummary: string];

const IAM: Row[] = [
  ['1.1', 'LOW', 'Avoid the use of the "root" account', ['iam-root-usage'], 'guidance', 'stop using root; use IAM roles'],
  ['1.2', 'MEDIUM', 'Ensure MFA is enabled for all IAM users that have a console password', ['iam-console-users-mfa'], 'guidance', 'each user enables MFA'],
  ['1.3', 'MEDIUM', 'Ensure credentials unused for 90 days or greater are disabled', ['iam-unused-credentials'], 'opt-in', 'deactivate unused access keys (--allow-disruptive)'],
  ['1.4', 'MEDIUM', 'Ensure access keys are rotated every 90 days or less', ['iam-access-key-rotation'], 'opt-in', 'deactivate unrotated access keys (--allow-disruptive)'],
  ['1.5', 'MEDIUM', 'Ensure IAM password policy requires at least one uppercase letter', ['iam-password-requires-uppercase'], 'automatic', 'UpdateAccountPasswordPolicy'],
  ['1.6', 'MEDIUM', 'Ensure IAM password policy requires at least one lowercase letter', ['iam-password-requires-lowercase'], 'automatic', 'UpdateAccountPasswordPolicy'],
  ['1.7', 'MEDIUM', 'Ensure IAM password policy requires at least one symbol', ['iam-password-requires-symbols'], 'automatic', 'UpdateAccountPasswordPolicy'],
  ['1.8', 'MEDIUM', 'Ensure IAM password policy requires at least one number', ['iam-password-requires-numbers'], 'automatic', 'UpdateAccountPasswordPolicy'],
  ['1.9', 'MEDIUM', 'Ensure IAM password policy requires minimum length of 14 or greater', ['iam-password-min-length'], 'automatic', 'UpdateAccountPasswordPolicy'],
  ['1.10', 'LOW', 'Ensure IAM password policy prevents password reuse', ['iam-password-reuse-prevention'], 'automatic', 'UpdateAccountPasswordPolicy'],
  ['1.11', 'LOW', 'Ensure IAM password policy expires passwords within 90 days or less', ['iam-password-expiry'], 'automatic', 'UpdateAccountPasswordPolicy'],
  ['1.12', 'CRITICAL', 'Ensure no root account access key exists', ['iam-root-access-keys'], 'guidance', 'delete root access keys as root'],
  ['1.13', 'CRITICAL', 'Ensure MFA is enabled for the "root" account', ['iam-root-mfa'], 'guidance', 'enable MFA as root'],
  ['1.14', 'CRITICAL', 'Ensure hardware MFA is enabled for the "root" account', ['iam-root-hardware-mfa'], 'guidance', 'replace virtual MFA with hardware MFA'],
  ['1.16', 'LOW', 'Ensure IAM policies are attached only to groups or roles', ['iam-no-user-policies'], 'guidance', 'move user policies to groups'],
  ['1.20', 'LOW', 'Ensure a support role has been created to manage incidents with AWS Support', ['iam-support-role'], 'automatic', 'create a role with AWSSupportAccess'],
  ['1.22', 'HIGH', 'Ensure IAM policies that allow full "*:*" administrative privileges are not created', ['iam-no-full-admin-policies'], 'guidance', 'narrow the policy'],
];

const LOGGING: Row[] = [
  ['2.1', 'CRITICAL', 'Ensure CloudTrail is enabled in all regions', ['cloudtrail-multi-region'], 'automatic', 'create a multi-region trail'],
  ['2.2', 'LOW', 'Ensure CloudTrail log file validation is enabled', ['cloudtrail-log-file-validation'], 'automatic', 'UpdateTrail EnableLogFileValidation'],
  ['2.3', 'CRITICAL', 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible', ['cloudtrail-bucket-not-public'], 'automatic', 'public access block on the bucket'],
  ['2.4', 'LOW', 'Ensure CloudTrail trails are integrated with CloudWatch Logs', ['cloudtrail-cloudwatch-logs'], 'automatic', 'log group + role + UpdateTrail'],
  ['2.5', 'MEDIUM', 'Ensure AWS Config is enabled in all regions', ['config-enabled-all-regions'], 'automatic', 'recorder + delivery channel + start'],
  ['2.6', 'LOW', 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket', ['cloudtrail-bucket-access-logging'], 'automatic', 'PutBucketLogging'],
  ['2.7', 'MEDIUM', 'Ensure CloudTrail logs are encrypted at rest using KMS CMKs', ['cloudtrail-kms-encryption'], 'automatic', 'KMS key + UpdateTrail'],
  ['2.8', 'MEDIUM', 'Ensure rotation for customer created CMKs is enabled', ['kms-key-rotation'], 'automatic', 'EnableKeyRotation'],
  ['2.9', 'MEDIUM', 'Ensure VPC flow logging is enabled in all VPCs', ['vpc-flow-logs'], 'automatic', 'log group + role + CreateFlowLogs'],
];

const MONITORING_EVENTS: Array<[string, string, string]> = [
  ['3.1', 'unauthorized API calls', 'unauthorized-api-calls'],
  ['3.2', 'Management Console sign-in without MFA', 'console-signin-without-mfa'],
  ['3.3', 'usage of "root" account', 'root-account-usage'],
  ['3.4', 'IAM policy changes', 'iam-policy-changes'],
  ['3.5', 'CloudTrail configuration changes', 'cloudtrail-config-changes'],
  ['3.6', 'AWS Management Console authentication failures', 'console-auth-failures'],
  ['3.7', 'disabling or scheduled deletion of customer created CMKs', 'cmk-disable-or-deletion'],
  ['3.8', 'S3 bucket policy changes', 's3-bucket-policy-changes'],
  ['3.9', 'AWS Config configuration changes', 'config-changes'],
  ['3.10', 'security group changes', 'security-group-changes'],
  ['3.11', 'changes to Network Access Control Lists (NACL)', 'nacl-changes'],
  ['3.12', 'changes to network gateways', 'network-gateway-changes'],
  ['3.13', 'route table changes', 'route-table-changes'],
  ['3.14', 'VPC changes', 'vpc-changes'],
];
const MONITORING: Row[] = MONITORING_EVENTS.map(([id, what, event]) => [
  id, 'LOW', `Ensure a log metric filter and alarm exist for ${what}`, [`monitoring-${event}`], 'automatic',
  'metric filter + alarm + SNS topic + subscription',
]);

const NETWORKING: Row[] = [
  ['4.1', 'HIGH', 'Ensure no security groups allow ingress from 0.0.0.0/0 to port 22', ['ec2-no-public-ssh'], 'automatic', 'revoke the offending rules'],
  ['4.2', 'HIGH', 'Ensure no security groups allow ingress from 0.0.0.0/0 to port 3389', ['ec2-no-public-rdp'], 'automatic', 'revoke the offending rules'],
  ['4.3', 'HIGH', 'Ensure the default security group of every VPC restricts all traffic', ['ec2-default-sg-closed'], 'automatic', 'revoke the default group rules'],
];

// Controls passing when one complete candidate exists (SPEC "Any-of").
const ANY_OF = new Set(['2.1', ...MONITORING_EVENTS.map(([id]) => id)]);

const control = (section: string) => ([id, severity, title, checks, kind, summary]: Row): ControlDef => ({
  id, title, severity, section, checks,
  aggregation: ANY_OF.has(id) ? 'any-of' : 'all',
  assessment: 'automated',
  remediation: { kind, summary },
});

export const CIS_AWS_1_2_0: Benchmark = {
  id: 'cis-aws-foundations',
  name: 'CIS AWS Foundations Benchmark',
  version: '1.2.0',
  sections: { '1': 'Identity and Access Management', '2': 'Logging', '3': 'Monitoring', '4': 'Networking' },
  controls: [
    ...IAM.map(control('1')),
    ...LOGGING.map(control('2')),
    ...MONITORING.map(control('3')),
    ...NETWORKING.map(control('4')),
  ],
};
