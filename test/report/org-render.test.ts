import { readFileSync } from 'node:fs';
import AjvDraft04Module from 'ajv-draft-04';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { asffFindings } from '../../src/report/asff.js';
import { FORMATS } from '../../src/report/format.js';
import type { OrgReport } from '../../src/report/org-model.js';
import { renderOrgReport } from '../../src/report/org-render.js';
import { validateJunit, validateOrgReportJson } from '../helpers/validators.js';
import { ACCOUNTS, orgFixture } from './org-fixtures.js';

// Every format of an organisation report, on nine accounts made from the demo: failing, fixed, compliant,
// incomplete, one that could not be entered, one with a hostile name, one with a very long one.

const SARIF_SCHEMA = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as unknown as typeof AjvDraft04Module.default;
const sarifAjv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false });
const validateSarif = sarifAjv.compile(SARIF_SCHEMA);

const SCANNED = ACCOUNTS.filter((a) => a.variant !== 'unenterable').map((a) => a.account);
const UNSCANNED = '444444444444';
const HOSTILE = '666666666666';
const render = (format: (typeof FORMATS)[number], report: OrgReport, width = 80) => renderOrgReport(format, report, { color: false, width });

let org: OrgReport;
beforeAll(async () => {
  org = await orgFixture();
}, 60_000);

/** Every finding of every scanned account with one of `statuses`. */
const findingsOf = (r: OrgReport, statuses: string[]) =>
  r.accounts.flatMap((a) => (a.report?.benchmarks ?? []).flatMap((b) => b.controls.flatMap((c) => c.findings.filter((f) => statuses.includes(f.status)).map((f) => ({ account: a.account, c, f })))));

describe('the fixture organisation', () => {
  it('has scanned accounts with every exit code and one that could not be entered', () => {
    expect(org.accounts.map((a) => a.account)).toEqual([...ACCOUNTS.map((a) => a.account)].sort());
    expect(new Set(org.accounts.map((a) => a.exitCode))).toEqual(new Set([0, 1, 3]));
    expect(org.summary.accounts).toEqual({ total: 9, scanned: 8, error: 1 });
    expect(org.exitCode).toBe(1);
    const c19 = org.summary.controls.find((c) => c.control === '1.9')!;
    expect(c19.failing).toEqual(['111111111111', '555555555555', '666666666666', '888888888888']);
    expect(c19.errors).toEqual([UNSCANNED]);
    expect(c19.counts.FAIL + c19.counts.PASS + c19.counts.ERROR).toBe(9);
  });
});

describe('json', () => {
  it('is the report itself and validates strictly against schema/org-report.v1.schema.json', async () => {
    const doc = JSON.parse(await render('json', org));
    expect(doc).toEqual(JSON.parse(JSON.stringify(org)));
    const result = validateOrgReportJson(doc);
    expect(result.errors).toBe('');
    expect(result.valid).toBe(true);
  });

  it('the schema rejects what a consumer could not use', () => {
    const doc = JSON.parse(JSON.stringify(org)) as any;
    const broken = [
      (d: any) => delete d.accounts[0].report,
      (d: any) => delete d.accounts.find((a: any) => a.status === 'ERROR').error,
      (d: any) => (d.accounts[0].account = '1234'),
      (d: any) => (d.kind = 'scan'),
      (d: any) => (d.summary.controls[0].counts.FAIL = -1),
      (d: any) => (d.accounts[0].report.controls[0].status = 'MAYBE'),
      (d: any) => (d.unknownField = true),
    ];
    for (const breakIt of broken) {
      const copy = structuredClone(doc);
      breakIt(copy);
      expect(validateOrgReportJson(copy).valid, String(breakIt)).toBe(false);
    }
  });
});

