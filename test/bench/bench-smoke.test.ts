import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeBounds } from '../../bench/bounds.js';
import { generateAccount } from '../../bench/generate.js';
import { markdown, parseArgs, runBench, TARGETS } from '../../bench/run.js';
import { BENCHMARKS } from '../../src/benchmark/index.js';

// A fast smoke test of the scan benchmark (the figures come from `npm run bench`, never from a timed test).
describe('scan benchmark', () => {
  it('generates the same account every time', () => {
    expect(JSON.stringify(generateAccount('small').model)).toBe(JSON.stringify(generateAccount('small').model));
  });

  it('computes the minimal calls and the bound from the account alone', () => {
    const b = computeBounds(generateAccount('large'), 50);
    // 17 regions × (4 EC2 lists + DescribeTrails + 3 Config + ListKeys + 12 DescribeKey) at least.
    expect(b.minimalCalls).toBeGreaterThan(17 * 21);
    // DescribeRegions → DescribeTrails → GetTrailStatus → DescribeMetricFilters → DescribeAlarms → ListSubscriptionsByTopic.
    expect(b.chainCalls).toBeGreaterThanOrEqual(6);
    expect(b.boundMs).toBe(Math.max(b.chainMs, b.rateMs));
    expect(b.minimalByOperation['iam:GetAccountAuthorizationDetails']).toBe(3); // 2,000 users at 1,000 a page, policies
    // 1.20 reads only the roles AWSSupportAccess is attached to (one in 1,000): one page, not the role list.
    expect(b.minimalByOperation['iam:ListEntitiesForPolicy']).toBe(1);
    expect(b.groups.filter((g) => g.operation === 'GetAccountAuthorizationDetails').map((g) => g.id).sort()).toEqual(['iam.policies', 'iam.users']);
  });

  it('scans the small account with the live reader options: minimal calls, a verdict for every control', async () => {
    const bench = generateAccount('small');
    const r = await runBench(bench, { latencyMs: 1, concurrency: 16, runs: 1 });
    expect(r.controls).toBe(43);
    expect(r.unexpectedErrors).toBe(0);
    expect(Object.keys(r.statuses).every((s) => ['PASS', 'FAIL', 'NOT_APPLICABLE'].includes(s))).toBe(true);
    expect(r.calls).toBeGreaterThanOrEqual(r.bound.minimalCalls);
    expect(r.calls).toBeLessThanOrEqual(TARGETS.callsOverMinimal * r.bound.minimalCalls);
    expect(r.retries).toBe(0);
    for (const [op, c] of Object.entries(r.callsByOperation)) {
      expect(c.calls, op).toBeGreaterThanOrEqual(c.minimal);
    }
  });
});

