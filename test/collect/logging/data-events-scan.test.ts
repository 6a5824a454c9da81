// S3 object-level logging and the v7 multi-region form end to end over the in-memory AWS (collectors, checks,
// aggregation), with the benchmark mappings that use them.
import { describe, expect, it } from 'vitest';
import { findBenchmark } from '../../../src/benchmark/index.js';
import { DEFAULT_CHECK_OPTIONS } from '../../../src/checks/check.js';
import { runScan } from '../../../src/engine/scan.js';
import { serveAccount, type FakeAccount } from '../../fake-aws/account.js';
import type { FakeTrail } from '../../fake-aws/cloudtrail.js';
import { DEMO_COLLECTED_AT, demoAccount } from '../../fake-aws/demo-account.js';

async function scan(account: FakeAccount, benchmark: string, ids: string[]) {
  const fake = serveAccount(account);
  const result = await runScan({
    controls: findBenchmark(benchmark).controls.filter((c) => ids.includes(c.id)),
    transport: fake, homeRegion: 'us-east-1', collectedAt: new Date(DEMO_COLLECTED_AT), options: DEFAULT_CHECK_OPTIONS,
    concurrency: 4, sleep: async () => {},
  });
  return { fake, result, status: Object.fromEntries(result.controls.map((c) => [c.control.id, c.status])) };
}

const withTrail = (t: Partial<FakeTrail>): FakeAccount => {
  const base = demoAccount();
  const audit = { ...base.cloudtrail!.trails[0]!, ...t };
  return { ...base, regions: ['eu-west-1', 'us-east-1'], errors: [], cloudtrail: { trails: [audit] } };
};

describe('S3 object-level logging through the collectors', () => {
  it('the demo: acme-audit logs S3 writes of every bucket, not reads → write PASS, read FAIL (v5.0.0 3.8/3.9, v7.0.0 4.8/4.9)', async () => {
    const v5 = await scan(demoAccount(), 'cis-5.0.0', ['3.1', '3.8', '3.9']);
    expect(v5.status).toEqual({ '3.1': 'PASS', '3.8': 'PASS', '3.9': 'FAIL' });
    const v7 = await scan(demoAccount(), 'cis-7.0.0', ['4.1', '4.8', '4.9']);
    expect(v7.status).toEqual({ '4.1': 'PASS', '4.8': 'PASS', '4.9': 'FAIL' });
    // The selectors are read once per trail, however many controls and benchmarks use them.
    expect(v7.fake.count('cloudtrail', 'GetEventSelectors')).toBe(2);
  });

  it('the v7 audit form (advanced selectors) with S3 data events of every bucket: multi-region and both directions PASS', async () => {
    const advancedEventSelectors = [
      { Name: 'Management events selector', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      { Name: 'S3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
    ];
    const { status, result } = await scan(withTrail({ advancedEventSelectors }), 'cis-7.0.0', ['4.1', '4.8', '4.9']);
    expect(status).toEqual({ '4.1': 'PASS', '4.8': 'PASS', '4.9': 'PASS' });
    expect(result.unexpectedErrors).toEqual([]);
  });

  it('a selector narrowed to one bucket FAILs both, naming the trail; GetEventSelectors denied → ERROR', async () => {
    const narrowed = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::acme-raw/'] }] }];
    const { status, result } = await scan(withTrail({ eventSelectors: narrowed }), 'cis-3.0.0', ['3.1', '3.8', '3.9']);
    expect(status).toEqual({ '3.1': 'PASS', '3.8': 'FAIL', '3.9': 'FAIL' });
    expect(result.controls[1]!.findings[0]!.message).toBe('trail acme-audit logs S3 object-level data events, but not write events for all buckets');
    const denied = withTrail({});
    denied.errors = [{ service: 'cloudtrail', operation: 'GetEventSelectors', code: 'AccessDeniedException', message: 'not authorized' }];
    expect((await scan(denied, 'cis-3.0.0', ['3.8', '3.9'])).status).toEqual({ '3.8': 'ERROR', '3.9': 'ERROR' });
  });
});
