import { describe, expect, it } from 'vitest';
import { fixCommand, type FixFlags } from '../../src/cli/fix-command.js';
import { undoCommand } from '../../src/fix/run-undo.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL } from './fix-helpers.js';

// cis-3.0.0's account-specific guidance: 1.13 (one active key), 1.19 (expired certificates; deleted only with
// --allow-disruptive), 1.22 (AWSCloudShellFullAccess), 2.1.2 (MFA delete), 2.4.1 (EFS encryption).

const CLOUDSHELL = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';

/** The demo, with ci-deployer's old key still active and CloudShell full access on a user and a role. */
function fresh(): FakeAccount {
  const account = demoAccount();
  account.iam = structuredClone(account.iam);
  account.identity = structuredClone(account.identity);
  const row = account.iam.reportRows.find((r) => r.user === 'ci-deployer')!;
  row.access_key_1_active = 'true';
  account.iam.accessKeys!['ci-deployer']![0]!.Status = 'Active';
  account.iam.users.find((u) => u.UserName === 'bob')!.AttachedManagedPolicies = [{ PolicyName: 'AWSCloudShellFullAccess', PolicyArn: CLOUDSHELL }];
  account.iam.roles[0]!.AttachedManagedPolicies = [...(account.iam.roles[0]!.AttachedManagedPolicies ?? []), { PolicyName: 'AWSCloudShellFullAccess', PolicyArn: CLOUDSHELL }];
  return account;
}
const live = liveAccounts(() => fresh());
const run = (over: Partial<FixFlags>, io = fixIo().io) => fixCommand(fixFlags({ benchmark: ['cis-3.0.0'], region: ['us-east-1', 'eu-west-1'], ...over }), io, TOOL);
const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);

describe('account-specific guidance (cis-3.0.0)', () => {
  it('names the keys, principals, buckets and file systems; nothing written, even with --yes --allow-disruptive for the guidance-only controls', async () => {
    const account = fresh();
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await run({ control: ['1.13', '1.22', '2.1.2', '2.4.1'], yes: true, 'allow-disruptive': true }, io);
    expect(writes()).toEqual([]);
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['1.13', 'GUIDANCE'], ['1.22', 'GUIDANCE'], ['2.1.2', 'GUIDANCE'], ['2.4.1', 'GUIDANCE']]);
    expect(out.stdout).toContain('ci-deployer has 2 active access keys: AKIAQX4DEMOCIDEP0001 (created 2026-05-01), AKIAQX4DEMOCIDEP0002 (created 2026-10-05)');
    expect(out.stdout).toContain(`user bob: \`aws iam detach-user-policy --user-name bob --policy-arn ${CLOUDSHELL}\``);
    expect(out.stdout).toContain(`role ${account.iam.roles[0]!.RoleName}: \`aws iam detach-role-policy --role-name ${account.iam.roles[0]!.RoleName} --policy-arn ${CLOUDSHELL}\``);
    expect(out.stdout).toContain('acme-raw (eu-west-1): MFA delete is Disabled — as the root user of 210987654321');
    expect(out.stdout).toContain('--versioning-configuration Status=Enabled,MFADelete=Enabled');
    expect(out.stdout).toContain('fs-09f8e7d6c5b4a3921 (legacy-exports) in eu-west-1 is not encrypted and cannot be encrypted in place');
  });

  it('1.19 without --allow-disruptive: GUIDANCE naming the expired certificate (not the valid one), nothing written', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await run({ control: ['1.19'], yes: true }, io);
    expect(writes()).toEqual([]);
    expect(outcomeOf(result, '1.19')?.outcome).toBe('GUIDANCE');
    expect(out.stdout).toContain('aws iam delete-server-certificate --server-certificate-name acme-www-2025');
    expect(out.stdout).not.toContain('acme-www-2026');
  });

  it('1.19 with --allow-disruptive: deletes the expired certificate → FIXED; the undo is a manual step and the warning says so; a second run plans nothing', async () => {
    const account = fresh();
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await run({ control: ['1.19'], yes: true, 'allow-disruptive': true }, io);
    expect(writes()).toEqual([{ service: 'iam', region: 'us-east-1', operation: 'DeleteServerCertificate', input: { ServerCertificateName: 'acme-www-2025' } }]);
    expect(out.stdout).toMatch(/WARNING: deletion cannot be undone/);
    expect(outcomeOf(result, '1.19')?.outcome).toBe('FIXED');
    expect(account.identity!.serverCertificates.map((c) => c.ServerCertificateName)).toEqual(['acme-www-2026']);
    const step = journalOf(result.journalPath!).steps[0]!;
    expect(step.undo).toEqual({ manual: expect.stringContaining('cis-audit cannot restore acme-www-2025') });
    expect(step.prior).toMatchObject({ ServerCertificateName: 'acme-www-2025' });

    const second = await run({ control: ['1.19'], yes: true, 'allow-disruptive': true });
    expect(writes()).toHaveLength(1);
    expect(outcomeOf(second, '1.19')?.outcome).toBe('NOTHING_TO_DO');

    // Undo sends nothing and lists the manual step.
    const undoIo = fixIo();
    await undoCommand({ journal: result.journalPath!, 'dry-run': false, yes: true, debug: false }, undoIo.io);
    expect(writes()).toHaveLength(1);
    expect(undoIo.out.stdout).toContain('cis-audit cannot restore acme-www-2025');
  });

  it('1.19: a refused delete → APPLY_ERROR (exit 3), journaled as failed', async () => {
    const account = fresh();
    account.errors = [...(account.errors ?? []), { service: 'iam', operation: 'DeleteServerCertificate', code: 'DeleteConflict', message: 'Certificate: ASCA is currently in use by arn:aws:elasticloadbalancing:…' }];
    live(account);
    const result = await run({ control: ['1.19'], yes: true, 'allow-disruptive': true });
    expect(outcomeOf(result, '1.19')?.outcome).toBe('APPLY_ERROR');
    expect(result.exitCode).toBe(3);
    expect(journalOf(result.journalPath!).steps.map((s) => s.status)).toEqual(['failed']);
  });
});
