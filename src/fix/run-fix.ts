import type { ControlDef } from '../benchmark/control.js';
import type { CheckParams } from '../checks/check.js';
import { UsageError } from '../model/errors.js';
import { runScan, stateFor, type ScanRequest, type ScanResult } from '../engine/scan.js';
import type { Io } from '../model/io.js';
import type { Finding } from '../model/finding.js';
import { AwsCallError } from '../aws/errors.js';
import { AwsReader } from '../aws/reader.js';
import { defaultJournalDir, Journal } from './journal.js';
import { remediatorFor } from './registry.js';
import { LOG_RETENTION_DAYS } from './remediators/building-blocks.js';
import { describeCallError } from './remediators/building-blocks.js';
import { resolveStepRefs } from './remediators/step-refs.js';
import { storageOptions, type StorageOptionFlags } from './storage-options.js';
import { renderPlans } from './render.js';
import { DEFAULT_FIX_OPTIONS, type FixOptions, type FixOutcome, type RemediationPlan, type Remediator, type Step, type VerifyOutcome } from './types.js';
import { describeRetry, GatedWriter } from './writer.js';

/** What may change and how; the selection flags and `fix` itself (src/cli/fix-command.ts) are the cli layer's. */
export interface FixOptionFlags extends StorageOptionFlags {
  'dry-run': boolean;
  yes: boolean;
  'allow-disruptive': boolean;
  'journal-dir'?: string;
  'access-log-bucket'?: string;
  'support-role-name'?: string;
  'notify-email'?: string;
  'sns-topic-arn'?: string;
  'subscription-protocol'?: string;
  'subscription-endpoint'?: string;
  'traffic-type'?: string;
  'flow-log-destination'?: string;
  'flow-log-bucket'?: string;
  'log-retention-days'?: number;
  'trail-bucket'?: string;
  'config-bucket'?: string;
  'config-global-region'?: string;
  'security-hub-default-standards'?: boolean;
  debug: boolean;
}

export interface FixIo extends Io {
  stdinIsTTY: boolean;
  confirm(question: string): Promise<boolean>;
  /** How to wait before retrying a step IAM propagation refused (default: really wait; tests record instead). */
  sleep?: (ms: number) => Promise<void>;
}

export interface ControlOutcome {
  control: string;
  outcome: FixOutcome | 'UNREADABLE';
  detail: string;
}

export interface FixResult {
  exitCode: number;
  outcomes: ControlOutcome[];
  journalPath?: string;
  writes: number;
}

interface Planned {
  remediator: Remediator;
  controls: ControlDef[];
  plan: RemediationPlan;
}