describe('table', () => {
  let out: string;
  beforeAll(async () => {
    out = await render('table', org);
  });
  const row = (account: string) => out.split('\n').find((l) => l.startsWith(account))!;

  it('fits 80 columns', () => {
    for (const line of out.split('\n')) expect(Array.from(line).length, line).toBeLessThanOrEqual(80);
  });

  it('has a matrix row per account: the worst status per section and the exit code', () => {
    expect(out.split('\n').find((l) => l.startsWith('ACCOUNT'))).toMatch(/^ACCOUNT\s+NAME\s+1\s+2\s+3\s+4\s+EXIT$/);
    expect(row('111111111111')).toMatch(/^111111111111  production-payments\s+FAIL 9\s+FAIL 8\s+FAIL 4\s+FAIL 2\s+1$/);
    expect(row('222222222222')).toMatch(/staging\s+PASS\s+PASS\s+PASS\s+ERROR 1\s+3$/);
    expect(row('333333333333')).toMatch(/sandbox\s+PASS\s+PASS\s+PASS\s+PASS\s+0$/);
    expect(row(UNSCANNED)).toMatch(/legacy-suspended\s+ERROR\s+ERROR\s+ERROR\s+ERROR\s+3$/);
    expect(row('555555555555')).toMatch(/data-platform-analytics-\S*…\s+FAIL 1\s+PASS/);
  });

  it('groups failing controls with their accounts, names the accounts not scanned and why, and gives one verdict', () => {
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('FAIL 1.9 [MEDIUM]'));
    expect(lines.slice(at, at + 3).join(' ')).toMatch(/4 of 9 accounts\s+111111111111, 555555555555, 666666666666, 888888888888/);
    expect(out).toMatch(/ERROR 4\.2 \[HIGH\][^]*?6 of 9 accounts/);
    expect(out).toMatch(/Accounts not scanned \(1\)\n  ERROR 444444444444 legacy-suspended — AccessDenied: sts:AssumeRole on\n    arn:aws:iam::444444444444:role\/CisAuditReadOnly/);
    expect(out.trimEnd().split('\n').slice(-2).join(' ').replace(/\s+/g, ' ')).toBe('Result: NON-COMPLIANT (exit 1) — 4 non-compliant, 2 incomplete, 1 not scanned, 2 compliant of 9 accounts (fail on LOW and above)');
  });

  it('never lets an account name drive the terminal', () => {
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(row(HOSTILE)).toContain('<script>alert(1)</script>\uFFFD');
  });

  it('lists at most 10 accounts per control unless --all-findings', async () => {
    const many = await orgFixture(undefined, Array.from({ length: 14 }, (_, i) => ({ account: String(100000000000 + i), variant: 'demo' as const })));
    const short = (await render('table', many)).replace(/\s+/g, ' ');
    expect(short).toContain('100000000009 … and 4 more (--all-findings lists them all)');
    const all = await renderOrgReport('table', many, { color: false, width: 80, allFindings: true });
    expect(all).not.toContain('more (--all-findings');
    expect(all).toContain('100000000013');
  });

  it('says COMPLIANT when every account is', async () => {
    const ok = await orgFixture(undefined, [{ account: '333333333333', variant: 'compliant' }, { account: '777777777777', variant: 'compliant' }]);
    const text = await render('table', ok);
    expect(text).toContain('Result: COMPLIANT (exit 0) — 2 compliant of 2 accounts');
    expect(text).not.toContain('Failing controls');
  });

  it('shows one matrix per benchmark when several are selected, still within 80 columns', async () => {
    const multi = await orgFixture(['cis-1.2.0', 'cis-5.0.0']);
    const text = await render('table', multi);
    expect(text).toContain('CIS AWS Foundations Benchmark 1.2.0 (cis-1.2.0)');
    expect(text).toContain('CIS AWS Foundations Benchmark 5.0.0 (cis-5.0.0)');
    expect(text).toMatch(/^ACCOUNT\s+NAME\s+1\s+2\s+3\s+4\s+5\s+EXIT$/m);
    expect(text).toMatch(/^FAIL cis-5\.0\.0 /m);
    for (const line of text.split('\n')) expect(Array.from(line).length, line).toBeLessThanOrEqual(80);
  }, 60_000);
});

describe('junit', () => {
  it('validates against the JUnit XSD with suites per account and section, and an <error> suite for the account not scanned', async () => {
    const xml = await render('junit', org);
    const v = await validateJunit(xml);
    expect(v.errors).toBe('');
    expect(v.valid).toBe(true);
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)" id="([^"]*)"/g)].map((m) => ({ name: m[1]!, id: m[2]! }));
    expect(suites).toHaveLength(SCANNED.length * 4 + 1);
    for (const account of SCANNED) expect(suites.filter((s) => s.id.startsWith(`${account}/`)).map((s) => s.id)).toEqual(['1', '2', '3', '4'].map((n) => `${account}/${n}`));
    expect(suites.find((s) => s.id === `${UNSCANNED}/account`)!.name).toBe(`${UNSCANNED} legacy-suspended (not scanned)`);
    expect(xml).toMatch(/<error message="AccessDenied: sts:AssumeRole on arn:aws:iam::444444444444:role\/CisAuditReadOnly[^"]*" type="AccessDenied">/);
    expect(xml).toContain('classname="111111111111.cis-aws-foundations.1.9"');
  });

  it('totals at the root are the sums over the accounts', async () => {
    const xml = await render('junit', org);
    const root = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml)!;
    const suites = [...xml.matchAll(/<testsuite [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)];
    for (const i of [1, 2, 3]) expect(Number(root[i])).toBe(suites.reduce((n, m) => n + Number(m[i]), 0));
    expect(Number(root[1])).toBe(SCANNED.length * 43 + 1);
    expect((xml.match(/<failure /g) ?? []).length).toBe(Number(root[2]));
  });
});

