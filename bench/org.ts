import type { LiveOptions } from '../src/aws/live-transport.js';
import type { AwsTransport } from '../src/aws/transport.js';
import { prepareScan } from '../src/cli/scan-setup.js';
import { orgScanCommand, type OrgScanFlags } from '../src/cli/run-org-scan.js';
import { runScan } from '../src/engine/scan.js';
import { FakeAws, page } from '../test/fake-aws/fake-aws.js';
import { computeBounds } from './bounds.js';
import { generateAccount, serveBench } from './generate.js';
import { LatencyTransport, ResponseCache } from './latency-transport.js';
import { measure } from './measure.js';

// The organisation benchmark: `scan --org` (the real orgScanCommand: listing, AssumeRole per account, per-account
// limiters, one shared socket budget, the org report rendered as JSON) over N accounts that are each the `small`
// account, every call (management account's included) answered after a fixed latency.
//
// Bound: ceil(accounts ÷ account concurrency) × (one account's bound + one AssumeRole latency): each account
// is scanned as fast as a single `small` scan can be, `concurrency` at a time.

export interface OrgBenchOptions {
  accounts: number;
  accountConcurrency: number;
  latencyMs: number;
  concurrency: number;
}

export interface OrgBenchResult extends OrgBenchOptions {
  wallMs: number;
  boundMs: number;
  wallOverBound: number;
  oneAccountBoundMs: number;
  /** Calls to the member accounts, and the minimal count (accounts × one small account's minimal calls). */
  memberCalls: number;
  minimalMemberCalls: number;
  /** Calls of one single-account scan of the small account (the scanner's own count, for comparison). */
  singleScanCalls: number;
  managementCalls: Record<string, number>;
  /** Per operation: calls to all member accounts, and one single-account scan's calls × accounts. */
  memberCallsByOperation: Record<string, { calls: number; singleTimesAccounts: number }>;
  peakRssMB: number;
  rssBeforeScanMB: number;
  reportMB: number;
  exitCode: number;
  scanned: number;
  errors: number;
  cpuMs: number;
  node: string;
}

