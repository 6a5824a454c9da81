import { describe, expect, it } from 'vitest';
import { AwsReader } from '../../src/aws/reader.js';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { selectControls } from '../../src/benchmark/select.js';
import { fixActionsOf, permissionsPolicy } from '../../src/cli/permissions.js';
import { kmsKeys } from '../../src/collect/kms.js';
import { stateFor } from '../../src/engine/scan.js';
import { keyRotationRemediator } from '../../src/fix/remediators/key-rotation.js';
import { fixCommand } from '../../src/cli/fix-command.js';
import { DEFAULT_FIX_OPTIONS } from '../../src/fix/types.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { DEMO_ACCOUNT_ID, demoAccount } from '../fake-aws/demo-account.js';
import { serveAccount } from '../fake-aws/account.js';
import { FakeAws } from '../fake-aws/fake-aws.js';
import type { FakeBucket, FakeKmsKey } from '../fake-aws/logging.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL, undo } from './fix-helpers.js';

// 2.2 / 2.3 / 2.6 / 2.8 end to end: the demo account behind mocked SDK clients, writes applied to the fake model.

const A = DEMO_ACCOUNT_ID;
// The demo's ap-southeast-2 is denied by an SCP (ERROR); most tests scan only the readable regions.
const READABLE = ['us-east-1', 'eu-west-1'];
const EU_TRAIL = `arn:aws:cloudtrail:eu-west-1:${A}:trail/eu-data-events`;
const EU_BUCKET = 'acme-eu-data-events';
const EU_LOGS = 'acme-access-logs-eu';
const ANALYTICS_KEY = '0b9e4d7a-51c3-4f8e-8d26-7a1e3c5b9f02';
const FULL_BLOCK = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** The demo account plus an access-log bucket in eu-west-1 (S3 logs only within a region). */
function fresh(): FakeAccount {
  const account = structuredClone(demoAccount());
  account.logging!.buckets.push({ Name: EU_LOGS, region: 'eu-west-1' });
  return account;
}

const live = liveAccounts(() => fresh());

const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);
const bucketOf = (a: FakeAccount, name: string) => a.logging!.buckets.find((b) => b.Name === name)!;
const keyOf = (a: FakeAccount, id: string) => a.logging!.kmsKeys.find((k) => k.KeyId === id)!;
const trailOf = (a: FakeAccount, name: string) => a.cloudtrail!.trails.find((t) => t.Name === name)!;
const doc = (text: unknown) => JSON.parse(String(text)) as { Version: string; Id?: string; Statement: Array<Record<string, any>> };
/** The statement a target needs so the S3 logging service may deliver the access logs of `sources` (as the fix writes it). */
const grantFor = (target: string, sources: string[]) => ({
  Sid: 'CisAuditS3ServerAccessLogs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject',
  Resource: sources.map((b) => `arn:aws:s3:::${target}/${b}/*`),
  Condition: { ArnLike: { 'aws:SourceArn': sources.map((b) => `arn:aws:s3:::${b}`) }, StringEquals: { 'aws:SourceAccount': A } },
});

