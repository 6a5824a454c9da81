import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../../src/benchmark/cis-aws-1.2.0.js';
import { CIS_AWS_5_0_0 } from '../../../src/benchmark/cis-aws-5.0.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../../src/checks/check.js';
import { runScan } from '../../../src/engine/scan.js';
import { demoNetworking } from '../../fake-aws/demo-networking.js';
import { FakeAws } from '../../fake-aws/fake-aws.js';
import { serveNetworking } from '../../fake-aws/networking.js';

// The networking controls end to end over the fake EC2: collection once per region, checks, aggregation.
const A = '210987654321';
const REGIONS = ['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-2'];
const CONTROLS = ['2.9', '4.1', '4.2', '4.3'];

function fakeAccount(pageSize?: number): FakeAws {
  const aws = new FakeAws()
    .on('sts', 'GetCallerIdentity', () => ({ Account: A, Arn: `arn:aws:sts::${A}:assumed-role/SecurityAudit/cis-audit` }))
    .on('ec2', 'DescribeRegions', () => ({ Regions: REGIONS.map((RegionName) => ({ RegionName })) }))
    .fail({ region: 'ap-southeast-2', code: 'AccessDenied', message: 'explicit deny in a service control policy' });
  serveNetworking(aws, A, { ...demoNetworking(A), ...(pageSize ? { pageSize } : {}) });
  return aws;
}

async function scan(aws: FakeAws) {
  const result = await runScan({
    controls: CIS_AWS_1_2_0.controls.filter((c) => CONTROLS.includes(c.id)),
    transport: aws, homeRegion: 'us-east-1', options: DEFAULT_CHECK_OPTIONS, concurrency: 4, sleep: async () => {},
  });
  return Object.fromEntries(result.controls.map((c) => [c.control.id, c]));
}

const summary = (findings: Array<{ region: string; status: string; resource: string }>) =>
  findings.map((f) => `${f.region} ${f.status} ${f.resource.split(':').pop()}`);

