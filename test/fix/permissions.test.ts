import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { selectControls } from '../../src/benchmark/select.js';
import { fixActionsOf, permissionsPolicy } from '../../src/cli/permissions.js';
import { findCheck } from '../../src/checks/registry.js';
import { ALL_REMEDIATORS, remediatorFor } from '../../src/fix/registry.js';

const actions = (policy: Record<string, unknown>, sid: string) =>
  ((policy.Statement as Array<{ Sid: string; Action: string[] }>).find((s) => s.Sid === sid)?.Action ?? []);

describe('cis-audit permissions', () => {
  it('an IAM-only scan needs only IAM reads and GetCallerIdentity — no EC2, no writes', () => {
    const policy = permissionsPolicy(selectControls(CIS_AWS_1_2_0, ['1.9'], []), false);
    expect(actions(policy, 'CisAuditScan')).toEqual(['iam:GetAccountPasswordPolicy', 'sts:GetCallerIdentity']);
    expect(fixActionsOf(policy)).toEqual([]);
  });

  it('--include-fix adds exactly what the remediators of the selection declare', () => {
    const policy = permissionsPolicy(selectControls(CIS_AWS_1_2_0, ['1.9', '1.20'], []), true);
    expect(fixActionsOf(policy)).toEqual([
      'iam:AttachRolePolicy', 'iam:CreateRole', 'iam:DeleteAccountPasswordPolicy', 'iam:DeleteRole', 'iam:DetachRolePolicy', 'iam:GetRole',
      'iam:UpdateAccountPasswordPolicy',
    ]);
  });

  it('1.20 reads only ListEntitiesForPolicy (not the role list via GetAccountAuthorizationDetails)', () => {
    const policy = permissionsPolicy(selectControls(CIS_AWS_1_2_0, ['1.20'], []), false);
    expect(actions(policy, 'CisAuditScan')).toEqual(['iam:ListEntitiesForPolicy', 'sts:GetCallerIdentity']);
  });

  it('every read action is service:Operation and a regional scan includes ec2:DescribeRegions', () => {
    const policy = permissionsPolicy(CIS_AWS_1_2_0.controls, true);
    const reads = actions(policy, 'CisAuditScan');
    for (const a of reads) expect(a).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z]+$/);
    if (CIS_AWS_1_2_0.controls.some((c) => c.section !== '1' && c.checks.some((id) => findCheck(id)))) expect(reads).toContain('ec2:DescribeRegions');
  });

  it('every remediator covers checks that exist, and no check has two remediators', () => {
    const seen = new Set<string>();
    for (const r of ALL_REMEDIATORS) {
      for (const c of r.checks) {
        expect(findCheck(c), `${r.id} → ${c}`).toBeDefined();
        expect(seen.has(c), `${c} has two remediators`).toBe(false);
        seen.add(c);
        expect(remediatorFor(c)).toBe(r);
      }
    }
  });
});
