import { describe, expect, it } from 'vitest';
import { vpcEndpointsCheck } from '../../../src/checks/networking/vpc-endpoints.js';
import { vpcPeeringLeastAccessCheck } from '../../../src/checks/networking/vpc-peering.js';
import type { RouteTable, Vpc, VpcEndpoint, VpcPeeringConnection } from '../../../src/collect/ec2.js';
import type { Got } from '../../../src/model/got.js';
import { ACCOUNT, evaluate, statuses } from '../../helpers/check-state.js';
import {
  ACCOUNT_ARN, EAST, WEST, deniedIn, endpoint, peering, perRegion, routeTable, routeTables, throttledIn, vpc, vpcArnOf, vpcEndpoints,
  vpcPeeringConnections, vpcs,
} from './fixtures.js';

type Per<T> = Record<string, T[] | Got<T[]>>;
const pcxArn = (id: string, region = EAST) => `arn:aws:ec2:${region}:${ACCOUNT}:vpc-peering-connection/${id}`;
const peeringOf = (pcx: Per<VpcPeeringConnection>, tables: Per<RouteTable>, regions = Object.keys(pcx)) =>
  evaluate(vpcPeeringLeastAccessCheck, [perRegion(vpcPeeringConnections, pcx), perRegion(routeTables, tables)], { regions });
const endpointsOf = (v: Per<Vpc>, e: Per<VpcEndpoint>, regions = Object.keys(v)) =>
  evaluate(vpcEndpointsCheck, [perRegion(vpcs, v), perRegion(vpcEndpoints, e)], { regions });

describe('ec2-vpc-peering-least-access (evidence only)', () => {
  it('is evidence-only', () => expect(vpcPeeringLeastAccessCheck.evidenceOnly).toBe(true));

  it('MANUAL per connection listing its routes; 0.0.0.0/0 and the whole peer CIDR are flagged, a narrow route is not', () => {
    const findings = peeringOf({ [EAST]: [peering('pcx-1')] }, { [EAST]: [
      routeTable('rtb-app', 'vpc-prod', [
        { destinationCidrBlock: '10.10.0.0/16', gatewayId: 'local', state: 'active' },
        { destinationCidrBlock: '10.50.0.0/16', vpcPeeringConnectionId: 'pcx-1', state: 'active' },
      ]),
      routeTable('rtb-db', 'vpc-prod', [{ destinationCidrBlock: '10.50.3.0/24', vpcPeeringConnectionId: 'pcx-1', state: 'active' }]),
      routeTable('rtb-oops', 'vpc-prod', [{ destinationCidrBlock: '0.0.0.0/0', vpcPeeringConnectionId: 'pcx-1', state: 'blackhole' }]),
      routeTable('rtb-other', 'vpc-prod', [{ destinationCidrBlock: '10.60.0.0/16', vpcPeeringConnectionId: 'pcx-2' }]),
    ] });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ status: 'MANUAL', resource: pcxArn('pcx-1'), region: EAST });
    expect(f!.message).toBe(
      `pcx-1 (vpc-prod (${ACCOUNT}, ${EAST}) ↔ vpc-partner (444455556666, ${EAST}), active): 3 route(s) through it; too wide: `
      + 'rtb-app → 10.50.0.0/16 (the whole peer VPC), rtb-oops → 0.0.0.0/0 (every destination); confirm each route is limited to the subnets or hosts that must reach the peer',
    );
    expect(f!.evidence[1]!.value).toEqual([
      { RouteTableId: 'rtb-app', VpcId: 'vpc-prod', Destination: '10.50.0.0/16', State: 'active', TooWide: 'the whole peer VPC' },
      { RouteTableId: 'rtb-db', VpcId: 'vpc-prod', Destination: '10.50.3.0/24', State: 'active' },
      { RouteTableId: 'rtb-oops', VpcId: 'vpc-prod', Destination: '0.0.0.0/0', State: 'blackhole', TooWide: 'every destination' },
    ]);
    expect(f!.evidence[0]).toMatchObject({ source: 'ec2:DescribeVpcPeeringConnections', value: { Status: 'active' } });
  });

  it('the peer is the side the route table is not in: a route to its own VPC CIDR through the peering is not "whole peer"', () => {
    const findings = peeringOf({ [EAST]: [peering('pcx-1')] }, { [EAST]: [
      routeTable('rtb-partner', 'vpc-partner', [{ destinationCidrBlock: '10.10.0.0/16', vpcPeeringConnectionId: 'pcx-1' }]),
      routeTable('rtb-mine', 'vpc-prod', [{ destinationCidrBlock: '10.10.0.0/16', vpcPeeringConnectionId: 'pcx-1' }]),
    ] });
    expect(findings[0]!.evidence[1]!.value).toEqual([
      { RouteTableId: 'rtb-partner', VpcId: 'vpc-partner', Destination: '10.10.0.0/16', State: null, TooWide: 'the whole peer VPC' },
      { RouteTableId: 'rtb-mine', VpcId: 'vpc-prod', Destination: '10.10.0.0/16', State: null },
    ]);
  });

  it('a connection without routes, and one with only narrow routes, say so; ended connections are not listed', () => {
    const findings = peeringOf(
      { [EAST]: [peering('pcx-quiet'), peering('pcx-narrow'), peering('pcx-old', { status: 'deleted' })] },
      { [EAST]: [routeTable('rtb-1', 'vpc-prod', [{ destinationCidrBlock: '10.50.1.0/24', vpcPeeringConnectionId: 'pcx-narrow' }])] },
    );
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[pcxArn('pcx-quiet'), 'MANUAL'], [pcxArn('pcx-narrow'), 'MANUAL']]);
    expect(findings[0]!.message).toContain("no route in this region's route tables goes through it");
    expect(findings[1]!.message).toContain('1 route(s) through it, none to 0.0.0.0/0 or a whole peer VPC CIDR');
  });

  it('NOT_APPLICABLE where there is no live peering connection', () => {
    expect(peeringOf({ [EAST]: [], [WEST]: [peering('pcx-x', { status: 'rejected' })] }, { [EAST]: [], [WEST]: [] }).map((f) => [f.region, f.status, f.resource]))
      .toEqual([[EAST, 'NOT_APPLICABLE', ACCOUNT_ARN], [WEST, 'NOT_APPLICABLE', ACCOUNT_ARN]]);
  });

  it('unreadable peering (denied) or route tables (throttled) stay MANUAL with the read error as evidence, never an incomplete scan', () => {
    const findings = peeringOf(
      { [EAST]: deniedIn(EAST, 'DescribeVpcPeeringConnections'), [WEST]: [peering('pcx-w', { requester: { ownerId: ACCOUNT, vpcId: 'vpc-w', cidrBlocks: ['10.1.0.0/16'] } })] },
      { [EAST]: [], [WEST]: throttledIn(WEST, 'DescribeRouteTables') },
    );
    expect(statuses(findings)).toEqual(['MANUAL', 'MANUAL']);
    expect(findings.every((f) => f.error === undefined)).toBe(true);
    expect(findings[0]).toMatchObject({ resource: ACCOUNT_ARN, message: expect.stringContaining('DescribeVpcPeeringConnections') });
    expect(findings[0]!.evidence[0]).toMatchObject({ source: 'ec2:DescribeVpcPeeringConnections', field: 'error', value: { code: 'UnauthorizedOperation' } });
    expect(findings[1]).toMatchObject({ resource: pcxArn('pcx-w', WEST), message: expect.stringContaining('RequestLimitExceeded') });
    expect(findings[1]!.evidence.map((e) => e.source)).toEqual(['ec2:DescribeVpcPeeringConnections', 'ec2:DescribeRouteTables']);
  });
});

