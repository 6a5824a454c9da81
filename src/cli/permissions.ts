import type { ControlDef } from '../benchmark/control.js';
import { findCheck } from '../checks/registry.js';
import { closeOver } from '../collect/datum.js';
import { remediatorFor } from '../fix/registry.js';

// Least privilege, generated from what collectors read and remediators write for the selected controls.
const ALWAYS = ['sts:GetCallerIdentity'];
const REGIONS = 'ec2:DescribeRegions';

export function permissionsPolicy(controls: ControlDef[], includeFix: boolean, toSecurityHub = false): Record<string, unknown> {
  const checks = controls.flatMap((c) => c.checks).map((id) => findCheck(id)).filter((c) => c !== undefined);
  const datums = closeOver(checks.flatMap((c) => c.needs));
  const reads = new Set([...ALWAYS, ...datums.flatMap((d) => d.reads)]);
  if (datums.some((d) => d.regional)) reads.add(REGIONS);
  const statements: Array<Record<string, unknown>> = [
    { Sid: 'CisAuditScan', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' },
  ];
  if (includeFix) {
    const remediators = new Set(checks.map((c) => remediatorFor(c.id)).filter((r) => r !== undefined));
    const writes = new Set([...remediators].flatMap((r) => r.permissions));
    if (writes.size > 0) statements.push({ Sid: 'CisAuditFix', Effect: 'Allow', Action: [...writes].sort(), Resource: '*' });
  }
  // Only the account's own default product: findings cannot be imported as another product or account.
  if (toSecurityHub) statements.push({ Sid: 'CisAuditSecurityHubImport', Effect: 'Allow', Action: ['securityhub:BatchImportFindings'], Resource: 'arn:aws:securityhub:*:*:product/*/default' });
  return { Version: '2012-10-17', Statement: statements };
}
