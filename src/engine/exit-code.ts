import { severityRank, type Severity, type Status } from '../model/status.js';

// scan's exit codes: a public contract (README "Exit codes").
export const EXIT = { COMPLIANT: 0, NON_COMPLIANT: 1, USAGE: 2, INCOMPLETE: 3 } as const;

export function scanExitCode(controls: Array<{ status: Status; severity: Severity }>, failOn: Severity): number {
  const qualifyingFail = controls.some((c) => c.status === 'FAIL' && severityRank(c.severity) >= severityRank(failOn));
  if (qualifyingFail) return EXIT.NON_COMPLIANT;
  if (controls.some((c) => c.status === 'ERROR' || c.status === 'NOT_IMPLEMENTED')) return EXIT.INCOMPLETE;
  return EXIT.COMPLIANT;
}

/** The exit code over several accounts: a qualifying FAIL anywhere (1) wins over incomplete (3), which wins over 0. */
export function combinedExitCode(codes: number[]): number {
  if (codes.includes(EXIT.NON_COMPLIANT)) return EXIT.NON_COMPLIANT;
  if (codes.includes(EXIT.INCOMPLETE)) return EXIT.INCOMPLETE;
  return codes.find((c) => c !== EXIT.COMPLIANT) ?? EXIT.COMPLIANT;
}
