// End to end over the in-memory AWS: the real collectors, checks and aggregation for 2.1–2.8.
import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../../src/benchmark/cis-aws-1.2.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../../src/checks/check.js';
import { runScan } from '../../../src/engine/scan.js';
import { serveAccount, type FakeAccount } from '../../fake-aws/account.js';
import type { FakeTrail } from '../../fake-aws/cloudtrail.js';
import { DEMO_COLLECTED_AT, demoAccount } from '../../fake-aws/demo-account.js';
import type { FakeLogging } from '../../fake-aws/logging.js';

const LOGGING = ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8'];

async function scan(account: FakeAccount, ids = LOGGING) {
  const fake = serveAccount(account);
  const result = await runScan({
    controls: CIS_AWS_1_2_0.controls.filter((c) => ids.includes(c.id)),
    transport: fake,
    homeRegion: 'us-east-1',
    collectedAt: new Date(DEMO_COLLECTED_AT),
    options: DEFAULT_CHECK_OPTIONS,
    concurrency: 4,
    sleep: async () => {},
  });
  const status = Object.fromEntries(result.controls.map((c) => [c.control.id, c.status]));
  const findings = (id: string) => result.controls.find((c) => c.control.id === id)!.findings;
  return { fake, result, status, findings };
}

describe('the demo account, logging controls', () => {
  it('every logging control gets its story verdict', async () => {
    const { status, findings, result } = await scan(demoAccount());
    expect(status).toEqual({ '2.1': 'PASS', '2.2': 'FAIL', '2.3': 'FAIL', '2.4': 'FAIL', '2.5': 'FAIL', '2.6': 'FAIL', '2.7': 'FAIL', '2.8': 'FAIL' });
    expect(result.unexpectedErrors).toEqual([]);
    // The SCP-denied region shows up as ERROR findings, not as silence.
    for (const id of ['2.2', '2.5', '2.8']) {
      expect(findings(id).filter((f) => f.region === 'ap-southeast-2').map((f) => f.status), id).toEqual(['ERROR']);
    }
    expect(findings('2.3').find((f) => f.resource === 'arn:aws:s3:::acme-eu-data-events')).toMatchObject({ status: 'FAIL', region: 'eu-west-1' });
    expect(findings('2.3').find((f) => f.resource === 'arn:aws:s3:::acme-cloudtrail-logs')).toMatchObject({ status: 'PASS', region: 'us-east-1' });
    expect(findings('2.5').find((f) => f.region === 'us-west-2')).toMatchObject({ status: 'FAIL' });
    expect(findings('2.8').filter((f) => f.status === 'FAIL').map((f) => f.resource)).toEqual(['arn:aws:kms:us-east-1:210987654321:key/0b9e4d7a-51c3-4f8e-8d26-7a1e3c5b9f02']);
  });

  it('reads each bucket location once, asks bucket reads in the bucket region, and the account block only as needed', async () => {
    const { fake } = await scan(demoAccount());
    const s3 = fake.log.filter((c) => c.service === 's3');
    expect(s3.filter((c) => c.operation === 'GetBucketLocation')).toHaveLength(2);
    expect(s3.filter((c) => c.operation === 'GetBucketAcl').map((c) => [c.input.Bucket, c.region]).sort()).toEqual([
      ['acme-cloudtrail-logs', 'us-east-1'], ['acme-eu-data-events', 'eu-west-1'],
    ]);
    expect(fake.count('s3control', 'GetPublicAccessBlock')).toBe(1);
  });
});

function account(trails: FakeTrail[], logging: Partial<FakeLogging> = {}, regions = ['eu-west-1', 'us-east-1']): FakeAccount {
  const base = demoAccount();
  return {
    ...base,
    regions,
    errors: [],
    cloudtrail: { trails },
    logging: { buckets: [], config: {}, kmsKeys: [], ...logging },
  };
}

const multiRegion = (name: string, extra: Partial<FakeTrail> = {}): FakeTrail => ({
  Name: name, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, S3BucketName: `${name}-logs`, LogFileValidationEnabled: true,
  status: { IsLogging: true }, ...extra,
});

