import { resolveHomeRegion } from '../aws/home-region.js';
import { AssumeRoleFailed, assumedRoleCredentials, type RoleToAssume } from '../aws/assume-role.js';
import { LiveTransport, type LiveOptions } from '../aws/live-transport.js';
import { limiterFactory } from '../aws/rate-limit.js';
import { DEFAULT_RETRY } from '../aws/retry.js';
import type { AwsTransport } from '../aws/transport.js';
import type { Benchmark, ControlDef, Level } from '../benchmark/control.js';
import { BENCHMARK_SELECTORS, DEFAULT_BENCHMARK, findBenchmark, UnknownBenchmarkError } from '../benchmark/index.js';
import { selectControls, UnknownControlError } from '../benchmark/select.js';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../checks/check.js';
import { REGION_PATTERN } from '../collect/account.js';
import type { ScanRequest } from '../engine/scan.js';
import type { Snapshot } from '../snapshot/format.js';
import { loadSnapshot } from '../snapshot/load.js';
import { ReplayTransport } from '../snapshot/replay-transport.js';
import type { Io } from '../model/io.js';
import { parseSingleRole, type RoleFlags } from './account-flags.js';
import { UsageError } from './errors.js';
import { parseIsoInstant, rejectEmptyValues, rejectLiveFlagsWithSnapshot, rejectNowBeforeCollection } from './flag-rules.js';

// Turns validated command-line choices into a scan request: live AWS or a snapshot replay.
export interface SelectionFlags extends RoleFlags {
  benchmark?: string[];
  level?: string;
  control?: string[];
  'exclude-control'?: string[];
  region?: string[];
  profile?: string;
  'endpoint-url'?: string;
  snapshot?: string;
  now?: string;
  concurrency: number;
  'root-usage-days': number;
  'strict-patterns': boolean;
  'max-rps'?: number;
  'call-timeout'?: number;
}