/** The fix flow after a scan (`fix`, or `scan --fix` reusing the scan it just reported). */
export async function fixScanned(
  scan: ScanResult,
  request: ScanRequest,
  flags: FixOptionFlags & { control?: string[] },
  io: FixIo,
  tool: { name: string; version: string },
): Promise<FixResult> {
  const options: FixOptions = {
    ...DEFAULT_FIX_OPTIONS,
    allowDisruptive: flags['allow-disruptive'],
    ...(flags['access-log-bucket'] ? { accessLogBucket: flags['access-log-bucket'] } : {}),
    ...(flags['support-role-name'] ? { supportRoleName: flags['support-role-name'] } : {}),
    ...buildingOptions(flags),
    ...loggingOptions(flags),
    ...storageOptions(flags),
    ...(flags['security-hub-default-standards'] ? { securityHubDefaultStandards: true } : {}),
  };
  const outcomes: ControlOutcome[] = [];
  const failing: ScanResult['controls'] = [];
  for (const c of scan.controls) {
    if (c.status === 'FAIL') failing.push(c);
    else if (c.status === 'ERROR' || c.status === 'NOT_IMPLEMENTED') {
      outcomes.push({ control: c.control.id, outcome: 'UNREADABLE', detail: `cannot plan a fix: ${c.reason}` });
    } else if (flags.control?.length) {
      outcomes.push({ control: c.control.id, outcome: 'NOTHING_TO_DO', detail: `already ${c.status}` });
    }
  }

  const planned = await planAll(failing, scan, request, options);
  for (const p of planned.filter((x) => x.plan.steps.length === 0)) {
    for (const c of p.controls) outcomes.push({ control: c.id, outcome: 'GUIDANCE', detail: p.plan.guidance.join(' | ') || 'see the plan' });
  }
  if (planned.length > 0) io.stdout(renderPlans(planned.map((p) => ({ controls: p.controls.map((c) => c.id), plan: p.plan }))));
  const toApply = planned.filter((p) => p.plan.steps.length > 0);
  const stepCount = toApply.reduce((n, p) => n + p.plan.steps.length, 0);

  if (stepCount === 0) return finish(io, outcomes, undefined, 0);
  if (flags['dry-run']) {
    io.stdout(`Dry run: ${stepCount} change(s) planned, nothing changed.\n`);
    for (const p of toApply) for (const c of p.controls) outcomes.push({ control: c.id, outcome: 'NOTHING_TO_DO', detail: 'dry run' });
    return finish(io, outcomes, undefined, 0);
  }
  if (!flags.yes) {
    if (!io.stdinIsTTY) {
      throw new UsageError(`refusing to apply ${stepCount} change(s) without confirmation: not interactive`, 'review the plan, then rerun with --yes (or --dry-run to only plan)');
    }
    if (!(await io.confirm(`Apply ${stepCount} change(s) to account ${scan.identity.account}? [y/N] `))) {
      io.stdout('Nothing changed.\n');
      return finish(io, outcomes, undefined, 0);
    }
  }

  const journal = Journal.create(flags['journal-dir'] ?? defaultJournalDir(io.env), {
    account: scan.identity.account,
    partition: scan.identity.partition,
    startedAt: new Date().toISOString(),
    tool,
  });
  io.stderr(`journal: ${journal.path}\n`);
  const writer = new GatedWriter(request.transport, { onRetry: (n) => io.stderr(describeRetry(n)), ...(io.sleep ? { sleep: io.sleep } : {}) });
  writer.open();
  const verifyQueue: Array<{ p: Planned; applied: Step[] }> = [];
  for (const p of toApply) {
    const applied: Step[] = [];
    let failed: string | undefined;
    const outputs = new Map<string, unknown>();
    for (const planned of p.plan.steps) {
      // Ids AWS assigned to earlier steps (a new key) are filled in before sending; the journal keeps the concrete call.
      const step = resolveStepRefs(planned, outputs);
      const { entry, error } = await writer.apply(journal, p.controls.map((c) => c.id).join(','), p.remediator.id, step);
      if (error) {
        failed = `${step.call.service}:${step.call.operation} failed: ${error.code} (${error.message}); ${applied.length} earlier step(s) applied and journaled`;
        break;
      }
      if (step.ref) outputs.set(step.ref, entry.output);
      applied.push(step);
    }
    if (failed) for (const c of p.controls) outcomes.push({ control: c.id, outcome: 'APPLY_ERROR', detail: failed });
    else verifyQueue.push({ p, applied });
  }
  outcomes.push(...(await verifyAll(verifyQueue, request, scan)));
  return finish(io, outcomes, journal.path, writer.sent.length);
}

