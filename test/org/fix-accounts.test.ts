import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixCommand } from '../../src/cli/fix-command.js';
import { undoCommand, undoJournals } from '../../src/fix/run-undo.js';
import { UsageError } from '../../src/model/errors.js';
import { fakeOrganization } from '../fake-aws/organization.js';
import { fixFlags, fixIo, TOOL } from '../fix/fix-helpers.js';

// `fix --accounts … --org-role-name`: each account entered, planned, applied and journaled on its own.
const MGMT = '111111111111';

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});

const writesOf = (log: Array<{ operation: string }>) => log.filter((c) => c.operation === 'UpdateAccountPasswordPolicy');

describe('fix across accounts', () => {
  it('fixes each named account through its role, one journal per account; an account that cannot be entered is exit 3, the others go on', async () => {
    const org = fakeOrganization(MGMT, [{ id: '222222222222' }, { id: '333333333333', denyAssume: true }, { id: '444444444444' }]);
    const flags = fixFlags({ control: ['1.9'], yes: true, accounts: ['222222222222,333333333333', '444444444444'], 'org-role-name': 'fixer', 'external-id': 'x-1' });
    const { io, out } = fixIo();
    const result = await fixCommand(flags, io, TOOL, { makeTransport: org.makeTransport });
    expect(writesOf(org.members.get('222222222222')!.log)).toHaveLength(1);
    expect(writesOf(org.members.get('444444444444')!.log)).toHaveLength(1);
    expect(org.members.get('333333333333')!.log).toEqual([]);
    expect(writesOf(org.management.log)).toEqual([]);
    expect(out.stdout).toContain('cannot enter account 333333333333: sts:AssumeRole on arn:aws:iam::333333333333:role/fixer AccessDenied');
    const journals = readdirSync(flags['journal-dir']!).sort();
    expect(journals.map((j) => j.split('-')[1])).toEqual(['222222222222', '444444444444']);
    expect(result.exitCode).toBe(3);
    expect(result.outcomes.filter((o) => o.outcome === 'FIXED').map((o) => o.control)).toEqual(['1.9', '1.9']);

    // undo --org-role-name enters the journal's own account.
    const journal = join(flags['journal-dir']!, journals[1]!);
    const undo = fixIo();
    const code = await undoCommand({ journal, 'dry-run': false, yes: true, debug: false, orgRole: { roleName: 'fixer', sessionName: 'cis-audit' } }, undo.io, undefined, org.makeTransport);
    expect(code).toBe(0);
    expect(writesOf(org.members.get('444444444444')!.log)).toHaveLength(2);
    expect(org.management.log.filter((c) => c.operation === 'AssumeRole').at(-1)!.input.RoleArn).toBe('arn:aws:iam::444444444444:role/fixer');
    expect(JSON.parse(readFileSync(journal, 'utf8')).steps.every((s: { status: string }) => s.status === 'undone')).toBe(true);
  });

  it('undo JOURNAL… --accounts: every account\'s journal reverted in its own account; a journal set that does not match --accounts changes nothing', async () => {
    const org = fakeOrganization(MGMT, [{ id: '222222222222' }, { id: '444444444444' }]);
    const flags = fixFlags({ control: ['1.9'], yes: true, accounts: ['222222222222,444444444444'], 'org-role-name': 'fixer' });
    await fixCommand(flags, fixIo().io, TOOL, { makeTransport: org.makeTransport });
    const journals = readdirSync(flags['journal-dir']!).sort().map((j) => join(flags['journal-dir']!, j));
    expect(journals).toHaveLength(2);
    const base = { 'dry-run': false, yes: true, debug: false, orgRole: { roleName: 'fixer', sessionName: 'cis-audit' } };
    const refused = await undoJournals({ ...base, journals: [journals[0]!], accounts: ['222222222222', '444444444444'] }, fixIo().io, undefined, org.makeTransport).catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/no journal given for account 444444444444/);
    const stray = await undoJournals({ ...base, journals, accounts: ['222222222222'] }, fixIo().io, undefined, org.makeTransport).catch((e: unknown) => e);
    expect((stray as Error).message).toMatch(/is for account 444444444444, which --accounts does not name/);
    for (const id of ['222222222222', '444444444444']) expect(writesOf(org.members.get(id)!.log)).toHaveLength(1);
    const undo = fixIo();
    expect(await undoJournals({ ...base, journals, accounts: ['222222222222', '444444444444'] }, undo.io, undefined, org.makeTransport)).toBe(0);
    for (const id of ['222222222222', '444444444444']) expect(writesOf(org.members.get(id)!.log), id).toHaveLength(2);
    expect(undo.out.stdout).toContain('== Account 222222222222 ==');
    for (const j of journals) expect(JSON.parse(readFileSync(j, 'utf8')).steps.every((s: { status: string }) => s.status === 'undone')).toBe(true);
  });

  it.each([
    [{ org: true }, /fix --org would change every account of the organisation/],
    [{ accounts: ['222222222222'] }, /--accounts needs the role to enter each account with/],
    [{ accounts: ['2222'], 'org-role-name': 'fixer' }, /not a 12-digit account id/],
    [{ accounts: ['222222222222'], 'org-role-name': 'fixer', 'role-arn': 'arn:aws:iam::222222222222:role/x' }, /--role-arn enters one account/],
  ])('refuses %o (exit 2), changing nothing', async (over, message) => {
    const org = fakeOrganization(MGMT, [{ id: '222222222222' }]);
    const err = await fixCommand(fixFlags({ control: ['1.9'], yes: true, ...over }), fixIo().io, TOOL, { makeTransport: org.makeTransport }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect(org.management.log).toEqual([]);
  });
});
