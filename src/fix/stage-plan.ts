import { isDeepStrictEqual } from 'node:util';
import { AwsCallError, isAwsError } from '../aws/errors.js';
import { AwsReader } from '../aws/reader.js';
import type { AwsCall, AwsTransport } from '../aws/transport.js';
import type { ControlDef } from '../benchmark/control.js';
import type { CheckContext, CheckParams } from '../checks/check.js';
import { findCheck } from '../checks/registry.js';
import { closeOver } from '../collect/datum.js';
import { stateFor, type ControlResult } from '../engine/scan.js';
import type { Finding } from '../model/finding.js';
import type { Got } from '../model/got.js';
import { describeCallError } from './remediators/building-blocks.js';
import { describeWrite } from './render.js';
import type { FixOptions, RemediationPlan, Remediator, WriteCall } from './types.js';

// Planning one remediator of one stage: from the scan (stage 1), from the predicted state (the shown plan of later
// stages), or from a re-collection (before a later stage is applied); and what differs between prediction and reality.

/** One remediator of the run with the selected controls it covers. */
export interface Unit {
  remediator: Remediator;
  controls: ControlDef[];
  stage: number;
}

/** What a unit will do: a plan, nothing (its controls pass), or "planned after stage N is applied" and why. */
export type UnitPlan =
  | { kind: 'plan'; plan: RemediationPlan; failing: ControlDef[] }
  | { kind: 'nothing'; results: ControlResult[] }
  | { kind: 'deferred'; why: string };

/** The datum keys a unit's plan and its controls' checks read. */
export function datumKeysOf(unit: Unit): string[] {
  const checks = unit.controls.flatMap((c) => c.checks).map((id) => findCheck(id)).filter((c) => c !== undefined);
  return closeOver([...unit.remediator.needs, ...checks.flatMap((c) => c.needs)]).map((d) => d.key);
}

/** A transport that remembers the calls a snapshot could not answer (an offline preview names them, never guesses). */
class MissingCallTracker implements AwsTransport {
  readonly missing: string[] = [];
  constructor(private readonly inner: AwsTransport) {}
  async send(call: AwsCall): Promise<Record<string, unknown>> {
    try {
      return await this.inner.send(call);
    } catch (err) {
      if (isAwsError(err, 'SnapshotMissingCall')) this.missing.push(`${call.service}:${call.operation} (${call.region}) ${JSON.stringify(call.input)}`);
      throw err;
    }
  }
}

export interface PlanContext {
  data: Map<string, Got<unknown>>;
  ctx: CheckContext;
  transport: AwsTransport;
  concurrency: number;
  options: FixOptions;
}

/** Plans a unit from evaluated results of its controls: the failing ones are what it fixes. */
export async function planUnit(unit: Unit, results: ControlResult[], pc: PlanContext): Promise<UnitPlan> {
  const mine = results.filter((r) => unit.controls.includes(r.control));
  const failing = mine.filter((r) => r.status === 'FAIL');
  if (failing.length === 0) return { kind: 'nothing', results: mine };
  const findings = new Map<string, Finding[]>();
  const params = new Map<string, CheckParams>();
  for (const r of failing) {
    for (const checkId of r.control.checks) {
      if (!unit.remediator.checks.includes(checkId)) continue;
      params.set(checkId, { ...params.get(checkId), ...r.control.params });
      // Two controls of one version can share a check with different params (5.3 IPv4 / 5.4 IPv6 admin ports): keep both controls' findings.
      const seen = findings.get(checkId) ?? [];
      findings.set(checkId, [...seen, ...r.findings.filter((f) => f.status === 'FAIL' && !seen.some((s) => s.resource === f.resource && s.region === f.region && s.message === f.message))]);
    }
  }
  const tracker = new MissingCallTracker(pc.transport);
  let plan: RemediationPlan;
  try {
    plan = await unit.remediator.plan({
      state: stateFor(`remediator ${unit.remediator.id}`, unit.remediator.needs, pc.data),
      ctx: pc.ctx,
      failing: findings,
      read: new AwsReader(tracker, { concurrency: pc.concurrency }),
      options: pc.options,
      checkParams: params,
    });
  } catch (err) {
    // A planning read the remediator does not handle itself: no plan, and the read that failed is named (a bug still throws).
    if (!(err instanceof AwsCallError)) throw err;
    plan = { remediator: unit.remediator.id, checks: [...findings.keys()], steps: [], guidance: [`nothing planned: ${describeCallError(err, err.call)}`] };
  }
  if (tracker.missing.length > 0) {
    // Offline preview: what this plan could not read is named, so a plan short of steps is not mistaken for complete.
    plan.guidance.push(`the snapshot has no answer to ${tracker.missing.length} read(s) this plan makes, so it may be incomplete: ${tracker.missing.join('; ')}; `
      + 'record them with `cis-audit collect` from an account with read access, or preview live with `fix --dry-run`');
  }
  return { kind: 'plan', plan, failing: failing.map((r) => r.control) };
}

/** A call with references to other steps' outputs (known only once applied) replaced by one marker. */
function normalised(call: WriteCall): unknown {
  const norm = (v: unknown): unknown => {
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $fromStep?: unknown }).$fromStep === 'string') return '<output of an earlier step>';
    if (typeof v === 'string' && v.startsWith('{"$fromStep"')) return '<output of an earlier step>';
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
    return v;
  };
  return { ...call, input: norm(call.input) };
}

const callsOf = (p: UnitPlan | undefined): WriteCall[] => (p?.kind === 'plan' ? p.plan.steps.map((s) => s.call) : []);

/** The calls the re-plan adds and drops compared with the prediction (references to outputs never count as a change). */
export function planDifference(predicted: UnitPlan | undefined, actual: UnitPlan): { dropped: WriteCall[]; added: WriteCall[] } | undefined {
  const before = callsOf(predicted);
  const after = callsOf(actual);
  const unmatched = [...before];
  const added: WriteCall[] = [];
  for (const call of after) {
    const i = unmatched.findIndex((p) => isDeepStrictEqual(normalised(p), normalised(call)));
    if (i >= 0) unmatched.splice(i, 1);
    else added.push(call);
  }
  if (unmatched.length === 0 && added.length === 0) return undefined;
  return { dropped: unmatched, added };
}

/** The difference as the operator reads it before saying yes again. */
export function renderDifference(unit: Unit, diff: { dropped: WriteCall[]; added: WriteCall[] }, predicted: UnitPlan | undefined): string {
  const lines = [`  ${unit.controls.map((c) => c.id).join(', ')} — ${unit.remediator.id}${predicted?.kind === 'deferred' ? ' (not planned before: planned now from the real state)' : ''}:`];
  for (const c of diff.dropped) lines.push(`    - no longer: ${describeWrite(c)}`);
  for (const c of diff.added) lines.push(`    + now also:  ${describeWrite(c)}`);
  return `${lines.join('\n')}\n`;
}
