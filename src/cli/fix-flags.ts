import { Flags } from '@oclif/core';

// Flags of `fix` (and `scan --fix`): what may change, and how it is confirmed and journaled.
export const fixFlags = {
  'dry-run': Flags.boolean({ default: false, description: 'show the plan (every API call and argument) and change nothing' }),
  yes: Flags.boolean({ char: 'y', default: false, description: 'apply without asking (required when not interactive)' }),
  'allow-disruptive': Flags.boolean({ default: false, description: 'allow fixes that can break workloads (access keys, NACL entries, expired certificates)' }),
  'journal-dir': Flags.string({ description: 'where journals are written (default: $CIS_AUDIT_HOME/journals or ~/.cis-audit/journals)' }),
  'access-log-bucket': Flags.string({ description: '2.6: bucket that receives the trail bucket access logs (default: create cis-audit-access-logs-<account>-<region>)' }),
  'support-role-name': Flags.string({ description: '1.20: the role to attach AWSSupportAccess to, created unless it exists (default cis-audit-support)' }),
  'notify-email': Flags.string({ description: '3.x: subscribe this address to the alarm topic (needed when a topic is created; the recipient must confirm)' }),
  'sns-topic-arn': Flags.string({ description: '3.x: notify this existing SNS topic instead of creating cis-audit-security-alerts' }),
  'subscription-protocol': Flags.string({
    description: '3.x: subscribe another kind of endpoint to the alarm topic (with --subscription-endpoint)',
    options: ['email', 'email-json', 'https', 'http', 'sqs', 'lambda', 'sms'],
    dependsOn: ['subscription-endpoint'],
  }),
  'subscription-endpoint': Flags.string({ description: '3.x: the endpoint for --subscription-protocol (URL, queue/function ARN, phone number)', dependsOn: ['subscription-protocol'] }),
  'traffic-type': Flags.string({ description: '2.9: traffic new flow logs capture (default REJECT, as CIS asks)', options: ['REJECT', 'ALL'] }),
  'flow-log-destination': Flags.string({ description: '2.9: where new flow logs deliver (default cloud-watch-logs; s3 needs --flow-log-bucket)', options: ['cloud-watch-logs', 's3'] }),
  'flow-log-bucket': Flags.string({ description: '2.9: bucket (name or arn:aws:s3:::bucket[/prefix]) for --flow-log-destination s3' }),
  'log-retention-days': Flags.integer({ description: '2.4/2.9: retention of log groups a fix creates (default 365; a value CloudWatch Logs accepts)' }),
  'trail-bucket': Flags.string({ description: '2.1: an existing bucket of this account for a new trail (its policy must already let CloudTrail write; default: create cis-audit-cloudtrail-<account>-<region>)' }),
  'trail-bucket-retention-days': Flags.integer({ description: '2.1: days the trail bucket a fix creates keeps log files (default 365)' }),
  'config-bucket': Flags.string({ description: '2.5: an existing bucket of this account for AWS Config delivery (default: create cis-audit-config-<account>)' }),
  'security-hub-default-standards': Flags.boolean({ default: false, description: 'Security Hub: also enable its default standards (billed per check)' }),
  'config-global-region': Flags.string({ description: '2.5: the one region whose recorder records global (IAM) resource types (default: the home region)' }),
  'ebs-kms-key': Flags.string({ description: 'EBS encryption by default: also make this KMS key (id, ARN or alias) the default for new volumes' }),
  's3-bucket-level': Flags.boolean({ default: false, description: 'S3 Block Public Access: block on each failing bucket instead of at account level' }),
  's3-kms-key': Flags.string({ description: 'S3 default encryption: SSE-KMS with this key (id, ARN or alias) instead of SSE-S3' }),
};