describe('sarif', () => {
  it('is one run valid against the SARIF 2.1.0 schema, every FAIL/ERROR finding of every account with its account', async () => {
    const sarif = JSON.parse(await render('sarif', org));
    expect(validateSarif(sarif), sarifAjv.errorsText(validateSarif.errors)).toBe(true);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    const expected = findingsOf(org, ['FAIL', 'ERROR', 'SUPPRESSED']);
    expect(run.results).toHaveLength(expected.length);
    for (const r of run.results) {
      expect(r.locations[0].physicalLocation.artifactLocation.uri.startsWith(`aws/${r.properties.account}/`)).toBe(true);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
    expect(new Set(run.results.map((r: any) => r.properties.account))).toEqual(new Set(SCANNED.filter((a) => findingsOf(org, ['FAIL', 'ERROR']).some((x) => x.account === a))));
    expect(run.tool.driver.rules).toHaveLength(43);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([expect.objectContaining({ level: 'error', properties: { account: UNSCANNED, code: 'AccessDenied' } })]);
  });
});

describe('csv', () => {
  it('has every finding of every account with the account in the first column, and a row for the account not scanned', async () => {
    const rows = parse(await render('csv', org), { columns: true }) as Array<Record<string, string>>;
    for (const account of SCANNED) {
      const own = org.accounts.find((a) => a.account === account)!.report!;
      expect(rows.filter((r) => r.account === account)).toHaveLength(own.controls.reduce((n, c) => n + c.findings.length, 0));
    }
    expect(rows.filter((r) => r.account === UNSCANNED)).toEqual([expect.objectContaining({ status: 'ERROR', message: expect.stringContaining('AccessDenied: sts:AssumeRole') })]);
    // A resource naming an account names the row's own.
    for (const r of rows) for (const id of r.resource?.match(/\d{12}/g) ?? []) expect(id, r.resource).toBe(r.account);
  });
});

describe('markdown', () => {
  it('has a summary row per account, the failing controls with accounts, then each account one heading down', async () => {
    const md = await render('markdown', org);
    expect(md).toMatch(/^## cis-audit: organisation, 9 accounts$/m);
    for (const a of org.accounts) expect(md).toMatch(new RegExp(`^\\| ${a.account} \\|`, 'm'));
    expect(md).toMatch(/^\| 444444444444 \| legacy-suspended \| not scanned \| 3 \|/m);
    expect(md).toContain('- **FAIL 1.9** (MEDIUM) Ensure IAM password policy requires minimum length of 14 or greater: 4 of 9 accounts: `111111111111`, `555555555555`, `666666666666`, `888888888888`');
    expect(md.match(/^### Account \d{12}/gm)).toHaveLength(SCANNED.length);
    expect(md.match(/^#### CIS AWS Foundations Benchmark 1\.2\.0$/gm)).toHaveLength(SCANNED.length);
    expect(md).not.toMatch(/^## cis-audit: account/m);
    expect(md).not.toContain('<script>');
  });
});

describe('html', () => {
  it('is one self-contained page: an accounts table linking to a section per account, ids unique, names escaped', async () => {
    const html = await render('html', org);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    for (const a of org.accounts) {
      expect(html).toContain(`<section class="account" id="account-${a.account}"`);
      expect(html).toContain(`href="#account-${a.account}"`);
    }
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(30);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('account 444444444444 could not be scanned: AccessDenied');
    // Every scanned account's controls are on the page.
    expect(html.match(/<details class="control"/g)).toHaveLength(SCANNED.length * 43);
  });
});

describe('asff', () => {
  it('has every scanned account\'s findings, each with its AwsAccountId', async () => {
    const doc = JSON.parse(await render('asff', org)) as { Findings: Array<{ AwsAccountId: string; Id: string }> };
    const expected = org.accounts.flatMap((a) => (a.report ? asffFindings(a.report) : []));
    expect(doc.Findings).toEqual(expected);
    expect(new Set(doc.Findings.map((f) => f.AwsAccountId))).toEqual(new Set(SCANNED));
  });

  it('is valid JSON with no account at all', async () => {
    const empty = await orgFixture(undefined, []);
    expect(JSON.parse(await render('asff', empty))).toEqual({ Findings: [] });
  });
});

describe('renderOrgReport', () => {
  it.each([...FORMATS])('renders %s for an organisation with no accounts', async (format) => {
    const empty = await orgFixture(undefined, []);
    const text = await render(format, empty);
    expect(text.length).toBeGreaterThan(0);
    if (format === 'junit') expect((await validateJunit(text)).valid).toBe(true);
    if (format === 'json') expect(validateOrgReportJson(JSON.parse(text)).valid).toBe(true);
  });
});
