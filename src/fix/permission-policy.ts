import { PERMISSION_SCOPES, type Conditions, type Grant } from './permission-scopes.js';
import type { Remediator } from './types.js';

// Turns the remediators' action lists into scoped IAM statements through the central table (permission-scopes.ts).

export interface ScopeValues {
  /** e.g. aws, aws-cn, aws-us-gov (or a CloudFormation ${AWS::Partition}). */
  partition: string;
  /** The 12-digit account, or "*" when not given. */
  account: string;
  /** `fix --support-role-name`. */
  supportRoleName: string;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Conditions;
}

/** Why a write is granted more widely than on what `fix` creates. */
export interface ScopeNote {
  action: string;
  kind: 'unscopable' | 'any-name';
  resources: string[];
  why: string;
}

export interface FixPermissions {
  statements: PolicyStatement[];
  notes: ScopeNote[];
}

export class UnscopedActionError extends Error {
  constructor(readonly action: string, readonly remediator: string) {
    super(`remediator ${remediator} declares ${action}, which has no row in src/fix/permission-scopes.ts: add one saying how it is scoped`);
    this.name = 'UnscopedActionError';
  }
}

const fill = (template: string, v: ScopeValues) =>
  template.replaceAll('{partition}', v.partition).replaceAll('{account}', v.account).replaceAll('{supportRole}', v.supportRoleName);

function fillConditions(c: Conditions, v: ScopeValues): Conditions {
  return Object.fromEntries(Object.entries(c).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, val]) => [k, Array.isArray(val) ? val.map((x) => fill(x, v)) : fill(val, v)]))]));
}

/** Statements for the remediators' writes (and planning reads), and a note for every write wider than what fix creates. */
export function fixPermissions(remediators: Iterable<Remediator>, values: ScopeValues): FixPermissions {
  const reads = new Set<string>();
  const unscopable = new Map<string, string>();
  const grouped = new Map<string, { sid: string; actions: Set<string>; resources: string[]; conditions?: Conditions }>();
  const notes = new Map<string, ScopeNote>();
  const note = (n: ScopeNote) => {
    const key = `${n.action} ${n.resources.join(' ')}`;
    if (!notes.has(key)) notes.set(key, n);
  };

  for (const r of remediators) {
    for (const action of r.permissions) {
      const scope = PERMISSION_SCOPES[action];
      if (!scope) throw new UnscopedActionError(action, r.id);
      if (scope.kind === 'read') {
        reads.add(action);
      } else if (scope.kind === 'unscopable') {
        unscopable.set(action, scope.why);
        note({ action, kind: 'unscopable', resources: ['*'], why: scope.why });
      } else {
        for (const grant of scope.for?.[r.id] ?? scope.grants) add(grouped, action, grant, values, note);
      }
    }
  }

  const statements: PolicyStatement[] = [];
  const sids = new Map<string, number>();
  const sid = (base: string) => {
    const n = (sids.get(base) ?? 0) + 1;
    sids.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  };
  if (reads.size > 0) statements.push({ Sid: 'CisAuditFixPlanningReads', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' });
  const sorted = [...grouped.values()].sort((a, b) => (a.sid === b.sid ? JSON.stringify(a.resources).localeCompare(JSON.stringify(b.resources)) : a.sid.localeCompare(b.sid)));
  for (const g of sorted) {
    statements.push({
      Sid: sid(g.sid), Effect: 'Allow', Action: [...g.actions].sort(),
      Resource: g.resources.length === 1 ? g.resources[0]! : g.resources,
      ...(g.conditions ? { Condition: g.conditions } : {}),
    });
  }
  if (unscopable.size > 0) statements.push({ Sid: 'CisAuditFixUnscopable', Effect: 'Allow', Action: [...unscopable.keys()].sort(), Resource: '*' });
  return { statements, notes: [...notes.values()].sort((a, b) => a.action.localeCompare(b.action)) };
}

function add(
  grouped: Map<string, { sid: string; actions: Set<string>; resources: string[]; conditions?: Conditions }>,
  action: string, grant: Grant, values: ScopeValues, note: (n: ScopeNote) => void,
): void {
  const resources = [...new Set(grant.resources.map((r) => fill(r, values)))].sort();
  const conditions = grant.conditions ? fillConditions(grant.conditions, values) : undefined;
  const key = JSON.stringify([grant.sid, resources, conditions ?? null]);
  const entry = grouped.get(key) ?? { sid: grant.sid, actions: new Set<string>(), resources, ...(conditions ? { conditions } : {}) };
  entry.actions.add(action);
  grouped.set(key, entry);
  if (grant.anyName) note({ action, kind: 'any-name', resources, why: grant.anyName });
}
