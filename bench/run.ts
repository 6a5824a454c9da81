import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONCURRENCY } from '../src/aws/reader.js';
import { BENCHMARK_SELECTORS, DEFAULT_BENCHMARK } from '../src/benchmark/index.js';
import { prepareScan } from '../src/cli/scan-setup.js';
import { runScan } from '../src/engine/scan.js';
import type { Status } from '../src/model/status.js';
import { computeBounds, type Bounds } from './bounds.js';
import { BENCHMARK_SETS, generateAccount, SCALES, serveBench, type BenchAccount, type BenchmarkSet, type Scale } from './generate.js';
import { LatencyTransport, ResponseCache, UnhandledTally } from './latency-transport.js';
import { measure } from './measure.js';
import { orgMarkdown, runOrgBench } from './org.js';

// The scan benchmark: the real runScan, with the reader configured exactly as a live scan configures it
// (prepareScan: per service+region limiter at the default rates, DEFAULT_RETRY, 60 s call timeout), the 43 v1.2.0
// controls (or, with --benchmarks all, the controls of all six versions in one scan), against a generated account served in memory with a fixed per-call latency.
//
//   node .bench-dist/bench/run.js --scale large|small|xl|all|org [--accounts 200] [--account-concurrency 8] [--benchmarks default|all] [--latency 50] [--concurrency 64] [--cold] [--runs 3]
//     [--out DIR | --update-results]
// Results go to .bench-out/ (git-ignored); --update-results writes the committed bench/results/ instead.

/** The CLI's default --concurrency. */
export { DEFAULT_CONCURRENCY };
export const DEFAULT_LATENCY_MS = 50;
export const TARGETS = { wallOverBound: 1.5, callsOverMinimal: 1.1, peakRssMB: 300, xlOverLarge: 4 } as const;

export interface BenchOptions {
  latencyMs: number;
  concurrency: number;
  /** Serve the measured run from responses cached by a warm-up scan (default), or straight from the fake. */
  cold?: boolean;
  /** Measured runs (default 1); the median wall is reported. */
  runs?: number;
  /** The benchmark set scanned: 'default' (v1.2.0, 43 controls) or 'all' (the six versions in one scan). */
  benchmarks?: BenchmarkSet;
}

/** The --benchmark selectors of a set. */
export const benchmarkSelectors = (set: BenchmarkSet = 'default'): string[] => (set === 'all' ? [...BENCHMARK_SELECTORS] : [DEFAULT_BENCHMARK]);

export interface BenchResult {
  scale: Scale;
  latencyMs: number;
  concurrency: number;
  /** false: the fake's responses were cached by a warm-up scan, so the fake's own CPU is not in the wall time. */
  cold: boolean;
  account: Record<string, number>;
  /** The median of the measured runs. */
  wallMs: number;
  wallRunsMs: number[];
  calls: number;
  callsByOperation: Record<string, { calls: number; minimal: number }>;
  retries: number;
  /** CPU time (user + system) this process spent during the measured scan: the scanner's own work. */
  cpuMs: number;
  peakInFlight: number;
  /** RSS sampled every 5 ms during the measured scans (their peak), and just before a scan started (Node, the
   *  generated account, the fake and its response cache: the harness's share). */
  peakRssMB: number;
  rssBeforeScanMB: number;
  /** The whole process's peak (process.resourceUsage().maxRSS), the warm-up scan and generation included. */
  processMaxRssMB: number;
  bound: Omit<Bounds, 'groups'>;
  wallOverBound: number;
  callsOverMinimal: number;
  /** calls × latency ÷ concurrency: the best the scanner's concurrency cap allows (not part of the bound). */
  concurrencyFloorMs: number;
  controls: number;
  statuses: Partial<Record<Status, number>>;
  unexpectedErrors: number;
  /** Calls the generated account could not answer (no handler for the operation, or a non-AWS error), by operation. */
  unhandledOperations: Record<string, number>;
  /** The benchmark set scanned (absent in results written before sets existed: the default). */
  benchmarks?: BenchmarkSet;
  node: string;
}

