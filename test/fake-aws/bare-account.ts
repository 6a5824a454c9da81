import type { FakeAccount } from './account.js';
import { DEMO_ACCOUNT_ID, demoAccount } from './demo-account.js';

// A new account as a first user meets it (issue 12): a weak password policy, an SSH rule open to the internet, a
// customer managed key without rotation, and nothing else — no trail, no Config, no flow logs, no 3.x alarms.
// One region (us-east-1); an existing private bucket for access logs, with no policy (2.6 grants the S3 logging service).

export const BARE_ACCESS_LOG_BUCKET = 'bare-access-logs';
export const BARE_VPC = 'vpc-0b1a2c3d4e5f60718';
export const BARE_KEY = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';

export function bareAccount(): FakeAccount {
  const demo = demoAccount();
  const A = DEMO_ACCOUNT_ID;
  return {
    ...demo,
    regions: ['us-east-1'],
    errors: [],
    cloudtrail: { trails: [] },
    monitoring: { metricFilters: [], alarms: [], topics: [], logGroups: [] },
    logging: {
      buckets: [{
        Name: BARE_ACCESS_LOG_BUCKET, region: 'us-east-1', policyIsPublic: false,
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }],
      config: {},
      kmsKeys: [{ KeyId: BARE_KEY, region: 'us-east-1', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled', rotation: false }],
      kmsAliases: [],
    },
    networking: {
      regions: {
        'us-east-1': {
          vpcs: [{ VpcId: BARE_VPC, CidrBlock: '10.1.0.0/16', Name: 'app' }],
          flowLogs: [],
          securityGroups: [
            { GroupId: 'sg-0aa1bb2cc3dd4ee50', GroupName: 'default', VpcId: BARE_VPC, Description: 'default VPC security group', rules: [] },
            {
              GroupId: 'sg-0ff1ee2dd3cc4bb60', GroupName: 'ssh', VpcId: BARE_VPC, Description: 'SSH from anywhere',
              rules: [
                { SecurityGroupRuleId: 'sgr-0a1b2c3d4e5f60001', IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' },
                { SecurityGroupRuleId: 'sgr-0a1b2c3d4e5f60002', IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' },
              ],
            },
          ],
        },
      },
    },
    iam: {
      ...demo.iam,
      passwordPolicy: { MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: false, RequireUppercaseCharacters: false, RequireLowercaseCharacters: false, AllowUsersToChangePassword: true, ExpirePasswords: false, HardExpiry: false },
    },
  };
}
