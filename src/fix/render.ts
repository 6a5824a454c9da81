import type { RemediationPlan, WriteCall } from './types.js';

// The plan as the operator reads it before saying yes: every call with its exact arguments.
export const describeWrite = (c: WriteCall) => `${c.service}:${c.operation} (${c.region}) ${JSON.stringify(c.input)}`;

export function renderPlans(entries: Array<{ controls: string[]; plan: RemediationPlan }>): string {
  const lines: string[] = [];
  for (const { controls, plan } of entries) {
    lines.push(`Controls ${controls.join(', ')} — ${plan.remediator}`);
    if (plan.steps.length === 0 && plan.guidance.length === 0) lines.push('  nothing to change');
    plan.steps.forEach((s, i) => {
      lines.push(`  ${i + 1}. ${s.describe}`);
      lines.push(`     call: ${describeWrite(s.call)}`);
      for (const r of s.creates ?? []) lines.push(`     creates: ${r}`);
      for (const r of s.changes ?? []) lines.push(`     changes: ${r}`);
      if (s.warning) lines.push(`     WARNING: ${s.warning}`);
      const undo = !Array.isArray(s.undo)
        ? `not automatic — ${s.undo.manual}`
        : s.undo.length === 0 ? 'reverted with the resource it belongs to' : s.undo.map(describeWrite).join('; ');
      lines.push(`     undo: ${undo}`);
    });
    for (const g of plan.guidance) lines.push(`  • ${g}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
