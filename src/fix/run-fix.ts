import type { ControlDef } from '../benchmark/control.js';
import type { CheckParams } from '../checks/check.js';
import { UsageError } from '../model/errors.js';
import { evaluateCollected, runScan, type ControlResult, type ScanRequest, type ScanResult } from '../engine/scan.js';
import type { Io } from '../model/io.js';
import { AwsCallError } from '../aws/errors.js';
import { AwsReader } from '../aws/reader.js';
import { simulate, type SimAccount, type Simulation } from './simulate/simulate.js';
import { datumKeysOf, planDifference, planUnit, renderDifference, type PlanContext, type Unit, type UnitPlan } from './stage-plan.js';
import { dependenciesIn, stagesOf } from './stages.js';
import { defaultJournalDir, Journal } from './journal.js';
import { ALL_REMEDIATORS, remediatorFor } from './registry.js';
import { LOG_RETENTION_DAYS } from './remediators/building-blocks.js';
import { describeCallError } from './remediators/building-blocks.js';
import { resolveStepRefs } from './remediators/step-refs.js';
import { storageOptions, type StorageOptionFlags } from './storage-options.js';
import { renderPlans } from './render.js';
import { DEFAULT_FIX_OPTIONS, type FixOptions, type FixOutcome, type RemediationPlan, type Remediator, type Step, type VerifyOutcome, type WriteCall } from './types.js';
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
  'trail-bucket-retention-days'?: number;
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