describe('fix 2.2/2.3/2.6/2.8: the plan', () => {
  it('--dry-run shows every call with its exact arguments, undo and warnings, and sends only reads', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.2', '2.3', '2.6', '2.8'], 'dry-run': true, region: READABLE, 'access-log-bucket': EU_LOGS }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain(`call: cloudtrail:UpdateTrail (eu-west-1) {"Name":"${EU_TRAIL}","EnableLogFileValidation":true}`);
    expect(out.stdout).toContain(`undo: cloudtrail:UpdateTrail (eu-west-1) {"Name":"${EU_TRAIL}","EnableLogFileValidation":false}`);
    expect(out.stdout).toContain(
      `call: s3:PutPublicAccessBlock (eu-west-1) {"Bucket":"${EU_BUCKET}","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true},"ExpectedBucketOwner":"${A}"}`,
    );
    expect(out.stdout).toContain(`undo: s3:DeletePublicAccessBlock (eu-west-1) {"Bucket":"${EU_BUCKET}","ExpectedBucketOwner":"${A}"}`);
    expect(out.stdout).toContain('WARNING: anonymous and other-account access through ACL grant READ to AuthenticatedUsers stops working');
    expect(out.stdout).toContain(
      `call: s3:PutBucketLogging (eu-west-1) {"Bucket":"${EU_BUCKET}","BucketLoggingStatus":{"LoggingEnabled":{"TargetBucket":"${EU_LOGS}","TargetPrefix":"${EU_BUCKET}/"}},"ExpectedBucketOwner":"${A}"}`,
    );
    expect(out.stdout).toContain(`undo: s3:PutBucketLogging (eu-west-1) {"Bucket":"${EU_BUCKET}","BucketLoggingStatus":{},"ExpectedBucketOwner":"${A}"}`);
    expect(out.stdout).toContain(`let the S3 logging service (logging.s3.amazonaws.com) write access logs of ${EU_BUCKET} into ${EU_LOGS}: statement CisAuditS3ServerAccessLogs as its first policy`);
    expect(out.stdout).toContain(`undo: s3:DeleteBucketPolicy (eu-west-1) {"Bucket":"${EU_LOGS}","ExpectedBucketOwner":"${A}"}`);
    expect(out.stdout).toContain(`call: kms:EnableKeyRotation (us-east-1) {"KeyId":"${ANALYTICS_KEY}"}`);
    expect(out.stdout).toContain(`undo: kms:DisableKeyRotation (us-east-1) {"KeyId":"${ANALYTICS_KEY}"}`);
    expect(out.stdout).toContain('Dry run: 5 change(s) planned, nothing changed.');
    expect(result.exitCode).toBe(0);
  });

  it('declares least-privilege permissions for apply and undo', () => {
    const policy = permissionsPolicy(selectControls(CIS_AWS_1_2_0, ['2.2', '2.3', '2.6', '2.8'], []), true);
    const fix = fixActionsOf(policy);
    expect(fix).toEqual([
      'cloudtrail:UpdateTrail', 'kms:DescribeKey', 'kms:DisableKeyRotation', 'kms:EnableKeyRotation',
      's3:CreateBucket', 's3:DeleteBucketPolicy', 's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:PutBucketLogging', 's3:PutBucketOwnershipControls',
      's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock', 's3:PutEncryptionConfiguration',
    ]);
  });

  it('is idempotent: a second run plans nothing and writes nothing', async () => {
    const { writes } = live();
    const flags = { control: ['2.2', '2.3', '2.6', '2.8'], yes: true, region: READABLE, 'access-log-bucket': EU_LOGS };
    const first = await fixCommand(fixFlags(flags), fixIo().io, TOOL);
    expect(first.outcomes.map((o) => [o.control, o.outcome])).toEqual([['2.2', 'FIXED'], ['2.3', 'FIXED'], ['2.6', 'FIXED'], ['2.8', 'FIXED']]);
    expect(writes().map((w) => w.operation)).toEqual(['UpdateTrail', 'PutPublicAccessBlock', 'PutBucketPolicy', 'PutBucketLogging', 'EnableKeyRotation']);
    const second = await fixCommand(fixFlags(flags), fixIo().io, TOOL);
    expect(writes()).toHaveLength(5);
    expect(second.outcomes.map((o) => [o.control, o.outcome])).toEqual([['2.2', 'NOTHING_TO_DO'], ['2.3', 'NOTHING_TO_DO'], ['2.6', 'NOTHING_TO_DO'], ['2.8', 'NOTHING_TO_DO']]);
    expect(second.journalPath).toBeUndefined();
    expect(second.exitCode).toBe(0);
  });

  it.each([
    ['2.2', (a: FakeAccount) => void (a.cloudtrail!.ignoreWrites = true)],
    ['2.3', (a: FakeAccount) => void (a.logging!.ignoreWrites = true)],
    ['2.6', (a: FakeAccount) => {
      a.logging!.ignoreWrites = true;
      // Already granted, so the one write is PutBucketLogging.
      bucketOf(a, EU_LOGS).policy = { Version: '2012-10-17', Statement: [grantFor(EU_LOGS, [EU_BUCKET])] };
    }],
    ['2.8', (a: FakeAccount) => void (a.logging!.ignoreWrites = true)],
  ])('%s: STILL_FAILING (exit 1) when AWS accepts the write but the re-check still fails', async (control, ignore) => {
    const account = fresh();
    ignore(account);
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: [control], yes: true, region: READABLE, 'access-log-bucket': EU_LOGS }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(outcomeOf(result, control)).toMatchObject({ outcome: 'STILL_FAILING', detail: expect.stringMatching(/^re-check FAIL/) });
    expect(result.exitCode).toBe(1);
  });
});

