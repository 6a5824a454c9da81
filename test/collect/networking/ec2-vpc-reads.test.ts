import {
  DescribeInstancesCommand, DescribeNetworkAclsCommand, DescribeRouteTablesCommand, DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand, EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { instances, networkAcls, routeTables, vpcEndpoints, vpcPeeringConnections } from '../../../src/collect/ec2.js';
import { ACCOUNT, inputsOf, makeCollector, mockAws } from '../../helpers/reader.js';

// The datums of the newer networking controls: every page, the exact inputs, the fields the checks read.
const aws = mockAws();

const ec2Error = (code: string, message = 'You are not authorized to perform this operation.') =>
  new EC2ServiceException({ name: code, $fault: 'client', $metadata: { httpStatusCode: 403 }, message });

function pages<T>(key: string, items: T[], size: number) {
  return (input: { NextToken?: string }) => {
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('tok-', ''));
    const next = start + size;
    return { [key]: items.slice(start, next), ...(next < items.length ? { NextToken: `tok-${next}` } : {}) };
  };
}

const east = <T>(got: { ok: boolean; value?: Record<string, T> }) => (got.ok ? got.value!['us-east-1'] : undefined);

describe('network ACLs', () => {
  it('DescribeNetworkAcls: every page (MaxResults 1000), entries with number, direction, action, protocol, CIDRs and port range', async () => {
    const raw = [
      {
        NetworkAclId: 'acl-1', VpcId: 'vpc-1', OwnerId: ACCOUNT, IsDefault: true, Associations: [{ SubnetId: 'subnet-a', NetworkAclAssociationId: 'aclassoc-1' }],
        Entries: [
          { RuleNumber: 100, Egress: false, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 101, Egress: false, RuleAction: 'allow', Protocol: '-1', Ipv6CidrBlock: '::/0' },
          { RuleNumber: 110, Egress: false, RuleAction: 'deny', Protocol: '6', CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
        ],
      },
      { NetworkAclId: 'acl-2', VpcId: 'vpc-2', OwnerId: ACCOUNT, IsDefault: false, Associations: [], Entries: [] },
    ];
    aws.ec2.on(DescribeNetworkAclsCommand).callsFake(pages('NetworkAcls', raw, 1));
    expect(east(await makeCollector().get(networkAcls))).toEqual({
      ok: true,
      value: [
        {
          networkAclId: 'acl-1', vpcId: 'vpc-1', ownerId: ACCOUNT, isDefault: true, subnetIds: ['subnet-a'],
          entries: [
            { ruleNumber: 100, egress: false, ruleAction: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0' },
            { ruleNumber: 101, egress: false, ruleAction: 'allow', protocol: '-1', ipv6CidrBlock: '::/0' },
            { ruleNumber: 110, egress: false, ruleAction: 'deny', protocol: '6', cidrBlock: '0.0.0.0/0', portRange: { from: 22, to: 22 } },
          ],
        },
        { networkAclId: 'acl-2', vpcId: 'vpc-2', ownerId: ACCOUNT, isDefault: false, subnetIds: [], entries: [] },
      ],
    });
    expect(inputsOf(aws.ec2.commandCalls(DescribeNetworkAclsCommand))).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'tok-1' }]);
  });

  it('an entry without its protocol fails the region (it cannot be judged), naming the call', async () => {
    aws.ec2.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: [{ NetworkAclId: 'acl-1', Entries: [{ RuleNumber: 100, Egress: false, RuleAction: 'allow' }] }] });
    expect(east(await makeCollector().get(networkAcls))).toMatchObject({ ok: false, error: { operation: 'DescribeNetworkAcls', code: 'UnexpectedResponse' } });
  });

  it('denied is a failed Got naming the call (never an empty list)', async () => {
    aws.ec2.on(DescribeNetworkAclsCommand).rejects(ec2Error('UnauthorizedOperation'));
    expect(east(await makeCollector().get(networkAcls))).toMatchObject({ ok: false, error: { operation: 'DescribeNetworkAcls', code: 'UnauthorizedOperation' } });
  });
});

describe('instances', () => {
  it('DescribeInstances: every page of reservations, flattened; state, Name tag, metadata options, instance profile', async () => {
    const reservations = [
      {
        ReservationId: 'r-1', OwnerId: ACCOUNT, Instances: [
          {
            InstanceId: 'i-1', State: { Code: 16, Name: 'running' }, VpcId: 'vpc-1', Tags: [{ Key: 'team', Value: 'x' }, { Key: 'Name', Value: 'web-1' }],
            MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 },
            IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web`, Id: 'AIPA1' },
          },
          { InstanceId: 'i-2', State: { Code: 80, Name: 'stopped' }, MetadataOptions: { State: 'applied', HttpTokens: 'optional', HttpEndpoint: 'enabled' } },
        ],
      },
      { ReservationId: 'r-2', Instances: [{ InstanceId: 'i-3', State: { Code: 48, Name: 'terminated' } }] },
    ];
    aws.ec2.on(DescribeInstancesCommand).callsFake(pages('Reservations', reservations, 1));
    expect(east(await makeCollector().get(instances))).toEqual({
      ok: true,
      value: [
        {
          instanceId: 'i-1', state: 'running', name: 'web-1', vpcId: 'vpc-1',
          metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', state: 'applied' }, instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/web`,
        },
        { instanceId: 'i-2', state: 'stopped', metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', state: 'applied' } },
        { instanceId: 'i-3', state: 'terminated' },
      ],
    });
    expect(inputsOf(aws.ec2.commandCalls(DescribeInstancesCommand))).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'tok-1' }]);
  });

  it('throttling that outlives the retries fails the region naming the call', async () => {
    aws.ec2.on(DescribeInstancesCommand).rejects(ec2Error('RequestLimitExceeded', 'Request limit exceeded.'));
    const got = await makeCollector().get(instances);
    expect(east(got)).toMatchObject({ ok: false, error: { operation: 'DescribeInstances', code: 'RequestLimitExceeded' } });
  });
});