describe('scan benchmark, all six benchmarks in one scan', () => {
  it('counts every bucket\'s settings and the newer regional reads once, and leaves the default set as it was', () => {
    const bench = generateAccount('large');
    const all = computeBounds(bench, 50, 'all');
    const buckets = new Set([...bench.model.logging!.buckets, ...bench.model.storage!.buckets].map((x) => x.Name)).size;
    expect(buckets).toBeGreaterThan(300);
    for (const op of ['GetBucketPolicy', 'GetBucketVersioning', 'GetBucketEncryption', 'GetPublicAccessBlock']) {
      expect(all.minimalByOperation[`s3:${op}`], op).toBe(buckets); // the trail buckets' block is read once
    }
    expect(all.minimalByOperation['s3:ListBuckets']).toBe(1); // 10,000 a page
    expect(all.minimalByOperation['s3control:GetPublicAccessBlock']).toBe(1);
    // One attributes read per load balancer (60 at home, 8 in each of 4 busy regions), one config per distribution.
    expect(all.minimalByOperation['elbv2:DescribeLoadBalancerAttributes']).toBe(bench.model.frontendsAndHub!.loadBalancers.length);
    expect(bench.model.frontendsAndHub!.loadBalancers.length).toBe(92);
    expect(all.minimalByOperation['cloudfront:GetDistributionConfig']).toBe(25);
    for (const op of ['ec2:GetEbsEncryptionByDefault', 'ec2:DescribeNetworkAcls', 'rds:DescribeDBInstances', 'efs:DescribeFileSystems', 'macie2:GetMacieSession', 'securityhub:DescribeHub', 'elbv2:DescribeLoadBalancers']) {
      expect(all.minimalByOperation[op], op).toBe(17);
    }
    // Customer-managed documents come with GetAccountAuthorizationDetails: only the AWS-managed ones need GetPolicyVersion.
    expect(all.minimalByOperation['iam:GetPolicyVersion']).toBe(Object.keys(bench.model.identity!.awsManagedPolicies).length);
    // The OU tree level by level: the root, 4 OUs, 8 children.
    expect(all.minimalByOperation['organizations:ListOrganizationalUnitsForParent']).toBe(13);
    // ~150 buckets in us-east-1 at S3's 50 calls a second and the load balancers at ELB's 10: the rates, not the chain, bound the scan.
    expect(all.limitedBy).toBe('rate');
    expect(all.buckets.map((x) => x.bucket).slice(0, 2).sort()).toEqual(['elbv2|us-east-1', 's3|us-east-1']);
    const only = computeBounds(bench, 50);
    expect(only.minimalByOperation['s3:GetBucketPolicy']).toBeUndefined();
    expect(all.minimalCalls).toBeGreaterThan(only.minimalCalls + 4 * buckets);
  });

  it('scans the small account for all six: a verdict for every control it serves, minimal calls, every call answered', async () => {
    const bench = generateAccount('small');
    const r = await runBench(bench, { latencyMs: 1, concurrency: 16, runs: 1, benchmarks: 'all' });
    expect(r.controls).toBe(BENCHMARKS.reduce((n, b) => n + b.controls.length, 0));
    expect(r.unexpectedErrors).toBe(0);
    expect(r.unhandledOperations).toEqual({});
    expect(r.statuses.ERROR ?? 0).toBe(0);
    expect(Object.keys(r.statuses).every((s) => ['PASS', 'FAIL', 'NOT_APPLICABLE', 'MANUAL', 'NOT_IMPLEMENTED'].includes(s))).toBe(true);
    expect(r.calls).toBeGreaterThanOrEqual(r.bound.minimalCalls);
    expect(r.calls).toBeLessThanOrEqual(TARGETS.callsOverMinimal * r.bound.minimalCalls);
    for (const [op, c] of Object.entries(r.callsByOperation)) expect(c.calls, op).toBeGreaterThanOrEqual(c.minimal);
  }, 20_000);

  it('reports an operation the generated account does not serve, apart from the verdicts', async () => {
    const bench = generateAccount('small');
    delete bench.model.storage; // no RDS, EFS, Macie, EBS or per-bucket S3 handlers
    const r = await runBench(bench, { latencyMs: 0, concurrency: 16, runs: 1, benchmarks: 'all' });
    expect(r.unhandledOperations['rds:DescribeDBInstances']).toBe(17);
    expect(r.unhandledOperations['s3:GetBucketVersioning']).toBeGreaterThan(0);
    expect(markdown(r)).toMatch(/Unhandled by the generated account: .*efs:DescribeFileSystems ×17/);
  }, 20_000);
});

describe('npm run bench arguments', () => {
  it('takes a benchmark set', () => {
    expect(parseArgs([]).benchmarks).toBeUndefined();
    expect(parseArgs(['--benchmarks', 'all']).benchmarks).toBe('all');
    expect(() => parseArgs(['--benchmarks', 'cis-5.0.0'])).toThrow(/--benchmarks must be one of default, all/);
  });

  it('writes to the ignored .bench-out/ by default, and to the committed bench/results/ only with --update-results', () => {
    expect(parseArgs(['--scale', 'all']).out).toBe('.bench-out');
    expect(parseArgs(['--scale', 'all', '--update-results']).out).toBe('bench/results');
    expect(parseArgs(['--out', '/tmp/b']).out).toBe('/tmp/b');
    expect(() => parseArgs(['--update-results', '--out', '/tmp/b'])).toThrow(/cannot be combined with --out/);
  });

  it('.bench-out/ is git-ignored', () => {
    const ignore = readFileSync(new URL('../../.gitignore', import.meta.url), 'utf8').split('\n');
    expect(ignore).toContain('.bench-out/');
  });
});

describe('organisation benchmark', () => {
  it('scans a few accounts that are each the small account: every account scanned with one small scan\'s calls, one AssumeRole each', async () => {
    const { runOrgBench } = await import('../../bench/org.js');
    const r = await runOrgBench({ accounts: 3, accountConcurrency: 2, latencyMs: 1, concurrency: 32 });
    expect(r.scanned).toBe(3);
    expect(r.errors).toBe(0);
    expect(r.memberCalls).toBe(3 * r.singleScanCalls);
    expect(r.memberCalls).toBeGreaterThanOrEqual(r.minimalMemberCalls);
    expect(r.memberCalls).toBeLessThanOrEqual(TARGETS.callsOverMinimal * r.minimalMemberCalls);
    for (const [op, c] of Object.entries(r.memberCallsByOperation)) expect(c.calls, op).toBe(c.singleTimesAccounts);
    expect(r.managementCalls).toEqual({ 'sts:GetCallerIdentity': 1, 'organizations:ListAccounts': 1, 'sts:AssumeRole': 3 });
    expect(r.boundMs).toBe(2 * r.oneAccountBoundMs);
  }, 60_000);

  it('parses --scale org with its account count and concurrency', () => {
    expect(parseArgs(['--scale', 'org', '--accounts', '50', '--account-concurrency', '4'])).toMatchObject({ scale: 'org', accounts: 50, accountConcurrency: 4 });
  });
});