/** The fix flow after a scan (`fix`, or `scan --fix` reusing the scan it just reported): staged plan, one confirmation, apply by stage. */
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
  const { units, unfixable, later } = unitsOf(scan);
  for (const c of scan.controls) {
    if (c.status === 'ERROR' || c.status === 'NOT_IMPLEMENTED') {
      outcomes.push({ control: c.control.id, outcome: 'UNREADABLE', detail: `cannot plan a fix: ${c.reason}` });
    } else if (c.status !== 'FAIL' && flags.control?.length && !later.has(c.control)) {
      outcomes.push({ control: c.control.id, outcome: 'NOTHING_TO_DO', detail: `already ${c.status}` });
    }
  }
  for (const p of unfixable) for (const c of p.controls) outcomes.push({ control: c.id, outcome: 'GUIDANCE', detail: p.plan.guidance.join(' | ') });

  const pc: PlanContext = { data: scan.data, ctx: scan.context, transport: request.transport, concurrency: request.concurrency, options };
  const predicted = await predictStages(units, scan, pc);
  const stageCount = Math.max(0, ...units.map((u) => u.stage));
  io.stdout(renderStaged(units, predicted, stageCount, unfixable));
  // A plan that found it cannot work (plan.blocked) sends nothing: APPLY_ERROR before any write.
  const stepCount = [...predicted.values()].reduce((n, p) => n + (p.kind === 'plan' && !p.plan.blocked ? p.plan.steps.length : 0), 0);
  const deferred = units.filter((u) => predicted.get(u)!.kind === 'deferred');
  const deferredNote = deferred.length > 0 ? `; ${deferred.length} later plan(s) are made only once the stage before them is applied` : '';

  if (stepCount === 0 && deferred.length === 0) {
    for (const u of units) outcomes.push(...idleOutcomes(u, predicted.get(u)!, flags, scan));
    return finish(io, outcomes, undefined, 0);
  }
  if (flags['dry-run']) {
    io.stdout(`Dry run: ${stepCount} change(s) planned${stageCount > 1 ? ` in ${stageCount} stages${deferredNote}` : ''}, nothing changed.\n`);
    for (const u of units) {
      const p = predicted.get(u)!;
      if (p.kind === 'deferred') for (const c of u.controls) outcomes.push({ control: c.id, outcome: 'NOTHING_TO_DO', detail: `dry run: planned after stage ${u.stage - 1} is applied` });
      else if (p.kind === 'plan' && p.plan.steps.length > 0 && !p.plan.blocked) for (const c of p.failing) outcomes.push({ control: c.id, outcome: 'NOTHING_TO_DO', detail: 'dry run' });
      else outcomes.push(...idleOutcomes(u, p, flags, scan));
    }
    return finish(io, outcomes, undefined, 0);
  }
  if (!flags.yes) {
    if (!io.stdinIsTTY) {
      throw new UsageError(`refusing to apply ${stepCount} change(s) without confirmation: not interactive`, 'review the plan, then rerun with --yes (or --dry-run to only plan)');
    }
    const stages = stageCount > 1 ? ` in ${stageCount} stages` : '';
    if (!(await io.confirm(`Apply ${stepCount} change(s)${stages} to account ${scan.identity.account}?${deferredNote ? ' (plans made later are shown before they are applied)' : ''} [y/N] `))) {
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
  const run = new Set(units.map((u) => u.remediator));
  const failed = new Map<Remediator, string>();
  let stopped: string | undefined;
  let data = scan.data;
  for (let stage = 1; stage <= stageCount && !stopped; stage++) {
    const here = units.filter((u) => u.stage === stage);
    const ready: Unit[] = [];
    for (const u of here) {
      const broken = dependenciesIn(u.remediator, run, ALL_REMEDIATORS).filter((d) => failed.has(d) || blockedBy(d, failed, run));
      if (broken.length > 0) {
        failed.set(u.remediator, 'not attempted');
        for (const c of u.controls) outcomes.push({ control: c.id, outcome: 'APPLY_ERROR', detail: `not attempted: depends on ${broken.map((d) => d.id).join(', ')}, which failed` });
      } else ready.push(u);
    }
    if (ready.length === 0) continue;
    const plans = new Map<Unit, UnitPlan>();
    if (stage === 1) for (const u of ready) plans.set(u, predicted.get(u)!);
    else {
      // Re-collect only what this stage reads, and plan from the real state its earlier stages left.
      const now = await runScan({ ...request, controls: ready.flatMap((u) => u.controls), ...(scan.regions.length ? { regions: scan.regions } : {}) });
      data = new Map([...data, ...now.data]);
      for (const u of ready) plans.set(u, await planUnit(u, now.controls, { ...pc, data }));
      const diffs = ready.flatMap((u) => {
        const d = planDifference(predicted.get(u), plans.get(u)!);
        return d ? [renderDifference(u, d, predicted.get(u))] : [];
      });
      if (diffs.length > 0) {
        io.stdout(`\nStage ${stage}: the real state differs from the prediction; the plan changes:\n${diffs.join('')}`);
        io.stdout(renderPlans(ready.flatMap((u) => { const p = plans.get(u)!; return p.kind === 'plan' ? [{ controls: u.controls.map((c) => c.id), plan: p.plan }] : []; })));
        const accepted = flags.yes ? (io.stdout('Accepted (--yes).\n'), true)
          : io.stdinIsTTY ? await io.confirm(`Apply the changed plan of stage ${stage}? [y/N] `) : false;
        if (!accepted) {
          stopped = `stopped before stage ${stage}: its plan changed after the earlier stages were applied and ${flags.yes || io.stdinIsTTY ? 'was declined' : 'needs a confirmation (not interactive)'}`;
          for (const u of units.filter((x) => x.stage >= stage)) for (const c of u.controls) outcomes.push({ control: c.id, outcome: 'GUIDANCE', detail: `not applied: ${stopped}; review the plan and rerun the fix` });
          break;
        }
      }
    }
    journal.stage = stage;
    const verifyQueue: Array<{ p: Planned; applied: Step[] }> = [];
    for (const u of ready) {
      const p = plans.get(u)!;
      if (p.kind === 'deferred') throw new Error(`internal: stage ${stage} plan of ${u.remediator.id} was not made`);
      if (p.kind === 'nothing' || p.plan.steps.length === 0 || p.plan.blocked) {
        if (p.kind === 'plan' && p.plan.blocked) failed.set(u.remediator, p.plan.blocked);
        outcomes.push(...idleOutcomes(u, p, flags, scan));
        continue;
      }
      const planned: Planned = { remediator: u.remediator, controls: p.failing, plan: p.plan };
      const result = await applyPlan(planned, journal, writer);
      if ('failed' in result) {
        failed.set(u.remediator, result.failed);
        for (const c of p.failing) outcomes.push({ control: c.id, outcome: 'APPLY_ERROR', detail: result.failed });
      } else verifyQueue.push({ p: planned, applied: result.applied });
    }
    outcomes.push(...(await verifyAll(verifyQueue, request, scan)));
  }
  const result = finish(io, outcomes, journal.path, writer.sent.length);
  if (!stopped) return result;
  io.stderr(`cis-audit: ${stopped}\n  hint: review the changed plan with \`cis-audit fix --dry-run\`, then rerun the fix (what was applied is journaled: ${journal.path})\n`);
  return { ...result, exitCode: Math.max(result.exitCode, 2) };
}

/** True when a remediator of the run was itself not attempted because what it builds on failed. */
function blockedBy(r: Remediator, failed: Map<Remediator, string>, run: Set<Remediator>): boolean {
  return dependenciesIn(r, run, ALL_REMEDIATORS).some((d) => failed.has(d) || blockedBy(d, failed, run));
}

/** Sends a plan's steps in order, journaled; stops at the first failure. */
async function applyPlan(p: Planned, journal: Journal, writer: GatedWriter): Promise<{ applied: Step[] } | { failed: string }> {
  const applied: Step[] = [];
  const outputs = new Map<string, unknown>();
  for (const planned of p.plan.steps) {
    // Ids AWS assigned to earlier steps (a new key) are filled in before sending; the journal keeps the concrete call.
    const step = resolveStepRefs(planned, outputs);
    const { entry, error } = await writer.apply(journal, p.controls.map((c) => c.id).join(','), p.remediator.id, step);
    if (error) return { failed: `${step.call.service}:${step.call.operation} failed: ${error.code} (${error.message}); ${applied.length} earlier step(s) applied and journaled` };
    if (step.ref) outputs.set(step.ref, entry.output);
    applied.push(step);
  }
  return { applied };
}

/**
 * Outcomes of a unit that sends nothing: guidance only, or nothing to change (a control that failed before passes
 * now because an earlier stage fixed it).
 */
function idleOutcomes(u: Unit, p: UnitPlan, flags: { control?: string[] }, scan: ScanResult): ControlOutcome[] {
  if (p.kind === 'plan' && p.plan.blocked) return p.failing.map((c) => ({ control: c.id, outcome: 'APPLY_ERROR', detail: `nothing written: ${p.plan.blocked}` }));
  if (p.kind === 'plan') return p.failing.map((c) => ({ control: c.id, outcome: 'GUIDANCE', detail: p.plan.guidance.join(' | ') || 'see the plan' }));
  if (p.kind !== 'nothing') return [];
  return p.results.flatMap((r): ControlOutcome[] => {
    const before = scan.controls.find((c) => c.control === r.control)?.status;
    if (before === 'FAIL' && r.status === 'PASS') return [{ control: r.control.id, outcome: 'FIXED', detail: `re-check PASS after stage ${u.stage - 1}: ${r.reason}` }];
    if (r.status === 'ERROR') return [{ control: r.control.id, outcome: 'UNREADABLE', detail: `cannot plan a fix: ${r.reason}` }];
    if (before === 'FAIL' || flags.control?.length) return [{ control: r.control.id, outcome: 'NOTHING_TO_DO', detail: `now ${r.status}: ${r.reason}` }];
    return [];
  });
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
  const retention = flags['trail-bucket-retention-days'];
  if (retention !== undefined) {
    if (!Number.isInteger(retention) || retention < 1 || retention > 36500) throw new UsageError(`--trail-bucket-retention-days ${retention} is not a number of days from 1 to 36500`, 'e.g. 365 (the default) or 2557 for seven years');
    out.trailBucketRetentionDays = retention;
  }
  const region = flags['config-global-region'];
  if (region !== undefined) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UsageError(`--config-global-region ${region} is not a region name`, 'e.g. us-east-1');
    out.configGlobalRegion = region;
  }
  return out;
}

