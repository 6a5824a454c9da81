import type { ControlDef } from '../benchmark/control.js';
import { findCheck } from '../checks/registry.js';
import { closeOver } from '../collect/datum.js';
import { fixPermissions, type PolicyStatement, type ScopeNote, type ScopeValues } from '../fix/permission-policy.js';
import { remediatorFor } from '../fix/registry.js';
import { DEFAULT_FIX_OPTIONS } from '../fix/types.js';

// Least privilege, generated from what collectors read and remediators write for the selected controls.
const ALWAYS = ['sts:GetCallerIdentity'];
const REGIONS = 'ec2:DescribeRegions';

export interface PermissionsOptions {
  includeFix?: boolean;
  toSecurityHub?: boolean;
  /** Placeholders of the ARNs (default: partition aws, any account, the default support role). */
  scope?: Partial<ScopeValues>;
}

export interface Permissions {
  policy: { Version: '2012-10-17'; Statement: Array<PolicyStatement | Record<string, unknown>> };
  /** Each fix write granted wider than on what fix creates, and why. */
  notes: ScopeNote[];
}

export const SCAN_SID = 'CisAuditScan';
export const SECURITY_HUB_SID = 'CisAuditSecurityHubImport';

export function buildPermissions(controls: ControlDef[], options: PermissionsOptions = {}): Permissions {
  const values: ScopeValues = { partition: 'aws', account: '*', supportRoleName: DEFAULT_FIX_OPTIONS.supportRoleName, ...options.scope };
  const checks = controls.flatMap((c) => c.checks).map((id) => findCheck(id)).filter((c) => c !== undefined);
  const datums = closeOver(checks.flatMap((c) => c.needs));
  const reads = new Set([...ALWAYS, ...datums.flatMap((d) => d.reads)]);
  if (datums.some((d) => d.regional)) reads.add(REGIONS);
  const statements: Permissions['policy']['Statement'] = [{ Sid: SCAN_SID, Effect: 'Allow', Action: [...reads].sort(), Resource: '*' }];
  let notes: ScopeNote[] = [];
  if (options.includeFix) {
    const remediators = new Set(checks.map((c) => remediatorFor(c.id)).filter((r) => r !== undefined));
    const fix = fixPermissions(remediators, values);
    statements.push(...fix.statements);
    notes = fix.notes;
  }
  // Only the account's own default product: findings cannot be imported as another product or account.
  if (options.toSecurityHub) {
    statements.push({ Sid: SECURITY_HUB_SID, Effect: 'Allow', Action: ['securityhub:BatchImportFindings'], Resource: `arn:${values.partition}:securityhub:*:${values.account}:product/*/default` });
  }
  return { policy: { Version: '2012-10-17', Statement: statements }, notes };
}

/** The policy alone (what `cis-audit permissions` prints by default). */
export function permissionsPolicy(controls: ControlDef[], includeFix: boolean, toSecurityHub = false, scope?: Partial<ScopeValues>): Permissions['policy'] {
  return buildPermissions(controls, { includeFix, toSecurityHub, ...(scope ? { scope } : {}) }).policy;
}

/** Every action the fix statements grant (all but the scan's reads and the Security Hub import), sorted. */
export function fixActionsOf(policy: { Statement: ReadonlyArray<{ Sid?: unknown; Action?: unknown }> }): string[] {
  const fix = policy.Statement.filter((s) => s.Sid !== SCAN_SID && s.Sid !== SECURITY_HUB_SID);
  return [...new Set(fix.flatMap((s) => ([] as string[]).concat((s.Action ?? []) as string | string[])))].sort();
}

/** The stderr note under a printed policy: the writes that reach more than what fix creates, grouped by reason. */
export function describeNotes(notes: ScopeNote[]): string {
  const groups = new Map<string, { kind: ScopeNote['kind']; actions: string[]; resources: string[]; why: string }>();
  for (const n of notes) {
    const key = JSON.stringify([n.kind, n.resources, n.why]);
    const g = groups.get(key) ?? { kind: n.kind, actions: [], resources: n.resources, why: n.why };
    g.actions.push(n.action);
    groups.set(key, g);
  }
  const unscopable = [...groups.values()].filter((g) => g.kind === 'unscopable');
  const wide = [...groups.values()].filter((g) => g.kind === 'any-name');
  const lines: string[] = [];
  if (unscopable.length > 0) {
    lines.push('Granted on "*" because AWS offers nothing narrower:');
    for (const g of unscopable) lines.push(`  ${g.actions.join(', ')}: ${g.why}`);
  }
  if (wide.length > 0) {
    lines.push('Granted on existing resources of any name:');
    for (const g of wide) lines.push(`  ${g.actions.join(', ')} on ${g.resources.join(', ')}: ${g.why}`);
  }
  if (lines.length === 0) return '';
  lines.push('Every other write is limited to what fix creates (cis-audit-* names, /cis-audit/ log groups, the cis-audit:created-by tag); docs/fix.md#permissions');
  return `${lines.join('\n')}\n`;
}