const MB = 1024 * 1024;
const MANAGEMENT = '999900000000';
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function runOrgBench(o: OrgBenchOptions): Promise<OrgBenchResult> {
  const small = generateAccount('small');
  const bounds = computeBounds(small, o.latencyMs);
  const cache = new ResponseCache(serveBench(small));
  const env = { AWS_REGION: small.homeRegion, AWS_ACCESS_KEY_ID: 'AKIDBENCH', AWS_SECRET_ACCESS_KEY: 'bench' };
  // Warm-up: one plain scan fills the response cache (the fake's own CPU stays out of the measured run).
  const warm = await prepareScan({ concurrency: o.concurrency, 'root-usage-days': 90, 'strict-patterns': false, now: small.now.toISOString() }, env);
  const { readerOptions: _unlimited, ...unlimited } = warm.request;
  const single = await runScan({ ...unlimited, transport: cache });

  const ids = Array.from({ length: o.accounts }, (_, i) => String(100000000000 + i * 1009).padStart(12, '0'));
  const management = new FakeAws()
    .on('sts', 'GetCallerIdentity', () => ({ Account: MANAGEMENT, Arn: `arn:aws:iam::${MANAGEMENT}:user/auditor` }))
    .on('organizations', 'ListAccounts', (input) => page(ids.map((id) => ({ Id: id, Name: `acct-${id}`, State: 'ACTIVE', Status: 'ACTIVE' })), input, { size: 20, inToken: 'NextToken', outToken: 'NextToken', key: 'Accounts' }))
    .on('sts', 'AssumeRole', (input) => ({
      Credentials: { AccessKeyId: `ASIA${/::(\d{12}):/.exec(String(input.RoleArn))![1]}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) },
    }));
  const managementTransport = new LatencyTransport(management, o.latencyMs);
  const counted: Array<Map<string, number>> = [];
  // Each member is the small account under its own id, generated when it is entered and dropped with its
  // transport: only the accounts in flight are in memory (their fakes answer every call, their CPU included).
  const makeTransport = (options: LiveOptions): AwsTransport => {
    if (!options.credentials) return managementTransport;
    const credentials = options.credentials;
    let member: Promise<LatencyTransport> | undefined;
    return {
      async send(call) {
        member ??= credentials().then((c) => {
          const t = new LatencyTransport(serveBench(generateAccount('small', undefined, c.accessKeyId.slice(4))), o.latencyMs);
          counted.push(t.byOperation);
          return t;
        });
        return (await member).send(call);
      },
    };
  };
  const flags: OrgScanFlags = {
    org: true, 'org-role-name': 'audit', 'account-concurrency': o.accountConcurrency, concurrency: o.concurrency,
    format: 'json', 'fail-on': 'LOW', debug: false, 'root-usage-days': 90, 'strict-patterns': false, now: small.now.toISOString(),
  };
  let reportBytes = 0;
  const io = { stdout: (s: string) => void (reportBytes += Buffer.byteLength(s)), stderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, env };
  const { value: outcome, wallMs, cpuMs, rssBefore, peakRss } = await measure(() => orgScanCommand(flags, io, { name: 'cis-audit', version: 'bench' }, false, { makeTransport }));

  const oneAccountBoundMs = bounds.boundMs + o.latencyMs; // + its AssumeRole
  const boundMs = Math.ceil(o.accounts / o.accountConcurrency) * oneAccountBoundMs;
  const memberCalls = counted.reduce((n, m) => n + [...m.values()].reduce((k, v) => k + v, 0), 0);
  return {
    ...o,
    wallMs: round(wallMs, 1),
    boundMs,
    wallOverBound: round(wallMs / boundMs),
    oneAccountBoundMs,
    memberCalls,
    minimalMemberCalls: o.accounts * bounds.minimalCalls,
    singleScanCalls: single.reader.totalCalls,
    managementCalls: Object.fromEntries(managementTransport.byOperation),
    memberCallsByOperation: byOperation(counted, single.reader.calls, o.accounts),
    peakRssMB: round(peakRss / MB, 1),
    rssBeforeScanMB: round(rssBefore / MB, 1),
    reportMB: round(reportBytes / MB, 1),
    exitCode: outcome.exitCode,
    scanned: outcome.report.summary.accounts.scanned,
    errors: outcome.report.summary.accounts.error,
    cpuMs: round(cpuMs, 1),
    node: process.version,
  };
}

function byOperation(members: Array<Map<string, number>>, single: Map<string, number>, accounts: number): OrgBenchResult['memberCallsByOperation'] {
  const sum = new Map<string, number>();
  for (const m of members) for (const [op, n] of m) sum.set(op, (sum.get(op) ?? 0) + n);
  const ops = [...new Set([...sum.keys(), ...single.keys()])].sort();
  return Object.fromEntries(ops.map((op) => [op, { calls: sum.get(op) ?? 0, singleTimesAccounts: (single.get(op) ?? 0) * accounts }]));
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

export function orgMarkdown(r: OrgBenchResult): string {
  return [
    `### org: ${r.accounts} accounts, each the small account; account concurrency ${r.accountConcurrency}, --concurrency ${r.concurrency}, latency ${r.latencyMs} ms`,
    '',
    '| wall | bound | wall/bound | member calls | minimal | single-scan calls × accounts | peak RSS | JSON report | CPU |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${fmtMs(r.wallMs)} | ${fmtMs(r.boundMs)} | ${r.wallOverBound.toFixed(2)} | ${r.memberCalls} | ${r.minimalMemberCalls} | ${r.singleScanCalls * r.accounts} | ${r.peakRssMB} MB | ${r.reportMB} MB | ${fmtMs(r.cpuMs)} |`,
    '',
    `Bound = ceil(${r.accounts} ÷ ${r.accountConcurrency}) × (one small account's bound + one AssumeRole = ${fmtMs(r.oneAccountBoundMs)}). Management account: ${Object.entries(r.managementCalls).map(([op, n]) => `${op} ×${n}`).join(', ')}. Accounts scanned ${r.scanned}, errors ${r.errors}, exit code ${r.exitCode}.`,
    '',
  ].join('\n');
}
