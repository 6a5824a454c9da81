import type { FakeRule, FakeSecurityGroup } from './networking.js';
import type { FakeNetworking } from './networking.js';
import { demoVpcDetails, STAGING_SMB_GROUP } from './demo-vpc.js';

// The demo account's networking state (see demo-account.ts for the story).
// us-east-1: prod (REJECT flow log, closed default group, an SSH bastion open to the world → 4.1 FAIL, RDP only
// from 10.0.0.0/8 → 4.2 PASS) and staging (ACCEPT-only flow log → 2.9 FAIL, default group never cleaned → 4.3 FAIL).
// eu-west-1: the default VPC, ALL flow log, closed default group, SSH only through the corporate VPN prefix list.
// us-west-2: VPCs deleted → NOT_APPLICABLE. ap-southeast-2: denied by the SCP → ERROR.

const allOut = (id: string): FakeRule => ({ SecurityGroupRuleId: id, IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' });
const tcpIn = (id: string, port: number, source: Partial<FakeRule>, Description?: string): FakeRule => ({
  SecurityGroupRuleId: id, IsEgress: false, IpProtocol: 'tcp', FromPort: port, ToPort: port, ...source, ...(Description ? { Description } : {}),
});

const PROD = 'vpc-0a3f19c2e7b54d810';
const STAGING = 'vpc-07c2d5e8f1a9b3c46';
const EU_DEFAULT = 'vpc-0e6b1d4a7c9f25e03';

const prodGroups: FakeSecurityGroup[] = [
  // Cleaned up by the platform team: no rules at all.
  { GroupId: 'sg-0b1c7e3a9d5f20481', GroupName: 'default', VpcId: PROD, Description: 'default VPC security group', rules: [] },
  {
    GroupId: 'sg-04e8a2c6b1d9f3750', GroupName: 'bastion', VpcId: PROD, Description: 'SSH bastion',
    rules: [
      tcpIn('sgr-0f2a6c8e1b3d5a790', 22, { CidrIpv4: '0.0.0.0/0' }, 'temporary: vendor access'),
      tcpIn('sgr-03b5d7f9a1c2e4861', 22, { CidrIpv4: '10.0.0.0/8' }, 'office'),
      allOut('sgr-0c4e6a8b2d1f3a572'),
    ],
  },
  {
    GroupId: 'sg-0d5f7b9c1e3a24683', GroupName: 'windows-admin', VpcId: PROD, Description: 'RDP to the reporting servers from the corporate network',
    rules: [tcpIn('sgr-0a6c8e2b4d1f3b793', 3389, { CidrIpv4: '10.0.0.0/8' }, 'corporate network'), allOut('sgr-0e7a9c1d3f5b26804')],
  },
  {
    GroupId: 'sg-0c9e1a3b5d7f48914', GroupName: 'web-alb', VpcId: PROD, Description: 'public load balancer',
    rules: [
      tcpIn('sgr-01d3f5a7c9e2b4a15', 443, { CidrIpv4: '0.0.0.0/0' }),
      tcpIn('sgr-02e4a6b8d1f3c5b26', 443, { CidrIpv6: '::/0' }),
      allOut('sgr-05f7b9d1e3a2c4d37'),
    ],
  },
  {
    GroupId: 'sg-0f1b3d5e7a9c6a025', GroupName: 'app', VpcId: PROD, Description: 'application servers behind the ALB',
    rules: [tcpIn('sgr-06a8c1e3b5d7f9e48', 8080, { ReferencedGroupId: 'sg-0c9e1a3b5d7f48914' }), allOut('sgr-07b9d2f4c6e8a1f59')],
  },
];

const stagingGroups: FakeSecurityGroup[] = [
  {
    // As AWS created it: all traffic from members of the group, all traffic out.
    GroupId: 'sg-0a2c4e6f8b1d3b136', GroupName: 'default', VpcId: STAGING, Description: 'default VPC security group',
    rules: [
      { SecurityGroupRuleId: 'sgr-08c1e3a5d7f9b2a6a', IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1, ReferencedGroupId: 'sg-0a2c4e6f8b1d3b136' },
      allOut('sgr-09d2f4b6e8a1c3b7b'),
    ],
  },
  {
    GroupId: 'sg-0e3a5c7d9f1b2c247', GroupName: 'staging-app', VpcId: STAGING, Description: 'staging application servers',
    rules: [tcpIn('sgr-0b3e5a7c9d1f4c8cc', 443, { CidrIpv4: '10.20.0.0/16' }), allOut('sgr-0c4f6b8d1e2a5d9dd')],
  },
];

const euGroups: FakeSecurityGroup[] = [
  { GroupId: 'sg-0f4b6d8e1a3c5d358', GroupName: 'default', VpcId: EU_DEFAULT, Description: 'default VPC security group', rules: [] },
  {
    GroupId: 'sg-01a5c7e9b2d4f6469', GroupName: 'etl-workers', VpcId: EU_DEFAULT, Description: 'EU ETL workers',
    rules: [tcpIn('sgr-0d5a7c9e2b4f6eaee', 22, { PrefixListId: 'pl-0c8e2a4b6d1f3a5b7' }, 'corporate VPN'), allOut('sgr-0e6b8d1f3c5a7fbff')],
  },
];

export function demoNetworking(account: string): FakeNetworking {
  // A fresh copy per call: fix tests mutate the groups they are handed.
  const details = demoVpcDetails();
  return structuredClone({
    regions: {
      'us-east-1': {
        vpcs: [
          { VpcId: PROD, CidrBlock: '10.10.0.0/16', Name: 'prod' },
          { VpcId: STAGING, CidrBlock: '10.20.0.0/16', Name: 'staging' },
        ],
        flowLogs: [
          {
            FlowLogId: 'fl-0a7c9e1b3d5f2a4c6', ResourceId: PROD, TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs',
            LogDestination: `arn:aws:logs:us-east-1:${account}:log-group:/vpc/prod/flow-logs`,
          },
          {
            // Set up to debug connectivity, capturing accepted traffic only.
            FlowLogId: 'fl-0b8d1f2c4e6a3b5d7', ResourceId: STAGING, TrafficType: 'ACCEPT', LogDestinationType: 's3',
            LogDestination: 'arn:aws:s3:::acme-staging-flow-logs', CreationTime: '2026-02-20T15:30:00Z',
          },
        ],
        securityGroups: [...prodGroups, ...stagingGroups, STAGING_SMB_GROUP],
        ...details['us-east-1'],
      },
      'eu-west-1': {
        vpcs: [{ VpcId: EU_DEFAULT, CidrBlock: '172.31.0.0/16', IsDefault: true }],
        flowLogs: [{
          FlowLogId: 'fl-0c9e2a3d5f7b4c6e8', ResourceId: EU_DEFAULT, TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs',
          LogDestination: `arn:aws:logs:eu-west-1:${account}:log-group:/vpc/eu-default/flow-logs`,
        }],
        securityGroups: euGroups,
        ...details['eu-west-1'],
      },
    },
  });
}
