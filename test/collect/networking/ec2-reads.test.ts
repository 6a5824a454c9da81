import {
  DescribeFlowLogsCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { flowLogs, securityGroupRules, securityGroups, vpcs } from '../../../src/collect/ec2.js';
import { ACCOUNT, inputsOf, makeCollector, mockAws } from '../../helpers/reader.js';

const aws = mockAws();

/** EC2's answer to a call the caller may not make. */
function ec2Error(code: string, message = 'You are not authorized to perform this operation.'): EC2ServiceException {
  return new EC2ServiceException({ name: code, $fault: 'client', $metadata: { httpStatusCode: 403 }, message });
}

/** Serves `items` in pages of `size`, honouring NextToken like EC2 (tokens are opaque strings). */
function pages<T>(key: string, items: T[], size: number) {
  return (input: { NextToken?: string }) => {
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('tok-', ''));
    if (Number.isNaN(start)) throw new Error(`unexpected NextToken ${input.NextToken}`);
    const next = start + size;
    return { [key]: items.slice(start, next), ...(next < items.length ? { NextToken: `tok-${next}` } : {}) };
  };
}

describe('EC2 datums follow every page with MaxResults 1000', () => {
  it('DescribeVpcs: all pages, exact inputs, mapped VPCs', async () => {
    const raw = Array.from({ length: 5 }, (_, i) => ({ VpcId: `vpc-${i}`, OwnerId: ACCOUNT, IsDefault: i === 0, CidrBlock: `10.${i}.0.0/16` }));
    aws.ec2.on(DescribeVpcsCommand).callsFake(pages('Vpcs', raw, 2));
    const got = await makeCollector().get(vpcs);
    expect(got).toEqual({
      ok: true,
      value: { 'us-east-1': { ok: true, value: raw.map((v) => ({ vpcId: v.VpcId, ownerId: ACCOUNT, isDefault: v.IsDefault, cidrBlock: v.CidrBlock })) } },
    });
    expect(inputsOf(aws.ec2.commandCalls(DescribeVpcsCommand))).toEqual([
      { MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'tok-2' }, { MaxResults: 1000, NextToken: 'tok-4' },
    ]);
  });

  it('DescribeFlowLogs: all pages, status, traffic type and delivery kept', async () => {
    const raw = [
      { FlowLogId: 'fl-1', ResourceId: 'vpc-1', FlowLogStatus: 'ACTIVE', TrafficType: 'REJECT', DeliverLogsStatus: 'SUCCESS', LogDestinationType: 'cloud-watch-logs', LogGroupName: '/vpc/one' },
      { FlowLogId: 'fl-2', ResourceId: 'vpc-2', FlowLogStatus: 'ACTIVE', TrafficType: 'ACCEPT', DeliverLogsStatus: 'FAILED', DeliverLogsErrorMessage: 'Access error', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::b' },
      { FlowLogId: 'fl-3', ResourceId: 'subnet-3', FlowLogStatus: 'ACTIVE', TrafficType: 'ALL' },
    ];
    aws.ec2.on(DescribeFlowLogsCommand).callsFake(pages('FlowLogs', raw, 1));
    const got = await makeCollector().get(flowLogs);
    const region = got.ok ? got.value['us-east-1'] : undefined;
    expect(region).toEqual({
      ok: true,
      value: [
        { flowLogId: 'fl-1', resourceId: 'vpc-1', flowLogStatus: 'ACTIVE', trafficType: 'REJECT', deliverLogsStatus: 'SUCCESS', logDestinationType: 'cloud-watch-logs', logDestination: '/vpc/one' },
        { flowLogId: 'fl-2', resourceId: 'vpc-2', flowLogStatus: 'ACTIVE', trafficType: 'ACCEPT', deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error', logDestinationType: 's3', logDestination: 'arn:aws:s3:::b' },
        { flowLogId: 'fl-3', resourceId: 'subnet-3', flowLogStatus: 'ACTIVE', trafficType: 'ALL' },
      ],
    });
    expect(inputsOf(aws.ec2.commandCalls(DescribeFlowLogsCommand))).toEqual([
      { MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'tok-1' }, { MaxResults: 1000, NextToken: 'tok-2' },
    ]);
  });

  it('DescribeSecurityGroups: all pages, id, name, VPC, owner', async () => {
    const raw = [
      { GroupId: 'sg-1', GroupName: 'default', VpcId: 'vpc-1', OwnerId: ACCOUNT, IpPermissions: [], IpPermissionsEgress: [] },
      { GroupId: 'sg-2', GroupName: 'web', VpcId: 'vpc-1', OwnerId: ACCOUNT },
      { GroupId: 'sg-3', GroupName: 'db', VpcId: 'vpc-2', OwnerId: ACCOUNT },
    ];
    aws.ec2.on(DescribeSecurityGroupsCommand).callsFake(pages('SecurityGroups', raw, 2));
    const got = await makeCollector().get(securityGroups);
    const region = got.ok ? got.value['us-east-1'] : undefined;
    expect(region).toEqual({ ok: true, value: raw.map((g) => ({ groupId: g.GroupId, groupName: g.GroupName, vpcId: g.VpcId, ownerId: ACCOUNT })) });
    expect(inputsOf(aws.ec2.commandCalls(DescribeSecurityGroupsCommand))).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'tok-2' }]);
  });

  it('DescribeSecurityGroupRules: all pages, one rule per CIDR / prefix list / referenced group', async () => {
    const raw = [
      { SecurityGroupRuleId: 'sgr-1', GroupId: 'sg-1', GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0', Description: 'ssh' },
      { SecurityGroupRuleId: 'sgr-2', GroupId: 'sg-1', GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv6: '::/0' },
      { SecurityGroupRuleId: 'sgr-3', GroupId: 'sg-1', GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListId: 'pl-1' },
      { SecurityGroupRuleId: 'sgr-4', GroupId: 'sg-1', GroupOwnerId: ACCOUNT, IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, ReferencedGroupInfo: { GroupId: 'sg-1', UserId: ACCOUNT } },
    ];
    aws.ec2.on(DescribeSecurityGroupRulesCommand).callsFake(pages('SecurityGroupRules', raw, 3));
    const got = await makeCollector().get(securityGroupRules);
    const region = got.ok ? got.value['us-east-1'] : undefined;
    const base = { groupId: 'sg-1', groupOwnerId: ACCOUNT };
    expect(region).toEqual({
      ok: true,
      value: [
        { ...base, ruleId: 'sgr-1', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', description: 'ssh' },
        { ...base, ruleId: 'sgr-2', isEgress: false, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv6: '::/0' },
        { ...base, ruleId: 'sgr-3', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, prefixListId: 'pl-1' },
        { ...base, ruleId: 'sgr-4', isEgress: true, ipProtocol: '-1', fromPort: -1, toPort: -1, referencedGroupId: 'sg-1', referencedUserId: ACCOUNT },
      ],
    });
    expect(inputsOf(aws.ec2.commandCalls(DescribeSecurityGroupRulesCommand))).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'tok-3' }]);
  });
});

