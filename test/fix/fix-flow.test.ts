import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import type { JournalFile } from '../../src/fix/journal.js';
import { fixCommand } from '../../src/cli/fix-command.js';
import { undoCommand } from '../../src/fix/run-undo.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, liveAccounts, TOOL } from './fix-helpers.js';

const live = liveAccounts(() => demoAccount());

const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string }> }, id: string) => r.outcomes.find((o) => o.control === id)?.outcome;

describe('fix: plan, confirm, apply, verify', () => {
  it('--dry-run prints every call with its arguments and sends nothing but reads', async () => {
    const { calls, writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['1'], 'dry-run': true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.length).toBeGreaterThan(0);
    expect(out.stdout).toContain('iam:UpdateAccountPasswordPolicy (us-east-1) {"MinimumPasswordLength":14,"RequireSymbols":true,');
    expect(out.stdout).toContain('undo: iam:UpdateAccountPasswordPolicy (us-east-1) {"MinimumPasswordLength":12,');
    expect(out.stdout).toMatch(/Dry run: \d+ change\(s\) planned, nothing changed/);
    expect(result.exitCode).toBe(0);
    expect(result.writes).toBe(0);
  });

  it('refuses to apply without --yes when not interactive (exit 2) and changes nothing', async () => {
    const { writes } = live();
    const err = await fixCommand(fixFlags({ control: ['1.9'] }), fixIo().io, TOOL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/refusing to apply 1 change\(s\) without confirmation/);
    expect(writes()).toEqual([]);
  });

  it('asks on a terminal; "no" changes nothing', async () => {
    const { writes } = live();
    const { io, out } = fixIo({ tty: true, answer: false });
    const result = await fixCommand(fixFlags({ control: ['1.9'] }), io, TOOL);
    expect(out.asked).toEqual(['Apply 1 change(s) to account 210987654321? [y/N] ']);
    expect(writes()).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('raises exactly the failing password requirements, keeps the rest, journals the prior policy, re-checks FIXED', async () => {
    const { writes, account } = live();
    const { io } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['1.5', '1.7', '1.9', '1.10'], yes: true }), io, TOOL);
    expect(writes()).toEqual([
      {
        service: 'iam', region: 'us-east-1', operation: 'UpdateAccountPasswordPolicy',
        input: {
          MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: false,
        },
      },
    ]);
    expect(account.iam.passwordPolicy).toMatchObject({ MinimumPasswordLength: 14, RequireSymbols: true });
    expect(outcomeOf(result, '1.7')).toBe('FIXED');
    expect(outcomeOf(result, '1.9')).toBe('FIXED');
    expect(outcomeOf(result, '1.5')).toBe('NOTHING_TO_DO');
    expect(result.exitCode).toBe(0);
    const journal = JSON.parse(readFileSync(result.journalPath!, 'utf8')) as JournalFile;
    expect(journal.steps).toHaveLength(1);
    expect(journal.steps[0]).toMatchObject({ status: 'applied', control: '1.7,1.9', prior: { MinimumPasswordLength: 12, RequireSymbols: false } });
  });

  it('never weakens a stronger value and is idempotent: a second run plans nothing', async () => {
    const account = demoAccount();
    account.iam.passwordPolicy = { ...account.iam.passwordPolicy, MinimumPasswordLength: 20, PasswordReusePrevention: 24, MaxPasswordAge: 30 };
    const { writes } = live(account);
    const first = await fixCommand(fixFlags({ control: ['1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11'], yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(writes()[0]!.input).toMatchObject({ MinimumPasswordLength: 20, MaxPasswordAge: 30, RequireSymbols: true });
    expect(first.exitCode).toBe(0);
    const second = await fixCommand(fixFlags({ control: ['1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11'], yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(second.outcomes.every((o) => o.outcome === 'NOTHING_TO_DO')).toBe(true);
    expect(second.journalPath).toBeUndefined();
  });

  it('reports STILL_FAILING (exit 1) when AWS accepted the call but the re-check still fails', async () => {
    const account = demoAccount();
    account.iam.ignoreWrites = true;
    live(account);
    const result = await fixCommand(fixFlags({ control: ['1.9'], yes: true }), fixIo().io, TOOL);
    expect(outcomeOf(result, '1.9')).toBe('STILL_FAILING');
    expect(result.exitCode).toBe(1);
  });

  it('no password policy at all: creates one, and undo deletes it again', async () => {
    const account = demoAccount();
    account.iam.passwordPolicy = null;
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['1.9', '1.10'], yes: true }), fixIo().io, TOOL);
    expect(writes()[0]!.input).toEqual({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 });
    expect(result.exitCode).toBe(0);
    const code = await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, fixIo().io);
    expect(code).toBe(0);
    expect(writes().map((w) => w.operation)).toEqual(['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy']);
    expect(account.iam.passwordPolicy).toBeNull();
  });

  it('undo restores the prior password policy field for field', async () => {
    const account = demoAccount();
    const before = structuredClone(account.iam.passwordPolicy);
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['1.7', '1.9'], yes: true }), fixIo().io, TOOL);
    await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, fixIo().io);
    expect(writes()[1]).toMatchObject({ operation: 'UpdateAccountPasswordPolicy', input: { MinimumPasswordLength: 12, RequireSymbols: false, MaxPasswordAge: 90 } });
    expect(account.iam.passwordPolicy).toMatchObject(before!);
    const journal = JSON.parse(readFileSync(result.journalPath!, 'utf8')) as JournalFile;
    expect(journal.steps.map((s) => s.status)).toEqual(['undone']);
  });
});

