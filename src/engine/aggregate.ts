import type { Aggregation } from '../benchmark/control.js';
import type { Finding } from '../model/finding.js';
import type { Status } from '../model/status.js';

const has = (findings: Finding[], s: Status) => findings.some((f) => f.status === s);

/** A control's status from its findings, exactly as SPEC's contract says. */
export function controlStatus(findings: Finding[], aggregation: Aggregation): Status {
  if (findings.length > 0 && findings.every((f) => f.status === 'NOT_IMPLEMENTED')) return 'NOT_IMPLEMENTED';
  if (aggregation === 'any-of') {
    // One complete candidate suffices; an unreadable candidate could have been the complete one.
    if (has(findings, 'PASS')) return 'PASS';
    if (has(findings, 'ERROR')) return 'ERROR';
    if (has(findings, 'NOT_IMPLEMENTED')) return 'NOT_IMPLEMENTED';
    // Every candidate failed: waived only when no failing candidate is left unwaived.
    if (!has(findings, 'FAIL') && has(findings, 'SUPPRESSED')) return 'SUPPRESSED';
    return 'FAIL';
  }
  if (has(findings, 'FAIL')) return 'FAIL';
  if (has(findings, 'ERROR')) return 'ERROR';
  if (has(findings, 'NOT_IMPLEMENTED')) return 'NOT_IMPLEMENTED';
  // A waived FAIL (SPEC "Waivers → SUPPRESSED"): above PASS, so the exception stays visible.
  if (has(findings, 'SUPPRESSED')) return 'SUPPRESSED';
  if (has(findings, 'PASS')) return 'PASS';
  // What a person must confirm: never PASS or FAIL, no effect on exit codes (SPEC "MANUAL").
  if (has(findings, 'MANUAL')) return 'MANUAL';
  return 'NOT_APPLICABLE';
}

/** A one-line reason for the control's status, naming the resources that decided it. */
export function controlReason(status: Status, findings: Finding[]): string {
  const deciding = findings.filter((f) => f.status === status);
  if (status === 'NOT_IMPLEMENTED') return 'no check is implemented for this control yet';
  if (deciding.length === 0) {
    if (status === 'FAIL') return findings[0]?.message ?? 'no compliant candidate';
    return findings[0]?.message ?? 'nothing to evaluate';
  }
  if (status === 'SUPPRESSED') return suppressedReason(deciding);
  if (deciding.length === 1) return deciding[0]!.message;
  if (status === 'PASS') return `${deciding.length} resources compliant`;
  if (status === 'MANUAL') return `${deciding.length} to review by hand: ${deciding[0]!.message}; …`;
  const word = status === 'FAIL' ? 'failing' : status === 'ERROR' ? 'unreadable' : 'not applicable';
  return `${deciding.length} ${word}: ${deciding[0]!.message}; …`;
}

/** Names the waiver's reason and expiry (the earliest, when several waivers decided it). */
function suppressedReason(deciding: Finding[]): string {
  const waivers = [...new Map(deciding.flatMap((f) => (f.suppressed ? [[f.suppressed.waiver, f.suppressed] as const] : []))).values()];
  const first = [...waivers].sort((a, b) => a.expires.localeCompare(b.expires))[0];
  if (!first) return `${deciding.length} waived`;
  const what = deciding.length === 1 ? deciding[0]!.resource : `${deciding.length} resources`;
  const more = waivers.length > 1 ? ` (and ${waivers.length - 1} more waiver${waivers.length > 2 ? 's' : ''})` : '';
  return `${what} waived until ${first.expires}: ${first.reason}${more}`;
}
