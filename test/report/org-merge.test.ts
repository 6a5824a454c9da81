import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import type { ScanReport } from '../../src/report/model.js';
import { mergeOrgReports, type MergeInput } from '../../src/report/org-merge.js';
import type { OrgReport } from '../../src/report/org-model.js';
import { orgExitCode } from '../../src/report/org-summary.js';
import { validateOrgReportJson } from '../helpers/validators.js';
import { ACCOUNTS, accountReport, demoReport, GENERATED_AT, makeOrgReport, orgFixture, orgShards, TOOL } from './org-fixtures.js';

// report merge: n shard reports merge into exactly the unsharded report (n = 1, 2, 5), and every input that would
// make the merged report silently wrong is refused with one line naming the file.

const META = { tool: TOOL, generatedAt: GENERATED_AT };
const inputs = (parts: unknown[]): MergeInput[] => parts.map((data, i) => ({ file: `part-${i + 1}.json`, data: JSON.parse(JSON.stringify(data)) }));
const merge = (parts: unknown[]) => mergeOrgReports(inputs(parts), META);

function refusal(parts: unknown[] | MergeInput[], asInputs = false): UsageError {
  try {
    if (asInputs) mergeOrgReports(parts as MergeInput[], META);
    else merge(parts);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).not.toContain('\n');
    expect((err as UsageError).hint).toBeTruthy();
    return err as UsageError;
  }
  throw new Error('expected the merge to be refused');
}

let whole: OrgReport;
let demo: ScanReport;
beforeAll(async () => {
  whole = await orgFixture();
  demo = await demoReport();
}, 60_000);