describe('peering, route tables and endpoints', () => {
  it('DescribeVpcPeeringConnections: both sides with every CIDR (CidrBlockSet, IPv6), the status code', async () => {
    aws.ec2.on(DescribeVpcPeeringConnectionsCommand).callsFake(pages('VpcPeeringConnections', [
      {
        VpcPeeringConnectionId: 'pcx-1', Status: { Code: 'active', Message: 'Active' },
        RequesterVpcInfo: { OwnerId: ACCOUNT, VpcId: 'vpc-1', Region: 'us-east-1', CidrBlock: '10.1.0.0/16', CidrBlockSet: [{ CidrBlock: '10.1.0.0/16' }, { CidrBlock: '10.2.0.0/16' }] },
        AccepterVpcInfo: { OwnerId: '444455556666', VpcId: 'vpc-9', Region: 'eu-west-1', CidrBlock: '10.9.0.0/16', Ipv6CidrBlockSet: [{ Ipv6CidrBlock: '2600:1f18::/56' }] },
      },
      { VpcPeeringConnectionId: 'pcx-2', Status: { Code: 'deleted' }, RequesterVpcInfo: { VpcId: 'vpc-1' }, AccepterVpcInfo: {} },
    ], 1));
    expect(east(await makeCollector().get(vpcPeeringConnections))).toEqual({
      ok: true,
      value: [
        {
          vpcPeeringConnectionId: 'pcx-1', status: 'active',
          requester: { ownerId: ACCOUNT, vpcId: 'vpc-1', region: 'us-east-1', cidrBlocks: ['10.1.0.0/16', '10.2.0.0/16'] },
          accepter: { ownerId: '444455556666', vpcId: 'vpc-9', region: 'eu-west-1', cidrBlocks: ['10.9.0.0/16', '2600:1f18::/56'] },
        },
        { vpcPeeringConnectionId: 'pcx-2', status: 'deleted', requester: { vpcId: 'vpc-1', cidrBlocks: [] }, accepter: { cidrBlocks: [] } },
      ],
    });
    expect(inputsOf(aws.ec2.commandCalls(DescribeVpcPeeringConnectionsCommand))).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'tok-1' }]);
  });

  it('DescribeRouteTables: pages of 100 (its limit), routes with destination, target and state', async () => {
    aws.ec2.on(DescribeRouteTablesCommand).callsFake(pages('RouteTables', [
      { RouteTableId: 'rtb-1', VpcId: 'vpc-1', OwnerId: ACCOUNT, Routes: [
        { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' },
        { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-1', State: 'active', Origin: 'CreateRoute' },
        { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-1', State: 'active' },
      ] },
      { RouteTableId: 'rtb-2', VpcId: 'vpc-2', OwnerId: ACCOUNT, Routes: [] },
    ], 1));
    expect(east(await makeCollector().get(routeTables))).toEqual({
      ok: true,
      value: [
        { routeTableId: 'rtb-1', vpcId: 'vpc-1', ownerId: ACCOUNT, routes: [
          { destinationCidrBlock: '10.1.0.0/16', gatewayId: 'local', state: 'active' },
          { destinationCidrBlock: '10.9.0.0/16', vpcPeeringConnectionId: 'pcx-1', state: 'active' },
          { destinationPrefixListId: 'pl-63a5400a', gatewayId: 'vpce-1', state: 'active' },
        ] },
        { routeTableId: 'rtb-2', vpcId: 'vpc-2', ownerId: ACCOUNT, routes: [] },
      ],
    });
    expect(inputsOf(aws.ec2.commandCalls(DescribeRouteTablesCommand))).toEqual([{ MaxResults: 100 }, { MaxResults: 100, NextToken: 'tok-1' }]);
  });

  it('DescribeVpcEndpoints: every page, type, service, state, route tables and subnets', async () => {
    aws.ec2.on(DescribeVpcEndpointsCommand).callsFake(pages('VpcEndpoints', [
      { VpcEndpointId: 'vpce-1', VpcId: 'vpc-1', VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3', State: 'available', RouteTableIds: ['rtb-1'], SubnetIds: [] },
      { VpcEndpointId: 'vpce-2', VpcId: 'vpc-1', VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.ssm', State: 'available', SubnetIds: ['subnet-a'] },
    ], 1));
    expect(east(await makeCollector().get(vpcEndpoints))).toEqual({
      ok: true,
      value: [
        { vpcEndpointId: 'vpce-1', vpcId: 'vpc-1', vpcEndpointType: 'Gateway', serviceName: 'com.amazonaws.us-east-1.s3', state: 'available', routeTableIds: ['rtb-1'], subnetIds: [] },
        { vpcEndpointId: 'vpce-2', vpcId: 'vpc-1', vpcEndpointType: 'Interface', serviceName: 'com.amazonaws.us-east-1.ssm', state: 'available', routeTableIds: [], subnetIds: ['subnet-a'] },
      ],
    });
    expect(inputsOf(aws.ec2.commandCalls(DescribeVpcEndpointsCommand))).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'tok-1' }]);
  });

  it('a record without its id fails that region, naming the call', async () => {
    aws.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcId: 'vpc-1' }] });
    expect(east(await makeCollector().get(vpcEndpoints))).toMatchObject({ ok: false, error: { operation: 'DescribeVpcEndpoints', code: 'UnexpectedResponse' } });
  });
});
