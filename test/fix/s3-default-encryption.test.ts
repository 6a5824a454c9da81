import { describe, expect, it } from 'vitest';
import { fixCommand } from '../../src/cli/fix-command.js';
import { UsageError } from '../../src/model/errors.js';
import { DEMO_ACCOUNT_ID } from '../fake-aws/demo-account.js';
import { bucketNamed, demoWithoutDeniedRegion, fixFlags, fixIo, journalOf, liveAccounts, outcomeOf, TOOL, undo } from './fix-helpers.js';

// S3 default encryption (cis-1.4.0 2.1.1): the demo's three logging buckets have none.

const A = DEMO_ACCOUNT_ID;
const CONTROL = { benchmark: ['cis-1.4.0'], control: ['2.1.1'], region: ['us-east-1', 'eu-west-1'] };
const live = liveAccounts(demoWithoutDeniedRegion);
const outcome = outcomeOf('2.1.1');
const SSE_S3 = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
const FAILING = ['acme-access-logs', 'acme-cloudtrail-logs', 'acme-eu-data-events'];

describe('fix S3 default encryption', () => {
  it('--dry-run plans SSE-S3 for each failing bucket in its region, with the undo, and sends only reads', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ ...CONTROL, 'dry-run': true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain(`call: s3:PutBucketEncryption (eu-west-1) {"Bucket":"acme-eu-data-events","ExpectedBucketOwner":"${A}","ServerSideEncryptionConfiguration":${JSON.stringify(SSE_S3)}}`);
    expect(out.stdout).toContain(`undo: s3:DeleteBucketEncryption (eu-west-1) {"Bucket":"acme-eu-data-events","ExpectedBucketOwner":"${A}"}`);
    expect(out.stdout).toContain('WARNING: objects already in the bucket keep the encryption they were written with');
    expect(out.stdout).toContain('Dry run: 3 change(s) planned, nothing changed.');
  });

  it('applies SSE-S3, FIXED; a second run plans nothing (the KMS-encrypted buckets were never touched); undo deletes what it added', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes().map((w) => [w.operation, w.input.Bucket, w.input.ServerSideEncryptionConfiguration])).toEqual(FAILING.map((b) => ['PutBucketEncryption', b, SSE_S3]));
    expect(outcome(result)?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ status: 'applied', prior: { Bucket: 'acme-access-logs', ServerSideEncryptionConfiguration: null } });
    const second = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(3);
    expect(outcome(second)?.outcome).toBe('NOTHING_TO_DO');
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(3).map((w) => [w.operation, w.input.Bucket])).toEqual([...FAILING].reverse().map((b) => ['DeleteBucketEncryption', b]));
    for (const b of FAILING) expect(bucketNamed(account, b).encryption).toBeUndefined();
  });

  it('--s3-kms-key: SSE-KMS with a bucket key and a key-policy warning; undo restores a prior non-encrypting configuration exactly', async () => {
    const account = demoWithoutDeniedRegion();
    const prior = { Rules: [{ BucketKeyEnabled: false }] };
    bucketNamed(account, 'acme-access-logs').encryption = prior;
    for (const b of FAILING.slice(1)) bucketNamed(account, b).encryption = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] };
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 's3-kms-key': 'alias/s3-data' }), io, TOOL);
    expect(writes()).toEqual([{
      service: 's3', region: 'us-east-1', operation: 'PutBucketEncryption',
      input: { Bucket: 'acme-access-logs', ExpectedBucketOwner: A, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/s3-data' }, BucketKeyEnabled: true }] } },
    }]);
    expect(out.stdout).toContain('needs kms:GenerateDataKey and kms:Decrypt on alias/s3-data');
    expect(outcome(result)?.outcome).toBe('FIXED');
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes()[1]).toEqual({ service: 's3', region: 'us-east-1', operation: 'PutBucketEncryption', input: { Bucket: 'acme-access-logs', ExpectedBucketOwner: A, ServerSideEncryptionConfiguration: prior } });
    expect(bucketNamed(account, 'acme-access-logs').encryption).toEqual(prior);
  });

  it('a failing call midway: APPLY_ERROR, earlier buckets stay journaled; a malformed --s3-kms-key is a usage error', async () => {
    const account = demoWithoutDeniedRegion();
    account.errors!.push({ service: 's3', operation: 'PutBucketEncryption', region: 'eu-west-1', code: 'AccessDenied', message: 'Access Denied' });
    live(account);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(outcome(result)).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/s3:PutBucketEncryption failed: AccessDenied .*2 earlier step\(s\) applied and journaled/) });
    expect(journalOf(result.journalPath!).steps.map((s) => s.status)).toEqual(['applied', 'applied', 'failed']);
    expect(bucketNamed(account, 'acme-access-logs').encryption).toEqual(SSE_S3);
    await expect(fixCommand(fixFlags({ ...CONTROL, yes: true, 's3-kms-key': 'arn:aws:s3:::not-a-key' }), fixIo().io, TOOL)).rejects.toThrow(UsageError);
  });
});
