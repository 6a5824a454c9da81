import type { Evidence } from '../model/finding.js';
import { describeReadError, type Got } from '../model/got.js';

// Evidence for MANUAL findings: what was read, or the read error in its place. A manual item never turns ERROR
// (it must not make the scan incomplete), but the person reviewing it must see what could not be read.

/** The value as evidence, or the read error naming the call. */
export function readEvidence<T>(got: Got<T>, source: string, field: string, value: (v: T) => unknown, expected?: string): Evidence {
  if (!got.ok) return { source: `${got.error.service}:${got.error.operation}`, field: 'error', value: { code: got.error.code, message: got.error.message } };
  return { source, field, value: value(got.value), ...(expected ? { expected } : {}) };
}

/** " (could not read: iam:ListSAMLProviders … failed: AccessDenied …)" for the message, or "" when every read worked. */
export function unreadNote(...gots: Got<unknown>[]): string {
  const errors = gots.flatMap((g) => (g.ok ? [] : [describeReadError(g.error)]));
  return errors.length > 0 ? ` (could not read: ${errors.join('; ')})` : '';
}
