import type { Evidence } from '../model/finding.js';
import { describeReadError, type Got, type ReadError } from '../model/got.js';

// Evidence for MANUAL findings: what was read, or the read error in its place. A manual item never turns ERROR
// (it must not make the scan incomplete), but the person reviewing it must see what could not be read.

/** A read error as evidence: the call, its code and message. */
export function errorEvidence(error: ReadError, extra: Record<string, unknown> = {}): Evidence {
  return { source: `${error.service}:${error.operation}`, field: 'error', value: { ...extra, code: error.code, message: error.message } };
}

/** The value as evidence, or the read error naming the call. */
export function readEvidence<T>(got: Got<T>, source: string, field: string, value: (v: T) => unknown, expected?: string): Evidence {
  if (!got.ok) return errorEvidence(got.error);
  return { source, field, value: value(got.value), ...(expected ? { expected } : {}) };
}

/** " (could not read: iam:ListSAMLProviders … failed: AccessDenied …)" for the message, or "" when every read worked. */
export function unreadNote(...gots: Got<unknown>[]): string {
  const errors = gots.flatMap((g) => (g.ok ? [] : [describeReadError(g.error)]));
  return errors.length > 0 ? ` (could not read: ${errors.join('; ')})` : '';
}
