// Finding and control statuses; the strings are a public contract (JSON, JUnit, exit codes).
export const STATUSES = ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'NOT_IMPLEMENTED', 'SUPPRESSED', 'MANUAL'] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Accepts LOW/MEDIUM/MED/HIGH/CRITICAL/CRIT in any case. */
export function parseSeverity(text: string): Severity | undefined {
  const t = text.trim().toUpperCase();
  if (t === 'MED') return 'MEDIUM';
  if (t === 'CRIT') return 'CRITICAL';
  return (SEVERITIES as readonly string[]).includes(t) ? (t as Severity) : undefined;
}