describe('merging shards', () => {
  it.each([1, 2, 5])('n = %i shard reports merge into the unsharded report (same accounts, findings, summary, exit code)', async (n) => {
    const shards = await orgShards(n);
    expect(shards.map((s) => s.shard!.index)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(shards.flatMap((s) => s.accounts.map((a) => a.account)).sort()).toEqual(whole.accounts.map((a) => a.account));
    const merged = merge(shards);
    expect(merged).toEqual(JSON.parse(JSON.stringify(whole)));
    expect(merged.shard).toBeUndefined();
    expect(validateOrgReportJson(JSON.parse(JSON.stringify(merged))).errors).toBe('');
    // The order the parts are given in does not matter.
    expect(merge([...shards].reverse())).toEqual(merged);
  });

  it('recomputes the summary and exit code rather than trusting the parts\'', async () => {
    const shards = await orgShards(2);
    const lying = shards.map((s) => ({ ...s, exitCode: 0, summary: { accounts: { total: 0, scanned: 0, error: 0 }, controls: [] } }));
    const merged = merge(lying);
    expect(merged.exitCode).toBe(1);
    expect(merged.summary).toEqual(whole.summary);
  });

  it('a shard given no account (more shards than accounts) is still a shard', async () => {
    const few = ACCOUNTS.slice(0, 2);
    const shards = await orgShards(3, few);
    expect(shards[2]!.accounts).toEqual([]);
    expect(merge(shards).accounts.map((a) => a.account)).toEqual(few.map((a) => a.account));
  });
});

describe('merging single-account scan reports', () => {
  it('treats each as a one-account entry, with its own exit code', () => {
    const a = accountReport(demo, '111111111111', 'demo');
    const b = accountReport(demo, '333333333333', 'compliant');
    const merged = merge([b, a]);
    expect(merged.accounts).toEqual([
      { account: '111111111111', status: 'SCANNED', exitCode: 1, report: a },
      { account: '333333333333', status: 'SCANNED', exitCode: 0, report: b },
    ]);
    expect(merged.selection).toEqual({ org: false, accounts: ['111111111111', '333333333333'] });
    expect(merged.exitCode).toBe(1);
    expect(merged.benchmarks).toEqual([demo.benchmark]);
    expect(validateOrgReportJson(JSON.parse(JSON.stringify(merged))).errors).toBe('');
  });

  it('adds them to the shards of an organisation run (e.g. the management account scanned on its own)', async () => {
    const shards = await orgShards(2, ACCOUNTS.filter((a) => a.account !== '777777777777'));
    const own = accountReport(demo, '777777777777', 'compliant');
    const merged = merge([...shards, own]);
    expect(merged.accounts.map((a) => a.account)).toEqual(whole.accounts.map((a) => a.account));
    expect(merged.selection).toEqual(whole.selection);
    expect(merged.summary).toEqual(whole.summary);
  });
});

describe('refusals (exit 2, one line naming the file, a hint)', () => {
  it('the same shard twice', async () => {
    const [s1, s2] = await orgShards(2);
    expect(refusal([s1, s2, s1]).message).toBe('overlapping shards: part-1.json and part-3.json are both shard 1/2');
  });

  it('an account in two parts', async () => {
    const [s1, s2] = await orgShards(2);
    const stolen = s1!.accounts[0]!;
    const s2b = { ...s2!, accounts: [...s2!.accounts, stolen], shard: { ...s2!.shard!, accounts: [...s2!.shard!.accounts, stolen.account] } };
    expect(refusal([s1, s2b]).message).toBe(`account ${stolen.account} is in both part-1.json and part-2.json`);
    const single = accountReport(demo, '111111111111', 'demo');
    expect(refusal([single, single]).message).toBe('account 111111111111 is in both part-1.json and part-2.json');
  });

  it('a missing shard, naming the ones present', async () => {
    const shards = await orgShards(5);
    expect(refusal([shards[0], shards[1], shards[4]]).message).toBe('missing shards 3/5, 4/5 (have 1, 2, 5)');
    expect(refusal(shards.slice(1)).message).toBe('missing shard 1/5 (have 2, 3, 4, 5)');
  });

  it('mixed shard counts', async () => {
    const two = await orgShards(2);
    const three = await orgShards(3, ACCOUNTS.slice(0, 0));
    expect(refusal([two[0], two[1], three[2]]).message).toBe('mixed shard counts: part-1.json is shard 1/2, part-3.json is shard 3/3');
  });

  it('an unsharded organisation report among shards', async () => {
    const shards = await orgShards(2, ACCOUNTS.slice(0, 4));
    const other = makeOrgReport(demo, [], {});
    expect(refusal([...shards, other]).message).toBe('part-3.json is an unsharded organisation report, the other parts are shards');
  });

  it('a shard that does not report every account it was given', async () => {
    const [s1, s2] = await orgShards(2);
    const short = { ...s1!, accounts: s1!.accounts.slice(1) };
    expect(refusal([short, s2]).message).toBe(`part-1.json: shard 1/2 does not report the accounts it was given (given but not reported: ${s1!.accounts[0]!.account})`);
  });

  it('mixed benchmarks or --fail-on', async () => {
    const a = accountReport(demo, '111111111111', 'demo');
    const multi = accountReport(await demoReport(['cis-1.2.0', 'cis-5.0.0']), '222222222222', 'demo');
    expect(refusal([a, multi]).message).toBe('the parts are of different benchmarks: part-1.json has cis-1.2.0, part-2.json has cis-1.2.0,cis-5.0.0');
    const strict = { ...accountReport(demo, '333333333333', 'demo'), failOn: 'HIGH' };
    expect(refusal([a, strict]).message).toBe('the parts were judged with different --fail-on: part-1.json LOW, part-2.json HIGH');
  }, 60_000);

  it('parts from different account selections', async () => {
    const [s1, s2] = await orgShards(2);
    expect(refusal([s1, { ...s2!, selection: { org: true, roleName: 'OtherRole' } }]).message).toBe('part-1.json and part-2.json come from different account selections');
  });

  it('malformed files, each named with what is wrong', () => {
    const org = JSON.parse(JSON.stringify(whole)) as any;
    const cases: Array<[unknown, RegExp]> = [
      [[1, 2], /^part-1\.json: not a JSON object$/],
      [{ kind: 'drift' }, /^part-1\.json: report of kind "drift"/],
      [{ hello: 'world' }, /^part-1\.json: the file is not a cis-audit scan report \(schemaVersion 1\)$/],
      [{ ...org, schemaVersion: 2 }, /organisation report of schemaVersion 2; this cis-audit reads 1/],
      [{ ...org, accounts: undefined }, /without accounts\[\] \(truncated\?\)/],
      [{ ...org, accounts: [{ ...org.accounts[0], report: undefined }] }, /accounts\[0\] \(111111111111\)'s report is not a cis-audit scan report/],
      [{ ...org, accounts: [{ ...org.accounts[0], account: '42' }] }, /accounts\[0\] has no 12-digit account id/],
      [{ ...org, accounts: [{ ...org.accounts[0], account: '999999999990' }] }, /accounts\[0\] is account 999999999990 but its report is of account 111111111111/],
      [{ ...org, accounts: [{ ...org.accounts[3], error: undefined }] }, /accounts\[0\] \(444444444444\) is ERROR without an error code and message/],
      [{ ...org, accounts: [{ ...org.accounts[0], status: 'MAYBE' }] }, /has status "MAYBE", not SCANNED or ERROR/],
      [{ ...org, failOn: 'SOMETIMES' }, /without a valid failOn/],
      [{ ...org, shard: { index: 3, count: 2, accounts: [] } }, /shard is not \{index, count\} with 1 <= index <= count/],
      [{ ...demo, benchmarks: undefined }, /lists no benchmarks \(written by an older cis-audit\? scan again\)/],
    ];
    for (const [data, message] of cases) expect(refusal([{ file: 'part-1.json', data }], true).message).toMatch(message);
  });

  it('no part at all', () => {
    expect(refusal([], true).message).toBe('report merge needs at least one report');
  });
});

describe('the organisation exit code', () => {
  it('is non-compliant over incomplete over compliant, 0 with no account, and an unknown code counts as incomplete', () => {
    expect(orgExitCode([0, 3, 1, 0])).toBe(1);
    expect(orgExitCode([0, 3, 0])).toBe(3);
    expect(orgExitCode([0, 0])).toBe(0);
    expect(orgExitCode([])).toBe(0);
    expect(orgExitCode([0, 7])).toBe(3);
    expect(orgExitCode([7, 1])).toBe(1);
  });
});