const MB = 1024 * 1024;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function describeAccount(b: BenchAccount): Record<string, number> {
  const m = b.model;
  const nets = Object.values(m.networking?.regions ?? {});
  return {
    regions: m.regions.length,
    credentialReportUsers: m.iam.reportRows.length - 1,
    roles: m.iam.roles.length,
    customerPolicies: m.iam.policies.length,
    groups: b.spec.groups,
    virtualMfaDevices: m.iam.virtualMfa.length,
    vpcs: nets.reduce((n, r) => n + r.vpcs.length, 0),
    securityGroups: nets.reduce((n, r) => n + r.securityGroups.length, 0),
    securityGroupRules: nets.reduce((n, r) => n + r.securityGroups.reduce((k, g) => k + g.rules.length, 0), 0),
    flowLogs: nets.reduce((n, r) => n + r.flowLogs.length, 0),
    kmsKeys: m.logging?.kmsKeys.length ?? 0,
    configRecorders: Object.keys(m.logging?.config ?? {}).length,
    trails: m.cloudtrail?.trails.length ?? 0,
    multiRegionTrails: m.cloudtrail?.trails.filter((t) => t.IsMultiRegionTrail).length ?? 0,
    metricFilters: m.monitoring?.metricFilters.length ?? 0,
    cisFilters: b.cisFilters.length,
    alarms: m.monitoring?.alarms.length ?? 0,
    topics: m.monitoring?.topics.length ?? 0,
    // What only the newer benchmarks read.
    buckets: new Set([...(m.logging?.buckets ?? []), ...(m.storage?.buckets ?? [])].map((x) => x.Name)).size,
    dbInstances: Object.values(m.storage?.rds ?? {}).reduce((n, r) => n + r.instances.length, 0),
    dbClusters: Object.values(m.storage?.rds ?? {}).reduce((n, r) => n + (r.clusters?.length ?? 0), 0),
    fileSystems: Object.values(m.storage?.efs ?? {}).reduce((n, r) => n + r.length, 0),
    macieRegions: Object.keys(m.storage?.macie ?? {}).length,
    instances: nets.reduce((n, r) => n + (r.instances?.length ?? 0), 0),
    peeringConnections: nets.reduce((n, r) => n + (r.peeringConnections?.length ?? 0), 0),
    vpcEndpoints: nets.reduce((n, r) => n + (r.vpcEndpoints?.length ?? 0), 0),
  };
}

