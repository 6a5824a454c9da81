import { configRecorderRemediator } from './remediators/config-recorder.js';
import { CREATED_BY_TAG_KEY, CREATED_BY_TAG_VALUE } from './remediators/building-blocks.js';
import { FLOW_LOG_ROLE, flowLogsRemediator } from './remediators/flow-logs.js';
import { CONFIG_ROLE, TRAIL_LOGS_ROLE } from './remediators/logging-builders.js';
import { ALERTS_TOPIC_NAME } from './remediators/monitoring-alarms.js';
import { supportRoleRemediator } from './remediators/support-role.js';
import { trailCloudWatchLogsRemediator } from './remediators/trail-cloudwatch-logs.js';
import { trailCreateRemediator } from './remediators/trail-create.js';
import { trailKmsRemediator } from './remediators/trail-kms.js';

// The one table that scopes what `fix` may write (`cis-audit permissions --include-fix`). A remediator lists the
// IAM actions it calls in `permissions: string[]`; every such action must have a row here (a test fails
// otherwise), saying on which resources, under which conditions, it is granted — or why AWS offers nothing
// narrower than "*". Resources are ARN templates: {partition}, {account} (the `--account` given, else "*") and
// {supportRole} (`--support-role-name`) are filled in when the policy is printed.
//
// Adding a remediator's action: add a row. `grants` is what every remediator using the action gets; `for` narrows
// it for one remediator (by id) to exactly what that remediator touches. A grant with `anyName` reaches every
// resource of its type in the account (the fix changes your existing resources, whatever their names) and says why.

export type Conditions = Record<string, Record<string, string | string[]>>;

export interface Grant {
  /** Statement id (grants with the same id, resources and conditions become one statement). */
  sid: string;
  /** ARN templates. */
  resources: string[];
  conditions?: Conditions;
  /** Set when the grant covers every resource of its type: why no name pattern or tag can narrow it. */
  anyName?: string;
}

export type ActionScope =
  /** A read made while planning (Get/List/Describe): granted on "*" like the scan's reads. */
  | { kind: 'read' }
  /** A write AWS offers no resource type or condition key to narrow: granted on "*", listed with this reason. */
  | { kind: 'unscopable'; why: string }
  | { kind: 'scoped'; grants: Grant[]; for?: Record<string, Grant[]> };

// ---------------------------------------------------------------------------------------------------------------
// ARN templates

const P = 'arn:{partition}';
const role = (name: string) => `${P}:iam::{account}:role/${name}`;
const bucket = (name: string) => `${P}:s3:::${name}`;
const logGroup = (name: string) => `${P}:logs:*:{account}:log-group:${name}`;
const trail = (name: string) => `${P}:cloudtrail:*:{account}:trail/${name}`;
const ec2 = (type: string) => `${P}:ec2:*:{account}:${type}/*`;
const KMS_KEYS = `${P}:kms:*:{account}:key/*`;
const kmsAlias = (alias: string) => `${P}:kms:*:{account}:${alias}`;
const topic = (name: string) => `${P}:sns:*:{account}:${name}`;
const alarm = (name: string) => `${P}:cloudwatch:*:{account}:alarm:${name}`;
const awsManagedPolicy = (path: string) => `${P}:iam::aws:policy/${path}`;

/** Prefix of everything `fix` names (roles, buckets, topics, alarms, the trail, aliases). */
const OURS = 'cis-audit-*';
/** The log groups `fix` creates (/cis-audit/cloudtrail, /cis-audit/vpc-flow-logs). */
const OUR_LOG_GROUPS = '/cis-audit/*';
const SUPPORT_ACCESS = awsManagedPolicy('AWSSupportAccess');
const CONFIG_ROLE_POLICY = awsManagedPolicy('service-role/AWS_ConfigRole');

const TAGGED_ON_CREATE: Conditions = { StringEquals: { [`aws:RequestTag/${CREATED_BY_TAG_KEY}`]: CREATED_BY_TAG_VALUE } };
const TAGGED: Conditions = { StringEquals: { [`aws:ResourceTag/${CREATED_BY_TAG_KEY}`]: CREATED_BY_TAG_VALUE } };
const passedTo = (service: string): Conditions => ({ StringEquals: { 'iam:PassedToService': service } });
const attaching = (...policies: string[]): Conditions => ({ ArnEquals: { 'iam:PolicyARN': policies.length === 1 ? policies[0]! : policies } });

// ---------------------------------------------------------------------------------------------------------------
// Grants