/**
 * The remediators of this run: those of the failing controls, plus those of selected controls that pass (or do not
 * apply) today but build on one of them — a trail created in stage 1 gives 2.3/2.6 a bucket to judge in stage 2.
 */
function unitsOf(scan: ScanResult): { units: Unit[]; unfixable: Planned[]; later: Set<ControlDef> } {
  const byRemediator = new Map<Remediator, ControlDef[]>();
  const unfixable: Planned[] = [];
  const add = (r: Remediator, c: ControlDef) => {
    const list = byRemediator.get(r) ?? [];
    if (!list.includes(c)) list.push(c);
    byRemediator.set(r, list);
  };
  for (const c of scan.controls.filter((x) => x.status === 'FAIL')) {
    for (const checkId of c.control.checks) {
      const remediator = remediatorFor(checkId);
      if (remediator) add(remediator, c.control);
      else {
        unfixable.push({
          remediator: { id: 'none', checks: [checkId], permissions: [], needs: [], plan: async () => ({ remediator: 'none', checks: [], steps: [], guidance: [] }) },
          controls: [c.control],
          plan: { remediator: 'none', checks: [checkId], steps: [], guidance: [`no remediator for ${c.control.id} yet: ${c.control.remediation.summary}`] },
        });
      }
    }
  }
  const later = new Set<ControlDef>();
  const quiet = scan.controls.filter((x) => x.status !== 'FAIL' && x.status !== 'ERROR' && x.status !== 'NOT_IMPLEMENTED');
  for (let grew = true; grew;) {
    grew = false;
    const run = new Set(byRemediator.keys());
    for (const c of quiet) {
      for (const checkId of c.control.checks) {
        const r = remediatorFor(checkId);
        if (!r || byRemediator.get(r)?.includes(c.control) || dependenciesIn(r, run, ALL_REMEDIATORS).length === 0) continue;
        add(r, c.control);
        later.add(c.control);
        grew = true;
      }
    }
  }
  const stages = stagesOf(new Set(byRemediator.keys()), ALL_REMEDIATORS);
  const units = [...byRemediator].map(([remediator, controls]) => ({ remediator, controls, stage: stages.get(remediator)! }));
  return { units: units.sort((a, b) => a.stage - b.stage), unfixable, later };
}