/** Runs one scan of a generated account and measures it. */
export async function runBench(b: BenchAccount, opts: BenchOptions): Promise<BenchResult> {
  const bounds = computeBounds(b, opts.latencyMs, opts.benchmarks);
  const fake = new UnhandledTally(serveBench(b));
  const cache = new ResponseCache(fake);
  const prepare = async () => (await prepareScan(
    { benchmark: benchmarkSelectors(opts.benchmarks), concurrency: opts.concurrency, 'root-usage-days': 90, 'strict-patterns': false, now: b.now.toISOString() },
    { AWS_REGION: b.homeRegion },
  )).request;
  const live = await prepare();
  if (!live.readerOptions?.limiter || !live.readerOptions.retry) throw new Error('bench: prepareScan gave no live reader options');
  let warmVerdicts: string | undefined;
  if (!opts.cold) {
    // Warm-up: same scan, no latency, no limiter, filling the response cache.
    const { readerOptions: _live, ...unlimited } = await prepare();
    const warm = await runScan({ ...unlimited, transport: cache });
    warmVerdicts = verdicts(warm.controls);
  }
  const missesBefore = cache.misses;

  // Measured runs: a fresh limiter and transport each; the median wall is reported.
  const runs: Array<{ wallMs: number; cpuMs: number; peakRss: number; rssBefore: number; transport: LatencyTransport; result: Awaited<ReturnType<typeof runScan>> }> = [];
  for (let i = 0; i < Math.max(1, opts.runs ?? 1); i++) {
    const transport = new LatencyTransport(opts.cold ? fake : cache, opts.latencyMs);
    const { value: result, wallMs, cpuMs, peakRss, rssBefore } = await measure(async () => runScan({ ...(await prepare()), transport }));
    if (!opts.cold && (cache.misses !== missesBefore || verdicts(result.controls) !== warmVerdicts)) {
      throw new Error('bench: the measured scan differs from the warm-up scan (calls or verdicts)');
    }
    if (result.reader.totalCalls !== transport.total) {
      throw new Error(`bench: the reader counted ${result.reader.totalCalls} calls, the transport saw ${transport.total}`);
    }
    runs.push({ wallMs, cpuMs, peakRss, rssBefore, transport, result });
  }
  const median = [...runs].sort((x, y) => x.wallMs - y.wallMs)[Math.floor((runs.length - 1) / 2)]!;
  const { wallMs, transport, result } = median;
  const calls = result.reader.totalCalls;
  const ops = new Set([...transport.byOperation.keys(), ...Object.keys(bounds.minimalByOperation)]);
  const callsByOperation = Object.fromEntries([...ops].sort().map((op) => [op, { calls: transport.byOperation.get(op) ?? 0, minimal: bounds.minimalByOperation[op] ?? 0 }]));
  const statuses: Partial<Record<Status, number>> = {};
  for (const c of result.controls) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
  const { groups: _groups, ...bound } = bounds;
  return {
    scale: b.scale,
    latencyMs: opts.latencyMs,
    concurrency: opts.concurrency,
    cold: opts.cold === true,
    account: describeAccount(b),
    wallMs: round(wallMs, 1),
    wallRunsMs: runs.map((r) => round(r.wallMs, 1)),
    calls,
    callsByOperation,
    retries: result.reader.totalRetries,
    cpuMs: round(median.cpuMs, 1),
    peakInFlight: transport.peakInFlight,
    peakRssMB: round(Math.max(...runs.map((r) => r.peakRss)) / MB, 1),
    rssBeforeScanMB: round(Math.min(...runs.map((r) => r.rssBefore)) / MB, 1),
    processMaxRssMB: round((process.resourceUsage().maxRSS * 1024) / MB, 1),
    bound: { ...bound, rateMs: round(bound.rateMs, 1), naiveRateMs: round(bound.naiveRateMs, 1), boundMs: round(bound.boundMs, 1) },
    wallOverBound: round(wallMs / bounds.boundMs),
    callsOverMinimal: round(calls / bounds.minimalCalls, 3),
    concurrencyFloorMs: round((calls * opts.latencyMs) / opts.concurrency, 1),
    controls: result.controls.length,
    statuses,
    unexpectedErrors: result.unexpectedErrors.length,
    unhandledOperations: Object.fromEntries([...fake.byOperation].sort()),
    benchmarks: opts.benchmarks ?? 'default',
    node: process.version,
  };
}

const verdicts = (controls: Array<{ control: { id: string }; status: Status; findings: unknown[] }>) =>
  controls.map((c) => `${c.control.id}=${c.status}/${c.findings.length}`).join(' ');

// ---------------------------------------------------------------------------------------------------------------
// Reporting

/** Calls the generated account could not answer (results written before the tally count none). */
const unhandled = (r: BenchResult) => Object.values(r.unhandledOperations ?? {}).reduce((n, k) => n + k, 0);
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

