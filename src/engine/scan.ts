import { isAwsError, isCredentialError } from '../aws/errors.js';
import { AwsReader, type ReaderOptions } from '../aws/reader.js';
import type { AwsTransport } from '../aws/transport.js';
import type { ControlDef } from '../benchmark/control.js';
import type { Check, CheckContext, CheckOptions, CheckParams, CheckState } from '../checks/check.js';
import { accountResource } from '../checks/findings.js';
import { findCheck } from '../checks/registry.js';
import { callerIdentity, enabledRegions, REGION_PATTERN, type Identity } from '../collect/account.js';
import { Collector } from '../collect/collector.js';
import { closeOver, type DatumDef } from '../collect/datum.js';
import { UsageError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { Got } from '../model/got.js';
import type { Status } from '../model/status.js';
import { controlReason, controlStatus } from './aggregate.js';

export interface ScanRequest {
  controls: ControlDef[];
  transport: AwsTransport;
  homeRegion: string;
  /** Regions asked for with --region; undefined means every enabled region. */
  regions?: string[];
  /** Evaluation instant for time-based controls (defaults to collection time). */
  now?: Date;
  /** When the state was collected (a snapshot's recorded time); defaults to the start of this scan. */
  collectedAt?: Date;
  options: CheckOptions;
  concurrency: number;
  record?: boolean;
  sleep?: (ms: number) => Promise<void>;
  onCall?: () => void;
  /** Rate limits, retries and timeouts for live reads. */
  readerOptions?: Pick<ReaderOptions, 'limiter' | 'retry' | 'callTimeoutMs' | 'sleep'>;
  /** Check lookup, replaceable in tests. */
  lookupCheck?: (id: string) => Check | undefined;
}

export interface ControlResult {
  control: ControlDef;
  status: Status;
  reason: string;
  findings: Finding[];
}

export interface ScanResult {
  identity: Identity;
  homeRegion: string;
  regions: string[];
  collectedAt: Date;
  evaluatedAt: Date;
  controls: ControlResult[];
  reader: AwsReader;
  /** Everything collected, by datum key (remediators plan from it). */
  data: Map<string, Got<unknown>>;
  /** The context checks were evaluated in. */
  context: CheckContext;
  warnings: string[];
  /** Bugs or surprising responses turned into ERROR findings; their stacks are printed with --debug. */
  unexpectedErrors: unknown[];
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const nextTask = () => new Promise<void>((r) => setImmediate(r));

/** resolve checks → the data they need → collect once → evaluate purely → aggregate per control. */
export async function runScan(req: ScanRequest): Promise<ScanResult> {
  const lookup = req.lookupCheck ?? findCheck;
  const collectedAt = req.collectedAt ?? new Date();
  const reader = new AwsReader(req.transport, {
    ...req.readerOptions,
    concurrency: req.concurrency,
    record: req.record ?? false,
    ...(req.onCall ? { onCall: req.onCall } : {}),
  });
  const warnings: string[] = [];

  const plan = req.controls.map((control) => ({
    control,
    checks: control.checks.map((id) => lookup(id)).filter((c): c is Check => c !== undefined),
  }));
  const datums = closeOver(plan.flatMap((p) => p.checks.flatMap((c) => c.needs)));

  for (const r of req.regions ?? []) {
    if (!REGION_PATTERN.test(r)) throw new UsageError(`invalid region name: ${r}`, 'regions look like us-east-1 or eu-west-2');
  }
  // Who we are and where to look are independent: ask both at once. When both fail, who we are is the cause
  // (missing credentials fail both), whichever call happens to fail first.
  const [who, where] = await Promise.allSettled([
    resolveIdentity(reader, req.homeRegion),
    datums.some((d) => d.regional) ? resolveRegions(reader, req.homeRegion, req.regions, warnings) : [...(req.regions ?? [])],
  ]);
  if (who.status === 'rejected') throw who.reason;
  if (where.status === 'rejected') throw where.reason;
  const [identity, regions] = [who.value, where.value];

  // Datums in a dependency chain (trails → filters → alarms → topics, trail listings → buckets) set the scan's critical path.
  const urgent = new Set(datums.flatMap((d) => (d.dependsOn.length > 0 ? [d.key, ...d.dependsOn.map((x) => x.key)] : [])));
  const collector = new Collector(reader, identity.account, identity.partition, req.homeRegion, regions, req.sleep ?? realSleep, urgent);
  const ctx: CheckContext = {
    now: req.now ?? collectedAt,
    account: identity.account,
    partition: identity.partition,
    homeRegion: req.homeRegion,
    regions,
    options: req.options,
    params: {},
  };
  // Each check is evaluated as soon as its own data is in, while the rest is still being collected.
  const checkErrors: unknown[] = [];
  // One evaluation per check and parameter set, however many benchmarks map a control onto it.
  const evaluations = new Map<string, Promise<Finding[]>>();
  const evaluate = (check: Check, params: CheckParams): Promise<Finding[]> => {
    const key = `${check.id} ${JSON.stringify(paramsFor(check, params))}`;
    let findings = evaluations.get(key);
    if (!findings) {
      findings = Promise.all(check.needs.map((d) => collector.get(d))).then(async (gots) => {
        // Each check in a task of its own: answers that arrive meanwhile start their next calls between checks
        // instead of after a run of checks over thousands of rows.
        await nextTask();
        const data = new Map(check.needs.map((d, i) => [d.key, gots[i]!]));
        return evaluateCheck(check, data, { ...ctx, params: paramsFor(check, params) }, checkErrors);
      });
      evaluations.set(key, findings);
    }
    return findings;
  };
  const decided = plan.map(async ({ control, checks }) => {
    const findings = checks.length === 0 ? [notImplemented(control, ctx)] : (await Promise.all(checks.map((c) => evaluate(c, control.params ?? {})))).flat();
    const status = controlStatus(findings, control.aggregation);
    return { control, status, reason: controlReason(status, findings), findings };
  });
  await Promise.all(datums.map((d) => collector.get(d)));
  const controls = await Promise.all(decided);
  const data = await collector.settled();
  const unexpectedErrors = [...collector.unexpectedErrors, ...checkErrors];

  return {
    identity, homeRegion: req.homeRegion, regions, collectedAt, evaluatedAt: ctx.now, controls, reader, data, context: ctx, warnings, unexpectedErrors,
  };
}

/** Controls evaluated over data already collected (or predicted: the state a fix's earlier stages will leave). */
export function evaluateCollected(controls: ControlDef[], data: Map<string, Got<unknown>>, ctx: CheckContext, lookup = findCheck): ControlResult[] {
  const errors: unknown[] = [];
  return controls.map((control) => {
    const checks = control.checks.map((id) => lookup(id)).filter((c): c is Check => c !== undefined);
    const findings = checks.length === 0
      ? [notImplemented(control, ctx)]
      : checks.flatMap((c) => evaluateCheck(c, data, { ...ctx, params: paramsFor(c, control.params ?? {}) }, errors));
    const status = controlStatus(findings, control.aggregation);
    return { control, status, reason: controlReason(status, findings), findings };
  });
}

/** The mapping's parameters this check reads, in a stable order (the evaluation cache key). */
function paramsFor(check: Check, params: CheckParams): CheckParams {
  const out: Record<string, unknown> = {};
  for (const k of [...(check.params ?? [])].sort()) if (params[k] !== undefined) out[k] = params[k];
  return out as CheckParams;
}

/** Runs one check over exactly the data it declared; a check that throws becomes an ERROR, never a silent drop. */
function evaluateCheck(check: Check, data: Map<string, Got<unknown>>, ctx: CheckContext, unexpected: unknown[]): Finding[] {
  const state = stateFor(check.id, check.needs, data);
  try {
    return check.evaluate(state, ctx);
  } catch (err) {
    unexpected.push(err);
    const message = err instanceof Error ? err.message : String(err);
    return [{
      status: 'ERROR',
      resource: accountResource(ctx),
      region: 'global',
      message: `check ${check.id} could not evaluate the collected state: ${message}`,
      evidence: [{ source: 'cis-audit', field: 'check', value: check.id }],
      error: { service: 'cis-audit', operation: `evaluate ${check.id}`, region: 'global', code: 'CheckFailed', message },
    }];
  }
}

/** The collected data restricted to what `who` declared: reading anything else is a bug, caught by tests. */
export function stateFor(who: string, needs: DatumDef<unknown>[], data: Map<string, Got<unknown>>): CheckState {
  const declared = new Set(needs.map((d) => d.key));
  return {
    get<T>(def: DatumDef<T>): Got<T> {
      const got = data.get(def.key);
      if (!declared.has(def.key) || !got) throw new Error(`${who} read ${def.key} without declaring it`);
      return got as Got<T>;
    },
  };
}

function notImplemented(control: ControlDef, ctx: CheckContext): Finding {
  return {
    status: 'NOT_IMPLEMENTED',
    resource: accountResource(ctx),
    region: 'global',
    message: `control ${control.id} has no check yet`,
    evidence: [],
  };
}

async function resolveIdentity(reader: AwsReader, homeRegion: string): Promise<Identity> {
  try {
    return await callerIdentity(reader, homeRegion);
  } catch (err) {
    if (isCredentialError(err)) {
      throw new UsageError(
        `no usable AWS credentials: ${(err as Error).message}`,
        'set --profile or AWS_PROFILE, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; or scan a file with --snapshot',
      );
    }
    if (isAwsError(err, 'SnapshotMissingCall')) {
      throw new UsageError('the snapshot has no sts:GetCallerIdentity call', 'record snapshots with `cis-audit collect`');
    }
    const code = isAwsError(err) ? err.code : 'Error';
    throw new UsageError(
      `cannot determine the AWS account: sts:GetCallerIdentity failed: ${code} (${(err as Error).message})`,
      'check your credentials, network and --endpoint-url',
    );
  }
}

async function resolveRegions(reader: AwsReader, homeRegion: string, asked: string[] | undefined, warnings: string[]): Promise<string[]> {
  let enabled: string[];
  try {
    enabled = await enabledRegions(reader, homeRegion);
  } catch (err) {
    const why = isAwsError(err) ? `${err.code} (${err.message})` : (err as Error).message;
    if (asked && asked.length > 0) {
      warnings.push(`could not list enabled regions (ec2:DescribeRegions: ${why}); scanning ${asked.join(', ')} as asked`);
      return [...new Set(asked)];
    }
    throw new UsageError(`cannot list the account's enabled regions: ec2:DescribeRegions failed: ${why}`, 'pass the regions to scan with --region');
  }
  if (!asked || asked.length === 0) return enabled;
  const unknown = asked.filter((r) => !enabled.includes(r));
  if (unknown.length > 0) {
    throw new UsageError(`unknown or disabled region: ${unknown.join(', ')}`, `enabled regions: ${enabled.join(', ')}`);
  }
  return [...new Set(asked)];
}
