import { UsageError } from '../model/errors.js';
import { SEVERITIES, type Severity } from '../model/status.js';
import type { BenchmarkInfo, ScanReport } from './model.js';
import { ORG_REPORT_KIND, type OrgAccountEntry, type OrgReport } from './org-model.js';
import { buildOrgReport } from './org-build.js';

// `report merge`: shard reports (and single-account scan reports, as one-account entries) into one organisation
// report whose summary and exit code are recomputed from the accounts, so it equals one unsharded run. Anything
// that would make the merged report silently wrong is refused: overlapping or missing shards, mixed shard counts,
// benchmarks or --fail-on, a file that is not a report.

export interface MergeInput {
  /** The path as given, for messages. */
  file: string;
  data: unknown;
}

export interface MergeMeta {
  tool: { name: string; version: string };
  generatedAt: string;
}

const HINT = 'give the JSON reports (--format json) of every shard of one run: cis-audit report merge shard-*.json';
const ACCOUNT_ID = /^\d{12}$/;

interface Part {
  file: string;
  benchmarks: BenchmarkInfo[];
  failOn: Severity;
  entries: OrgAccountEntry[];
  /** Set for organisation reports (single-account reports have no selection or shard). */
  org?: { selection: OrgReport['selection']; shard?: OrgReport['shard']; failOnStaleWaivers?: boolean };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const malformed = (file: string, why: string) => new UsageError(`${file}: ${why}`, HINT);
const isExitCode = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function checkScanReport(file: string, r: unknown, where: string): asserts r is ScanReport {
  if (!isObject(r) || r.schemaVersion !== 1) throw malformed(file, `${where} is not a cis-audit scan report (schemaVersion 1)`);
  if (typeof r.account !== 'string' || !ACCOUNT_ID.test(r.account)) throw malformed(file, `${where} has no 12-digit account id`);
  if (!Array.isArray(r.benchmarks) || r.benchmarks.length === 0) throw malformed(file, `${where} lists no benchmarks (written by an older cis-audit? scan again)`);
  for (const b of r.benchmarks) {
    if (!isObject(b) || !isObject(b.benchmark) || typeof b.benchmark.selector !== 'string' || !Array.isArray(b.controls)) throw malformed(file, `${where} has a benchmark entry without a selector or controls (truncated?)`);
  }
  if (!isExitCode(r.exitCode)) throw malformed(file, `${where} has no exit code`);
  if (!SEVERITIES.includes(r.failOn as Severity)) throw malformed(file, `${where} has no valid failOn`);
}

const infos = (r: ScanReport): BenchmarkInfo[] => r.benchmarks.map(({ benchmark: { id, selector, name, version } }) => ({ id, selector, name, version }));

function entryOf(file: string, e: unknown, i: number): OrgAccountEntry {
  const where = `accounts[${i}]`;
  if (!isObject(e) || typeof e.account !== 'string' || !ACCOUNT_ID.test(e.account)) throw malformed(file, `${where} has no 12-digit account id`);
  if (!isExitCode(e.exitCode)) throw malformed(file, `${where} (${e.account}) has no exit code`);
  if (e.name !== undefined && typeof e.name !== 'string') throw malformed(file, `${where} (${e.account}) has a name that is not a string`);
  if (e.status === 'SCANNED') {
    checkScanReport(file, e.report, `${where} (${e.account})'s report`);
    if (e.report.account !== e.account) throw malformed(file, `${where} is account ${e.account} but its report is of account ${e.report.account}`);
  } else if (e.status === 'ERROR') {
    if (!isObject(e.error) || typeof e.error.code !== 'string' || typeof e.error.message !== 'string') throw malformed(file, `${where} (${e.account}) is ERROR without an error code and message`);
  } else {
    throw malformed(file, `${where} (${e.account}) has status ${JSON.stringify(e.status)}, not SCANNED or ERROR`);
  }
  return e as unknown as OrgAccountEntry;
}

function orgPart(file: string, r: Record<string, unknown>): Part {
  if (r.schemaVersion !== 1) throw malformed(file, `organisation report of schemaVersion ${JSON.stringify(r.schemaVersion)}; this cis-audit reads 1`);
  if (!Array.isArray(r.accounts)) throw malformed(file, 'organisation report without accounts[] (truncated?)');
  if (!Array.isArray(r.benchmarks) || r.benchmarks.length === 0 || !r.benchmarks.every((b) => isObject(b) && typeof b.selector === 'string')) throw malformed(file, 'organisation report without benchmarks');
  if (!SEVERITIES.includes(r.failOn as Severity)) throw malformed(file, 'organisation report without a valid failOn');
  if (!isObject(r.selection) || typeof r.selection.org !== 'boolean') throw malformed(file, 'organisation report without a selection');
  const entries = r.accounts.map((e, i) => entryOf(file, e, i));
  let shard: OrgReport['shard'];
  if (r.shard !== undefined) {
    const s = r.shard;
    if (!isObject(s) || !Number.isInteger(s.count) || !Number.isInteger(s.index) || (s.count as number) < 1 || (s.index as number) < 1 || (s.index as number) > (s.count as number)) {
      throw malformed(file, 'shard is not {index, count} with 1 <= index <= count');
    }
    if (!Array.isArray(s.accounts) || !s.accounts.every((a) => typeof a === 'string')) throw malformed(file, 'shard does not list the accounts it was given');
    shard = s as OrgReport['shard'];
    checkShardAccounts(file, shard!, entries);
  }
  const waivers = isObject(r.summary) && isObject(r.summary.waivers) ? r.summary.waivers : undefined;
  if (waivers !== undefined && typeof waivers.failOnStale !== 'boolean') throw malformed(file, 'summary.waivers has no failOnStale');
  const failOnStaleWaivers = waivers?.failOnStale as boolean | undefined;
  return { file, benchmarks: r.benchmarks as BenchmarkInfo[], failOn: r.failOn as Severity, entries, org: { selection: r.selection as OrgReport['selection'], ...(shard ? { shard } : {}), ...(failOnStaleWaivers !== undefined ? { failOnStaleWaivers } : {}) } };
}

/** A shard reports exactly the accounts it was given: one missing would vanish from the merge without a trace. */
function checkShardAccounts(file: string, shard: NonNullable<OrgReport['shard']>, entries: OrgAccountEntry[]): void {
  const given = new Set(shard.accounts);
  const reported = new Set(entries.map((e) => e.account));
  const missing = [...given].filter((a) => !reported.has(a));
  const extra = [...reported].filter((a) => !given.has(a));
  if (missing.length + extra.length === 0 && reported.size === entries.length) return;
  const parts = [missing.length > 0 ? `given but not reported: ${list(missing)}` : '', extra.length > 0 ? `reported but not given: ${list(extra)}` : '', reported.size < entries.length ? 'an account reported twice' : ''].filter(Boolean);
  throw malformed(file, `shard ${shard.index}/${shard.count} does not report the accounts it was given (${parts.join('; ')})`);
}

const list = (xs: string[]) => (xs.length <= 5 ? xs.join(', ') : `${xs.slice(0, 5).join(', ')} and ${xs.length - 5} more`);

function toPart({ file, data }: MergeInput): Part {
  if (!isObject(data)) throw malformed(file, 'not a JSON object');
  if (data.kind === ORG_REPORT_KIND) return orgPart(file, data);
  if (data.kind !== undefined) throw malformed(file, `report of kind ${JSON.stringify(data.kind)}, not an organisation or scan report`);
  checkScanReport(file, data, 'the file');
  return { file, benchmarks: infos(data), failOn: data.failOn, entries: [{ account: data.account, status: 'SCANNED', exitCode: data.exitCode, report: data }] };
}

/** Every part judged the same way: the same benchmarks in the same order, the same --fail-on. */
function checkSameScan(parts: Part[]): void {
  const first = parts[0]!;
  const key = (p: Part) => p.benchmarks.map((b) => b.selector).join(',');
  for (const p of parts.slice(1)) {
    if (key(p) !== key(first)) throw new UsageError(`the parts are of different benchmarks: ${first.file} has ${key(first)}, ${p.file} has ${key(p)}`, 'merge the shards of one run (every shard scans with the same --benchmark)');
    if (p.failOn !== first.failOn) throw new UsageError(`the parts were judged with different --fail-on: ${first.file} ${first.failOn}, ${p.file} ${p.failOn}`, 'merge the shards of one run (every shard scans with the same --fail-on)');
  }
}

/** Shards: one count, each index 1..n exactly once; no unsharded organisation report among them. */
function checkShards(parts: Part[]): void {
  const sharded = parts.filter((p) => p.org?.shard);
  if (sharded.length === 0) return;
  const whole = parts.find((p) => p.org && !p.org.shard);
  if (whole) throw new UsageError(`${whole.file} is an unsharded organisation report, the other parts are shards`, 'merge either the shards of one run or whole reports, not both');
  const count = sharded[0]!.org!.shard!.count;
  const byIndex = new Map<number, Part>();
  for (const p of sharded) {
    const s = p.org!.shard!;
    if (s.count !== count) throw new UsageError(`mixed shard counts: ${sharded[0]!.file} is shard ${sharded[0]!.org!.shard!.index}/${count}, ${p.file} is shard ${s.index}/${s.count}`, 'merge the shards of one run (one --shard count)');
    const twin = byIndex.get(s.index);
    if (twin) throw new UsageError(`overlapping shards: ${twin.file} and ${p.file} are both shard ${s.index}/${count}`, 'give each shard once');
    byIndex.set(s.index, p);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const have = [...byIndex.keys()].sort((a, b) => a - b).join(', ');
    throw new UsageError(`missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} (have ${have})`, 'merge the reports of all shards; rerun the failed shard first');
  }
}

/** --fail-on-stale-waivers as the organisation parts were run with it: all alike (a part without waivers says nothing). */
function mergedFailOnStale(parts: Part[]): boolean {
  const said = parts.filter((p) => p.org?.failOnStaleWaivers !== undefined);
  const first = said[0];
  const other = said.find((p) => p.org!.failOnStaleWaivers !== first!.org!.failOnStaleWaivers);
  if (first && other) {
    const name = (p: Part) => `${p.file} ${p.org!.failOnStaleWaivers ? 'with' : 'without'}`;
    throw new UsageError(`the parts were judged differently: ${name(first)} --fail-on-stale-waivers, ${name(other)}`, 'merge the shards of one run (every shard scans with the same waiver flags)');
  }
  return first?.org!.failOnStaleWaivers ?? false;
}

/** The organisation parts came from one selection (the same --org/--ou/--accounts/--org-role-name). */
function mergedSelection(parts: Part[], singles: string[]): OrgReport['selection'] {
  const org = parts.filter((p) => p.org);
  const canonical = (s: OrgReport['selection']) => JSON.stringify(s, Object.keys(s).sort());
  for (const p of org.slice(1)) {
    if (canonical(p.org!.selection) !== canonical(org[0]!.org!.selection)) throw new UsageError(`${org[0]!.file} and ${p.file} come from different account selections`, 'merge the shards of one run (the same --org, --ou, --accounts and --org-role-name)');
  }
  return org[0]?.org!.selection ?? { org: false, accounts: [...singles].sort() };
}

/** One organisation report from the parts, or a UsageError naming what is wrong with them. */
export function mergeOrgReports(inputs: MergeInput[], meta: MergeMeta): OrgReport {
  if (inputs.length === 0) throw new UsageError('report merge needs at least one report', HINT);
  const parts = inputs.map(toPart);
  checkSameScan(parts);
  checkShards(parts);
  const seen = new Map<string, string>();
  for (const p of parts) {
    for (const e of p.entries) {
      const other = seen.get(e.account);
      if (other !== undefined) throw new UsageError(`account ${e.account} is in both ${other} and ${p.file}`, other === p.file ? 'the file lists the account twice; write it again' : 'each account may be in one part only: merge the shards of one run');
      seen.set(e.account, p.file);
    }
  }
  const singles = parts.filter((p) => !p.org).flatMap((p) => p.entries.map((e) => e.account));
  // The summary and exit code are recomputed exactly as one unsharded run builds them.
  return buildOrgReport(parts.flatMap((p) => p.entries), {
    tool: meta.tool,
    benchmarks: parts[0]!.benchmarks.map(({ id, selector, name, version }) => ({ id, selector, name, version })),
    failOn: parts[0]!.failOn,
    generatedAt: meta.generatedAt,
    selection: mergedSelection(parts, singles),
    failOnStaleWaivers: mergedFailOnStale(parts),
  });
}