describe('fix: support role (1.20)', () => {
  it('creates a role trusted only by the account, attaches AWSSupportAccess, re-checks FIXED', async () => {
    const account = demoAccount();
    account.iam.roles = account.iam.roles.filter((r) => r.RoleName !== 'AWSSupport');
    const { writes, calls } = live(account);
    const result = await fixCommand(fixFlags({ control: ['1.20'], yes: true }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(2);
    const [create, attach] = writes();
    expect(create).toMatchObject({ operation: 'CreateRole', input: { RoleName: 'cis-audit-support' } });
    expect(JSON.parse(String(create!.input.AssumeRolePolicyDocument))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' }],
    });
    expect(attach).toEqual({ service: 'iam', region: 'us-east-1', operation: 'AttachRolePolicy', input: { RoleName: 'cis-audit-support', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' } });
    expect(outcomeOf(result, '1.20')).toBe('FIXED');
    // Scan, plan and re-check: ListEntitiesForPolicy (scan + re-check, which sees the new role) and one GetRole for
    // the chosen name; the role list (GetAccountAuthorizationDetails) is never read.
    const ops = calls.map((c) => c.operation);
    expect(ops.filter((o) => o === 'ListEntitiesForPolicy')).toHaveLength(2);
    expect(calls.filter((c) => c.operation === 'GetRole').map((c) => c.input)).toEqual([{ RoleName: 'cis-audit-support' }]);
    expect(ops).not.toContain('GetAccountAuthorizationDetails');
  });

  it('a role of the chosen name that exists already: only AttachRolePolicy, no CreateRole; re-check FIXED', async () => {
    const account = demoAccount();
    account.iam.roles = account.iam.roles.filter((r) => r.RoleName !== 'AWSSupport');
    account.iam.roles.push({ RoleName: 'helpdesk', AttachedManagedPolicies: [] });
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['1.20'], yes: true, 'support-role-name': 'helpdesk' }), io, TOOL);
    expect(writes()).toEqual([
      { service: 'iam', region: 'us-east-1', operation: 'AttachRolePolicy', input: { RoleName: 'helpdesk', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' } },
    ]);
    expect(out.stdout).toContain('role helpdesk already exists');
    expect(outcomeOf(result, '1.20')).toBe('FIXED');
  });

  it('GetRole denied while planning: no writes, GUIDANCE naming the failed read', async () => {
    const account = demoAccount();
    account.iam.roles = account.iam.roles.filter((r) => r.RoleName !== 'AWSSupport');
    account.errors = [{ service: 'iam', operation: 'GetRole', code: 'AccessDenied', message: 'not authorized to perform iam:GetRole' }];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['1.20'], yes: true }), fixIo().io, TOOL);
    expect(writes()).toEqual([]);
    expect(result.outcomes).toEqual([{ control: '1.20', outcome: 'GUIDANCE', detail: expect.stringMatching(/iam:GetRole in us-east-1 failed: AccessDenied/) }]);
  });

  it('partial failure mid-plan: stops, reports APPLY_ERROR (exit 3), journal intact, undo removes what was created', async () => {
    const account = demoAccount();
    account.iam.roles = account.iam.roles.filter((r) => r.RoleName !== 'AWSSupport');
    account.errors = [{ service: 'iam', operation: 'AttachRolePolicy', code: 'AccessDenied', message: 'not authorized to perform iam:AttachRolePolicy' }];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['1.20'], yes: true }), fixIo().io, TOOL);
    expect(outcomeOf(result, '1.20')).toBe('APPLY_ERROR');
    expect(result.exitCode).toBe(3);
    const journal = JSON.parse(readFileSync(result.journalPath!, 'utf8')) as JournalFile;
    expect(journal.steps.map((s) => [s.call.operation, s.status])).toEqual([['CreateRole', 'applied'], ['AttachRolePolicy', 'failed']]);
    expect(account.iam.roles.some((r) => r.RoleName === 'cis-audit-support')).toBe(true);
    const code = await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, fixIo().io);
    expect(code).toBe(0);
    expect(writes().map((w) => w.operation)).toEqual(['CreateRole', 'AttachRolePolicy', 'DeleteRole']);
    expect(account.iam.roles.some((r) => r.RoleName === 'cis-audit-support')).toBe(false);
  });

  it('a revert that failed is retried by the next undo (exit 3 until it succeeds), then "Nothing to undo."', async () => {
    const account = demoAccount();
    account.iam.roles = account.iam.roles.filter((r) => r.RoleName !== 'AWSSupport');
    account.errors = [{ service: 'iam', operation: 'DeleteRole', code: 'ServiceFailure', message: 'try again', times: 1 }];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['1.20'], yes: true }), fixIo().io, TOOL);
    const undo = () => {
      const { io, out } = fixIo();
      return undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, io).then((code) => ({ code, out: out.stdout }));
    };
    const statuses = () => (JSON.parse(readFileSync(result.journalPath!, 'utf8')) as JournalFile).steps.map((s) => [s.call.operation, s.status]);

    const first = await undo();
    expect(first.code).toBe(3);
    expect(first.out).toContain('FAILED to undo');
    expect(statuses()).toEqual([['CreateRole', 'undo-failed'], ['AttachRolePolicy', 'undone']]);
    expect(account.iam.roles.some((r) => r.RoleName === 'cis-audit-support')).toBe(true);

    const second = await undo();
    expect(second.out).not.toContain('Nothing to undo');
    expect(second.out).toContain('revert (retry: it failed last time): ');
    expect(second.code).toBe(0);
    expect(statuses()).toEqual([['CreateRole', 'undone'], ['AttachRolePolicy', 'undone']]);
    expect(account.iam.roles.some((r) => r.RoleName === 'cis-audit-support')).toBe(false);
    expect(writes().map((w) => w.operation)).toEqual(['CreateRole', 'AttachRolePolicy', 'DetachRolePolicy', 'DeleteRole', 'DeleteRole']);

    const third = await undo();
    expect(third).toMatchObject({ code: 0, out: expect.stringContaining('Nothing to undo.') });
  });

  it('undo --dry-run and undo without --yes off a terminal change nothing', async () => {
    const account = demoAccount();
    account.iam.roles = account.iam.roles.filter((r) => r.RoleName !== 'AWSSupport');
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['1.20'], yes: true }), fixIo().io, TOOL);
    const { io, out } = fixIo();
    expect(await undoCommand({ journal: result.journalPath!, 'dry-run': true, yes: false, debug: false }, io)).toBe(0);
    expect(out.stdout).toContain('iam:DetachRolePolicy');
    const err = await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: false, debug: false }, fixIo().io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(writes().map((w) => w.operation)).toEqual(['CreateRole', 'AttachRolePolicy']);
  });

  it('undo refuses a journal of another account', async () => {
    const account = demoAccount();
    account.iam.roles = account.iam.roles.filter((r) => r.RoleName !== 'AWSSupport');
    live(account);
    const result = await fixCommand(fixFlags({ control: ['1.20'], yes: true }), fixIo().io, TOOL);
    live.restore();
    const other = demoAccount();
    other.account = '999999999999';
    live(other);
    const err = await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, fixIo().io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/is for account 210987654321, but these credentials are for 999999999999/);
  });
});