/**
 * The plan of every stage before anything is sent: stage 1 from the scan, each later stage from the state the
 * simulator predicts the earlier ones leave. A unit building on a write the simulator does not model, or reading a
 * datum it cannot predict, is deferred: planned from the real state once the stage before it is applied.
 */
async function predictStages(units: Unit[], scan: ScanResult, pc: PlanContext): Promise<Map<Unit, UnitPlan>> {
  const out = new Map<Unit, UnitPlan>();
  const run = new Set(units.map((u) => u.remediator));
  const unitOf = new Map(units.map((u) => [u.remediator, u]));
  const calls: WriteCall[] = [];
  const sim: SimAccount = { account: scan.identity.account, partition: scan.identity.partition, regions: scan.regions };
  const stageCount = Math.max(0, ...units.map((u) => u.stage));
  for (let stage = 1; stage <= stageCount; stage++) {
    const here = units.filter((u) => u.stage === stage);
    const predicted = stage === 1 ? undefined : simulate(scan.data, calls, sim);
    const results = predicted ? evaluateCollected(here.flatMap((u) => u.controls), predicted.data, scan.context) : scan.controls;
    for (const u of here) {
      const why = predicted ? deferral(u, predicted, dependenciesIn(u.remediator, run, ALL_REMEDIATORS).map((d) => unitOf.get(d)!), out) : undefined;
      const p: UnitPlan = why ? { kind: 'deferred', why } : await planUnit(u, results, predicted ? { ...pc, data: predicted.data } : pc);
      out.set(u, p);
    }
    for (const u of here) {
      const p = out.get(u)!;
      if (p.kind === 'plan') calls.push(...p.plan.steps.map((s) => s.call));
    }
  }
  return out;
}