describe('ec2-vpc-endpoints (evidence only)', () => {
  it('is evidence-only', () => expect(vpcEndpointsCheck.evidenceOnly).toBe(true));

  it('MANUAL per VPC listing its endpoints (type, service, state); a VPC without endpoints says so', () => {
    const findings = endpointsOf(
      { [EAST]: [vpc('vpc-prod'), vpc('vpc-dev')] },
      { [EAST]: [
        endpoint('vpce-s3', 'vpc-prod'),
        endpoint('vpce-ssm', 'vpc-prod', { vpcEndpointType: 'Interface', serviceName: 'com.amazonaws.us-east-1.ssm', routeTableIds: [], subnetIds: ['subnet-a'], state: 'pendingAcceptance' }),
      ] },
    );
    expect(findings.map((f) => [f.resource, f.status])).toEqual([[vpcArnOf('vpc-prod'), 'MANUAL'], [vpcArnOf('vpc-dev'), 'MANUAL']]);
    expect(findings[0]!.message).toBe('vpc-prod has 2 VPC endpoint(s): com.amazonaws.us-east-1.s3 (Gateway, available), com.amazonaws.us-east-1.ssm (Interface, pendingAcceptance); confirm every AWS service its workloads use is reached through one');
    expect(findings[0]!.evidence[0]!.value).toEqual([
      { VpcEndpointId: 'vpce-s3', VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3', State: 'available', RouteTableIds: ['rtb-1'] },
      { VpcEndpointId: 'vpce-ssm', VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.ssm', State: 'pendingAcceptance', SubnetIds: ['subnet-a'] },
    ]);
    expect(findings[1]!.message).toContain('vpc-dev has no VPC endpoints');
  });

  it('NOT_APPLICABLE in a region without VPCs', () => {
    expect(endpointsOf({ [EAST]: [] }, { [EAST]: [] })).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ACCOUNT_ARN })]);
  });

  it('denied or throttled reads stay MANUAL with the error as evidence', () => {
    const findings = endpointsOf({ [EAST]: deniedIn(EAST, 'DescribeVpcs'), [WEST]: [vpc('vpc-w')] }, { [EAST]: [], [WEST]: throttledIn(WEST, 'DescribeVpcEndpoints') });
    expect(findings.map((f) => [f.region, f.status, f.evidence[0]!.source])).toEqual([[EAST, 'MANUAL', 'ec2:DescribeVpcs'], [WEST, 'MANUAL', 'ec2:DescribeVpcEndpoints']]);
    expect(findings[1]!.message).toContain('RequestLimitExceeded');
  });
});