const OUR_ROLES: Grant = { sid: 'CisAuditRoles', resources: [role(OURS)] };
/** Each role-creating remediator touches its one role. */
const ROLE_OF: Record<string, Grant[]> = {
  [supportRoleRemediator.id]: [{ sid: 'CisAuditSupportRole', resources: [role('{supportRole}')] }],
  [flowLogsRemediator.id]: [{ sid: 'CisAuditFlowLogsRole', resources: [role(FLOW_LOG_ROLE)] }],
  [trailCloudWatchLogsRemediator.id]: [{ sid: 'CisAuditTrailLogsRole', resources: [role(TRAIL_LOGS_ROLE)] }],
  [configRecorderRemediator.id]: [{ sid: 'CisAuditConfigRole', resources: [role(CONFIG_ROLE)] }],
};
const roleAction: ActionScope = { kind: 'scoped', grants: [OUR_ROLES], for: ROLE_OF };

const ATTACH: ActionScope = {
  kind: 'scoped',
  grants: [{ sid: 'CisAuditAttachManagedPolicies', resources: [role(OURS), role('{supportRole}')], conditions: attaching(SUPPORT_ACCESS, CONFIG_ROLE_POLICY) }],
  for: {
    [supportRoleRemediator.id]: [{ sid: 'CisAuditSupportRoleAttach', resources: [role('{supportRole}')], conditions: attaching(SUPPORT_ACCESS) }],
    [configRecorderRemediator.id]: [{ sid: 'CisAuditConfigRoleAttach', resources: [role(CONFIG_ROLE)], conditions: attaching(CONFIG_ROLE_POLICY) }],
  },
};

const ANY_BUCKET_WHY = 'it hardens buckets you already have (your trails\' buckets, log targets) whatever their names; S3 bucket ARNs carry no account';
const ANY_BUCKET: Grant = { sid: 'CisAuditExistingBuckets', resources: [bucket('*')], anyName: ANY_BUCKET_WHY };
const OUR_BUCKETS: Grant = { sid: 'CisAuditBuckets', resources: [bucket(OURS)] };
/** Bucket settings: any bucket by default; the remediators that only set up the buckets they create get those. */
const bucketSetting: ActionScope = {
  kind: 'scoped', grants: [ANY_BUCKET],
  for: { [trailCreateRemediator.id]: [OUR_BUCKETS], [configRecorderRemediator.id]: [OUR_BUCKETS] },
};

const ANY_TRAIL: Grant = { sid: 'CisAuditExistingTrails', resources: [trail('*')], anyName: 'it changes the settings of your own trails, whatever their names (only trails of this account)' };
const OUR_TRAIL: Grant = { sid: 'CisAuditTrail', resources: [trail(OURS)] };

const OUR_LOG_GROUP_GRANT: Grant = { sid: 'CisAuditLogGroups', resources: [logGroup(OUR_LOG_GROUPS)] };
const ANY_LOG_GROUP: Grant = {
  sid: 'CisAuditTrailLogGroupFilters', resources: [logGroup('*')],
  anyName: 'the 3.x metric filters go on the log group your trail already delivers to, whatever its name',
};

const ANY_KEY: Grant = { sid: 'CisAuditExistingKeys', resources: [KMS_KEYS], anyName: 'it turns on rotation of the customer managed keys the scan flags, whatever their aliases (undo turns it off)' };
const OUR_KEYS: Grant = { sid: 'CisAuditOwnKeys', resources: [KMS_KEYS], conditions: TAGGED };
const OUR_ALIASES: Grant = { sid: 'CisAuditKeyAliases', resources: [kmsAlias(`alias/${OURS}`)] };

const OUR_TOPIC: Grant = { sid: 'CisAuditTopic', resources: [topic(OURS)] };
const OUR_ALARMS: Grant = { sid: 'CisAuditAlarms', resources: [alarm(OURS)] };

const anyOf = (sid: string, resource: string, why: string): ActionScope => ({ kind: 'scoped', grants: [{ sid, resources: [resource], anyName: why }] });
const SECURITY_GROUPS = anyOf('CisAuditExistingSecurityGroups', ec2('security-group'), 'it removes the open rules of whichever security groups the scan flags (undo puts them back)');
const NETWORK_ACLS = anyOf('CisAuditExistingNetworkAcls', ec2('network-acl'), 'it changes the entries of whichever network ACLs the scan flags');
const ANALYZERS = anyOf('CisAuditAnalyzers', `${P}:access-analyzer:*:{account}:analyzer/*`, 'IAM Access Analyzer analyzers of this account (one per region)');

