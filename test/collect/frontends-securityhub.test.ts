// Security Hub enabled (v5.0.0 4.16) and web front-end access logging (v7.0.0 4.10) end to end over the in-memory
// AWS: the real collectors, checks and aggregation.
import { describe, expect, it } from 'vitest';
import { findBenchmark } from '../../src/benchmark/index.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { runScan } from '../../src/engine/scan.js';
import { serveAccount, type FakeAccount } from '../fake-aws/account.js';
import { DEMO_COLLECTED_AT, demoAccount } from '../fake-aws/demo-account.js';
import type { InjectedError } from '../fake-aws/fake-aws.js';
import type { FakeFrontendsAndHub } from '../fake-aws/frontends-securityhub.js';

const A = '210987654321';
const REGIONS = ['eu-west-1', 'us-east-1'];

async function scan(model: FakeFrontendsAndHub, ids: Array<[benchmark: string, id: string]>, errors: InjectedError[] = []) {
  const account: FakeAccount = { ...demoAccount(), regions: REGIONS, errors, frontendsAndHub: model };
  const fake = serveAccount(account);
  const controls = ids.map(([b, id]) => findBenchmark(b).controls.find((c) => c.id === id)!);
  const result = await runScan({
    controls, transport: fake, homeRegion: 'us-east-1', collectedAt: new Date(DEMO_COLLECTED_AT), options: DEFAULT_CHECK_OPTIONS,
    concurrency: 4, sleep: async () => {}, readerOptions: { sleep: async () => {}, retry: { attempts: 2, baseMs: 1, capMs: 1 } },
  });
  const status = result.controls.map((c) => c.status);
  const findings = result.controls.flatMap((c) => c.findings);
  return { fake, result, status, findings };
}

const EMPTY: FakeFrontendsAndHub = { securityHub: {}, distributions: [], loadBalancers: [] };
const HUB = (region: string) => `arn:aws:securityhub:${region}:${A}:hub/default`;

describe('securityhub-enabled (5.0.0 4.16, 7.0.0 5.16)', () => {
  it('PASS in every region with a hub, naming the hub and when it was subscribed', async () => {
    const model = { ...EMPTY, securityHub: { 'eu-west-1': { SubscribedAt: '2025-03-01T10:00:00.000Z' }, 'us-east-1': { SubscribedAt: '2024-01-15T08:00:00.000Z' } } };
    const { status, findings, fake, result } = await scan(model, [['cis-5.0.0', '4.16'], ['cis-7.0.0', '5.16']]);
    expect(status).toEqual(['PASS', 'PASS']);
    expect(findings.slice(0, 2)).toEqual([
      expect.objectContaining({ status: 'PASS', region: 'eu-west-1', resource: HUB('eu-west-1'), message: 'Security Hub is enabled in eu-west-1 since 2025-03-01T10:00:00.000Z' }),
      expect.objectContaining({ status: 'PASS', region: 'us-east-1', resource: HUB('us-east-1') }),
    ]);
    expect(findings[0]!.evidence).toContainEqual({ source: 'securityhub:DescribeHub', field: 'HubArn', value: HUB('eu-west-1'), expected: 'a hub' });
    // One DescribeHub per region, however many benchmarks ask.
    expect(fake.log.filter((c) => c.service === 'securityhub').map((c) => `${c.region} ${c.operation}`).sort()).toEqual(['eu-west-1 DescribeHub', 'us-east-1 DescribeHub']);
    expect(result.unexpectedErrors).toEqual([]);
  });

  it('FAIL where the account is not subscribed (InvalidAccessException is absent, not unreadable)', async () => {
    const { status, findings } = await scan({ ...EMPTY, securityHub: { 'us-east-1': { SubscribedAt: '2024-01-15T08:00:00.000Z' } } }, [['cis-5.0.0', '4.16']]);
    expect(status).toEqual(['FAIL']);
    expect(findings.map((f) => [f.region, f.status])).toEqual([['eu-west-1', 'FAIL'], ['us-east-1', 'PASS']]);
    expect(findings[0]).toMatchObject({ resource: `arn:aws:iam::${A}:root`, message: 'Security Hub is not enabled in eu-west-1' });
    expect(findings[0]!.evidence).toContainEqual(expect.objectContaining({ source: 'securityhub:DescribeHub', field: 'HubArn', value: null }));
  });

  it('ERROR, never FAIL or PASS, when DescribeHub is denied or throttled past retries in a region', async () => {
    for (const code of ['AccessDeniedException', 'ThrottlingException']) {
      const model = { ...EMPTY, securityHub: { 'eu-west-1': { SubscribedAt: '2025-03-01T10:00:00.000Z' }, 'us-east-1': { SubscribedAt: '2024-01-15T08:00:00.000Z' } } };
      const { status, findings } = await scan(model, [['cis-5.0.0', '4.16']], [{ service: 'securityhub', region: 'eu-west-1', code, message: `${code} for DescribeHub` }]);
      expect(status, code).toEqual(['ERROR']);
      expect(findings.map((f) => f.status)).toEqual(['ERROR', 'PASS']);
      expect(findings[0]!.error).toMatchObject({ service: 'securityhub', operation: 'DescribeHub', region: 'eu-west-1', code });
    }
  });

  it('InvalidAccessException for another reason is not "not subscribed": ERROR', async () => {
    const { status } = await scan(EMPTY, [['cis-5.0.0', '4.16']], [{ service: 'securityhub', code: 'InvalidAccessException', message: 'The request signature is invalid for this account' }]);
    expect(status).toEqual(['ERROR']);
  });

  it('NOT_APPLICABLE only when no region is scanned (the check is per region)', async () => {
    const { securityHubEnabled } = await import('../../src/checks/monitoring/securityhub-enabled.js');
    const { securityHubs } = await import('../../src/collect/securityhub.js');
    const { evaluate, ok } = await import('../helpers/check-state.js');
    expect(evaluate(securityHubEnabled, [[securityHubs, ok({})]], { regions: [] })).toEqual([]);
  });
});

