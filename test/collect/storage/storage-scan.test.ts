import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../../src/benchmark/cis-aws-1.2.0.js';
import { CIS_AWS_1_4_0 } from '../../../src/benchmark/cis-aws-1.4.0.js';
import { CIS_AWS_5_0_0 } from '../../../src/benchmark/cis-aws-5.0.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../../src/checks/check.js';
import { runScan } from '../../../src/engine/scan.js';
import { serveAccount, type FakeAccount } from '../../fake-aws/account.js';
import { demoAccount } from '../../fake-aws/demo-account.js';
import type { InjectedError } from '../../fake-aws/fake-aws.js';

// The Storage controls end to end over the fake demo account: every bucket listed once, each per-bucket setting read
// once per bucket in the bucket's region (shared with the CloudTrail bucket controls), RDS/EFS/Macie/EBS per region.
const STORAGE_5 = ['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.2.1', '2.2.2', '2.2.3', '2.2.4', '2.3.1', '5.1.1'];

async function scan(account: FakeAccount, extraControls = true) {
  const fake = serveAccount(account);
  const controls = [
    ...CIS_AWS_5_0_0.controls.filter((c) => STORAGE_5.includes(c.id)),
    ...CIS_AWS_1_4_0.controls.filter((c) => c.id === '2.1.1'),
    // 2.3 reads the CloudTrail buckets' public access blocks too: they must not be read twice.
    ...(extraControls ? CIS_AWS_1_2_0.controls.filter((c) => c.id === '2.3') : []),
  ];
  const result = await runScan({ controls, transport: fake, homeRegion: 'us-east-1', options: DEFAULT_CHECK_OPTIONS, concurrency: 4, sleep: async () => {} });
  const byId = Object.fromEntries(result.controls.map((c) => [`${c.control.benchmark} ${c.control.id}`, c]));
  return { fake, byId, result };
}

const summary = (findings: Array<{ region: string; status: string; resource: string }>) =>
  findings.map((f) => `${f.region} ${f.status} ${f.resource.split(/[:/]/).pop()}`);

const withErrors = (...errors: InjectedError[]): FakeAccount => {
  const a = demoAccount();
  a.errors = [...(a.errors ?? []), ...errors];
  return a;
};

