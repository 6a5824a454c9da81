import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { orgScanCommand, type OrgScanFlags } from '../../src/cli/run-org-scan.js';
import { UsageError } from '../../src/model/errors.js';
import type { OrgReport } from '../../src/report/org-model.js';
import { fakeOrganization, type FakeMember } from '../fake-aws/organization.js';
import { validateOrgReportJson } from '../helpers/validators.js';

// `scan --org` / `--accounts` against a fake organisation: listing, entering, per-account ERROR, exit code.
const TOOL = { name: 'cis-audit', version: 'test' };
const MGMT = '111111111111';

const flags = (over: Partial<OrgScanFlags> = {}): OrgScanFlags => ({
  format: 'json', 'fail-on': 'LOW', debug: false, concurrency: 16, 'root-usage-days': 90, 'strict-patterns': false,
  control: ['1.9', '1.12'], 'org-role-name': 'audit', 'account-concurrency': 8, ...over,
});

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: { AWS_REGION: 'us-east-1' } } };
}

const strongPolicy = {
  MinimumPasswordLength: 16, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 60, PasswordReusePrevention: 24,
};

const MEMBERS: FakeMember[] = [
  { id: '222222222222', name: 'prod' },
  { id: '333333333333', name: 'dev', tweak: (a) => void (a.iam.passwordPolicy = strongPolicy) },
  { id: '444444444444', name: 'locked', denyAssume: true },
  { id: '555555555555', name: 'gone', state: 'SUSPENDED' },
];

async function scan(over: Partial<OrgScanFlags>, members = MEMBERS, ous: Array<{ id: string; parent: string }> = []) {
  const org = fakeOrganization(MGMT, members, ous);
  const { io, out } = capture();
  const outcome = await orgScanCommand(flags(over), io, TOOL, false, { makeTransport: org.makeTransport });
  const report = JSON.parse(out.stdout) as OrgReport;
  return { org, outcome, report, out };
}

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});