describe('fix 2.2: log file validation', () => {
  it('UpdateTrail by ARN in the home region, journals the prior state, re-checks FIXED; undo turns validation off again', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.2'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toEqual([{ service: 'cloudtrail', region: 'eu-west-1', operation: 'UpdateTrail', input: { Name: EU_TRAIL, EnableLogFileValidation: true } }]);
    expect(trailOf(account, 'eu-data-events').LogFileValidationEnabled).toBe(true);
    expect(outcomeOf(result, '2.2')?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ status: 'applied', control: '2.2', prior: { Name: EU_TRAIL, LogFileValidationEnabled: false } });
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes()[1]).toEqual({ service: 'cloudtrail', region: 'eu-west-1', operation: 'UpdateTrail', input: { Name: EU_TRAIL, EnableLogFileValidation: false } });
    expect(trailOf(account, 'eu-data-events').LogFileValidationEnabled).toBe(false);
  });

  it("another account's organization trail gets guidance to fix it from the management account, and no write", async () => {
    const account = fresh();
    trailOf(account, 'eu-data-events').LogFileValidationEnabled = true;
    account.cloudtrail!.trails.push({
      Name: 'org-audit', HomeRegion: 'us-east-1', ownerAccount: '111122223333', IsMultiRegionTrail: true, IsOrganizationTrail: true,
      S3BucketName: 'org-central-cloudtrail', LogFileValidationEnabled: false, status: { IsLogging: true }, unreadable: true,
    });
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.2'], yes: true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(outcomeOf(result, '2.2')).toMatchObject({ outcome: 'GUIDANCE', detail: expect.stringContaining('belongs to account 111122223333 (organization trail): fix it from the management account') });
    expect(out.stdout).toContain('aws cloudtrail update-trail --region us-east-1 --name arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit --enable-log-file-validation');
    expect(result.exitCode).toBe(0);
  });

  it('a region whose trails cannot be listed is named in the guidance and the outcome is never FIXED', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.2'], yes: true }), io, TOOL);
    expect(writes().map((w) => w.operation)).toEqual(['UpdateTrail']);
    expect(out.stdout).toMatch(/• ap-southeast-2: a single-region trail there may also need log file validation, but the trails could not be listed: cloudtrail:DescribeTrails in ap-southeast-2 failed: AccessDenied/);
    // The readable part is fixed, the unreadable region unknown: UNVERIFIED (exit 3), neither FIXED nor STILL_FAILING.
    expect(outcomeOf(result, '2.2')).toMatchObject({ outcome: 'UNVERIFIED', detail: expect.stringMatching(/^applied; the re-check could not read what it needs: .*ap-southeast-2/) });
    expect(result.exitCode).toBe(3);
  });
});