/** The options of the remediators that create resources (3.x, 2.9, 2.4), validated: a bad value is a usage error (exit 2). */
export function buildingOptions(flags: Partial<FixOptionFlags>): Partial<FixOptions> {
  const out: Partial<FixOptions> = {};
  const subscriptions: Array<{ protocol: string; endpoint: string }> = [];
  const email = flags['notify-email'];
  if (email !== undefined) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError(`--notify-email ${email} is not an email address`);
    subscriptions.push({ protocol: 'email', endpoint: email });
  }
  const protocol = flags['subscription-protocol'];
  const endpoint = flags['subscription-endpoint'];
  if ((protocol === undefined) !== (endpoint === undefined)) throw new UsageError('--subscription-protocol and --subscription-endpoint go together');
  if (protocol !== undefined && endpoint !== undefined) subscriptions.push({ protocol, endpoint });
  if (subscriptions.length > 0) out.subscriptions = subscriptions;
  const topic = flags['sns-topic-arn'];
  if (topic !== undefined) {
    if (!/^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(topic)) throw new UsageError(`--sns-topic-arn ${topic} is not an SNS topic ARN`, 'e.g. arn:aws:sns:us-east-1:111122223333:security-alerts');
    out.snsTopicArn = topic;
  }
  const traffic = flags['traffic-type'];
  if (traffic !== undefined) {
    if (traffic !== 'REJECT' && traffic !== 'ALL') throw new UsageError(`--traffic-type must be REJECT or ALL, not ${traffic}`);
    out.flowLogTrafficType = traffic;
  }
  const bucket = flags['flow-log-bucket'];
  const destination = flags['flow-log-destination'] ?? (bucket !== undefined ? 's3' : undefined);
  if (destination !== undefined) {
    if (destination !== 'cloud-watch-logs' && destination !== 's3') throw new UsageError(`--flow-log-destination must be cloud-watch-logs or s3, not ${destination}`);
    if (destination === 's3' && bucket === undefined) throw new UsageError('--flow-log-destination s3 needs --flow-log-bucket');
    if (destination === 'cloud-watch-logs' && bucket !== undefined) throw new UsageError('--flow-log-bucket goes with --flow-log-destination s3');
    out.flowLogDestination = destination;
  }
  if (bucket !== undefined) out.flowLogBucket = bucket;
  const days = flags['log-retention-days'];
  if (days !== undefined) {
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(days)) throw new UsageError(`--log-retention-days ${days} is not a retention CloudWatch Logs accepts`, `one of ${LOG_RETENTION_DAYS.join(', ')}`);
    out.logRetentionDays = days;
  }
  return out;
}

/** The options of the remediators that build logging (2.1, 2.5), validated: a bad value is a usage error (exit 2). */
export function loggingOptions(flags: Partial<FixOptionFlags>): Partial<FixOptions> {
  const out: Partial<FixOptions> = {};
  const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
  for (const [flag, key] of [['trail-bucket', 'trailBucket'], ['config-bucket', 'configBucket']] as const) {
    const v = flags[flag];
    if (v === undefined) continue;
    if (!bucketName.test(v)) throw new UsageError(`--${flag} ${v} is not an S3 bucket name`, 'give the bucket name, not an ARN or s3:// URL');
    out[key] = v;
  }
  const region = flags['config-global-region'];
  if (region !== undefined) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UsageError(`--config-global-region ${region} is not a region name`, 'e.g. us-east-1');
    out.configGlobalRegion = region;
  }
  return out;
}

async function planAll(failing: ScanResult['controls'], scan: ScanResult, request: ScanRequest, options: FixOptions): Promise<Planned[]> {
  const groups = new Map<Remediator, { controls: ControlDef[]; findings: Map<string, Finding[]>; params: Map<string, CheckParams> }>();
  const unfixable: Planned[] = [];
  for (const c of failing) {
    for (const checkId of c.control.checks) {
      const remediator = remediatorFor(checkId);
      const findings = c.findings.filter((f) => f.status === 'FAIL');
      if (!remediator) {
        unfixable.push({
          remediator: { id: 'none', checks: [checkId], permissions: [], needs: [], plan: async () => ({ remediator: 'none', checks: [], steps: [], guidance: [] }) },
          controls: [c.control],
          plan: { remediator: 'none', checks: [checkId], steps: [], guidance: [`no remediator for ${c.control.id} yet: ${c.control.remediation.summary}`] },
        });
        continue;
      }
      const g = groups.get(remediator) ?? { controls: [] as ControlDef[], findings: new Map<string, Finding[]>(), params: new Map<string, CheckParams>() };
      g.params.set(checkId, { ...g.params.get(checkId), ...c.control.params });
      if (!g.controls.includes(c.control)) g.controls.push(c.control);
      // Two controls of one version can share a check with different params (5.3 IPv4 / 5.4 IPv6 admin ports): keep both controls' findings.
      const seen = g.findings.get(checkId) ?? [];
      g.findings.set(checkId, [...seen, ...findings.filter((f) => !seen.some((s) => s.resource === f.resource && s.region === f.region && s.message === f.message))]);
      groups.set(remediator, g);
    }
  }
  const read = new AwsReader(request.transport, { concurrency: request.concurrency });
  const planned: Planned[] = [];
  for (const [remediator, g] of groups) {
    const plan = await remediator.plan({
      state: stateFor(`remediator ${remediator.id}`, remediator.needs, scan.data),
      ctx: scan.context,
      failing: g.findings,
      read,
      options,
      checkParams: g.params,
    });
    planned.push({ remediator, controls: g.controls, plan });
  }
  return [...planned, ...unfixable];
}

