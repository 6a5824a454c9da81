import { describe, expect, it } from 'vitest';
import { CIS_AWS_3_0_0 } from '../../src/benchmark/cis-aws-3.0.0.js';
import { selectControls } from '../../src/benchmark/select.js';
import { permissionsPolicy } from '../../src/cli/permissions.js';
import { fixCommand, type FixFlags } from '../../src/cli/fix-command.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL, undo } from './fix-helpers.js';

// IAM Access Analyzer and Security Hub, per failing region, end to end against the demo account (cis-3.0.0: 1.20, 4.16).

function fresh(): FakeAccount {
  const account = demoAccount();
  account.identity = structuredClone(account.identity);
  account.frontendsAndHub = structuredClone(account.frontendsAndHub);
  return account;
}
const live = liveAccounts(() => fresh());

// ap-southeast-2 is denied by an SCP in the demo; these regions are readable. eu-west-1 has only an unused-access
// analyzer and us-west-2 none (1.20 fails in both); Security Hub is off in us-west-2 only.
const READABLE = ['us-east-1', 'eu-west-1', 'us-west-2'];
const run = (over: Partial<FixFlags>, io = fixIo().io) =>
  fixCommand(fixFlags({ benchmark: ['cis-3.0.0'], region: READABLE, ...over }), io, TOOL);
const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);
const TAGS = { 'cis-audit:created-by': 'fix' };
const create = (region: string) => ({ service: 'accessanalyzer', region, operation: 'CreateAnalyzer', input: { analyzerName: 'cis-audit-access-analyzer', type: 'ACCOUNT', tags: TAGS } });

describe('fix Access Analyzer (cis-3.0.0 1.20): an ACCOUNT analyzer in each failing region', () => {
  it('--dry-run plans one CreateAnalyzer per failing region with its undo, and sends reads only', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    const result = await run({ control: ['1.20'], 'dry-run': true }, io);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^(List|Describe|Get)/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain('call: accessanalyzer:CreateAnalyzer (eu-west-1) {"analyzerName":"cis-audit-access-analyzer","type":"ACCOUNT","tags":{"cis-audit:created-by":"fix"}}');
    expect(out.stdout).toContain('undo: accessanalyzer:DeleteAnalyzer (us-west-2) {"analyzerName":"cis-audit-access-analyzer"}');
    expect(out.stdout).not.toContain('CreateAnalyzer (us-east-1)');
    expect(out.stdout).toContain('Dry run: 2 change(s) planned, nothing changed.');
    expect(result.exitCode).toBe(0);
  });

  it('--yes creates them (the unused-access analyzer stays), re-checks FIXED; a second run plans nothing; undo deletes only ours', async () => {
    const { writes, account } = live();
    const result = await run({ control: ['1.20'], yes: true });
    expect(writes()).toEqual([create('eu-west-1'), create('us-west-2')]);
    expect(outcomeOf(result, '1.20')?.outcome).toBe('FIXED');
    expect(result.exitCode).toBe(0);
    expect(account.identity!.analyzers['eu-west-1']!.map((a) => a.name)).toEqual(['acme-unused-access', 'cis-audit-access-analyzer']);
    const journal = journalOf(result.journalPath!);
    expect(journal.steps.map((s) => [s.call.region, s.status])).toEqual([['eu-west-1', 'applied'], ['us-west-2', 'applied']]);
    expect(journal.steps[0]!.prior).toEqual({ region: 'eu-west-1', analyzers: [{ name: 'acme-unused-access', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' }] });

    const second = await run({ control: ['1.20'], yes: true });
    expect(writes()).toHaveLength(2);
    expect(outcomeOf(second, '1.20')?.outcome).toBe('NOTHING_TO_DO');

    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(2)).toEqual([
      { service: 'accessanalyzer', region: 'us-west-2', operation: 'DeleteAnalyzer', input: { analyzerName: 'cis-audit-access-analyzer' } },
      { service: 'accessanalyzer', region: 'eu-west-1', operation: 'DeleteAnalyzer', input: { analyzerName: 'cis-audit-access-analyzer' } },
    ]);
    expect(account.identity!.analyzers['eu-west-1']!.map((a) => a.name)).toEqual(['acme-unused-access']);
    expect(account.identity!.analyzers['us-west-2']).toEqual([]);
    expect(account.identity!.analyzers['us-east-1']!.map((a) => a.name)).toEqual(['acme-external-access']);
  });

  it('a failing call midway → APPLY_ERROR (exit 3); the first region stays journaled and undo removes it', async () => {
    const account = fresh();
    account.errors = [...(account.errors ?? []), { service: 'accessanalyzer', operation: 'CreateAnalyzer', region: 'us-west-2', code: 'AccessDeniedException', message: 'not authorized' }];
    const { writes } = live(account);
    const result = await run({ control: ['1.20'], yes: true });
    expect(outcomeOf(result, '1.20')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/accessanalyzer:CreateAnalyzer failed: AccessDeniedException .*1 earlier step\(s\) applied and journaled/) });
    expect(result.exitCode).toBe(3);
    expect(journalOf(result.journalPath!).steps.map((s) => [s.call.region, s.status])).toEqual([['eu-west-1', 'applied'], ['us-west-2', 'failed']]);
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().at(-1)).toEqual({ service: 'accessanalyzer', region: 'eu-west-1', operation: 'DeleteAnalyzer', input: { analyzerName: 'cis-audit-access-analyzer' } });
    expect(account.identity!.analyzers['eu-west-1']!.map((a) => a.name)).toEqual(['acme-unused-access']);
  });

  it('an analyzer of our name that is not ACTIVE gets guidance, never a second create (STILL_FAILING, not PENDING)', async () => {
    const account = fresh();
    account.identity!.analyzers['us-west-2'] = [{ name: 'cis-audit-access-analyzer', type: 'ACCOUNT', status: 'FAILED' }];
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await run({ control: ['1.20'], yes: true }, io);
    expect(writes()).toEqual([create('eu-west-1')]);
    expect(out.stdout).toContain('us-west-2: analyzer cis-audit-access-analyzer exists (ACCOUNT, FAILED) but is not an ACTIVE external-access analyzer');
    expect(outcomeOf(result, '1.20')?.outcome).toBe('STILL_FAILING');
  });
});

