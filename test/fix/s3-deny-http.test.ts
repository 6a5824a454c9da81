import { describe, expect, it } from 'vitest';
import { fixCommand } from '../../src/cli/fix-command.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { DEMO_ACCOUNT_ID } from '../fake-aws/demo-account.js';
import { bucketNamed, demoWithoutDeniedRegion, fixFlags, fixIo, journalOf, liveAccounts, outcomeOf, TOOL, undo } from './fix-helpers.js';

// S3 deny-HTTP (cis-3.0.0 2.1.1): the demo's reports bucket has no policy, the web assets bucket a public-read one.

const A = DEMO_ACCOUNT_ID;
const deny = (b: string, Sid = 'CisAuditDenyInsecureTransport') => ({
  Sid, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
const CONTROL = { benchmark: ['cis-3.0.0'], control: ['2.1.1'], region: ['us-east-1', 'us-west-2'] };
/**
 * The demo without its bucket in the SCP-denied region (that bucket's ERROR would leave the control unreadable), and
 * with its logging buckets already TLS-only: the two storage buckets are what fails.
 */
function fresh(): FakeAccount {
  const a = demoWithoutDeniedRegion();
  for (const b of a.logging!.buckets) Object.assign(b, { policy: { Version: '2012-10-17', Statement: [deny(b.Name, 'Tls')] }, policyIsPublic: false });
  return a;
}
const live = liveAccounts(fresh);
const outcome = outcomeOf('2.1.1');
const PUBLIC_READ = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-web-assets/*' };

describe('fix S3 deny-HTTP', () => {
  it('--dry-run: a new policy for the bucket without one, a merged one for the other; only reads are sent', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ ...CONTROL, 'dry-run': true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain('create a bucket policy for acme-reports (us-east-1) denying every S3 request not sent over TLS');
    expect(out.stdout).toContain(`undo: s3:DeleteBucketPolicy (us-east-1) {"Bucket":"acme-reports","ExpectedBucketOwner":"${A}"}`);
    expect(out.stdout).toContain('add statement CisAuditDenyInsecureTransport to the policy of acme-web-assets (us-west-2)');
    expect(out.stdout).toContain('WARNING: clients reaching acme-web-assets over plain HTTP');
    expect(out.stdout).toContain('Dry run: 2 change(s) planned, nothing changed.');
  });

  it('merges the statement (the public-read statement kept as it was), creates the missing policy, FIXED; second run plans nothing; undo restores exactly', async () => {
    const { writes, account } = live();
    const priorText = JSON.stringify(bucketNamed(account, 'acme-web-assets').policy);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes().map((w) => [w.operation, w.input.Bucket, JSON.parse(String(w.input.Policy))])).toEqual([
      ['PutBucketPolicy', 'acme-reports', { Version: '2012-10-17', Statement: [deny('acme-reports')] }],
      ['PutBucketPolicy', 'acme-web-assets', { Version: '2012-10-17', Statement: [PUBLIC_READ, deny('acme-web-assets')] }],
    ]);
    expect(bucketNamed(account, 'acme-web-assets').policy).toEqual({ Version: '2012-10-17', Statement: [PUBLIC_READ, deny('acme-web-assets')] });
    expect(outcome(result)?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps.map((s) => s.prior)).toEqual([{ Bucket: 'acme-reports', Policy: null }, { Bucket: 'acme-web-assets', Policy: priorText }]);

    const second = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(2);
    expect(outcome(second)?.outcome).toBe('NOTHING_TO_DO');

    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(2)).toEqual([
      { service: 's3', region: 'us-west-2', operation: 'PutBucketPolicy', input: { Bucket: 'acme-web-assets', ExpectedBucketOwner: A, Policy: priorText } },
      { service: 's3', region: 'us-east-1', operation: 'DeleteBucketPolicy', input: { Bucket: 'acme-reports', ExpectedBucketOwner: A } },
    ]);
    expect(bucketNamed(account, 'acme-reports').policy).toBeUndefined();
    expect(JSON.stringify(bucketNamed(account, 'acme-web-assets').policy)).toBe(priorText);
  });

  it('keeps a single-statement policy, its Id and a clashing Sid; the new statement gets a free Sid', async () => {
    const account = fresh();
    const own = { Sid: 'CisAuditDenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::acme-reports' };
    bucketNamed(account, 'acme-reports').policy = { Version: '2012-10-17', Id: 'reports', Statement: own };
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(JSON.parse(String(writes()[0]!.input.Policy))).toEqual({ Version: '2012-10-17', Id: 'reports', Statement: [own, deny('acme-reports', 'CisAuditDenyInsecureTransport2')] });
    expect(outcome(result)?.outcome).toBe('FIXED');
  });

  it('a failing call midway: APPLY_ERROR, the first bucket stays journaled and undo deletes the policy it created', async () => {
    const account = fresh();
    account.errors!.push({ service: 's3', operation: 'PutBucketPolicy', region: 'us-west-2', code: 'AccessDenied', message: 'Access Denied' });
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(outcome(result)).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/s3:PutBucketPolicy failed: AccessDenied .*1 earlier step\(s\) applied and journaled/) });
    expect(journalOf(result.journalPath!).steps.map((s) => [s.call.input.Bucket, s.status])).toEqual([['acme-reports', 'applied'], ['acme-web-assets', 'failed']]);
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().at(-1)).toMatchObject({ operation: 'DeleteBucketPolicy', input: { Bucket: 'acme-reports' } });
    expect(bucketNamed(account, 'acme-reports').policy).toBeUndefined();
  });
});