describe('networking controls over the demo account', () => {
  it('reads each EC2 list once per region, shared by 2.9 and 4.3 and by 4.1–4.3', async () => {
    const aws = fakeAccount();
    await scan(aws);
    for (const op of ['DescribeVpcs', 'DescribeFlowLogs', 'DescribeSecurityGroups', 'DescribeSecurityGroupRules']) {
      expect(aws.log.filter((c) => c.operation === op).map((c) => c.region).sort(), op).toEqual(REGIONS);
    }
  });

  it('gives the story verdicts, with ap-southeast-2 ERROR and every other region intact', async () => {
    const c = await scan(fakeAccount());
    expect(Object.fromEntries(CONTROLS.map((id) => [id, c[id]!.status]))).toEqual({ '2.9': 'FAIL', '4.1': 'FAIL', '4.2': 'ERROR', '4.3': 'FAIL' });
    expect(summary(c['2.9']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'ap-southeast-2 ERROR root',
      'eu-west-1 PASS vpc/vpc-0e6b1d4a7c9f25e03',
      'us-east-1 PASS vpc/vpc-0a3f19c2e7b54d810', 'us-east-1 FAIL vpc/vpc-07c2d5e8f1a9b3c46',
      'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(c['2.9']!.findings[4]!.message).toContain('captures ACCEPT traffic only');
    expect(summary(c['4.1']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'ap-southeast-2 ERROR root',
      'eu-west-1 PASS root', 'us-east-1 FAIL security-group/sg-04e8a2c6b1d9f3750', 'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(c['4.1']!.findings[3]!.message).toContain('sgr-0f2a6c8e1b3d5a790');
    expect(summary(c['4.2']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'ap-southeast-2 ERROR root', 'eu-west-1 PASS root', 'us-east-1 PASS root', 'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(summary(c['4.3']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'ap-southeast-2 ERROR root', 'ap-southeast-2 ERROR root',
      'eu-west-1 PASS security-group/sg-0f4b6d8e1a3c5d358',
      'us-east-1 PASS security-group/sg-0b1c7e3a9d5f20481', 'us-east-1 FAIL security-group/sg-0a2c4e6f8b1d3b136',
      'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(c['4.3']!.findings[5]!.message).toContain('sgr-08c1e3a5d7f9b2a6a');
    expect(c['4.3']!.findings[5]!.message).toContain('sgr-09d2f4b6e8a1c3b7b');
  });

  it('small pages give the same findings (every page followed)', async () => {
    const small = fakeAccount(2);
    const [paged, whole] = await Promise.all([scan(small), scan(fakeAccount())]);
    for (const id of CONTROLS) expect(paged[id]!.findings).toEqual(whole[id]!.findings);
    expect(small.log.filter((c) => c.operation === 'DescribeSecurityGroupRules' && c.region === 'us-east-1').length).toBeGreaterThan(5);
  });
});

describe('the newer networking controls over the demo account (cis-5.0.0)', () => {
  const V5 = ['1.17', '5.1.2', '5.2', '5.3', '5.4', '5.6', '5.7'];
  async function scan5(aws: FakeAws) {
    const result = await runScan({
      controls: CIS_AWS_5_0_0.controls.filter((c) => V5.includes(c.id)),
      transport: aws, homeRegion: 'us-east-1', options: DEFAULT_CHECK_OPTIONS, concurrency: 4, sleep: async () => {},
    });
    return Object.fromEntries(result.controls.map((c) => [c.control.id, c]));
  }

  it('reads DescribeInstances once per region for IMDSv2 and instance roles, and gives the story verdicts', async () => {
    const aws = fakeAccount();
    const c = await scan5(aws);
    for (const op of ['DescribeInstances', 'DescribeNetworkAcls', 'DescribeVpcPeeringConnections', 'DescribeRouteTables']) {
      expect(aws.log.filter((x) => x.operation === op).map((x) => x.region).sort(), op).toEqual(REGIONS);
    }
    expect(Object.fromEntries(V5.map((id) => [id, c[id]!.status]))).toEqual({
      '1.17': 'FAIL', '5.1.2': 'FAIL', '5.2': 'FAIL', '5.3': 'FAIL', '5.4': 'ERROR', '5.6': 'MANUAL', '5.7': 'FAIL',
    });
    expect(summary(c['5.7']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'eu-west-1 PASS instance/i-0e1f2a3b4c5d60001',
      'us-east-1 PASS instance/i-0a1b2c3d4e5f60001', 'us-east-1 PASS instance/i-0a1b2c3d4e5f60002',
      'us-east-1 FAIL instance/i-0a1b2c3d4e5f60003', 'us-east-1 FAIL instance/i-0a1b2c3d4e5f60004', 'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(summary(c['1.17']!.findings).filter((s) => s.includes('FAIL'))).toEqual(['us-east-1 FAIL instance/i-0a1b2c3d4e5f60004']);
    expect(summary(c['5.2']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'eu-west-1 PASS root',
      'us-east-1 FAIL network-acl/acl-0c1e3a5b7d9f2a4c6', 'us-east-1 FAIL network-acl/acl-0e3a5c7d9f1b4c6e8', 'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(c['5.2']!.findings[3]!.message).toContain('lower-numbered deny rule(s) 90');
    const peering = c['5.6']!.findings.find((f) => f.region === 'us-east-1')!;
    expect(peering.message).toContain('rtb-0b3d5f7a9c1e4b6d8 → 10.50.0.0/16 (the whole peer VPC)');
    expect(peering.message).not.toContain('rtb-0c4e6a8b1d3f5c7e9 →');
  });

  it('small pages give the same findings', async () => {
    const [paged, whole] = await Promise.all([scan5(fakeAccount(2)), scan5(fakeAccount())]);
    for (const id of V5) expect(paged[id]!.findings).toEqual(whole[id]!.findings);
  });
});