describe('DescribeSecurityGroupRules: referenced groups keep their owner', () => {
  it("another account's group keeps UserId, VpcId and VpcPeeringConnectionId; a deleted group's missing UserId stays absent", async () => {
    aws.ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: 'sgr-peer', GroupId: 'sg-1', GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
          ReferencedGroupInfo: { GroupId: 'sg-0peer', UserId: '999988887777', VpcId: 'vpc-peer', VpcPeeringConnectionId: 'pcx-1', PeeringStatus: 'active' },
          Description: 'reporting db from the peer',
        },
        { SecurityGroupRuleId: 'sgr-gone', GroupId: 'sg-1', GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1, ReferencedGroupInfo: { GroupId: 'sg-0gone' } },
      ],
    });
    const got = await makeCollector().get(securityGroupRules);
    const region = got.ok ? got.value['us-east-1'] : undefined;
    expect(region).toEqual({
      ok: true,
      value: [
        {
          ruleId: 'sgr-peer', groupId: 'sg-1', groupOwnerId: ACCOUNT, isEgress: false, ipProtocol: 'tcp', fromPort: 5432, toPort: 5432,
          referencedGroupId: 'sg-0peer', referencedUserId: '999988887777', referencedVpcId: 'vpc-peer', referencedVpcPeeringConnectionId: 'pcx-1',
          description: 'reporting db from the peer',
        },
        { ruleId: 'sgr-gone', groupId: 'sg-1', groupOwnerId: ACCOUNT, isEgress: false, ipProtocol: '-1', fromPort: -1, toPort: -1, referencedGroupId: 'sg-0gone' },
      ],
    });
  });
});

describe('EC2 datum failures stay in their region', () => {
  it('a denied region is a failed Got naming the call; the other region keeps its data', async () => {
    aws.ec2.on(DescribeVpcsCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region === 'ap-southeast-2') throw ec2Error('UnauthorizedOperation');
      return { Vpcs: [{ VpcId: `vpc-${region}`, OwnerId: ACCOUNT }] };
    });
    const got = await makeCollector({ regions: ['ap-southeast-2', 'eu-west-1'] }).get(vpcs);
    expect(got.ok).toBe(true);
    const value = got.ok ? got.value : {};
    expect(value['ap-southeast-2']).toEqual({
      ok: false,
      error: { service: 'ec2', operation: 'DescribeVpcs', region: 'ap-southeast-2', code: 'UnauthorizedOperation', message: expect.stringContaining('not authorized') },
    });
    expect(value['eu-west-1']).toEqual({ ok: true, value: [{ vpcId: 'vpc-eu-west-1', ownerId: ACCOUNT, isDefault: false }] });
  });

  it('a failure on a later page fails the region (no partial list)', async () => {
    aws.ec2.on(DescribeSecurityGroupRulesCommand)
      .resolvesOnce({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-1', GroupId: 'sg-1', IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' }], NextToken: 'tok-1' })
      .rejectsOnce(ec2Error('RequestLimitExceeded', 'Request limit exceeded.'));
    const got = await makeCollector().get(securityGroupRules);
    const region = got.ok ? got.value['us-east-1'] : undefined;
    expect(region).toMatchObject({ ok: false, error: { operation: 'DescribeSecurityGroupRules', code: 'RequestLimitExceeded' } });
  });

  it('a record without an id fails that region naming the call, not silently dropped, other regions intact', async () => {
    aws.ec2.on(DescribeVpcsCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      return { Vpcs: [region === 'us-east-1' ? { CidrBlock: '10.0.0.0/16' } : { VpcId: 'vpc-ok', OwnerId: ACCOUNT }] };
    });
    const got = await makeCollector({ regions: ['us-east-1', 'eu-west-1'] }).get(vpcs);
    const value = got.ok ? got.value : {};
    expect(value['us-east-1']).toMatchObject({ ok: false, error: { service: 'ec2', operation: 'DescribeVpcs', code: 'UnexpectedResponse' } });
    expect(value['eu-west-1']).toMatchObject({ ok: true, value: [{ vpcId: 'vpc-ok' }] });
  });
});
