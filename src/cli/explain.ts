import type { ControlDef } from '../benchmark/control.js';
import { counterparts } from '../benchmark/index.js';
import { decidesByEvidence } from '../checks/check.js';
import { findCheck } from '../checks/registry.js';
import { closeOver } from '../collect/datum.js';
import { remediatorFor } from '../fix/registry.js';
import type { Finding } from '../model/finding.js';

// `cis-audit explain`: everything about one control in one place — what is checked and how, what is read, what
// fix would do, the same control elsewhere, and (given a snapshot or live) this account's findings.
export interface Explanation {
  benchmark: string;
  id: string;
  title: string;
  section: string;
  level: number;
  assessment: string;
  severity: string;
  aggregation: string;
  decidedBy: Array<{ check: string; description: string; verdict: 'verdict' | 'evidence' }>;
  rule: string;
  params: Record<string, unknown>;
  reads: Array<{ datum: string; description: string; actions: string[] }>;
  iamActions: string[];
  fix: { kind: string; summary: string; remediator?: string; writes: string[]; command?: string };
  securityHub: string[];
  sameAs: Record<string, string[]>;
  findings?: { status: string; reason: string; findings: Finding[] };
}

const RULES: Record<string, string> = {
  all: 'FAIL if any finding FAILs; else ERROR if any could not be read; else PASS if any PASSes; else MANUAL if any is for a person to judge; else NOT_APPLICABLE',
  'any-of': 'PASS if one candidate is complete; else ERROR if a candidate could not be read; else FAIL naming the first broken link of each candidate',
};

export function explainControl(c: ControlDef, sectionTitle: string): Explanation {
  const checks = c.checks.map((id) => findCheck(id)).filter((k) => k !== undefined);
  const datums = closeOver(checks.flatMap((k) => k.needs));
  const remediator = c.checks.map((id) => remediatorFor(id)).find((r) => r !== undefined);
  const sameAs = counterparts(c);
  delete sameAs[c.benchmark];
  const flag = c.remediation.kind === 'opt-in' ? ' --allow-disruptive' : '';
  return {
    benchmark: c.benchmark, id: c.id, title: c.title, section: `${c.section} ${sectionTitle}`, level: c.level, assessment: c.assessment,
    severity: c.severity, aggregation: c.aggregation,
    decidedBy: checks.map((k) => ({ check: k.id, description: k.description, verdict: decidesByEvidence(k, c.params) ? 'evidence' : 'verdict' })),
    rule: RULES[c.aggregation]!,
    params: { ...(c.params ?? {}) },
    reads: datums.map((d) => ({ datum: d.key, description: d.description, actions: [...d.reads] })),
    iamActions: [...new Set(datums.flatMap((d) => d.reads))].sort(),
    fix: {
      kind: c.remediation.kind, summary: c.remediation.summary, writes: [...(remediator?.permissions ?? [])].sort(),
      ...(remediator ? { remediator: remediator.id } : {}),
      ...(c.remediation.kind !== 'guidance' ? { command: `cis-audit fix --benchmark ${c.benchmark} --control ${c.id}${flag} --dry-run` } : {}),
    },
    securityHub: c.securityHub ?? [],
    sameAs,
  };
}

export function renderExplanation(e: Explanation): string {
  const lines = [
    `${e.benchmark} ${e.id}: ${e.title}`,
    `  section ${e.section} · level ${e.level} · CIS ${e.assessment} · severity ${e.severity}${e.securityHub.length ? ` · Security Hub ${e.securityHub.join(', ')}` : ''}`,
    '', 'What is checked:',
    ...e.decidedBy.map((d) => `  ${d.check} (${d.verdict === 'evidence' ? 'evidence for a person: MANUAL' : 'a verdict'}): ${d.description}`),
    ...(Object.keys(e.params).length > 0 ? [`  parameters in this version: ${JSON.stringify(e.params)}`] : []),
    '', `Decision (${e.aggregation}): ${e.rule}`,
    '', 'What is read:',
    ...e.reads.map((r) => `  ${r.datum}: ${r.description} [${r.actions.join(', ')}]`),
    `  IAM actions: ${e.iamActions.join(', ') || 'none'}`,
    '', `Fix (${e.fix.kind}): ${e.fix.summary}${e.fix.command ? `\n  preview: ${e.fix.command}` : ''}${e.fix.writes.length ? `\n  writes: ${e.fix.writes.join(', ')}` : ''}`,
    '', 'Same control in the other versions:',
    ...(Object.keys(e.sameAs).length > 0 ? Object.entries(e.sameAs).map(([b, ids]) => `  ${b}: ${ids.join(', ')}`) : ['  (none: new in this version)']),
  ];
  if (e.findings) {
    lines.push('', `This account: ${e.findings.status} — ${e.findings.reason}`);
    for (const f of e.findings.findings) {
      lines.push(`  ${f.status} ${f.resource} (${f.region}): ${f.message}`);
      for (const ev of f.evidence) lines.push(`    ${ev.source} ${ev.field} = ${JSON.stringify(ev.value)}${ev.expected ? ` (expected ${ev.expected})` : ''}`);
    }
  }
  return `${lines.join('\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '\uFFFD')}\n`;
}
