// Data-or-error: what a read left behind. A denied call must never look like an empty list.
export interface ReadError {
  service: string;
  operation: string;
  region: string;
  code: string;
  message: string;
}

export type Got<T> = { ok: true; value: T } | { ok: false; error: ReadError };

export const ok = <T>(value: T): Got<T> => ({ ok: true, value });
export const failed = <T = never>(error: ReadError): Got<T> => ({ ok: false, error });

export function mapGot<T, U>(g: Got<T>, f: (v: T) => U): Got<U> {
  return g.ok ? ok(f(g.value)) : g;
}

/** "iam:GetAccountPasswordPolicy in us-east-1 failed: AccessDenied (User is not authorized…)" */
export function describeReadError(e: ReadError): string {
  return `${e.service}:${e.operation} in ${e.region} failed: ${e.code}${e.message ? ` (${e.message})` : ''}`;
}