describe('web-frontend-access-logging (7.0.0 4.10, Manual)', () => {
  const model: FakeFrontendsAndHub = {
    securityHub: {},
    distributions: [
      { Id: 'E1LOGGED', DomainName: 'd111111abcdef8.cloudfront.net', logging: { Bucket: 'acme-cf-logs.s3.amazonaws.com', Prefix: 'www/' } },
      { Id: 'E2SILENT', DomainName: 'd222222abcdef8.cloudfront.net' },
    ],
    loadBalancers: [
      { name: 'web', region: 'us-east-1', Type: 'application', accessLogs: { bucket: 'acme-elb-logs', prefix: 'web' } },
      { name: 'api', region: 'eu-west-1', Type: 'network' },
    ],
    pageSize: 1,
  };

  it('MANUAL per distribution and load balancer with the access-log setting as evidence (every page followed)', async () => {
    const { status, findings, fake, result } = await scan(model, [['cis-7.0.0', '4.10']]);
    expect(status).toEqual(['MANUAL']);
    expect(findings.map((f) => [f.status, f.resource, f.region])).toEqual([
      ['MANUAL', `arn:aws:cloudfront::${A}:distribution/E1LOGGED`, 'global'],
      ['MANUAL', `arn:aws:cloudfront::${A}:distribution/E2SILENT`, 'global'],
      ['MANUAL', `arn:aws:elasticloadbalancing:eu-west-1:${A}:loadbalancer/net/api/50dc6c495c0c9188`, 'eu-west-1'],
      ['MANUAL', `arn:aws:elasticloadbalancing:us-east-1:${A}:loadbalancer/app/web/50dc6c495c0c9188`, 'us-east-1'],
    ]);
    expect(findings[0]!.message).toContain('access logging to S3 is on (bucket acme-cf-logs.s3.amazonaws.com)');
    expect(findings[1]!.message).toContain('access logging to S3 is off; confirm it logs; standard logging v2');
    expect(findings[1]!.evidence).toContainEqual({ source: 'cloudfront:GetDistributionConfig', field: 'DistributionConfig.Logging', value: false, expected: 'true' });
    expect(findings[2]!.evidence).toContainEqual({ source: 'elasticloadbalancing:DescribeLoadBalancerAttributes', field: 'access_logs.s3.enabled', value: false, expected: 'true' });
    expect(findings[3]!.evidence).toContainEqual({ source: 'elasticloadbalancing:DescribeLoadBalancerAttributes', field: 'bucket', value: 'acme-elb-logs' });
    expect(fake.count('cloudfront', 'ListDistributions')).toBe(2);
    expect(result.unexpectedErrors).toEqual([]);
  });

  it('a denied or throttled read stays MANUAL, with the error in the evidence (never makes the scan incomplete)', async () => {
    for (const code of ['AccessDenied', 'ThrottlingException']) {
      const { status, findings } = await scan(model, [['cis-7.0.0', '4.10']], [
        { service: 'cloudfront', operation: 'ListDistributions', code, message: `${code} on ListDistributions` },
        { service: 'elbv2', operation: 'DescribeLoadBalancerAttributes', region: 'us-east-1', code, message: `${code} on attributes` },
      ]);
      expect(status, code).toEqual(['MANUAL']);
      expect(findings.every((f) => f.status === 'MANUAL')).toBe(true);
      expect(findings[0]).toMatchObject({ resource: `arn:aws:iam::${A}:root`, message: expect.stringContaining('could not list CloudFront distributions') });
      expect(findings[0]!.evidence).toEqual([{ source: 'cloudfront:ListDistributions', field: 'error', value: { code, message: `${code} on ListDistributions` } }]);
      const web = findings.find((f) => f.resource.includes('/app/web/'))!;
      expect(web.message).toContain('could not read its access logging');
      expect(web.evidence).toEqual([expect.objectContaining({ source: 'elbv2:DescribeLoadBalancerAttributes', field: 'error' })]);
    }
  });

  it('NOT_APPLICABLE when there is no distribution and no load balancer', async () => {
    const { status, findings } = await scan(EMPTY, [['cis-7.0.0', '4.10']]);
    expect(status).toEqual(['NOT_APPLICABLE']);
    expect(findings[0]!.message).toContain('no CloudFront distribution and no load balancer');
  });
});