describe('2.1 scenarios through the collectors', () => {
  it('a trail homed in eu-west-1 is read there by ARN, once', async () => {
    const { status, fake } = await scan(account([multiRegion('eu-audit', { HomeRegion: 'eu-west-1' })]), ['2.1']);
    expect(status['2.1']).toBe('PASS');
    const reads = fake.log.filter((c) => c.operation === 'GetTrailStatus');
    expect(reads).toEqual([expect.objectContaining({ region: 'eu-west-1', input: { Name: 'arn:aws:cloudtrail:eu-west-1:210987654321:trail/eu-audit' } })]);
  });

  it('advanced selectors: Management without readOnly PASS; readOnly=true FAIL; eventSource NotEquals kms FAIL', async () => {
    const mgmt = (...extra: Array<Record<string, unknown>>) => [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...extra] }];
    const cases = [
      [mgmt(), 'PASS'],
      [mgmt({ Field: 'readOnly', Equals: ['true'] }), 'FAIL'],
      [mgmt({ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }), 'FAIL'],
    ] as const;
    for (const [advancedEventSelectors, expected] of cases) {
      const { status } = await scan(account([multiRegion('audit', { advancedEventSelectors: [...advancedEventSelectors] })]), ['2.1']);
      expect(status['2.1'], JSON.stringify(advancedEventSelectors)).toBe(expected);
    }
  });

  it('a write-only basic trail FAILs', async () => {
    const t = multiRegion('audit', { eventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] });
    const { status, findings } = await scan(account([t]), ['2.1']);
    expect(status['2.1']).toBe('FAIL');
    expect(findings('2.1')[0]!.message).toContain('write-only');
  });

  it("another account's organization trail that cannot be read: ERROR naming the reason", async () => {
    const org = multiRegion('org', { ownerAccount: '999988887777', IsOrganizationTrail: true, unreadable: true });
    const { status, findings } = await scan(account([org]), ['2.1', '2.4']);
    expect(status['2.1']).toBe('ERROR');
    expect(findings('2.1')[0]!.message).toContain('organization trail of account 999988887777');
    expect(findings('2.1')[0]!.error).toMatchObject({ operation: 'GetTrailStatus', code: 'AccessDeniedException' });
  });
});

describe('2.3 / 2.6 / 2.8 scenarios through the collectors', () => {
  const t = multiRegion('audit', { S3BucketName: 'logs' });

  it('public policy neutralised by the account block, ACL grant to AllUsers neutralised too → PASS', async () => {
    const { status } = await scan(account([t], {
      buckets: [{ Name: 'logs', region: 'eu-west-1', locationConstraint: 'EU', policyIsPublic: true, grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] }],
      accountPublicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true },
    }), ['2.3']);
    expect(status['2.3']).toBe('PASS');
  });

  it('a trail bucket owned by another account: ERROR for 2.3 and 2.6', async () => {
    const { status, findings } = await scan(account([t], { buckets: [{ Name: 'logs', region: 'us-east-1', ownerAccount: '999988887777' }] }), ['2.3', '2.6']);
    expect(status).toEqual({ '2.3': 'ERROR', '2.6': 'ERROR' });
    expect(findings('2.3')[0]!.message).toContain('another account');
  });

  it('ListKeys pages are followed by Marker', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => ({
      KeyId: `k${i}`, region: 'us-east-1', KeyManager: 'CUSTOMER' as const, KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled', rotation: i !== 4,
    }));
    const { status, findings, fake } = await scan(account([], { kmsKeys: keys, kmsPageSize: 2 }, ['us-east-1']), ['2.8']);
    expect(fake.log.filter((c) => c.operation === 'ListKeys').map((c) => c.input.Marker)).toEqual([undefined, 't2', 't4']);
    expect(status['2.8']).toBe('FAIL');
    expect(findings('2.8').filter((f) => f.status === 'FAIL').map((f) => f.resource)).toEqual(['arn:aws:kms:us-east-1:210987654321:key/k4']);
  });
});
