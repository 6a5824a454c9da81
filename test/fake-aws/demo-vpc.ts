import type { FakeSecurityGroup } from './networking.js';
import type { FakeRegionNetwork } from './networking.js';
import { defaultAclEntries } from './networking-vpc.js';

// The demo account's network ACLs, instances, peering, route tables and endpoints (see demo-networking.ts).
// us-east-1: prod's default ACL still allows everything (NACL FAIL) while its private subnets use a tight ACL;
// staging's default ACL denies SSH at rule 90 but rule 100 allows all (FAIL: CIS ignores rule order). Instances:
// two web servers with IMDSv2 and a role, a Windows reporting box still on IMDSv1, a stopped legacy cron host with
// neither, one terminated (not judged). Prod peers with a partner's VPC; one route sends the partner's whole CIDR
// through it (flagged for review). Prod has S3 and SSM endpoints, staging none. A staging file share has SMB open
// to the internet (CIFS FAIL).
// eu-west-1: the default ACL was tightened (PASS), one ETL worker with IMDSv2 and a role, an S3 endpoint, no peering.

const PROD = 'vpc-0a3f19c2e7b54d810';
const STAGING = 'vpc-07c2d5e8f1a9b3c46';
const EU_DEFAULT = 'vpc-0e6b1d4a7c9f25e03';
const PARTNER = '444455556666';
const PCX = 'pcx-0b4d6f8a1c3e5a7b9';

type Details = Pick<FakeRegionNetwork, 'networkAcls' | 'instances' | 'peeringConnections' | 'routeTables' | 'vpcEndpoints'>;

const allow = (RuleNumber: number, Protocol: string, CidrBlock: string, From?: number, To?: number) => ({
  RuleNumber, Egress: false, RuleAction: 'allow' as const, Protocol, CidrBlock, ...(From !== undefined ? { PortRange: { From, To: To ?? From } } : {}),
});
const IMPLICIT_DENY = [false, true].map((Egress) => ({ RuleNumber: 32767, Egress, RuleAction: 'deny' as const, Protocol: '-1', CidrBlock: '0.0.0.0/0' }));
const ALL_OUT = { RuleNumber: 100, Egress: true, RuleAction: 'allow' as const, Protocol: '-1', CidrBlock: '0.0.0.0/0' };