describe('fix 2.3: public access block on the trail bucket', () => {
  it('puts all four flags with ExpectedBucketOwner in the bucket region, leaves the ACL alone, re-checks FIXED; undo deletes the block it added', async () => {
    const { writes, account } = live();
    const { io, out } = fixIo();
    const grantsBefore = structuredClone(bucketOf(account, EU_BUCKET).grants);
    const result = await fixCommand(fixFlags({ control: ['2.3'], yes: true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([{
      service: 's3', region: 'eu-west-1', operation: 'PutPublicAccessBlock',
      input: { Bucket: EU_BUCKET, PublicAccessBlockConfiguration: FULL_BLOCK, ExpectedBucketOwner: A },
    }]);
    expect(bucketOf(account, EU_BUCKET).publicAccessBlock).toEqual(FULL_BLOCK);
    expect(bucketOf(account, EU_BUCKET).grants).toEqual(grantsBefore);
    expect(out.stdout).toContain(`• bucket ${EU_BUCKET}: the block makes S3 ignore the ACL grant READ to AuthenticatedUsers, but the grant is still in the ACL; remove it as a follow-up`);
    expect(outcomeOf(result, '2.3')?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ prior: { Bucket: EU_BUCKET, PublicAccessBlockConfiguration: null } });
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes()[1]).toEqual({ service: 's3', region: 'eu-west-1', operation: 'DeletePublicAccessBlock', input: { Bucket: EU_BUCKET, ExpectedBucketOwner: A } });
    expect(bucketOf(account, EU_BUCKET).publicAccessBlock).toBeUndefined();
  });

  it('raises a partial block to all four flags, and undo puts the prior configuration back', async () => {
    const account = fresh();
    const prior = { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false };
    bucketOf(account, EU_BUCKET).publicAccessBlock = { ...prior };
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.3'], yes: true, region: READABLE }), io, TOOL);
    expect(out.stdout).toContain(`block all public access to trail bucket ${EU_BUCKET} (eu-west-1): turn on IgnorePublicAcls, RestrictPublicBuckets`);
    expect(writes()[0]!.input).toEqual({ Bucket: EU_BUCKET, PublicAccessBlockConfiguration: FULL_BLOCK, ExpectedBucketOwner: A });
    expect(outcomeOf(result, '2.3')?.outcome).toBe('FIXED');
    await undo(result.journalPath!);
    expect(writes()[1]).toEqual({
      service: 's3', region: 'eu-west-1', operation: 'PutPublicAccessBlock', input: { Bucket: EU_BUCKET, PublicAccessBlockConfiguration: prior, ExpectedBucketOwner: A },
    });
    expect(bucketOf(account, EU_BUCKET).publicAccessBlock).toEqual(prior);
  });

  it('names a public bucket policy as the path that stops working', async () => {
    const account = fresh();
    const b = bucketOf(account, EU_BUCKET);
    b.grants = [];
    b.policyIsPublic = true;
    live(account);
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ control: ['2.3'], 'dry-run': true, region: READABLE }), io, TOOL);
    expect(out.stdout).toContain('WARNING: anonymous and other-account access through a public bucket policy (GetBucketPolicyStatus IsPublic) stops working');
    expect(out.stdout).toContain(`• bucket ${EU_BUCKET}: the block restricts a public bucket policy (GetBucketPolicyStatus IsPublic), but the statement is still there`);
  });

  it("skips a trail bucket of another account with guidance, fixes the rest, and does not claim FIXED", async () => {
    const account = fresh();
    account.cloudtrail!.trails.push({
      Name: 'partner-feed', HomeRegion: 'us-east-1', IsMultiRegionTrail: false, S3BucketName: 'partner-logs', LogFileValidationEnabled: true, status: { IsLogging: true },
    });
    account.logging!.buckets.push({ Name: 'partner-logs', region: 'us-east-1', ownerAccount: '444455556666' } satisfies FakeBucket);
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.3'], yes: true, region: READABLE }), io, TOOL);
    expect(writes().map((w) => [w.operation, w.input.Bucket])).toEqual([['PutPublicAccessBlock', EU_BUCKET]]);
    expect(out.stdout).toMatch(/• bucket partner-logs: nothing planned, it could not be read: s3:GetBucketLocation in us-east-1 failed: AccessDenied/);
    expect(outcomeOf(result, '2.3')).toMatchObject({ outcome: 'UNVERIFIED', detail: expect.stringMatching(/^applied; the re-check could not read what it needs/) });
  });
});

