import { describe, expect, it } from 'vitest';
import { fixCommand } from '../../src/cli/fix-command.js';
import { UsageError } from '../../src/model/errors.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { DEMO_ACCOUNT_ID, demoAccount } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, journalOf, liveAccounts, outcomeOf, TOOL, undo } from './fix-helpers.js';

// EBS encryption by default (cis-3.0.0 2.2.1): the demo's us-west-2 has it off.

const A = DEMO_ACCOUNT_ID;
const REGIONS = ['us-east-1', 'us-west-2'];
const CONTROL = { benchmark: ['cis-3.0.0'], control: ['2.2.1'], region: REGIONS };
const live = liveAccounts(() => structuredClone(demoAccount()));
const ebsOf = (a: FakeAccount, region: string) => a.storage!.ebs[region];
const outcome = outcomeOf('2.2.1');

describe('fix EBS encryption by default', () => {
  it('--dry-run plans EnableEbsEncryptionByDefault in the failing region only, warns about existing volumes, and sends only reads', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...CONTROL, 'dry-run': true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(Get|List|Describe)/.test(c.operation))).toBe(true);
    expect(calls.filter((c) => c.operation === 'GetEbsDefaultKmsKeyId').map((c) => c.region)).toContain('us-west-2');
    expect(out.stdout).toContain('call: ec2:EnableEbsEncryptionByDefault (us-west-2) {}');
    expect(out.stdout).toContain('undo: ec2:DisableEbsEncryptionByDefault (us-west-2) {}');
    expect(out.stdout).toContain('WARNING: existing volumes and snapshots stay as they are (unencrypted ones remain unencrypted');
    expect(out.stdout).not.toContain('(us-east-1) {}');
    expect(out.stdout).toContain('Dry run: 1 change(s) planned, nothing changed.');
    expect(result.exitCode).toBe(0);
  });

  it('applies, re-checks FIXED, journals the prior state; a second run plans nothing; undo turns it off again', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes()).toEqual([{ service: 'ec2', region: 'us-west-2', operation: 'EnableEbsEncryptionByDefault', input: {} }]);
    expect(ebsOf(account, 'us-west-2')!.encryptionByDefault).toBe(true);
    expect(outcome(result)?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ status: 'applied', prior: { EbsEncryptionByDefault: false, KmsKeyId: 'alias/aws/ebs' } });

    const second = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(outcome(second)?.outcome).toBe('NOTHING_TO_DO');
    expect(second.journalPath).toBeUndefined();

    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes()[1]).toEqual({ service: 'ec2', region: 'us-west-2', operation: 'DisableEbsEncryptionByDefault', input: {} });
    expect(ebsOf(account, 'us-west-2')!.encryptionByDefault).toBe(false);
  });

  it('STILL_FAILING (exit 1) when EC2 accepts the call but the re-check still finds it off', async () => {
    const account = structuredClone(demoAccount());
    account.storage!.ignoreWrites = true;
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(outcome(result)).toMatchObject({ outcome: 'STILL_FAILING', detail: expect.stringMatching(/^re-check FAIL/) });
    expect(result.exitCode).toBe(1);
  });

  it('--ebs-kms-key sets the key first; undo puts back the prior customer key exactly', async () => {
    const account = structuredClone(demoAccount());
    const priorKey = `arn:aws:kms:us-west-2:${A}:key/11111111-2222-3333-4444-555555555555`;
    account.storage!.ebs['us-west-2'] = { encryptionByDefault: false, kmsKeyId: priorKey };
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 'ebs-kms-key': 'alias/ebs-cmk' }), io, TOOL);
    expect(writes()).toEqual([
      { service: 'ec2', region: 'us-west-2', operation: 'ModifyEbsDefaultKmsKeyId', input: { KmsKeyId: 'alias/ebs-cmk' } },
      { service: 'ec2', region: 'us-west-2', operation: 'EnableEbsEncryptionByDefault', input: {} },
    ]);
    expect(out.stdout).toContain('needs kms:CreateGrant, kms:GenerateDataKeyWithoutPlaintext and kms:Decrypt on alias/ebs-cmk');
    expect(ebsOf(account, 'us-west-2')).toEqual({ encryptionByDefault: true, kmsKeyId: 'alias/ebs-cmk' });
    expect(outcome(result)?.outcome).toBe('FIXED');
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(2)).toEqual([
      { service: 'ec2', region: 'us-west-2', operation: 'DisableEbsEncryptionByDefault', input: {} },
      { service: 'ec2', region: 'us-west-2', operation: 'ModifyEbsDefaultKmsKeyId', input: { KmsKeyId: priorKey } },
    ]);
    expect(ebsOf(account, 'us-west-2')).toEqual({ encryptionByDefault: false, kmsKeyId: priorKey });
  });

  it('a failing call midway: APPLY_ERROR (exit 3), the key change stays journaled, undo resets to the AWS managed key', async () => {
    const account = structuredClone(demoAccount());
    account.errors!.push({ service: 'ec2', operation: 'EnableEbsEncryptionByDefault', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 'ebs-kms-key': 'alias/ebs-cmk' }), fixIo().io, TOOL);
    expect(outcome(result)).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/ec2:EnableEbsEncryptionByDefault failed: UnauthorizedOperation .*1 earlier step\(s\) applied and journaled/) });
    expect(result.exitCode).toBe(3);
    expect(journalOf(result.journalPath!).steps.map((s) => [s.call.operation, s.status])).toEqual([['ModifyEbsDefaultKmsKeyId', 'applied'], ['EnableEbsEncryptionByDefault', 'failed']]);
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().at(-1)).toEqual({ service: 'ec2', region: 'us-west-2', operation: 'ResetEbsDefaultKmsKeyId', input: {} });
    expect(ebsOf(account, 'us-west-2')!.kmsKeyId).toBeUndefined();
  });

  it('a key ARN of another region gets guidance, not a write; a malformed key is a usage error before any call', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ ...CONTROL, yes: true, 'ebs-kms-key': `arn:aws:kms:eu-west-1:${A}:key/11111111-2222-3333-4444-555555555555` }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(out.stdout).toContain('us-west-2: nothing planned, --ebs-kms-key');
    expect(outcome(result)?.outcome).toBe('GUIDANCE');
    const before = calls.length;
    await expect(fixCommand(fixFlags({ ...CONTROL, yes: true, 'ebs-kms-key': 'my key' }), fixIo().io, TOOL)).rejects.toThrow(UsageError);
    expect(calls).toHaveLength(before);
  });
});
