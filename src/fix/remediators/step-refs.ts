import type { Step } from '../types.js';

// A later step of the same plan may need an id AWS assigns to an earlier one (CreateKey → CreateAlias,
// EnableKeyRotation, UpdateTrail). The plan shows the placeholder; apply replaces it before sending, so the
// journal holds the concrete value and undo never has to guess.

export interface StepOutputRef {
  /** The `ref` of an earlier step of the same plan. */
  $fromStep: string;
  /** The member of that step's response, dotted (e.g. "KeyMetadata.Arn"). */
  output: string;
}

export const fromStep = (ref: string, output: string): StepOutputRef => ({ $fromStep: ref, output });

const isRef = (v: unknown): v is StepOutputRef =>
  !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as StepOutputRef).$fromStep === 'string' && typeof (v as StepOutputRef).output === 'string';

/** Fills `{ $fromStep, output }` placeholders in a step's call and undo inputs from the responses of earlier steps. */
export function resolveStepRefs(step: Step, outputs: ReadonlyMap<string, unknown>): Step {
  let touched = false;
  const resolve = (v: unknown): unknown => {
    if (isRef(v)) {
      touched = true;
      if (!outputs.has(v.$fromStep)) throw new Error(`internal: step "${step.describe}" refers to step ${v.$fromStep}, which has not run`);
      const found = v.output.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), outputs.get(v.$fromStep));
      if (found === undefined) throw new Error(`internal: the response of step ${v.$fromStep} has no ${v.output}`);
      return found;
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  const call = { ...step.call, input: resolve(step.call.input) as Record<string, unknown> };
  const undo = Array.isArray(step.undo) ? step.undo.map((u) => ({ ...u, input: resolve(u.input) as Record<string, unknown> })) : step.undo;
  return touched ? { ...step, call, undo } : step;
}