/** A staging file share someone opened to the internet during a migration. */
export const STAGING_SMB_GROUP: FakeSecurityGroup = {
  GroupId: 'sg-0b7d9f1a3c5e7a8b0', GroupName: 'smb-share', VpcId: STAGING, Description: 'staging file share',
  rules: [
    { SecurityGroupRuleId: 'sgr-0a8c1e3f5b7d9a0c1', IsEgress: false, IpProtocol: 'tcp', FromPort: 445, ToPort: 445, CidrIpv4: '0.0.0.0/0', Description: 'temporary: data migration' },
    { SecurityGroupRuleId: 'sgr-0b9d2f4a6c8e1b2d3', IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' },
  ],
};

export function demoVpcDetails(): Record<string, Details> {
  return {
    'us-east-1': {
      networkAcls: [
        { NetworkAclId: 'acl-0c1e3a5b7d9f2a4c6', VpcId: PROD, IsDefault: true, Entries: defaultAclEntries(), SubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829'] },
        {
          NetworkAclId: 'acl-0d2f4b6c8e1a3b5d7', VpcId: PROD, IsDefault: false,
          Entries: [allow(100, '-1', '10.0.0.0/8'), allow(110, '6', '0.0.0.0/0', 443), allow(120, '6', '0.0.0.0/0', 32768, 65535), ALL_OUT, ...IMPLICIT_DENY],
          SubnetIds: ['subnet-0c3d4e5f607182930', 'subnet-0d4e5f60718293a41'],
        },
        {
          NetworkAclId: 'acl-0e3a5c7d9f1b4c6e8', VpcId: STAGING, IsDefault: true,
          Entries: [{ RuleNumber: 90, Egress: false, RuleAction: 'deny', Protocol: '6', CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } }, ...defaultAclEntries()],
          SubnetIds: ['subnet-0e5f60718293a4b52'],
        },
      ],
      instances: [
        { InstanceId: 'i-0a1b2c3d4e5f60001', State: 'running', Name: 'prod-web-1', VpcId: PROD, HttpTokens: 'required', InstanceProfile: 'prod-web' },
        { InstanceId: 'i-0a1b2c3d4e5f60002', State: 'running', Name: 'prod-web-2', VpcId: PROD, HttpTokens: 'required', InstanceProfile: 'prod-web' },
        { InstanceId: 'i-0a1b2c3d4e5f60003', State: 'running', Name: 'reporting-win', VpcId: PROD, HttpTokens: 'optional', InstanceProfile: 'reporting', InstanceType: 'm5.large' },
        { InstanceId: 'i-0a1b2c3d4e5f60004', State: 'stopped', Name: 'legacy-cron', VpcId: STAGING, HttpTokens: 'optional' },
        { InstanceId: 'i-0a1b2c3d4e5f60005', State: 'terminated', Name: 'staging-build-old', VpcId: STAGING, HttpTokens: 'optional' },
      ],
      peeringConnections: [{
        VpcPeeringConnectionId: PCX, Status: 'active',
        Requester: { VpcId: PROD, CidrBlock: '10.10.0.0/16' },
        Accepter: { OwnerId: PARTNER, VpcId: 'vpc-0f9e8d7c6b5a41302', CidrBlock: '10.50.0.0/16' },
      }],
      routeTables: [
        { RouteTableId: 'rtb-0a2c4e6b8d1f3a5c7', VpcId: PROD, Main: true, Routes: [{ DestinationCidrBlock: '10.10.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0c4e6a8b1d3f5a7c9' }] },
        {
          RouteTableId: 'rtb-0b3d5f7a9c1e4b6d8', VpcId: PROD, SubnetIds: ['subnet-0c3d4e5f607182930'],
          Routes: [
            { DestinationCidrBlock: '10.10.0.0/16', GatewayId: 'local' },
            { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0d5f7b9c1e3a5b7d9' },
            // The whole partner VPC, where only its reporting subnet is needed.
            { DestinationCidrBlock: '10.50.0.0/16', VpcPeeringConnectionId: PCX },
            { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-0a1c3e5b7d9f2a4c6' },
          ],
        },
        {
          RouteTableId: 'rtb-0c4e6a8b1d3f5c7e9', VpcId: PROD, SubnetIds: ['subnet-0d4e5f60718293a41'],
          Routes: [{ DestinationCidrBlock: '10.10.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '10.50.12.0/24', VpcPeeringConnectionId: PCX }],
        },
        { RouteTableId: 'rtb-0d5f7b9c2e4a6d8f0', VpcId: STAGING, Main: true, Routes: [{ DestinationCidrBlock: '10.20.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0e6a8c1d3f5b7e9a1' }] },
      ],
      vpcEndpoints: [
        { VpcEndpointId: 'vpce-0a1c3e5b7d9f2a4c6', VpcId: PROD, VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3', State: 'available', RouteTableIds: ['rtb-0b3d5f7a9c1e4b6d8'] },
        { VpcEndpointId: 'vpce-0b2d4f6a8c1e3b5d7', VpcId: PROD, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.ssm', State: 'available', SubnetIds: ['subnet-0c3d4e5f607182930'] },
      ],
    },
    'eu-west-1': {
      networkAcls: [{
        NetworkAclId: 'acl-0f4b6d8e1a3c5d7f9', VpcId: EU_DEFAULT, IsDefault: true,
        Entries: [allow(100, '-1', '172.31.0.0/16'), allow(110, '6', '0.0.0.0/0', 443), allow(120, '6', '0.0.0.0/0', 32768, 65535), ALL_OUT, ...IMPLICIT_DENY],
        SubnetIds: ['subnet-0f60718293a4b5c63', 'subnet-0a718293a4b5c6d74'],
      }],
      instances: [{ InstanceId: 'i-0e1f2a3b4c5d60001', State: 'running', Name: 'etl-worker-1', VpcId: EU_DEFAULT, HttpTokens: 'required', InstanceProfile: 'etl-worker', InstanceType: 'c6i.xlarge' }],
      peeringConnections: [],
      vpcEndpoints: [{ VpcEndpointId: 'vpce-0c3e5a7b9d1f4c6e8', VpcId: EU_DEFAULT, VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.eu-west-1.s3', State: 'available', RouteTableIds: ['rtb-0e6b1d4a7c9f25e03'] }],
    },
  };
}