export const splitList = (values: string[] | undefined): string[] =>
  (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

/** The benchmarks asked for with --benchmark (repeatable or comma list), each once, in the order given. */
export function resolveBenchmarks(values: string[] | undefined): Benchmark[] {
  const asked = splitList(values);
  if (values !== undefined && values.length > 0 && asked.length === 0) throw new UsageError('--benchmark needs a value', `benchmarks: ${BENCHMARK_SELECTORS.join(', ')}`);
  try {
    const found = (asked.length > 0 ? asked : [DEFAULT_BENCHMARK]).map(findBenchmark);
    return [...new Map(found.map((b) => [b.selector, b])).values()];
  } catch (err) {
    if (err instanceof UnknownBenchmarkError) throw new UsageError(`unknown benchmark: ${err.message}`, `benchmarks: ${BENCHMARK_SELECTORS.join(', ')}`);
    throw err;
  }
}

export function parseLevel(text: string | undefined): Level {
  if (text === undefined) return 2;
  if (text.trim() === '1') return 1;
  if (text.trim() === '2') return 2;
  throw new UsageError(`--level must be 1 or 2, got ${JSON.stringify(text)}`, 'level 1 is the essential profile; level 2 (the default) includes it');
}

/** The selected controls of every selected benchmark; --control applies to each, and an id absent from one is an error. */
export function resolveControls(flags: Pick<SelectionFlags, 'benchmark' | 'level' | 'control' | 'exclude-control'>): ControlDef[] {
  const level = parseLevel(flags.level);
  const controls: ControlDef[] = [];
  for (const benchmark of resolveBenchmarks(flags.benchmark)) {
    try {
      controls.push(...selectControls(benchmark, splitList(flags.control), splitList(flags['exclude-control']), level));
    } catch (err) {
      if (err instanceof UnknownControlError) {
        const where = `CIS v${err.benchmark.version}`;
        if (err.why) throw new UsageError(`control ${err.spec} is not checked: ${err.why}`, `run \`cis-audit controls --benchmark ${err.benchmark.selector}\` for the controls cis-audit evaluates`);
        throw new UsageError(`unknown control id: ${err.spec} (not in ${where})`, `run \`cis-audit controls --benchmark ${err.benchmark.selector}\` for the list (ids like 1.9, sections like 3 or 3.*)`);
      }
      throw err;
    }
  }
  if (controls.length === 0) throw new UsageError('the selection leaves no control to scan', 'loosen --exclude-control or --level');
  return controls;
}

export interface PreparedScan {
  request: ScanRequest;
  snapshot?: Snapshot;
  /** Live scans: how transports are made, so other accounts can be entered with the same settings. */
  live?: { options: LiveOptions; make: MakeTransport; maxRps?: number };
}

export type MakeTransport = (options: LiveOptions) => AwsTransport;

export interface PrepareDeps {
  /** Asks for an MFA code (--mfa-serial). */
  io?: Pick<Io, 'stdinIsTTY' | 'ask' | 'stderr'>;
  /** The live transport (tests route it to fakes). */
  makeTransport?: MakeTransport;
}

const NO_TERMINAL: Pick<Io, 'stdinIsTTY' | 'stderr'> = { stdinIsTTY: false, stderr: () => undefined };

const SELECTION_VALUE_FLAGS = ['benchmark', 'control', 'exclude-control', 'region', 'profile', 'endpoint-url', 'snapshot', 'now'];

export async function prepareScan(flags: SelectionFlags, env: NodeJS.ProcessEnv = process.env, deps: PrepareDeps = {}): Promise<PreparedScan> {
  rejectEmptyValues(flags as unknown as Record<string, unknown>, SELECTION_VALUE_FLAGS);
  rejectLiveFlagsWithSnapshot(flags);
  const controls = resolveControls(flags);
  const regions = splitList(flags.region);
  for (const r of regions) {
    if (!REGION_PATTERN.test(r)) throw new UsageError(`invalid region name: ${r}`, 'regions look like us-east-1 or eu-west-2');
  }
  if (!Number.isInteger(flags.concurrency) || flags.concurrency < 1 || flags.concurrency > 1024) {
    throw new UsageError(`--concurrency must be between 1 and 1024, got ${flags.concurrency}`);
  }
  if (!Number.isInteger(flags['root-usage-days']) || flags['root-usage-days'] < 1) {
    throw new UsageError(`--root-usage-days must be a positive whole number, got ${flags['root-usage-days']}`);
  }
  const maxRps = flags['max-rps'];
  if (maxRps !== undefined && !(maxRps > 0 && maxRps <= 1000)) throw new UsageError(`--max-rps must be between 0 and 1000, got ${maxRps}`);
  const callTimeout = flags['call-timeout'] ?? 60;
  if (!(callTimeout >= 1 && callTimeout <= 3600)) throw new UsageError(`--call-timeout must be between 1 and 3600 seconds, got ${callTimeout}`);
  const now = flags.now === undefined ? undefined : parseIsoInstant(flags.now);
  const options: CheckOptions = {
    ...DEFAULT_CHECK_OPTIONS,
    rootUsageDays: flags['root-usage-days'],
    strictPatterns: flags['strict-patterns'],
  };
  const base = { controls, options, concurrency: flags.concurrency, ...(regions.length > 0 ? { regions } : {}) };

  if (flags.snapshot !== undefined) {
    const snapshot = loadSnapshot(flags.snapshot);
    const transport: AwsTransport = new ReplayTransport(snapshot);
    const collectedAt = new Date(snapshot.collectedAt);
    rejectNowBeforeCollection(now, collectedAt);
    return {
      snapshot,
      request: { ...base, transport, homeRegion: snapshot.homeRegion, collectedAt, now: now ?? collectedAt, sleep: async () => {} },
    };
  }
  const endpointUrl = flags['endpoint-url'] ?? env.AWS_ENDPOINT_URL;
  if (endpointUrl !== undefined) {
    try {
      new URL(endpointUrl);
    } catch {
      throw new UsageError(`invalid endpoint URL: ${endpointUrl}`, 'give a full URL such as http://localhost:4566');
    }
  }
  const role = parseSingleRole(flags, deps.io ?? NO_TERMINAL);
  const { region: homeRegion } = await resolveHomeRegion(flags.profile, env);
  const liveOptions: LiveOptions = {
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    requestTimeoutMs: callTimeout * 1000,
  };
  const make = deps.makeTransport ?? ((o: LiveOptions) => new LiveTransport(o));
  const source = make(liveOptions);
  const transport = role ? make({ ...liveOptions, credentials: await enterRole(source, homeRegion, role) }) : source;
  const readerOptions = { limiter: limiterFactory(maxRps), callTimeoutMs: callTimeout * 1000, retry: DEFAULT_RETRY };
  return {
    request: { ...base, transport, homeRegion, readerOptions, ...(now ? { now } : {}) },
    live: { options: liveOptions, make, ...(maxRps !== undefined ? { maxRps } : {}) },
  };
}

/** Assumes the role once up front, so a role that cannot be entered is one clear error before the scan starts. */
async function enterRole(source: AwsTransport, homeRegion: string, role: RoleToAssume) {
  const credentials = assumedRoleCredentials(source, homeRegion, role);
  try {
    await credentials();
  } catch (err) {
    if (!(err instanceof AssumeRoleFailed)) throw err;
    throw new UsageError(`cannot enter the role's account: ${err.message}`, 'check the role\'s trust policy (principal, sts:ExternalId, MFA) and that the source credentials may call sts:AssumeRole on it');
  }
  return credentials;
}
