import { describe, expect, it } from 'vitest';
import { fixCommand } from '../../src/cli/fix-command.js';
import { DEMO_ACCOUNT_ID } from '../fake-aws/demo-account.js';
import { bucketNamed, demoWithoutDeniedRegion, fixFlags, fixIo, journalOf, liveAccounts, outcomeOf, TOOL, undo } from './fix-helpers.js';

// S3 Block Public Access (cis-3.0.0 2.1.4): the demo has no account-level block; the web assets bucket (public
// policy), the EU data-events bucket (ACL READ to AuthenticatedUsers) and the access-log bucket have no own block.

const A = DEMO_ACCOUNT_ID;
const CONTROL = { benchmark: ['cis-3.0.0'], control: ['2.1.4'], region: ['us-east-1'] };
const FULL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const live = liveAccounts(demoWithoutDeniedRegion);
const outcome = outcomeOf('2.1.4');

describe('fix S3 Block Public Access, account level (default)', () => {
  it('--dry-run plans one S3 Control call, names the buckets that stop serving publicly, and sends only reads', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ ...CONTROL, 'dry-run': true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain(`call: s3control:PutPublicAccessBlock (us-east-1) {"AccountId":"${A}","PublicAccessBlockConfiguration":${JSON.stringify(FULL)}}`);
    expect(out.stdout).toContain(`undo: s3control:DeletePublicAccessBlock (us-east-1) {"AccountId":"${A}"}`);
    expect(out.stdout).toContain('these buckets serve publicly now and stop doing so: acme-eu-data-events (its ACL grants READ to AuthenticatedUsers), acme-web-assets (its bucket policy is public)');
    expect(out.stdout).not.toContain('acme-access-logs (');
    expect(out.stdout).toContain('Dry run: 1 change(s) planned, nothing changed.');
  });

  it('applies, FIXED; a second run plans nothing; undo deletes the block it created', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes()).toEqual([{ service: 's3control', region: 'us-east-1', operation: 'PutPublicAccessBlock', input: { AccountId: A, PublicAccessBlockConfiguration: FULL } }]);
    expect(account.logging!.accountPublicAccessBlock).toEqual(FULL);
    expect(outcome(result)?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ status: 'applied', prior: { AccountId: A, PublicAccessBlockConfiguration: null } });
    const second = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(outcome(second)?.outcome).toBe('NOTHING_TO_DO');
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes()[1]).toEqual({ service: 's3control', region: 'us-east-1', operation: 'DeletePublicAccessBlock', input: { AccountId: A } });
    expect(account.logging!.accountPublicAccessBlock).toBeUndefined();
  });

  it('STILL_FAILING (exit 1) when S3 Control accepts the call but the re-check still fails', async () => {
    const account = demoWithoutDeniedRegion();
    account.logging!.ignoreWrites = true;
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(outcome(result)?.outcome).toBe('STILL_FAILING');
    expect(result.exitCode).toBe(1);
  });

  it('raises a partial account block (true flags stay true) and undo restores the four prior flags exactly', async () => {
    const account = demoWithoutDeniedRegion();
    const prior = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };
    account.logging!.accountPublicAccessBlock = { ...prior };
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), io, TOOL);
    expect(out.stdout).toContain('turn on IgnorePublicAcls, RestrictPublicBuckets');
    expect(outcome(result)?.outcome).toBe('FIXED');
    await undo(result.journalPath!);
    expect(writes()[1]).toEqual({ service: 's3control', region: 'us-east-1', operation: 'PutPublicAccessBlock', input: { AccountId: A, PublicAccessBlockConfiguration: prior } });
    expect(account.logging!.accountPublicAccessBlock).toEqual(prior);
  });
});

describe('fix S3 Block Public Access, --s3-bucket-level', () => {
  it('blocks each failing bucket in its region, warns per bucket, FIXED; a failing call midway is APPLY_ERROR with earlier buckets journaled, and undo restores them', async () => {
    const account = demoWithoutDeniedRegion();
    bucketNamed(account, 'acme-access-logs').publicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    account.errors!.push({ service: 's3', operation: 'PutPublicAccessBlock', region: 'us-west-2', code: 'AccessDenied', message: 'Access Denied' });
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 's3-bucket-level': true }), io, TOOL);
    expect(out.stdout).toContain('block all public access to bucket acme-eu-data-events (eu-west-1): no block yet');
    expect(out.stdout).toContain('WARNING: these buckets serve publicly now and stop doing so: acme-web-assets (its bucket policy is public)');
    expect(writes().map((w) => [w.service, w.region, w.input.Bucket])).toEqual([
      ['s3', 'us-east-1', 'acme-access-logs'], ['s3', 'eu-west-1', 'acme-eu-data-events'], ['s3', 'us-west-2', 'acme-web-assets'],
    ]);
    expect(outcome(result)).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/s3:PutPublicAccessBlock failed: AccessDenied .*2 earlier step\(s\) applied and journaled/) });
    expect(bucketNamed(account, 'acme-eu-data-events').publicAccessBlock).toEqual(FULL);
    expect(account.logging!.accountPublicAccessBlock).toBeUndefined();
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(3)).toEqual([
      { service: 's3', region: 'eu-west-1', operation: 'DeletePublicAccessBlock', input: { Bucket: 'acme-eu-data-events', ExpectedBucketOwner: A } },
      { service: 's3', region: 'us-east-1', operation: 'PutPublicAccessBlock', input: { Bucket: 'acme-access-logs', ExpectedBucketOwner: A, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } } },
    ]);
  });

  it('without errors: FIXED, and a second run plans nothing', async () => {
    const { writes } = live();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 's3-bucket-level': true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(3);
    expect(outcome(result)?.outcome).toBe('FIXED');
    const second = await fixCommand(fixFlags({ ...CONTROL, yes: true, 's3-bucket-level': true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(3);
    expect(outcome(second)?.outcome).toBe('NOTHING_TO_DO');
  });
});