export function markdown(r: BenchResult, large?: BenchResult): string {
  const a = r.account;
  const lines = [
    `### ${r.scale}${r.benchmarks === 'all' ? ' (all six benchmarks)' : ''}: ${a.regions} regions, ${a.credentialReportUsers} users, ${a.roles} roles, ${a.customerPolicies} policies, ${a.vpcs} VPCs, ${a.securityGroups} security groups (${a.securityGroupRules} rules), ${a.kmsKeys} KMS keys, ${a.trails} trails, ${a.metricFilters} filters, ${a.alarms} alarms`,
    ...(r.benchmarks === 'all' ? ['', `Read only by the newer benchmarks: ${a.buckets} S3 buckets, ${a.dbInstances} RDS instances in ${a.dbClusters} clusters and alone, ${a.fileSystems} EFS file systems, Macie in ${a.macieRegions} regions, ${a.instances} EC2 instances, ${a.peeringConnections} peering connections, ${a.vpcEndpoints} VPC endpoints, default ACLs and route tables per VPC, EBS defaults per region.`] : []),
    '',
    `Latency ${r.latencyMs} ms per call, concurrency ${r.concurrency}, live limiter (default rates per service and region), DEFAULT_RETRY, ${r.benchmarks === 'all' ? `${r.controls} controls of all six benchmarks in one scan` : `${r.controls} controls`}${r.cold ? ', fake AWS answering every call (its CPU included)' : ', responses cached by a warm-up scan (the fake\'s CPU excluded)'}.`,
    '',
    '| wall | bound | wall/bound | calls | minimal | calls/minimal | retries | peak RSS | CPU | peak in flight |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${fmtMs(r.wallMs)} | ${fmtMs(r.bound.boundMs)} | ${r.wallOverBound.toFixed(2)} | ${r.calls} | ${r.bound.minimalCalls} | ${r.callsOverMinimal.toFixed(3)} | ${r.retries} | ${r.peakRssMB} MB | ${fmtMs(r.cpuMs)} | ${r.peakInFlight} |`,
    '',
    `Bound = max(chain ${r.bound.chainCalls} calls × ${r.latencyMs} ms = ${fmtMs(r.bound.chainMs)}, tightest limiter bucket ${r.bound.rateBucket} = ${fmtMs(r.bound.rateMs)}): limited by the ${r.bound.limitedBy}.`,
    `Longest chain: ${r.bound.criticalPath.join(' → ')}.`,
    `The scanner's concurrency cap alone needs ${fmtMs(r.concurrencyFloorMs)} (calls × latency ÷ ${r.concurrency}). Issue-literal "calls ÷ rate" term: ${fmtMs(r.bound.naiveRateMs)}.`,
    `Verdicts: ${Object.entries(r.statuses).map(([s, n]) => `${s} ${n}`).join(', ')}; unexpected errors ${r.unexpectedErrors}.`,
    ...(unhandled(r) > 0 ? [`Unhandled by the generated account: ${Object.entries(r.unhandledOperations).map(([op, n]) => `${op} ×${n}`).join(', ')}.`] : []),
    '',
  ];
  if (r.scale === 'large') {
    const served = r.unexpectedErrors === 0 && unhandled(r) === 0;
    lines.push(
      `Targets: wall ≤ ${TARGETS.wallOverBound} × bound ${mark(r.wallOverBound <= TARGETS.wallOverBound)}; calls ≤ ${TARGETS.callsOverMinimal} × minimal ${mark(r.callsOverMinimal <= TARGETS.callsOverMinimal)}; peak RSS ≤ ${TARGETS.peakRssMB} MB ${mark(r.peakRssMB <= TARGETS.peakRssMB)}; every call served, no unexpected error ${mark(served)}.`,
      '',
    );
  }
  if (r.scale === 'xl' && large && large.concurrency === r.concurrency && large.latencyMs === r.latencyMs) {
    const ratio = r.wallMs / large.wallMs;
    lines.push(`Target: xl wall ≤ ${TARGETS.xlOverLarge} × large wall: ${ratio.toFixed(2)}× ${mark(ratio <= TARGETS.xlOverLarge)}.`, '');
  }
  lines.push('| operation | calls | minimal |', '|---|---:|---:|');
  for (const [op, c] of Object.entries(r.callsByOperation)) lines.push(`| ${op} | ${c.calls} | ${c.minimal} |`);
  lines.push('');
  return lines.join('\n');
}

function resultName(scale: Scale, o: BenchOptions): string {
  const suffix = [
    o.benchmarks === 'all' ? 'all' : '',
    o.concurrency !== DEFAULT_CONCURRENCY ? `c${o.concurrency}` : '',
    o.latencyMs !== DEFAULT_LATENCY_MS ? `l${o.latencyMs}` : '',
    o.cold ? 'cold' : '',
  ].filter(Boolean).join('-');
  return suffix ? `${scale}-${suffix}` : scale;
}

