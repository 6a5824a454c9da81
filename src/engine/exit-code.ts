import { severityRank, type Severity, type Status } from '../model/status.js';

// scan's exit codes: a public contract (README "Exit codes").
export const EXIT = { COMPLIANT: 0, NON_COMPLIANT: 1, USAGE: 2, INCOMPLETE: 3 } as const;

export function scanExitCode(controls: Array<{ status: Status; severity: Severity }>, failOn: Severity): number {
  const qualifyingFail = controls.some((c) => c.status === 'FAIL' && severityRank(c.severity) >= severityRank(failOn));
  if (qualifyingFail) return EXIT.NON_COMPLIANT;
  if (controls.some((c) => c.status === 'ERROR' || c.status === 'NOT_IMPLEMENTED')) return EXIT.INCOMPLETE;
  return EXIT.COMPLIANT;
}
