import { CIS_AWS_1_2_0 } from '../benchmark/cis-aws-1.2.0.js';
import type { ControlDef } from '../benchmark/control.js';
import { UsageError } from '../cli/errors.js';
import type { Io } from '../cli/run-scan.js';
import { prepareScan, type SelectionFlags } from '../cli/scan-setup.js';
import { runScan, stateFor, type ScanRequest, type ScanResult } from '../engine/scan.js';
import type { Finding } from '../model/finding.js';
import { AwsReader } from '../aws/reader.js';
import { defaultJournalDir, Journal } from './journal.js';
import { remediatorFor } from './registry.js';
import { renderPlans } from './render.js';
import { DEFAULT_FIX_OPTIONS, type FixOptions, type FixOutcome, type RemediationPlan, type Remediator, type Step } from './types.js';
import { GatedWriter } from './writer.js';

export interface FixFlags extends Omit<SelectionFlags, 'snapshot' | 'now'> {
  'all-failing': boolean;
  'dry-run': boolean;
  yes: boolean;
  'allow-disruptive': boolean;
  'journal-dir'?: string;
  'access-log-bucket'?: string;
  'support-role-name'?: string;
  debug: boolean;
}

export interface FixIo extends Io {
  stdinIsTTY: boolean;
  confirm(question: string): Promise<boolean>;
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

/** `cis-audit fix`: scan → plan → show → confirm → apply (journaled) → re-check → outcomes. */
export async function fixCommand(flags: FixFlags, io: FixIo, tool: { name: string; version: string }): Promise<FixResult> {
  if (!flags.control?.length && !flags['all-failing']) {
    throw new UsageError('say what to fix: --control ID (repeatable, sections allowed) or --all-failing');
  }
  const prepared = prepareScan({ ...flags }, io.env);
  if (prepared.snapshot) throw new UsageError('fix changes a live account; it cannot work on a snapshot');
  return fixScanned(await runScan(prepared.request), prepared.request, flags, io, tool);
}

/** The fix flow after a scan (`fix`, or `scan --fix` reusing the scan it just reported). */
export async function fixScanned(
  scan: ScanResult,
  request: ScanRequest,
  flags: Omit<FixFlags, keyof SelectionFlags | 'all-failing'> & { control?: string[] },
  io: FixIo,
  tool: { name: string; version: string },
): Promise<FixResult> {
  const options: FixOptions = {
    ...DEFAULT_FIX_OPTIONS,
    allowDisruptive: flags['allow-disruptive'],
    ...(flags['access-log-bucket'] ? { accessLogBucket: flags['access-log-bucket'] } : {}),
    ...(flags['support-role-name'] ? { supportRoleName: flags['support-role-name'] } : {}),
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
  const writer = new GatedWriter(request.transport);
  writer.open();
  const verifyQueue: Array<{ p: Planned; applied: Step[] }> = [];
  for (const p of toApply) {
    const applied: Step[] = [];
    let failed: string | undefined;
    for (const step of p.plan.steps) {
      const { error } = await writer.apply(journal, p.controls.map((c) => c.id).join(','), p.remediator.id, step);
      if (error) {
        failed = `${step.call.service}:${step.call.operation} failed: ${error.code} (${error.message}); ${applied.length} earlier step(s) applied and journaled`;
        break;
      }
      applied.push(step);
    }
    if (failed) for (const c of p.controls) outcomes.push({ control: c.id, outcome: 'APPLY_ERROR', detail: failed });
    else verifyQueue.push({ p, applied });
  }
  outcomes.push(...(await verifyAll(verifyQueue, request, scan)));
  return finish(io, outcomes, journal.path, writer.sent.length);
}

async function planAll(failing: ScanResult['controls'], scan: ScanResult, request: ScanRequest, options: FixOptions): Promise<Planned[]> {
  const groups = new Map<Remediator, { controls: ControlDef[]; findings: Map<string, Finding[]> }>();
  const unfixable: Planned[] = [];
  for (const c of failing) {
    for (const checkId of c.control.checks) {
      const remediator = remediatorFor(checkId);
      const findings = c.findings.filter((f) => f.status === 'FAIL');
      if (!remediator) {
        unfixable.push({
          remediator: { id: 'none', checks: [checkId], permissions: [], needs: [], plan: async () => ({ remediator: 'none', checks: [], steps: [], guidance: [] }) },
          controls: [c.control],
          plan: { remediator: 'none', checks: [checkId], steps: [], guidance: [`no remediator for ${c.control.id} yet: ${CIS_AWS_1_2_0.controls.find((x) => x.id === c.control.id)?.remediation.summary ?? ''}`] },
        });
        continue;
      }
      const g = groups.get(remediator) ?? { controls: [] as ControlDef[], findings: new Map<string, Finding[]>() };
      if (!g.controls.includes(c.control)) g.controls.push(c.control);
      g.findings.set(checkId, findings);
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
      const v = await p.remediator.verify(read, p.plan, applied);
      for (const c of p.controls) outcomes.push({ control: c.id, outcome: v.outcome, detail: v.detail });
      continue;
    }
    for (const c of p.controls) {
      const now = after!.controls.find((x) => x.control.id === c.id)!;
      if (now.status === 'PASS') outcomes.push({ control: c.id, outcome: 'FIXED', detail: `re-check PASS: ${now.reason}` });
      else if (now.status === 'FAIL' && p.plan.pendingWhile) outcomes.push({ control: c.id, outcome: 'PENDING', detail: `applied; waiting for ${p.plan.pendingWhile}. Re-check: ${now.reason}` });
      else outcomes.push({ control: c.id, outcome: 'STILL_FAILING', detail: `re-check ${now.status}: ${now.reason}` });
    }
  }
  return outcomes;
}

const RANK: Record<ControlOutcome['outcome'], number> = { FIXED: 0, PENDING: 0, GUIDANCE: 0, NOTHING_TO_DO: 0, STILL_FAILING: 1, APPLY_ERROR: 3, UNREADABLE: 3 };

function finish(io: Io, outcomes: ControlOutcome[], journalPath: string | undefined, writes: number): FixResult {
  const order = (id: string) => CIS_AWS_1_2_0.controls.findIndex((c) => c.id === id);
  outcomes.sort((a, b) => order(a.control) - order(b.control));
  for (const o of outcomes) io.stdout(`${o.control.padEnd(5)} ${o.outcome.padEnd(13)} ${o.detail}\n`);
  if (journalPath) io.stdout(`\nJournal: ${journalPath}\nUndo with: cis-audit undo ${journalPath}\n`);
  // APPLY_ERROR (3) outranks STILL_FAILING (1): a half-applied change needs attention first.
  const worst = Math.max(0, ...outcomes.map((o) => RANK[o.outcome]));
  return { exitCode: worst, outcomes, ...(journalPath ? { journalPath } : {}), writes };
}
