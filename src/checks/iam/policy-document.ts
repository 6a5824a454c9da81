// Reading IAM policy documents: Statement may be one object or a list; Action/Resource a string or a list.
export interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
  Sid?: string;
}

export function statements(document: unknown): Statement[] | undefined {
  if (!document || typeof document !== 'object') return undefined;
  const raw = (document as { Statement?: unknown }).Statement;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((s): s is Statement => !!s && typeof s === 'object');
}

export const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Allow on every action for every resource: "*" (or "*:*") actions on "*" resources. */
export function grantsFullAdmin(s: Statement): boolean {
  return (
    s.Effect === 'Allow' &&
    asList(s.Action).some((a) => a === '*' || a === '*:*') &&
    asList(s.Resource).some((r) => r === '*')
  );
}
