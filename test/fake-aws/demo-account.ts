import type { FakeAccount } from './account.js';
import { rootRow, userRow } from './credential-report.js';
import { demoIdentity } from './demo-identity.js';
import { AUDIT_TRAIL_SELECTORS, demoLogging } from './demo-logging.js';
import { demoFrontendsAndHub } from './demo-frontends-securityhub.js';
import { demoMonitoring } from './demo-monitoring.js';
import { demoNetworking } from './demo-networking.js';
import { demoStorage } from './demo-storage.js';

// The bundled demo: "Acme Analytics", a fictional mid-size account with a realistic mix of good and bad.
// Four regions are enabled; an SCP denies every call in ap-southeast-2 to the audit role, so the regional
// controls there end in ERROR (the demo shows what an unreadable region looks like).
export const DEMO_ACCOUNT_ID = '210987654321';
export const DEMO_COLLECTED_AT = '2026-11-01T09:30:00.000Z';
const A = DEMO_ACCOUNT_ID;

export function demoAccount(): FakeAccount {
  return {
    account: A,
    partition: 'aws',
    callerArn: `arn:aws:sts::${A}:assumed-role/SecurityAudit/cis-audit`,
    regions: ['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-2'],
    pageSize: 100,
    errors: [
      {
        region: 'ap-southeast-2',
        code: 'AccessDenied',
        message: `User: arn:aws:sts::${A}:assumed-role/SecurityAudit/cis-audit is not authorized to perform this action with an explicit deny in a service control policy`,
      },
    ],
    cloudtrail: {
      trails: [
        {
          // The organisation-wide audit trail: multi-region, validated, encrypted, delivering to CloudWatch Logs.
          Name: 'acme-audit', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, S3BucketName: 'acme-cloudtrail-logs',
          LogFileValidationEnabled: true, KmsKeyId: `arn:aws:kms:us-east-1:${A}:key/6f1c2a9e-3b7d-4e52-9a10-2c4f8e7d1b35`,
          CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${A}:log-group:aws-cloudtrail-logs-acme-audit:*`,
          CloudWatchLogsRoleArn: `arn:aws:iam::${A}:role/CloudTrailToCloudWatchLogs`,
          status: { IsLogging: true, LatestCloudWatchLogsDeliveryTime: '2026-11-01T09:21:07Z', LatestDeliveryTime: '2026-11-01T09:24:55Z' },
          eventSelectors: AUDIT_TRAIL_SELECTORS,
        },
        {
          // A team's regional data-events trail: no validation, no KMS, no CloudWatch Logs.
          Name: 'eu-data-events', HomeRegion: 'eu-west-1', IsMultiRegionTrail: false, S3BucketName: 'acme-eu-data-events',
          LogFileValidationEnabled: false,
          status: { IsLogging: true, LatestDeliveryTime: '2026-11-01T09:12:40Z' },
          eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::acme-raw/'] }] }],
        },
      ],
    },
    monitoring: demoMonitoring(A),
    logging: demoLogging(A),
    networking: demoNetworking(A),
    storage: demoStorage(A),
    identity: demoIdentity(A),
    frontendsAndHub: demoFrontendsAndHub(A),
    iam: {
      reportGeneratedAt: '2026-11-01T09:29:41.000Z',
      reportRows: [
        // Root signed in three weeks ago (1.1 FAIL); MFA is on but virtual (1.13 PASS, 1.14 FAIL).
        rootRow(A, { password_last_used: '2026-10-11T16:02:11+00:00', mfa_active: 'true' }),
        userRow(A, 'alice', {
          password_enabled: 'true', password_last_used: '2026-10-31T08:12:00+00:00', password_last_changed: '2026-09-01T10:00:00+00:00',
          mfa_active: 'true', access_key_1_active: 'true', access_key_1_last_rotated: '2026-09-15T10:00:00+00:00',
          access_key_1_last_used_date: '2026-10-30T17:45:00+00:00', access_key_1_last_used_region: 'eu-west-1', access_key_1_last_used_service: 's3',
        }),
        // Console password without MFA (1.2 FAIL).
        userRow(A, 'bob', {
          password_enabled: 'true', password_last_used: '2026-10-28T07:55:00+00:00', password_last_changed: '2026-08-20T10:00:00+00:00',
          mfa_active: 'false',
        }),
        // A key nobody used for months and never rotated (1.3 FAIL, 1.4 FAIL).
        userRow(A, 'carol', {
          user_creation_time: '2023-02-01T09:00:00+00:00',
          access_key_1_active: 'true', access_key_1_last_rotated: '2025-06-10T10:00:00+00:00',
          access_key_1_last_used_date: '2026-03-02T11:00:00+00:00', access_key_1_last_used_region: 'us-east-1', access_key_1_last_used_service: 'ec2',
        }),
        // The CI user rotated into key 2 last month; key 1 is deactivated.
        userRow(A, 'ci-deployer', {
          access_key_1_active: 'false', access_key_1_last_rotated: '2026-05-01T10:00:00+00:00', access_key_1_last_used_date: '2026-09-30T23:00:00+00:00',
          access_key_2_active: 'true', access_key_2_last_rotated: '2026-10-05T10:00:00+00:00',
          access_key_2_last_used_date: '2026-11-01T06:00:00+00:00', access_key_2_last_used_region: 'us-west-2', access_key_2_last_used_service: 'ecr',
        }),
        // Password set long ago and (as far as AWS knows) never used.
        userRow(A, 'dave', {
          user_creation_time: '2014-06-01T09:00:00+00:00', password_enabled: 'true', password_last_used: 'no_information',
          password_last_changed: '2014-06-01T09:05:00+00:00', mfa_active: 'true',
        }),
      ],
      summary: {
        AccountAccessKeysPresent: 0, AccountMFAEnabled: 1, AccountPasswordPresent: 1, Users: 5, Groups: 2, Roles: 4, Policies: 2,
        MFADevices: 3, MFADevicesInUse: 3, AccountSigningCertificatesPresent: 0,
      },
      passwordPolicy: {
        MinimumPasswordLength: 12, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90,
        PasswordReusePrevention: 24, HardExpiry: false,
      },
      virtualMfa: [
        { SerialNumber: `arn:aws:iam::${A}:mfa/root-phone`, User: { UserName: 'root', Arn: `arn:aws:iam::${A}:root` } },
        { SerialNumber: `arn:aws:iam::${A}:mfa/alice`, User: { UserName: 'alice', Arn: `arn:aws:iam::${A}:user/alice` } },
        { SerialNumber: `arn:aws:iam::${A}:mfa/dave`, User: { UserName: 'dave', Arn: `arn:aws:iam::${A}:user/dave` } },
      ],
      accessKeys: {
        alice: [{ AccessKeyId: 'AKIAQX4DEMOALICE0001', Status: 'Active', CreateDate: '2026-09-15T10:00:00Z' }],
        carol: [{ AccessKeyId: 'AKIAQX4DEMOCAROL0001', Status: 'Active', CreateDate: '2025-06-10T10:00:00Z' }],
        'ci-deployer': [
          { AccessKeyId: 'AKIAQX4DEMOCIDEP0001', Status: 'Inactive', CreateDate: '2026-05-01T10:00:00Z' },
          { AccessKeyId: 'AKIAQX4DEMOCIDEP0002', Status: 'Active', CreateDate: '2026-10-05T10:00:00Z' },
        ],
      },
      users: [
        { UserName: 'alice', GroupList: ['engineers'] },
        { UserName: 'bob', GroupList: ['engineers'], UserPolicyList: [{ PolicyName: 'bob-temp-s3', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-reports/*' }] } }] },
        { UserName: 'carol', GroupList: ['analysts'] },
        { UserName: 'ci-deployer', AttachedManagedPolicies: [{ PolicyName: 'AmazonEC2ContainerRegistryPowerUser', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser' }] },
        { UserName: 'dave', GroupList: ['analysts'] },
      ],
      roles: [
        { RoleName: 'SecurityAudit', AttachedManagedPolicies: [{ PolicyName: 'SecurityAudit', PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit' }] },
        { RoleName: 'AWSSupport', AttachedManagedPolicies: [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }] },
        { RoleName: 'DataPipeline', AttachedManagedPolicies: [{ PolicyName: 'analytics-pipeline', PolicyArn: `arn:aws:iam::${A}:policy/analytics-pipeline` }] },
        { RoleName: 'BreakGlassAdmin', AttachedManagedPolicies: [{ PolicyName: 'break-glass-admin', PolicyArn: `arn:aws:iam::${A}:policy/break-glass-admin` }] },
      ],
      policies: [
        {
          PolicyName: 'analytics-pipeline', AttachmentCount: 1, DefaultVersionId: 'v3',
          Document: { Version: '2012-10-17', Statement: [
            { Sid: 'ReadRaw', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-raw', 'arn:aws:s3:::acme-raw/*'] },
            { Sid: 'Athena', Effect: 'Allow', Action: 'athena:*', Resource: '*' },
          ] },
        },
        {
          PolicyName: 'break-glass-admin', AttachmentCount: 1, DefaultVersionId: 'v1',
          Document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
        },
      ],
    },
  };
}