function readResult(dir: string, name: string): BenchResult | undefined {
  const file = join(dir, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchResult) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

interface Args extends BenchOptions {
  scale: Scale | 'all' | 'org';
  out: string;
  /** --scale org: how many accounts, scanned how many at once. */
  accounts: number;
  accountConcurrency: number;
  /** --concurrency was given (else --scale org uses 64 per account in flight). */
  concurrencyGiven?: boolean;
}

/** Where results go unless told: an ignored folder, so a run never rewrites tracked files. */
export const DEFAULT_OUT = '.bench-out';
/** The committed results, refreshed only with --update-results. */
export const COMMITTED_OUT = 'bench/results';

export function parseArgs(argv: string[]): Args {
  const args: Args = { scale: 'large', latencyMs: DEFAULT_LATENCY_MS, concurrency: DEFAULT_CONCURRENCY, out: DEFAULT_OUT, runs: 3, accounts: 200, accountConcurrency: 8 };
  let outGiven = false;
  let update = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--scale') {
      const s = value();
      if (s !== 'all' && s !== 'org' && !(SCALES as readonly string[]).includes(s)) throw new Error(`--scale must be one of ${SCALES.join(', ')}, all, org`);
      args.scale = s as Scale | 'all' | 'org';
    } else if (flag === '--latency') args.latencyMs = Number(value());
    else if (flag === '--concurrency') {
      args.concurrency = Number(value());
      args.concurrencyGiven = true;
    }
    else if (flag === '--out') {
      args.out = value();
      outGiven = true;
    } else if (flag === '--update-results') update = true;
    else if (flag === '--cold') args.cold = true;
    else if (flag === '--runs') args.runs = Number(value());
    else if (flag === '--accounts') args.accounts = Number(value());
    else if (flag === '--account-concurrency') args.accountConcurrency = Number(value());
    else if (flag === '--benchmarks') {
      const set = value();
      if (!(BENCHMARK_SETS as readonly string[]).includes(set)) throw new Error(`--benchmarks must be one of ${BENCHMARK_SETS.join(', ')}`);
      args.benchmarks = set as BenchmarkSet;
    }
    else throw new Error(`unknown argument ${flag}`);
  }
  if (update && outGiven) throw new Error('--update-results writes bench/results; it cannot be combined with --out');
  if (update) args.out = COMMITTED_OUT;
  if (!(args.latencyMs >= 0)) throw new Error('--latency must be a number of milliseconds');
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1) throw new Error('--concurrency must be a positive integer');
  if (!Number.isInteger(args.runs) || args.runs! < 1) throw new Error('--runs must be a positive integer');
  return args;
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  if (args.scale === 'org') {
    // One socket budget for every account in flight: docs/organisations.md recommends 64 per account (512 for 8).
    const concurrency = args.concurrencyGiven ? args.concurrency : Math.min(1024, 64 * args.accountConcurrency);
    const r = await runOrgBench({ accounts: args.accounts, accountConcurrency: args.accountConcurrency, latencyMs: args.latencyMs, concurrency });
    writeFileSync(join(out, 'org.json'), `${JSON.stringify(r, null, 2)}\n`);
    const md = orgMarkdown(r);
    writeFileSync(join(out, 'org.md'), md);
    process.stdout.write(`${md}\n`);
    return;
  }
  if (args.scale === 'all') {
    // One child process per scale: each one's peak RSS is its own.
    for (const scale of SCALES) {
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--scale', scale, '--latency', String(args.latencyMs), '--concurrency', String(args.concurrency), '--out', out, '--runs', String(args.runs), ...(args.cold ? ['--cold'] : []), ...(args.benchmarks ? ['--benchmarks', args.benchmarks] : [])], { stdio: 'inherit' });
      if (child.status !== 0) throw new Error(`bench: the ${scale} run failed (exit ${child.status})`);
    }
    const results = SCALES.map((s) => readResult(out, resultName(s, args))!);
    const large = results.find((r) => r.scale === 'large');
    const summary = [
      `## Scan benchmark (latency ${args.latencyMs} ms, concurrency ${args.concurrency})`,
      '',
      '| scale | wall | bound | wall/bound | calls | minimal | calls/minimal | retries | peak RSS |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map((r) => `| ${r.scale} | ${fmtMs(r.wallMs)} | ${fmtMs(r.bound.boundMs)} | ${r.wallOverBound.toFixed(2)} | ${r.calls} | ${r.bound.minimalCalls} | ${r.callsOverMinimal.toFixed(3)} | ${r.retries} | ${r.peakRssMB} MB |`),
      '',
      ...results.map((r) => markdown(r, large)),
    ].join('\n');
    writeFileSync(join(out, `${resultName('large', args).replace(/^large/, 'summary')}.md`), summary);
    process.stdout.write(`\n${summary}\n`);
    return;
  }
  const bench = generateAccount(args.scale);
  const result = await runBench(bench, args);
  const name = resultName(args.scale, args);
  const large = args.scale === 'xl' ? readResult(out, resultName('large', args)) : undefined;
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const md = markdown(result, large);
  writeFileSync(join(out, `${name}.md`), md);
  process.stdout.write(`${md}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  });
}

