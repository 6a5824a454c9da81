import type { CheckContext } from '../../checks/check.js';
import type { Finding } from '../../model/finding.js';

// For remediators of per-region controls (one finding per region): which regions failed, in scan order.

/** The regions whose findings of `check` FAILed, in the order the scan listed them (the global pseudo-region left out). */
export function failingRegions(failing: Map<string, Finding[]>, check: string, ctx: Pick<CheckContext, 'regions'>): string[] {
  const regions = new Set((failing.get(check) ?? []).filter((f) => f.status === 'FAIL').map((f) => f.region));
  return ctx.regions.filter((r) => regions.has(r));
}