/** Re-checks what was applied: a direct read where the remediator has one, else a fresh scan of those controls. */
async function verifyAll(queue: Array<{ p: Planned; applied: Step[] }>, request: ScanRequest, before: ScanResult): Promise<ControlOutcome[]> {
  const outcomes: ControlOutcome[] = [];
  const rescan = queue.filter((q) => !q.p.remediator.verify).flatMap((q) => q.p.controls);
  const after = rescan.length > 0 ? await runScan({ ...request, controls: rescan, ...(before.regions.length ? { regions: before.regions } : {}) }) : undefined;
  const read = new AwsReader(request.transport, { concurrency: request.concurrency });
  for (const { p, applied } of queue) {
    if (p.remediator.verify) {
      const v = await directVerify(p, read, applied);
      for (const c of p.controls) outcomes.push({ control: c.id, outcome: v.outcome, detail: v.detail });
      continue;
    }
    for (const c of p.controls) {
      const now = after!.controls.find((x) => x.control.id === c.id)!;
      if (now.status === 'PASS') outcomes.push({ control: c.id, outcome: 'FIXED', detail: `re-check PASS: ${now.reason}` });
      // A re-check that could not read says nothing about the change: neither FIXED nor STILL_FAILING.
      else if (now.status === 'ERROR') outcomes.push({ control: c.id, outcome: 'UNVERIFIED', detail: `applied; the re-check could not read what it needs: ${now.reason}` });
      else if (now.status === 'FAIL' && p.plan.pendingWhile) outcomes.push({ control: c.id, outcome: 'PENDING', detail: `applied; waiting for ${p.plan.pendingWhile}. Re-check: ${now.reason}` });
      else outcomes.push({ control: c.id, outcome: 'STILL_FAILING', detail: `re-check ${now.status}: ${now.reason}` });
    }
  }
  return outcomes;
}

/** A remediator's own re-check read; an AWS error there leaves the change unverified (a bug still throws). */
async function directVerify(p: Planned, read: AwsReader, applied: Step[]): Promise<VerifyOutcome> {
  try {
    return await p.remediator.verify!(read, p.plan, applied);
  } catch (err) {
    if (!(err instanceof AwsCallError)) throw err;
    return { outcome: 'UNVERIFIED', detail: `applied; the re-check failed: ${describeCallError(err, err.call)}` };
  }
}

/** Benchmark order: "1.2" before "1.10", "2.1.1" after "2.1". */
function compareControlIds(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

const RANK: Record<ControlOutcome['outcome'], number> = {
  FIXED: 0, PENDING: 0, GUIDANCE: 0, NOTHING_TO_DO: 0, STILL_FAILING: 1, APPLY_ERROR: 3, UNREADABLE: 3, UNVERIFIED: 3,
};

function finish(io: Io, outcomes: ControlOutcome[], journalPath: string | undefined, writes: number): FixResult {
  outcomes.sort((a, b) => compareControlIds(a.control, b.control));
  for (const o of outcomes) io.stdout(`${o.control.padEnd(5)} ${o.outcome.padEnd(13)} ${o.detail}\n`);
  if (journalPath) io.stdout(`\nJournal: ${journalPath}\nUndo with: cis-audit undo ${journalPath}\n`);
  // APPLY_ERROR (3) outranks STILL_FAILING (1): a half-applied change needs attention first.
  const worst = Math.max(0, ...outcomes.map((o) => RANK[o.outcome]));
  return { exitCode: worst, outcomes, ...(journalPath ? { journalPath } : {}), writes };
}