describe('scan --org', () => {
  it('lists every page of accounts, enters each through the role (the caller\'s own with its own credentials), and reports per account', async () => {
    const { org, outcome, report, out } = await scan({ org: true, 'external-id': 'org-audit' });
    const validation = validateOrgReportJson(report);
    expect(validation.errors).toBe('');
    expect(org.management.count('organizations', 'ListAccounts')).toBe(3); // 5 accounts, 2 a page
    const assumed = org.management.log.filter((c) => c.operation === 'AssumeRole').map((c) => c.input);
    expect(assumed.map((i) => i.RoleArn).sort()).toEqual(['222222222222', '333333333333', '444444444444'].map((id) => `arn:aws:iam::${id}:role/audit`));
    expect(assumed.every((i) => i.ExternalId === 'org-audit' && i.RoleSessionName === 'cis-audit')).toBe(true);
    expect(report.accounts.map((a) => [a.account, a.name, a.status, a.exitCode, a.error?.code])).toEqual([
      [MGMT, 'management', 'SCANNED', 1, undefined],
      ['222222222222', 'prod', 'SCANNED', 1, undefined],
      ['333333333333', 'dev', 'SCANNED', 0, undefined],
      ['444444444444', 'locked', 'ERROR', 3, 'AccessDenied'],
      ['555555555555', 'gone', 'ERROR', 3, 'AccountSuspended'],
    ]);
    expect(report.accounts[3]!.error!.message).toBe(`sts:AssumeRole on arn:aws:iam::444444444444:role/audit AccessDenied: User: arn:aws:iam::${MGMT}:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444444444444:role/audit`);
    expect(out.stderr).toContain('555555555555 (gone): the account is SUSPENDED');
    // Each scanned account's report is its own single-account report, read with its own credentials.
    expect(report.accounts[1]!.report!.account).toBe('222222222222');
    expect(org.members.get('222222222222')!.count('iam', 'GetAccountPasswordPolicy')).toBe(1);
    expect(org.members.get('555555555555')!.log).toEqual([]);
    expect(org.management.count('iam', 'GetAccountPasswordPolicy')).toBe(1);
    const c19 = report.summary.controls.find((c) => c.control === '1.9')!;
    expect(c19.counts).toMatchObject({ FAIL: 2, PASS: 1, ERROR: 2 });
    expect(c19.failing).toEqual([MGMT, '222222222222']);
    expect(c19.errors).toEqual(['444444444444', '555555555555']);
    expect(report.summary.accounts).toEqual({ total: 5, scanned: 3, error: 2 });
    expect(report.selection).toEqual({ org: true, roleName: 'audit' });
    expect(outcome.exitCode).toBe(1);
    expect(report.exitCode).toBe(1);
  });

  it('exit code over all accounts: 3 when one account cannot be entered and none fails, 0 when all comply', async () => {
    const compliant = (id: string): FakeMember => ({ id, tweak: (a) => void (a.iam.passwordPolicy = strongPolicy) });
    const one = await scan({ accounts: ['333333333333', '444444444444'], control: ['1.9'] }, [compliant('333333333333'), { id: '444444444444', denyAssume: true }]);
    expect(one.org.management.count('organizations')).toBe(0); // --accounts without --org lists nothing
    expect(one.report.accounts.map((a) => a.exitCode)).toEqual([0, 3]);
    expect(one.outcome.exitCode).toBe(3);
    const all = await scan({ accounts: ['333333333333'], control: ['1.9'] }, [compliant('333333333333')]);
    expect(all.outcome.exitCode).toBe(0);
    expect(all.report.selection).toEqual({ org: false, accounts: ['333333333333'], roleName: 'audit' });
  });

  it('--ou walks the OU tree (every page, every level) and --exclude-accounts leaves accounts out', async () => {
    const members: FakeMember[] = [
      { id: '222222222222', parent: 'ou-ab12-prod0001' },
      { id: '333333333333', parent: 'ou-ab12-web00001' },
      { id: '444444444444', parent: 'ou-ab12-web00001' },
      { id: '666666666666', parent: 'ou-ab12-deep0001' },
      { id: '777777777777', parent: 'ou-ab12-other001' },
    ];
    const ous = [
      { id: 'ou-ab12-prod0001', parent: 'r-root' }, { id: 'ou-ab12-other001', parent: 'r-root' },
      { id: 'ou-ab12-web00001', parent: 'ou-ab12-prod0001' }, { id: 'ou-ab12-api00001', parent: 'ou-ab12-prod0001' }, { id: 'ou-ab12-ops00001', parent: 'ou-ab12-prod0001' },
      { id: 'ou-ab12-deep0001', parent: 'ou-ab12-web00001' },
    ];
    const { report, org } = await scan({ org: true, ou: ['ou-ab12-prod0001'], 'exclude-accounts': ['444444444444'], control: ['1.9'] }, members, ous);
    expect(report.accounts.map((a) => a.account)).toEqual(['222222222222', '333333333333', '666666666666']);
    expect(org.management.count('organizations', 'ListAccounts')).toBe(0);
    // prod has 3 child OUs: two pages of ListOrganizationalUnitsForParent.
    expect(org.management.log.filter((c) => c.operation === 'ListOrganizationalUnitsForParent' && c.input.ParentId === 'ou-ab12-prod0001')).toHaveLength(2);
    expect(report.selection).toEqual({ org: true, ous: ['ou-ab12-prod0001'], excludeAccounts: ['444444444444'], roleName: 'audit' });
  });

  it('an account whose every read is denied is ERROR for that account (AllCallsDenied); an --accounts id outside the organisation is ERROR too', async () => {
    const members: FakeMember[] = [{ id: '222222222222', tweak: (a) => void (a.errors = [{ service: 'iam', code: 'AccessDenied', message: 'explicit deny in a service control policy' }]) }];
    const { report } = await scan({ org: true, accounts: ['222222222222', '999999999999'] }, members);
    expect(report.accounts.map((a) => [a.account, a.status, a.error?.code])).toEqual([['222222222222', 'ERROR', 'AllCallsDenied'], ['999999999999', 'ERROR', 'NotInOrganization']]);
    expect(report.accounts[0]!.error!.message).toMatch(/^every read was denied, e\.g\. iam:\w+ in us-east-1: AccessDenied \(explicit deny in a service control policy\)$/);
    expect(validateOrgReportJson(report).errors).toBe('');
  });

  it('waivers are judged over the organisation: one kept for one account is active there and out of scope elsewhere, never stale; stale is what covered nothing anywhere', async () => {
    const PROD = '222222222222';
    const DEV = '333333333333';
    const members: FakeMember[] = [{ id: PROD, name: 'prod' }, { id: DEV, name: 'dev', tweak: (a) => void (a.iam.passwordPolicy = strongPolicy) }];
    const dir = mkdtempSync(join(tmpdir(), 'cis-org-waivers-'));
    const waiverFile = (extra = '') => {
      const path = join(dir, `w${extra ? '-extra' : ''}.yml`);
      writeFileSync(path, `waivers:\n  - id: prod-policy\n    controls: ["1.9"]\n    resources: ["**"]\n    accounts: ["${PROD}"]\n    reason: prod rotates to SSO\n    expires: 2099-01-31\n${extra}`);
      return path;
    };
    const one = await scan({ accounts: [PROD, DEV], control: ['1.9'], waivers: waiverFile(), 'fail-on-stale-waivers': true, 'max-waiver-days': 365_000 }, members);
    expect(validateOrgReportJson(one.report).errors).toBe('');
    // Before: dev saw prod-policy as stale and exited 1, so the organisation did.
    expect(one.report.accounts.map((a) => [a.account, a.exitCode])).toEqual([[PROD, 0], [DEV, 0]]);
    expect(one.outcome.exitCode).toBe(0);
    expect(one.report.exitCode).toBe(0);
    expect(one.report.summary.waivers).toMatchObject({ active: [{ id: 'prod-policy', matched: 1, accounts: [PROD] }], stale: [], failOnStale: true });
    expect(one.report.accounts[1]!.report!.waivers).toMatchObject({ stale: [], outOfScope: [{ id: 'prod-policy', accounts: [PROD] }] });

    const stale = `  - id: nothing\n    controls: ["1.12"]\n    resources: ["arn:aws:s3:::nope"]\n    reason: left over\n    expires: 2099-01-31\n`;
    const two = await scan({ accounts: [PROD, DEV], control: ['1.9', '1.12'], waivers: waiverFile(stale), 'fail-on-stale-waivers': true, 'max-waiver-days': 365_000 }, members);
    expect(two.report.summary.waivers!.stale.map((w) => w.id)).toEqual(['nothing']);
    // The accounts' own exit codes leave stale waivers out; the organisation's counts them once.
    expect(two.report.accounts.map((a) => a.exitCode)).toEqual([0, 0]);
    expect(two.report.exitCode).toBe(1);
    const { renderOrgTable } = await import('../../src/report/org-table.js');
    const text = renderOrgTable(two.report, { color: false, width: 200 });
    expect(text).toContain(`prod-policy: 1 finding in ${PROD} SUPPRESSED until 2099-01-31: prod rotates to SSO`);
    expect(text).toContain('nothing: stale, matches no FAIL finding: left over');
    expect(text).toMatch(/Result: NON-COMPLIANT \(exit 1\) — 2 compliant of 2 accounts \(fail on LOW and above\); 1 stale waiver \(--fail-on-stale-waivers\)/);
    // Without the flag the stale waiver is reported and the exit code is the accounts'.
    const three = await scan({ accounts: [PROD, DEV], control: ['1.9', '1.12'], waivers: waiverFile(stale), 'max-waiver-days': 365_000 }, members);
    expect(three.report.exitCode).toBe(0);
    expect(three.report.summary.waivers!.failOnStale).toBe(false);
  });

  it('report merge judges waivers over every shard, as one unsharded run does, and refuses shards run with and without --fail-on-stale-waivers', async () => {
    const members: FakeMember[] = Array.from({ length: 6 }, (_, i) => ({ id: String(200000000000 + i * 1111) }));
    const path = join(mkdtempSync(join(tmpdir(), 'cis-org-waivers-')), 'w.yml');
    writeFileSync(path, `waivers:\n  - id: one-account\n    controls: ["1.9"]\n    resources: ["**"]\n    accounts: ["${members[4]!.id}"]\n    reason: r\n    expires: 2099-01-31\n  - id: nothing\n    controls: ["1.9"]\n    resources: ["arn:aws:s3:::nope"]\n    reason: left over\n    expires: 2099-01-31\n`);
    const over = { org: true, control: ['1.9'], waivers: path, 'max-waiver-days': 365_000 };
    const whole = await scan({ ...over, 'fail-on-stale-waivers': true }, members);
    const parts = await Promise.all([1, 2].map((i) => scan({ ...over, 'fail-on-stale-waivers': true, shard: `${i}/2` }, members)));
    // The account the waiver is for is in one shard: out of scope in the other, active once merged.
    expect(parts.map((p) => p.report.summary.waivers!.active.length).sort()).toEqual([0, 1]);
    const { mergeOrgReports } = await import('../../src/report/org-merge.js');
    const meta = { tool: TOOL, generatedAt: whole.report.generatedAt };
    const merged = mergeOrgReports(parts.map((p, i) => ({ file: `part${i + 1}.json`, data: p.report })), meta);
    expect(merged.summary.waivers).toEqual(whole.report.summary.waivers);
    expect(merged.summary.waivers).toMatchObject({ active: [{ id: 'one-account', accounts: [members[4]!.id] }], stale: [{ id: 'nothing' }], failOnStale: true });
    expect(merged.exitCode).toBe(whole.report.exitCode);
    const without = await scan({ ...over, shard: '2/2' }, members);
    expect(() => mergeOrgReports([{ file: 'part1.json', data: parts[0]!.report }, { file: 'part2.json', data: without.report }], meta)).toThrow(/part1.json with --fail-on-stale-waivers, part2.json without/);
  });

  it('--shard i/n scans a disjoint slice; the slices together are the unsharded run', async () => {
    const members: FakeMember[] = Array.from({ length: 9 }, (_, i) => ({ id: String(200000000000 + i * 1111) }));
    const whole = await scan({ org: true, control: ['1.9'] }, members);
    const strip = (r: OrgReport) => r.accounts.map((a) => ({ ...a, report: a.report && { ...a.report, collectedAt: '', evaluatedAt: '' } }));
    for (const n of [2, 5]) {
      const parts = await Promise.all(Array.from({ length: n }, (_, i) => scan({ org: true, control: ['1.9'], shard: `${i + 1}/${n}` }, members)));
      for (const [i, p] of parts.entries()) {
        expect(p.report.shard).toEqual({ index: i + 1, count: n, accounts: p.report.accounts.map((a) => a.account) });
        expect(validateOrgReportJson(p.report).errors).toBe('');
      }
      const merged = parts.flatMap((p) => strip(p.report)).sort((a, b) => a.account.localeCompare(b.account));
      expect(merged).toEqual(strip(whole.report));
    }
  });

  it.each([
    [{ org: true, 'org-role-name': undefined }, /--org needs the role to enter each account with/],
    [{ accounts: ['12345'] }, /"12345" is not a 12-digit account id/],
    [{ accounts: ['222222222222'], ou: ['ou-ab12-prod0001'] }, /--ou selects accounts of the organisation/],
    [{ org: true, ou: ['prod'] }, /is not an OU or root id/],
    [{ org: true, 'role-arn': 'arn:aws:iam::222222222222:role/x' }, /--role-arn enters one account/],
    [{ org: true, 'mfa-serial': 'arn:aws:iam::111111111111:mfa/me' }, /an MFA code is good for one AssumeRole/],
    [{ 'exclude-accounts': ['222222222222'] }, /--exclude-accounts leaves accounts out of --org or --accounts/],
    [{ org: true, 'org-role-name': 'arn:aws:iam::1:role/x' }, /is not a role name/],
    [{ org: true, 'account-concurrency': 0 }, /--account-concurrency must be between 1 and 256/],
    [{ org: true, shard: '3/2' }, /shard 3 of 2 does not exist/],
    [{ org: true, snapshot: 'examples/demo-account.json' }, /a snapshot is one account/],
  ])('refuses %o with a usage error before any AWS call', async (over, message) => {
    const org = fakeOrganization(MGMT, MEMBERS);
    const err = await orgScanCommand(flags(over as Partial<OrgScanFlags>), capture().io, TOOL, false, { makeTransport: org.makeTransport }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect(org.management.log).toEqual([]);
  });

  it('an interrupted run (abort) writes no report at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-org-abort-'));
    // Slow members (each scan is several round trips of 200 ms): the abort at 120 ms always lands mid-run.
    const org = fakeOrganization(MGMT, MEMBERS.map((m) => ({ ...m, latencyMs: 200 })));
    const controller = new AbortController();
    const output = join(dir, 'org.json');
    const run = orgScanCommand(flags({ org: true, output, report: [`junit=${join(dir, 'org.xml')}`] }), capture().io, TOOL, false, { makeTransport: org.makeTransport, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('interrupted')), 120);
    await expect(run).rejects.toThrow('interrupted');
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('per-account limits', () => {
  it('an account slowed by its own rate limit does not slow the others: each account has its own limiter', async () => {
    // 222… pages its MFA devices one at a time (40 calls at 20 calls/s after a burst of 20 ≈ 1 s); 333… needs one call.
    const many = Array.from({ length: 40 }, (_, i) => ({ SerialNumber: `arn:aws:iam::222222222222:mfa/u${i}` }));
    const members: FakeMember[] = [
      { id: '222222222222', tweak: (a) => { a.pageSize = 1; a.iam.virtualMfa = many; } },
      { id: '333333333333' },
    ];
    const org = fakeOrganization(MGMT, members);
    const started = Date.now();
    const outcome = await orgScanCommand(flags({ accounts: ['222222222222', '333333333333'], control: ['1.14'], 'max-rps': 20 }), capture().io, TOOL, false, { makeTransport: org.makeTransport });
    const slow = org.lastAnswer.get('222222222222')! - started;
    const fast = org.lastAnswer.get('333333333333')! - started;
    expect(org.members.get('222222222222')!.count('iam', 'ListVirtualMFADevices')).toBe(40);
    expect(slow).toBeGreaterThan(800);
    // A shared iam limiter would have queued 333…'s calls behind 222…'s.
    expect(fast).toBeLessThan(slow / 2);
    expect(outcome.report.accounts.map((a) => a.status)).toEqual(['SCANNED', 'SCANNED']);
  }, 30_000);
});