describe('storage controls over the demo account', () => {
  it('reads the bucket listing once and each bucket setting once per bucket, in the bucket\'s region', async () => {
    const { fake } = await scan(demoAccount());
    expect(fake.count('s3', 'ListBuckets')).toBe(1);
    expect(fake.log.find((c) => c.operation === 'ListBuckets')!.input).toEqual({ MaxBuckets: 10000 });
    for (const op of ['GetBucketPolicy', 'GetBucketVersioning', 'GetBucketEncryption', 'GetPublicAccessBlock']) {
      const calls = fake.log.filter((c) => c.service === 's3' && c.operation === op);
      const buckets = calls.map((c) => c.input.Bucket as string);
      expect(new Set(buckets).size, op).toBe(buckets.length);
      expect(buckets.length, op).toBe(7);
      expect(calls.every((c) => c.input.ExpectedBucketOwner === '210987654321'), op).toBe(true);
    }
    expect(fake.log.find((c) => c.operation === 'GetBucketPolicy' && c.input.Bucket === 'acme-web-assets')!.region).toBe('us-west-2');
    expect(fake.count('s3control', 'GetPublicAccessBlock')).toBe(1);
    // ListBuckets gave every region: no GetBucketLocation beyond the trail buckets' (2.3).
    expect(fake.log.filter((c) => c.operation === 'GetBucketLocation').map((c) => c.input.Bucket).sort()).toEqual(['acme-cloudtrail-logs', 'acme-eu-data-events']);
    for (const op of ['DescribeDBInstances', 'DescribeDBClusters', 'DescribeFileSystems', 'GetMacieSession', 'GetEbsEncryptionByDefault']) {
      expect(fake.log.filter((c) => c.operation === op).map((c) => c.region).sort(), op).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-2']);
    }
  });

  it('gives the story verdicts', async () => {
    const { byId: c } = await scan(demoAccount());
    expect(summary(c['cis-5.0.0 2.1.1']!.findings)).toEqual([
      'us-east-1 FAIL acme-access-logs', 'ap-southeast-2 ERROR acme-backups-syd', 'us-east-1 FAIL acme-cloudtrail-logs',
      'eu-west-1 FAIL acme-eu-data-events', 'eu-west-1 PASS acme-raw', 'us-east-1 FAIL acme-reports', 'us-west-2 FAIL acme-web-assets',
    ]);
    expect(c['cis-5.0.0 2.1.1']!.status).toBe('FAIL');
    expect(summary(c['cis-5.0.0 2.1.2']!.findings).filter((s) => !s.includes('FAIL'))).toEqual(['ap-southeast-2 ERROR acme-backups-syd']);
    expect(c['cis-5.0.0 2.1.3']!.status).toBe('MANUAL');
    expect(summary(c['cis-5.0.0 2.1.3']!.findings).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual([
      'ap-southeast-2 MANUAL', 'eu-west-1 MANUAL', 'us-east-1 MANUAL', 'us-west-2 MANUAL',
    ]);
    expect(c['cis-5.0.0 2.1.3']!.findings[2]!.message).toContain('Macie is ENABLED with 2 classification job(s)');
    expect(c['cis-5.0.0 2.1.3']!.findings[2]!.message).toContain('automated discovery ENABLED');
    expect(c['cis-5.0.0 2.1.3']!.findings[1]!.message).toContain('Macie is PAUSED with 0 classification job(s)');
    expect(c['cis-5.0.0 2.1.3']!.findings[3]!.message).toContain('Macie is not enabled');
    expect(summary(c['cis-5.0.0 2.1.4']!.findings)).toEqual([
      'us-east-1 FAIL acme-access-logs', 'ap-southeast-2 ERROR acme-backups-syd', 'us-east-1 PASS acme-cloudtrail-logs',
      'eu-west-1 FAIL acme-eu-data-events', 'eu-west-1 PASS acme-raw', 'us-east-1 PASS acme-reports', 'us-west-2 FAIL acme-web-assets',
    ]);
    expect(summary(c['cis-5.0.0 2.2.1']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'eu-west-1 FAIL legacy-crm', 'us-east-1 PASS orders-db', 'us-east-1 PASS analytics-1', 'us-east-1 PASS analytics-2', 'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(summary(c['cis-5.0.0 2.2.2']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'eu-west-1 FAIL legacy-crm', 'us-east-1 PASS orders-db', 'us-east-1 PASS analytics-1', 'us-east-1 FAIL analytics-2', 'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(c['cis-5.0.0 2.2.3']!.findings.filter((f) => f.status === 'FAIL').map((f) => f.resource)).toEqual(['arn:aws:rds:eu-west-1:210987654321:db:legacy-crm']);
    expect(c['cis-5.0.0 2.2.4']!.findings.find((f) => f.resource.endsWith(':db:analytics-1'))!.message).toContain('cluster analytics MultiAZ is true (2 member(s))');
    expect(summary(c['cis-5.0.0 2.3.1']!.findings)).toEqual([
      'ap-southeast-2 ERROR root', 'eu-west-1 FAIL fs-09f8e7d6c5b4a3921', 'us-east-1 PASS fs-0a1b2c3d4e5f60718', 'us-west-2 NOT_APPLICABLE root',
    ]);
    expect(summary(c['cis-5.0.0 5.1.1']!.findings)).toEqual(['ap-southeast-2 ERROR root', 'eu-west-1 PASS root', 'us-east-1 PASS root', 'us-west-2 FAIL root']);
    expect(summary(c['cis-1.4.0 2.1.1']!.findings).filter((s) => s.includes('FAIL'))).toEqual([
      'us-east-1 FAIL acme-access-logs', 'us-east-1 FAIL acme-cloudtrail-logs', 'eu-west-1 FAIL acme-eu-data-events',
    ]);
  });

  it('follows every page of every storage list', async () => {
    const a = demoAccount();
    a.storage!.pageSize = 1;
    const { fake, byId } = await scan(a, false);
    expect(fake.count('s3', 'ListBuckets')).toBe(7);
    expect(fake.log.filter((c) => c.operation === 'DescribeDBInstances' && c.region === 'us-east-1')).toHaveLength(3);
    expect(byId['cis-5.0.0 2.2.1']!.findings).toHaveLength(6);
    expect(fake.log.filter((c) => c.operation === 'ListClassificationJobs' && c.region === 'us-east-1')).toHaveLength(2);
    expect(fake.log.filter((c) => c.operation === 'ListClassificationJobs' && c.region === 'eu-west-1')).toHaveLength(1);
  });

  it('a denied ListBuckets is ERROR for every S3 control, and nothing per bucket is read', async () => {
    const { fake, byId } = await scan(withErrors({ service: 's3', operation: 'ListBuckets', code: 'AccessDenied', message: 'Access Denied' }), false);
    for (const id of ['cis-5.0.0 2.1.1', 'cis-5.0.0 2.1.2', 'cis-5.0.0 2.1.4', 'cis-1.4.0 2.1.1']) {
      expect(byId[id]!.status, id).toBe('ERROR');
      expect(byId[id]!.findings[0]!.message, id).toContain('ListBuckets');
    }
    expect(fake.count('s3', 'GetBucketPolicy')).toBe(0);
  });

  it('an account-level block with all four settings passes 2.1.4 without reading any bucket\'s block', async () => {
    const a = demoAccount();
    a.logging!.accountPublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    const { fake, byId } = await scan(a, false);
    expect(byId['cis-5.0.0 2.1.4']!.status).toBe('PASS');
    expect(byId['cis-5.0.0 2.1.4']!.findings).toHaveLength(1);
    expect(fake.count('s3', 'GetPublicAccessBlock')).toBe(0);
  });

  it('an account with no buckets, no databases and no file systems: NOT_APPLICABLE, never PASS', async () => {
    const a = demoAccount();
    delete a.logging;
    delete a.cloudtrail;
    a.storage = { buckets: [], ebs: {}, rds: {}, efs: {}, macie: {} };
    const { byId } = await scan(a, false);
    for (const id of ['cis-5.0.0 2.1.1', 'cis-5.0.0 2.1.2', 'cis-5.0.0 2.1.4', 'cis-1.4.0 2.1.1']) {
      expect(byId[id]!.status, id).toBe('NOT_APPLICABLE');
    }
    for (const id of ['cis-5.0.0 2.2.1', 'cis-5.0.0 2.2.2', 'cis-5.0.0 2.2.3', 'cis-5.0.0 2.3.1']) {
      expect(byId[id]!.findings.map((f) => f.status), id).toEqual(['ERROR', 'NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE']);
    }
    // EBS has no "nothing to apply to": an unset region is off.
    expect(byId['cis-5.0.0 5.1.1']!.findings.map((f) => f.status)).toEqual(['ERROR', 'FAIL', 'FAIL', 'FAIL']);
  });

  it('throttling that outlives retries on DescribeDBInstances is ERROR in that region only', async () => {
    const { byId } = await scan(withErrors({ service: 'rds', operation: 'DescribeDBInstances', region: 'eu-west-1', code: 'Throttling', message: 'Rate exceeded' }), false);
    const f = byId['cis-5.0.0 2.2.1']!.findings;
    expect(f.find((x) => x.region === 'eu-west-1')).toMatchObject({ status: 'ERROR', error: { code: 'Throttling', operation: 'DescribeDBInstances' } });
    expect(f.filter((x) => x.region === 'us-east-1').map((x) => x.status)).toEqual(['PASS', 'PASS', 'PASS']);
  });

  it('Macie denied to the caller (not "not enabled") stays MANUAL with the error as evidence', async () => {
    const { byId } = await scan(withErrors({ service: 'macie2', region: 'us-east-1', code: 'AccessDeniedException', message: 'User is not authorized to perform: macie2:GetMacieSession' }), false);
    const east = byId['cis-5.0.0 2.1.3']!.findings.find((x) => x.region === 'us-east-1')!;
    expect(east.status).toBe('MANUAL');
    expect(east.evidence[0]).toMatchObject({ field: 'error', value: { code: 'AccessDeniedException' } });
  });
});