describe('fix Security Hub (cis-3.0.0 4.16): EnableSecurityHub where it is off', () => {
  it('--dry-run: EnableDefaultStandards=false, the billing warning, reads only', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    await run({ control: ['4.16'], 'dry-run': true }, io);
    expect(writes()).toEqual([]);
    expect(out.stdout).toContain('call: securityhub:EnableSecurityHub (us-west-2) {"EnableDefaultStandards":false,"Tags":{"cis-audit:created-by":"fix"}}');
    expect(out.stdout).toContain('undo: securityhub:DisableSecurityHub (us-west-2) {}');
    expect(out.stdout).toMatch(/WARNING: Security Hub is billed per security check and per finding ingested in us-west-2/);
    expect(out.stdout).not.toContain('EnableSecurityHub (us-east-1)');
  });

  it('--yes enables it in us-west-2 only → FIXED; second run nothing; undo disables only the hub this fix enabled', async () => {
    const { writes, account } = live();
    const result = await run({ control: ['4.16'], yes: true });
    expect(writes()).toEqual([{ service: 'securityhub', region: 'us-west-2', operation: 'EnableSecurityHub', input: { EnableDefaultStandards: false, Tags: TAGS } }]);
    expect(outcomeOf(result, '4.16')?.outcome).toBe('FIXED');
    expect(account.frontendsAndHub!.securityHub['us-west-2']).toMatchObject({ EnableDefaultStandards: false });
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ status: 'applied', prior: { region: 'us-west-2', subscribed: false } });

    const second = await run({ control: ['4.16'], yes: true });
    expect(writes()).toHaveLength(1);
    expect(outcomeOf(second, '4.16')?.outcome).toBe('NOTHING_TO_DO');

    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(1)).toEqual([{ service: 'securityhub', region: 'us-west-2', operation: 'DisableSecurityHub', input: {} }]);
    expect(Object.keys(account.frontendsAndHub!.securityHub).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('--security-hub-default-standards enables the default standards', async () => {
    const { writes } = live();
    await run({ control: ['4.16'], yes: true, 'security-hub-default-standards': true });
    expect(writes()).toEqual([{ service: 'securityhub', region: 'us-west-2', operation: 'EnableSecurityHub', input: { EnableDefaultStandards: true, Tags: TAGS } }]);
  });

  it('a failing call midway → APPLY_ERROR with the first region journaled as applied', async () => {
    const account = fresh();
    delete account.frontendsAndHub!.securityHub['eu-west-1'];
    account.errors = [...(account.errors ?? []), { service: 'securityhub', operation: 'EnableSecurityHub', region: 'us-west-2', code: 'AccessDeniedException', message: 'denied' }];
    const { writes } = live(account);
    const result = await run({ control: ['4.16'], yes: true });
    expect(writes().map((w) => w.region)).toEqual(['eu-west-1', 'us-west-2']);
    expect(outcomeOf(result, '4.16')?.outcome).toBe('APPLY_ERROR');
    expect(journalOf(result.journalPath!).steps.map((s) => s.status)).toEqual(['applied', 'failed']);
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().at(-1)).toEqual({ service: 'securityhub', region: 'eu-west-1', operation: 'DisableSecurityHub', input: {} });
  });

  it('declares the writes and the undo writes', () => {
    const policy = permissionsPolicy(selectControls(CIS_AWS_3_0_0, ['1.20', '4.16'], []), true);
    // Every statement but the scan's reads is a fix grant (scoped per resource since permissions are scoped).
    const fix = [...new Set((policy.Statement as Array<{ Sid: string; Action: string[] }>).filter((s) => s.Sid !== 'CisAuditScan').flatMap((s) => s.Action))].sort();
    expect(fix).toEqual([
      'access-analyzer:CreateAnalyzer', 'access-analyzer:DeleteAnalyzer', 'access-analyzer:TagResource', 'iam:CreateServiceLinkedRole',
      'securityhub:DisableSecurityHub', 'securityhub:EnableSecurityHub', 'securityhub:TagResource',
    ]);
  });
});