describe('fix 2.6: access logging on the trail bucket', () => {
  const DEFAULT_EU_LOGS = `cis-audit-access-logs-${A}-eu-west-1`;
  const OWNER = { ExpectedBucketOwner: A };

  it('without --access-log-bucket: creates cis-audit-access-logs-<account>-<region> in the source region (private, SSE-S3, grant), then logs into it → FIXED', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.6'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const w = writes();
    expect(w.map((c) => `${c.operation} ${c.region} ${String(c.input.Bucket)}`)).toEqual([
      `CreateBucket eu-west-1 ${DEFAULT_EU_LOGS}`, `PutPublicAccessBlock eu-west-1 ${DEFAULT_EU_LOGS}`, `PutBucketEncryption eu-west-1 ${DEFAULT_EU_LOGS}`,
      `PutBucketPolicy eu-west-1 ${DEFAULT_EU_LOGS}`, `PutBucketLogging eu-west-1 ${EU_BUCKET}`,
    ]);
    expect(w[0]!.input).toEqual({ Bucket: DEFAULT_EU_LOGS, ObjectOwnership: 'BucketOwnerEnforced', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    expect(w[1]!.input).toEqual({ Bucket: DEFAULT_EU_LOGS, PublicAccessBlockConfiguration: FULL_BLOCK, ...OWNER });
    expect(w[2]!.input).toMatchObject({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    const policy = doc(w[3]!.input.Policy);
    expect(policy.Statement.find((st) => st.Sid === 'CisAuditS3ServerAccessLogs')).toEqual(grantFor(DEFAULT_EU_LOGS, [EU_BUCKET]));
    expect(policy.Statement.find((st) => st.Sid === 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(w[4]!.input).toEqual({ Bucket: EU_BUCKET, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: DEFAULT_EU_LOGS, TargetPrefix: `${EU_BUCKET}/` } }, ...OWNER });
    expect(bucketOf(account, DEFAULT_EU_LOGS)).toMatchObject({ region: 'eu-west-1', objectOwnership: 'BucketOwnerEnforced', publicAccessBlock: FULL_BLOCK });
    expect(outcomeOf(result, '2.6')?.outcome).toBe('FIXED');
    expect(result.exitCode).toBe(0);
  });

  it('PutBucketLogging into the given bucket after granting the logging service; re-checks FIXED; undo turns logging off and deletes the first policy', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.6'], yes: true, region: READABLE, 'access-log-bucket': EU_LOGS }), fixIo().io, TOOL);
    const w = writes();
    expect(w.map((c) => c.operation)).toEqual(['PutBucketPolicy', 'PutBucketLogging']);
    expect(w[0]!.input).toMatchObject({ Bucket: EU_LOGS, ...OWNER });
    expect(doc(w[0]!.input.Policy)).toEqual({ Version: '2012-10-17', Statement: [grantFor(EU_LOGS, [EU_BUCKET])] });
    expect(w[1]).toEqual({
      service: 's3', region: 'eu-west-1', operation: 'PutBucketLogging',
      input: { Bucket: EU_BUCKET, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: EU_LOGS, TargetPrefix: `${EU_BUCKET}/` } }, ExpectedBucketOwner: A },
    });
    expect(bucketOf(account, EU_BUCKET).logging).toEqual({ TargetBucket: EU_LOGS, TargetPrefix: `${EU_BUCKET}/` });
    expect(outcomeOf(result, '2.6')?.outcome).toBe('FIXED');
    const journal = journalOf(result.journalPath!);
    expect(journal.steps[0]).toMatchObject({ prior: { Bucket: EU_LOGS, Policy: null } });
    expect(journal.steps[1]).toMatchObject({ prior: { Bucket: EU_BUCKET, BucketLoggingStatus: {} } });
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(2)).toEqual([
      { service: 's3', region: 'eu-west-1', operation: 'PutBucketLogging', input: { Bucket: EU_BUCKET, BucketLoggingStatus: {}, ExpectedBucketOwner: A } },
      { service: 's3', region: 'eu-west-1', operation: 'DeleteBucketPolicy', input: { Bucket: EU_LOGS, ExpectedBucketOwner: A } },
    ]);
    expect(bucketOf(account, EU_BUCKET).logging).toBeUndefined();
    expect(bucketOf(account, EU_LOGS).policy).toBeUndefined();
  });

  it('adds one statement to an existing policy (every other statement and member kept) and undo restores the prior policy text exactly', async () => {
    const account = fresh();
    const prior = {
      Version: '2012-10-17', Id: 'acme-logs',
      Statement: [
        { Sid: 'DataTeamRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/DataTeam` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${EU_LOGS}`, `arn:aws:s3:::${EU_LOGS}/*`] },
        { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${EU_LOGS}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    };
    bucketOf(account, EU_LOGS).policy = structuredClone(prior);
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.6'], yes: true, region: READABLE, 'access-log-bucket': EU_LOGS }), fixIo().io, TOOL);
    const put = doc(writes()[0]!.input.Policy);
    expect(put.Id).toBe('acme-logs');
    expect(put.Statement.slice(0, 2)).toEqual(prior.Statement);
    expect(put.Statement[2]).toEqual(grantFor(EU_LOGS, [EU_BUCKET]));
    expect(put.Statement).toHaveLength(3);
    expect(outcomeOf(result, '2.6')?.outcome).toBe('FIXED');
    const priorText = JSON.stringify(prior);
    expect(journalOf(result.journalPath!).steps[0]!.prior).toEqual({ Bucket: EU_LOGS, Policy: priorText });
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().at(-1)).toEqual({ service: 's3', region: 'eu-west-1', operation: 'PutBucketPolicy', input: { Bucket: EU_LOGS, Policy: priorText, ExpectedBucketOwner: A } });
    expect(bucketOf(account, EU_LOGS).policy).toEqual(prior);
  });

  it('extends its own Sid\'d statement with a new source instead of adding a second one', async () => {
    const account = fresh();
    const other = 'acme-eu-other-logs-source';
    bucketOf(account, EU_LOGS).policy = { Version: '2012-10-17', Statement: [grantFor(EU_LOGS, [other])] };
    const { writes } = live(account);
    await fixCommand(fixFlags({ control: ['2.6'], yes: true, region: READABLE, 'access-log-bucket': EU_LOGS }), fixIo().io, TOOL);
    expect(doc(writes()[0]!.input.Policy).Statement).toEqual([grantFor(EU_LOGS, [EU_BUCKET, other])]);
  });

  it('a target that already grants the logging service gets no policy write', async () => {
    const account = fresh();
    bucketOf(account, EU_LOGS).policy = { Version: '2012-10-17', Statement: [grantFor(EU_LOGS, [EU_BUCKET])] };
    const { writes } = live(account);
    await fixCommand(fixFlags({ control: ['2.6'], yes: true, region: READABLE, 'access-log-bucket': EU_LOGS }), fixIo().io, TOOL);
    expect(writes().map((w) => w.operation)).toEqual(['PutBucketLogging']);
  });

  it.each([
    ['acme-access-logs', 'in another region', /--access-log-bucket acme-access-logs is in us-east-1 but acme-eu-data-events is in eu-west-1: S3 delivers access logs only to a bucket in the same region/],
    ['partner-access-logs', 'of another account', /--access-log-bucket partner-access-logs: bucket partner-access-logs exists but is not readable as a bucket of account \d{12} \(AccessDenied\)/],
  ])('a target %s (%s) is APPLY_ERROR before any write (exit 3, no journal)', async (target, _what, why) => {
    const account = fresh();
    account.logging!.buckets.push({ Name: 'partner-access-logs', region: 'eu-west-1', ownerAccount: '999988887777' });
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.6'], yes: true, region: READABLE, 'access-log-bucket': target }), fixIo().io, TOOL);
    expect(writes()).toEqual([]);
    expect(outcomeOf(result, '2.6')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(why) });
    expect(outcomeOf(result, '2.6')!.detail).toMatch(/^nothing written: /);
    expect(result.exitCode).toBe(3);
    expect(result.journalPath).toBeUndefined();
  });

  it('a --access-log-bucket that does not exist is guidance (cis-audit creates only its default name), no write', async () => {
    const { writes } = live();
    const result = await fixCommand(fixFlags({ control: ['2.6'], yes: true, region: READABLE, 'access-log-bucket': 'no-such-bucket' }), fixIo().io, TOOL);
    expect(writes()).toEqual([]);
    expect(outcomeOf(result, '2.6')).toMatchObject({ outcome: 'GUIDANCE', detail: expect.stringMatching(/--access-log-bucket no-such-bucket does not exist/) });
  });

  it('--dry-run plans the default target and the grant, and sends only reads', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ control: ['2.6'], 'dry-run': true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain(`call: s3:CreateBucket (eu-west-1) {"Bucket":"${DEFAULT_EU_LOGS}"`);
    expect(out.stdout).toContain('Dry run: 5 change(s) planned, nothing changed.');
  });

  it('the fake refuses PutBucketLogging (InvalidTargetBucketForLogging) when the target does not grant the logging service, as S3 does', async () => {
    const account = fresh();
    const fake = serveAccount(account);
    const call = { service: 's3' as const, region: 'eu-west-1', operation: 'PutBucketLogging', input: { Bucket: EU_BUCKET, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: EU_LOGS, TargetPrefix: `${EU_BUCKET}/` } } } };
    await expect(fake.send(call)).rejects.toMatchObject({ code: 'InvalidTargetBucketForLogging' });
    // A grant for another source does not count; one for this source does.
    bucketOf(account, EU_LOGS).policy = { Version: '2012-10-17', Statement: [grantFor(EU_LOGS, ['someone-else'])] };
    await expect(fake.send(call)).rejects.toMatchObject({ code: 'InvalidTargetBucketForLogging' });
    bucketOf(account, EU_LOGS).policy = { Version: '2012-10-17', Statement: [grantFor(EU_LOGS, [EU_BUCKET])] };
    await expect(fake.send(call)).resolves.toEqual({});
    expect(bucketOf(account, EU_BUCKET).logging).toEqual({ TargetBucket: EU_LOGS, TargetPrefix: `${EU_BUCKET}/` });
  });
});