/** Why a unit cannot be planned before the stage before it is applied, if it cannot. */
function deferral(u: Unit, sim: Simulation, deps: Unit[], plans: Map<Unit, UnitPlan>): string | undefined {
  for (const d of deps) {
    const p = plans.get(d);
    if (p?.kind === 'deferred') return `it builds on ${d.remediator.id}, which is itself planned only once stage ${d.stage - 1} is applied`;
    const unknown = p?.kind === 'plan' ? p.plan.steps.find((s) => sim.unmodelled.includes(s.call)) : undefined;
    if (unknown) return `it builds on ${d.remediator.id}, whose ${unknown.call.service}:${unknown.call.operation} cis-audit cannot predict the effect of`;
  }
  for (const key of datumKeysOf(u)) {
    for (const [prefix, why] of sim.uncertain) if (key.startsWith(prefix)) return `what it reads (${key}) is not predictable: ${why}`;
  }
  return undefined;
}

/** The staged plan as the operator reads it before saying yes. */
function renderStaged(units: Unit[], plans: Map<Unit, UnitPlan>, stageCount: number, unfixable: Planned[]): string {
  const parts: string[] = [];
  for (let stage = 1; stage <= stageCount; stage++) {
    const here = units.filter((u) => u.stage === stage);
    if (stageCount > 1) {
      parts.push(stage === 1 ? `== Stage 1 of ${stageCount} (planned from the scan)\n\n`
        : `== Stage ${stage} of ${stageCount} (builds on stage ${stage - 1}: planned against the state the earlier stages will leave; re-planned from the real state before it is applied)\n\n`);
    }
    const entries = here.flatMap((u) => { const p = plans.get(u)!; return p.kind === 'plan' ? [{ controls: p.failing.map((c) => c.id), plan: p.plan }] : []; });
    if (entries.length > 0) parts.push(renderPlans(entries));
    const notes = here.flatMap((u) => {
      const p = plans.get(u)!;
      const ids = u.controls.map((c) => c.id).join(', ');
      if (p.kind === 'deferred') return [`Controls ${ids} — ${u.remediator.id}\n  planned after stage ${stage - 1} is applied: ${p.why}\n`];
      if (p.kind === 'nothing' && stage > 1 && p.results.some((r) => appliesTo(r))) return [`Controls ${ids} — ${u.remediator.id}\n  nothing to change once stage ${stage - 1} is applied (predicted: ${p.results.map((r) => `${r.control.id} ${r.status}`).join(', ')})\n`];
      return [];
    });
    if (notes.length > 0) parts.push(`${notes.join('\n')}\n`);
    if (stageCount > 1 && entries.length === 0 && notes.length === 0) parts.push('  nothing to change in this stage, as predicted (its controls do not apply to the state the earlier stages leave)\n\n');
  }
  if (unfixable.length > 0) parts.push(renderPlans(unfixable.map((p) => ({ controls: p.controls.map((c) => c.id), plan: p.plan }))));
  return parts.join('');
}

/** A control the predicted state gives something to judge (one that still does not apply is not worth a line). */
const appliesTo = (r: ControlResult) => r.status !== 'NOT_APPLICABLE';

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