describe('fix: access keys (1.3/1.4) and guidance', () => {
  it('without --allow-disruptive only guides, naming the key', async () => {
    const { writes } = live();
    const result = await fixCommand(fixFlags({ control: ['1.4'], yes: true }), fixIo().io, TOOL);
    expect(writes()).toEqual([]);
    expect(result.outcomes).toEqual([{ control: '1.4', outcome: 'GUIDANCE', detail: expect.stringContaining('AKIAQX4DEMOCAROL0001') }]);
    expect(result.exitCode).toBe(0);
  });

  it('with --allow-disruptive deactivates exactly the failing key and verifies with ListAccessKeys, not the stale report', async () => {
    const { writes, account, calls } = live();
    const result = await fixCommand(fixFlags({ control: ['1.4'], yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(writes()).toEqual([
      { service: 'iam', region: 'us-east-1', operation: 'UpdateAccessKey', input: { UserName: 'carol', AccessKeyId: 'AKIAQX4DEMOCAROL0001', Status: 'Inactive' } },
    ]);
    expect(account.iam.accessKeys!.carol![0]!.Status).toBe('Inactive');
    expect(outcomeOf(result, '1.4')).toBe('FIXED');
    expect(calls.filter((c) => c.operation === 'ListAccessKeys').length).toBe(2);
    await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, fixIo().io);
    expect(account.iam.accessKeys!.carol![0]!.Status).toBe('Active');
  });

  it('a re-check read that fails after the change is UNVERIFIED (exit 3), never FIXED or STILL_FAILING', async () => {
    const account = demoAccount();
    // ListAccessKeys answers at plan time, then is denied for the re-check.
    account.errors = [...(account.errors ?? []), { operation: 'ListAccessKeys', code: 'AccessDenied', message: 'not authorized to perform iam:ListAccessKeys', skip: 1 }];
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['1.4'], yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(writes().map((w) => w.operation)).toEqual(['UpdateAccessKey']);
    expect(result.outcomes).toEqual([{
      control: '1.4', outcome: 'UNVERIFIED',
      detail: 'applied; the re-check failed: iam:ListAccessKeys in us-east-1 failed: AccessDenied (not authorized to perform iam:ListAccessKeys)',
    }]);
    expect(result.exitCode).toBe(3);
  });

  it('1.3 with an unused console password stays STILL_FAILING after the keys are done (never a false FIXED)', async () => {
    live();
    const result = await fixCommand(fixFlags({ control: ['1.3'], yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(outcomeOf(result, '1.3')).toBe('STILL_FAILING');
    expect(result.exitCode).toBe(1);
  });

  it('guidance-only controls give account-specific instructions and change nothing', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['1.2', '1.14', '1.22'], yes: true }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['1.2', 'GUIDANCE'], ['1.14', 'GUIDANCE'], ['1.22', 'GUIDANCE']]);
    expect(out.stdout).toContain('delete-login-profile --user-name bob');
    expect(out.stdout).toContain('arn:aws:iam::210987654321:policy/break-glass-admin');
    expect(result.exitCode).toBe(0);
  });

  it('needs --control or --all-failing', async () => {
    live();
    await expect(fixCommand(fixFlags({}), fixIo().io, TOOL)).rejects.toThrow(/--control ID .* or --all-failing/);
  });
});

describe('undo placeholders', () => {
  it('fills $fromOutput from the journaled response, and fails clearly when it is missing', async () => {
    const { withOutputs } = await import('../../src/fix/run-undo.js');
    const call = { service: 'ec2' as const, region: 'us-east-1', operation: 'DeleteFlowLogs', input: { FlowLogIds: { $fromOutput: 'FlowLogIds' } } };
    expect(withOutputs(call, { FlowLogIds: ['fl-1'] }).input).toEqual({ FlowLogIds: ['fl-1'] });
    expect(() => withOutputs(call, {})).toThrow(/no FlowLogIds in the step's response/);
  });
});

describe('GatedWriter', () => {
  it('a 200 answer that lists the request as refused (EC2 Unsuccessful) is a failed step, journaled with the answer', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { GatedWriter } = await import('../../src/fix/writer.js');
    const { Journal } = await import('../../src/fix/journal.js');
    const refused = { Unsuccessful: [{ ResourceId: 'vpc-1', Error: { Code: 'InvalidVpcID.NotFound', Message: 'gone' } }], FlowLogIds: [] };
    const writer = new GatedWriter({ send: async () => refused });
    const journal = Journal.create(mkdtempSync(join(tmpdir(), 'j-')), { account: '111122223333', partition: 'aws', startedAt: '2026-01-01T00:00:00.000Z', tool: TOOL });
    const step = {
      describe: 'create a flow log', refusedIn: 'Unsuccessful',
      call: { service: 'ec2' as const, region: 'us-east-1', operation: 'CreateFlowLogs', input: { ResourceIds: ['vpc-1'] } },
      undo: [],
    };
    await expect(writer.apply(journal, '2.9', 'flow-logs', step)).rejects.toThrow(/changes were not confirmed/);
    writer.open();
    const { entry, error } = await writer.apply(journal, '2.9', 'flow-logs', step);
    expect(error?.code).toBe('Refused');
    expect(entry).toMatchObject({ status: 'failed', output: refused, error: { code: 'Refused' } });
    const ok = await writer.apply(journal, '2.9', 'flow-logs', { ...step, refusedIn: 'Missing' });
    expect(ok.entry.status).toBe('applied');
  });
});