describe('fix 2.8: KMS key rotation', () => {
  it('EnableKeyRotation per failing key in its region, re-checks FIXED; undo disables it again', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['2.8'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toEqual([{ service: 'kms', region: 'us-east-1', operation: 'EnableKeyRotation', input: { KeyId: ANALYTICS_KEY } }]);
    expect(keyOf(account, ANALYTICS_KEY).rotation).toBe(true);
    expect(outcomeOf(result, '2.8')?.outcome).toBe('FIXED');
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes()[1]).toEqual({ service: 'kms', region: 'us-east-1', operation: 'DisableKeyRotation', input: { KeyId: ANALYTICS_KEY } });
    expect(keyOf(account, ANALYTICS_KEY).rotation).toBe(false);
  });

  it('partial failure: the second key is denied → APPLY_ERROR (exit 3), the first journaled; undo disables the first again', async () => {
    const account = fresh();
    const denied: FakeKmsKey = {
      KeyId: 'f7e6d5c4-b3a2-4190-8f7e-6d5c4b3a2190', region: 'us-east-1', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled', Description: 'payments', rotation: false, writesDenied: true,
    };
    account.logging!.kmsKeys.push(denied);
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['2.8'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes().map((w) => w.input.KeyId)).toEqual([ANALYTICS_KEY, denied.KeyId]);
    expect(outcomeOf(result, '2.8')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringContaining('kms:EnableKeyRotation failed: AccessDeniedException') });
    expect(result.exitCode).toBe(3);
    const journal = journalOf(result.journalPath!);
    expect(journal.steps.map((s) => [s.call.input.KeyId, s.status])).toEqual([[ANALYTICS_KEY, 'applied'], [denied.KeyId, 'failed']]);
    expect(keyOf(account, ANALYTICS_KEY).rotation).toBe(true);
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(2)).toEqual([{ service: 'kms', region: 'us-east-1', operation: 'DisableKeyRotation', input: { KeyId: ANALYTICS_KEY } }]);
    expect(keyOf(account, ANALYTICS_KEY).rotation).toBe(false);
    expect(journalOf(result.journalPath!).steps.map((s) => s.status)).toEqual(['undone', 'failed']);
  });

  it('an unreadable region gets guidance, not steps, and the outcome is never FIXED', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['2.8'], yes: true }), io, TOOL);
    expect(writes().map((w) => w.region)).toEqual(['us-east-1']);
    expect(out.stdout).toMatch(/• ap-southeast-2: nothing planned, the keys could not be listed: kms:ListKeys in ap-southeast-2 failed: AccessDenied/);
    expect(outcomeOf(result, '2.8')).toMatchObject({ outcome: 'UNVERIFIED', detail: expect.stringMatching(/^applied; the re-check could not read what it needs/) });
  });

  it('a key whose rotation status is unreadable is named in the guidance and left alone', async () => {
    const account = fresh();
    account.errors = [{ service: 'kms', operation: 'GetKeyRotationStatus', region: 'eu-west-1', code: 'AccessDeniedException', message: 'key policy denies the auditor' }];
    const { writes } = live(account);
    const { io, out } = fixIo();
    await fixCommand(fixFlags({ control: ['2.8'], 'dry-run': true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(out.stdout).toMatch(/• eu-west-1: key 4e2a6c8b-0d1f-4a3c-9e5b-7f1d3a5c7e90: nothing planned, its rotation status could not be read: kms:GetKeyRotationStatus in eu-west-1 failed: AccessDeniedException/);
    expect(out.stdout).toContain(`call: kms:EnableKeyRotation (us-east-1) {"KeyId":"${ANALYTICS_KEY}"}`);
  });

  it('a multi-Region replica is pointed at its primary instead of planning a call KMS would refuse', async () => {
    const arn = `arn:aws:kms:eu-west-1:${A}:key/mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6`;
    const fake = new FakeAws().on('kms', 'DescribeKey', () => ({
      KeyMetadata: { KeyId: 'mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6', MultiRegion: true, MultiRegionConfiguration: {
        MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: `arn:aws:kms:us-east-1:${A}:key/mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6`, Region: 'us-east-1' },
      } },
    }));
    const key = {
      keyId: 'mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6', arn, rotationEnabled: { ok: true as const, value: false },
      metadata: { ok: true as const, value: { keyState: 'Enabled', keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', multiRegion: true } },
    };
    const plan = await keyRotationRemediator.plan({
      state: stateFor('test', [kmsKeys], new Map([[kmsKeys.key, { ok: true, value: { 'eu-west-1': { ok: true, value: [key] } } }]])),
      ctx: { now: new Date(), account: A, partition: 'aws', homeRegion: 'us-east-1', regions: ['eu-west-1'], options: {} as never, params: {} },
      failing: new Map([['kms-key-rotation', [{ status: 'FAIL', resource: arn, region: 'eu-west-1', message: '', evidence: [] }]]]),
      read: new AwsReader(fake),
      options: DEFAULT_FIX_OPTIONS,
    });
    expect(plan.steps).toEqual([]);
    expect(plan.guidance).toEqual([
      `eu-west-1: key mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6 is a multi-Region replica: it rotates with its primary; enable rotation on arn:aws:kms:us-east-1:${A}:key/mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6 (us-east-1) instead`,
    ]);
  });
});