const ACCOUNT_SETTING = (what: string) => `${what}: an account-wide setting, IAM has no resource type or condition key for it`;
const REGION_SETTING = (what: string) => `${what}: a setting of the account in each region, IAM has no resource type or condition key for it`;
const CONFIG_WHY = 'AWS Config allows one recorder and one delivery channel per region; their ARNs carry an id AWS assigns, and an existing recorder is fixed under whatever name it has';

export const PERMISSION_SCOPES: Readonly<Record<string, ActionScope>> = {
  // --- IAM
  'iam:GetRole': { kind: 'read' },
  'iam:GetRolePolicy': { kind: 'read' },
  'iam:ListAccessKeys': { kind: 'read' },
  'iam:CreateRole': roleAction,
  'iam:TagRole': roleAction,
  'iam:PutRolePolicy': roleAction,
  'iam:DeleteRolePolicy': roleAction,
  'iam:DeleteRole': roleAction,
  'iam:AttachRolePolicy': ATTACH,
  'iam:DetachRolePolicy': ATTACH,
  'iam:PassRole': {
    kind: 'scoped',
    grants: [{ sid: 'CisAuditPassRoles', resources: [role(OURS)] }],
    for: {
      [trailCloudWatchLogsRemediator.id]: [{ sid: 'CisAuditPassTrailLogsRole', resources: [role(TRAIL_LOGS_ROLE)], conditions: passedTo('cloudtrail.amazonaws.com') }],
      // EC2 documents no iam:PassedToService value for flow logs: the role is scoped by name, and only
      // vpc-flow-logs.amazonaws.com may assume it (its trust policy).
      [flowLogsRemediator.id]: [{ sid: 'CisAuditPassFlowLogsRole', resources: [role(FLOW_LOG_ROLE)] }],
      [configRecorderRemediator.id]: [{
        sid: 'CisAuditPassRecorderRole', resources: [role('*')], conditions: passedTo('config.amazonaws.com'),
        anyName: `a new recorder gets ${CONFIG_ROLE}, but an existing recorder is widened in place with the role it already has (whatever its name); only to AWS Config`,
      }],
    },
  },
  'iam:UpdateAccessKey': anyOf('CisAuditExistingUsers', `${P}:iam::{account}:user/*`, 'it deactivates the unused access keys of whichever users the scan flags'),
  'iam:DeleteServerCertificate': anyOf('CisAuditServerCertificates', `${P}:iam::{account}:server-certificate/*`, 'it deletes the expired server certificates the scan flags, whatever their names'),
  'iam:UpdateAccountPasswordPolicy': { kind: 'unscopable', why: ACCOUNT_SETTING('the account password policy') },
  'iam:DeleteAccountPasswordPolicy': { kind: 'unscopable', why: ACCOUNT_SETTING('the account password policy') },

  // --- S3
  's3:GetBucketLocation': { kind: 'read' },
  's3:GetBucketPolicy': { kind: 'read' },
  's3:GetBucketPublicAccessBlock': { kind: 'read' },
  's3:CreateBucket': { kind: 'scoped', grants: [OUR_BUCKETS] },
  's3:PutBucketOwnershipControls': bucketSetting,
  's3:PutBucketPublicAccessBlock': bucketSetting,
  's3:PutEncryptionConfiguration': bucketSetting,
  's3:PutBucketPolicy': bucketSetting,
  's3:DeleteBucketPolicy': bucketSetting,
  's3:PutBucketLogging': bucketSetting,
  's3:PutLifecycleConfiguration': bucketSetting,
  's3:PutBucketVersioning': bucketSetting,
  's3:PutBucketTagging': bucketSetting,
  's3:PutAccountPublicAccessBlock': { kind: 'unscopable', why: ACCOUNT_SETTING('the account-level S3 Block Public Access (S3 Control)') },

  // --- CloudTrail
  'cloudtrail:GetEventSelectors': { kind: 'read' },
  'cloudtrail:CreateTrail': { kind: 'scoped', grants: [OUR_TRAIL] },
  'cloudtrail:AddTags': { kind: 'scoped', grants: [OUR_TRAIL] },
  'cloudtrail:DeleteTrail': { kind: 'scoped', grants: [OUR_TRAIL] },
  'cloudtrail:UpdateTrail': { kind: 'scoped', grants: [ANY_TRAIL] },
  'cloudtrail:StartLogging': { kind: 'scoped', grants: [ANY_TRAIL] },
  'cloudtrail:StopLogging': { kind: 'scoped', grants: [ANY_TRAIL] },
  'cloudtrail:PutEventSelectors': { kind: 'scoped', grants: [ANY_TRAIL] },

  // --- CloudWatch Logs
  'logs:DescribeLogGroups': { kind: 'read' },
  'logs:CreateLogGroup': { kind: 'scoped', grants: [OUR_LOG_GROUP_GRANT] },
  'logs:TagResource': { kind: 'scoped', grants: [OUR_LOG_GROUP_GRANT] },
  'logs:TagLogGroup': { kind: 'scoped', grants: [OUR_LOG_GROUP_GRANT] },
  'logs:PutRetentionPolicy': { kind: 'scoped', grants: [OUR_LOG_GROUP_GRANT] },
  'logs:DeleteRetentionPolicy': { kind: 'scoped', grants: [OUR_LOG_GROUP_GRANT] },
  'logs:DeleteLogGroup': { kind: 'scoped', grants: [OUR_LOG_GROUP_GRANT] },
  'logs:PutMetricFilter': { kind: 'scoped', grants: [ANY_LOG_GROUP] },
  'logs:DeleteMetricFilter': { kind: 'scoped', grants: [ANY_LOG_GROUP] },

  // --- CloudWatch alarms and SNS (3.x)
  'cloudwatch:DescribeAlarms': { kind: 'read' },
  'cloudwatch:PutMetricAlarm': { kind: 'scoped', grants: [OUR_ALARMS] },
  'cloudwatch:DeleteAlarms': { kind: 'scoped', grants: [OUR_ALARMS] },
  'cloudwatch:TagResource': { kind: 'scoped', grants: [OUR_ALARMS] },
  'sns:GetTopicAttributes': { kind: 'read' },
  'sns:ListSubscriptionsByTopic': { kind: 'read' },
  'sns:CreateTopic': { kind: 'scoped', grants: [OUR_TOPIC] },
  'sns:SetTopicAttributes': { kind: 'scoped', grants: [OUR_TOPIC] },
  'sns:DeleteTopic': { kind: 'scoped', grants: [OUR_TOPIC] },
  'sns:TagResource': { kind: 'scoped', grants: [OUR_TOPIC] },
  'sns:Subscribe': anyOf('CisAuditSubscribe', topic('*'), `it subscribes your endpoint to ${ALERTS_TOPIC_NAME} or to the topic you name with --sns-topic-arn`),
  'sns:Unsubscribe': {
    kind: 'unscopable',
    why: 'undo only, of a subscription to the topic you named with --sns-topic-arn: SNS authorizes Unsubscribe by the subscription (whose ARN exists only once Subscribe answered), not a resource a policy can name in advance',
  },

  // --- KMS (2.7 key, 2.8 rotation)
  'kms:DescribeKey': { kind: 'read' },
  'kms:GetKeyPolicy': { kind: 'read' },
  // CreateKey has no resource: it is allowed only for a key tagged as ours at creation.
  'kms:CreateKey': { kind: 'scoped', grants: [{ sid: 'CisAuditCreateTaggedKey', resources: ['*'], conditions: TAGGED_ON_CREATE }] },
  // Tagging during CreateKey is authorized before the key has an ARN: "*", with the same tag condition.
  'kms:TagResource': { kind: 'scoped', grants: [{ sid: 'CisAuditCreateTaggedKey', resources: ['*'], conditions: TAGGED_ON_CREATE }] },
  'kms:EnableKeyRotation': { kind: 'scoped', grants: [ANY_KEY], for: { [trailKmsRemediator.id]: [OUR_KEYS] } },
  'kms:DisableKeyRotation': { kind: 'scoped', grants: [ANY_KEY] },
  'kms:CreateAlias': { kind: 'scoped', grants: [OUR_ALIASES, OUR_KEYS] },
  'kms:DeleteAlias': { kind: 'scoped', grants: [OUR_ALIASES, OUR_KEYS] },
  'kms:ScheduleKeyDeletion': { kind: 'scoped', grants: [OUR_KEYS] },

  // --- EC2
  'ec2:DescribeFlowLogs': { kind: 'read' },
  'ec2:CreateFlowLogs': {
    kind: 'scoped',
    grants: [
      { sid: 'CisAuditFlowLogVpcs', resources: [ec2('vpc')], anyName: 'a flow log goes on each VPC the scan flags' },
      { sid: 'CisAuditCreateTaggedFlowLogs', resources: [ec2('vpc-flow-log')], conditions: TAGGED_ON_CREATE },
    ],
  },
  'ec2:DeleteFlowLogs': { kind: 'scoped', grants: [{ sid: 'CisAuditOwnFlowLogs', resources: [ec2('vpc-flow-log')], conditions: TAGGED }] },
  'ec2:CreateTags': { kind: 'scoped', grants: [{ sid: 'CisAuditTagFlowLogsOnCreate', resources: [ec2('vpc-flow-log')], conditions: { StringEquals: { 'ec2:CreateAction': 'CreateFlowLogs' } } }] },
  'ec2:RevokeSecurityGroupIngress': SECURITY_GROUPS,
  'ec2:RevokeSecurityGroupEgress': SECURITY_GROUPS,
  'ec2:AuthorizeSecurityGroupIngress': SECURITY_GROUPS,
  'ec2:AuthorizeSecurityGroupEgress': SECURITY_GROUPS,
  'ec2:CreateNetworkAclEntry': NETWORK_ACLS,
  'ec2:DeleteNetworkAclEntry': NETWORK_ACLS,
  'ec2:ModifyInstanceMetadataOptions': anyOf('CisAuditExistingInstances', ec2('instance'), 'it requires IMDSv2 on whichever instances the scan flags'),
  'ec2:EnableEbsEncryptionByDefault': { kind: 'unscopable', why: REGION_SETTING('EBS encryption by default') },
  'ec2:DisableEbsEncryptionByDefault': { kind: 'unscopable', why: REGION_SETTING('EBS encryption by default (undo)') },
  'ec2:ModifyEbsDefaultKmsKeyId': { kind: 'unscopable', why: REGION_SETTING('the default EBS encryption key') },

  // --- AWS Config (2.5)
  'config:DescribeConfigurationRecorders': { kind: 'read' },
  'config:PutConfigurationRecorder': { kind: 'unscopable', why: CONFIG_WHY },
  'config:StartConfigurationRecorder': { kind: 'unscopable', why: CONFIG_WHY },
  'config:StopConfigurationRecorder': { kind: 'unscopable', why: CONFIG_WHY },
  'config:DeleteConfigurationRecorder': { kind: 'unscopable', why: CONFIG_WHY },
  'config:PutDeliveryChannel': { kind: 'unscopable', why: CONFIG_WHY },
  'config:DeleteDeliveryChannel': { kind: 'unscopable', why: CONFIG_WHY },

  // --- Others the newer remediators use
  'rds:ModifyDBInstance': anyOf('CisAuditExistingDbInstances', `${P}:rds:*:{account}:db:*`, 'it changes the settings of whichever DB instances the scan flags'),
  'access-analyzer:CreateAnalyzer': ANALYZERS,
  'access-analyzer:DeleteAnalyzer': ANALYZERS,
  'access-analyzer:TagResource': ANALYZERS,
  'securityhub:EnableSecurityHub': { kind: 'unscopable', why: REGION_SETTING('turning Security Hub on (its only resource is the account\'s own hub)') },
  'securityhub:DisableSecurityHub': { kind: 'unscopable', why: REGION_SETTING('turning Security Hub off (undo)') },
  // Enabling tags the account's hub (the only hub resource there is).
  'securityhub:TagResource': { kind: 'scoped', grants: [{ sid: 'CisAuditHubTags', resources: [`${P}:securityhub:*:{account}:hub/default`] }] },
  // Access Analyzer and Security Hub create their service-linked role on first use: only those two roles.
  'iam:CreateServiceLinkedRole': {
    kind: 'scoped',
    grants: [{
      sid: 'CisAuditServiceLinkedRoles',
      resources: [
        `${P}:iam::{account}:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer`,
        `${P}:iam::{account}:role/aws-service-role/securityhub.amazonaws.com/AWSServiceRoleForSecurityHub`,
      ],
      conditions: { StringEquals: { 'iam:AWSServiceName': ['access-analyzer.amazonaws.com', 'securityhub.amazonaws.com'] } },
    }],
  },
  'ec2:GetEbsDefaultKmsKeyId': { kind: 'read' },
  'ec2:ResetEbsDefaultKmsKeyId': { kind: 'unscopable', why: REGION_SETTING('the default EBS encryption key (undo)') },
  's3:GetEncryptionConfiguration': { kind: 'read' },
  's3:GetBucketPolicyStatus': { kind: 'read' },
  's3:GetBucketAcl': { kind: 'read' },
  's3:GetBucketVersioning': { kind: 'read' },
  's3:GetLifecycleConfiguration': { kind: 'read' },
  's3:GetBucketLogging': { kind: 'read' },
};
