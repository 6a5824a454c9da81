import { describe, expect, it } from 'vitest';
import {
  authorizationGuardrails, centralizedRootAccess, delegatedAdminPolicies, delegatedAdminServices, managementAccountWorkloads, ouStructure,
} from '../../../src/checks/organizations/org-checks.js';
import { organizationsFeatures } from '../../../src/collect/iam.js';
import { orgDelegation, orgPolicies, orgUnits, organization, type Organization } from '../../../src/collect/organizations.js';
import { ACCOUNT, denied, evaluate, expectReadErrorFinding, ok, ROOT_ARN, statuses } from '../../helpers/check-state.js';

const ORG: Organization = { id: 'o-abc123', managementAccountId: ACCOUNT, featureSet: 'ALL' };
const MEMBER_ORG: Organization = { ...ORG, managementAccountId: '999988887777' };

describe('org-centralized-root-access (a verdict where readable)', () => {
  const run = (v: Parameters<typeof ok>[0]) => evaluate(centralizedRootAccess, [[organizationsFeatures, ok(v)]]);

  it('PASSes with RootCredentialsManagement enabled, FAILs without it', () => {
    expect(run({ kind: 'features', organizationId: 'o-abc123', enabledFeatures: ['RootCredentialsManagement', 'RootSessions'] })[0])
      .toMatchObject({ status: 'PASS', resource: ROOT_ARN, message: 'centralized root access is enabled for o-abc123' });
    const [f] = run({ kind: 'features', organizationId: 'o-abc123', enabledFeatures: ['RootSessions'] });
    expect(f).toMatchObject({ status: 'FAIL' });
    expect(f!.evidence).toEqual([{ source: 'iam:ListOrganizationsFeatures', field: 'EnabledFeatures', value: ['RootSessions'], expected: 'includes RootCredentialsManagement' }]);
  });

  it('FAILs when IAM trusted access is not enabled; NOT_APPLICABLE outside an organization; MANUAL from a member account', () => {
    expect(statuses(run({ kind: 'unavailable', code: 'ServiceAccessNotEnabledException', message: 'm' }))).toEqual(['FAIL']);
    expect(statuses(run({ kind: 'unavailable', code: 'OrganizationNotFoundException', message: 'm' }))).toEqual(['NOT_APPLICABLE']);
    const [m] = run({ kind: 'unavailable', code: 'AccountNotManagementOrDelegatedAdministratorException', message: 'not the management account' });
    expect(m).toMatchObject({ status: 'MANUAL', evidence: [{ source: 'iam:ListOrganizationsFeatures', field: 'error', value: { code: 'AccountNotManagementOrDelegatedAdministratorException', message: 'not the management account' } }] });
  });

  it('is ERROR when the read was denied or throttled', () => {
    expectReadErrorFinding(evaluate(centralizedRootAccess, [[organizationsFeatures, denied('ListOrganizationsFeatures')]]), 'ListOrganizationsFeatures');
    expectReadErrorFinding(evaluate(centralizedRootAccess, [[organizationsFeatures, denied('ListOrganizationsFeatures', 'Throttling')]]), 'ListOrganizationsFeatures', 'Throttling');
  });
});

describe('Organizations evidence items (MANUAL)', () => {
  const policies = ok([
    { id: 'p-FullAWSAccess', name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY' as const, awsManaged: true, targets: ['ROOT Root (r-ab12)'] },
    { id: 'p-1', name: 'deny-leave-org', type: 'SERVICE_CONTROL_POLICY' as const, awsManaged: false, targets: ['ROOT Root (r-ab12)'] },
    { id: 'p-2', name: 'no-public-s3', type: 'RESOURCE_CONTROL_POLICY' as const, awsManaged: false, targets: ['ORGANIZATIONAL_UNIT Prod (ou-1)'] },
  ]);

  it('guardrails: counts SCPs and RCPs, own ones and root attachments, with every target in evidence', () => {
    expect(authorizationGuardrails.evidenceOnly).toBe(true);
    const [f] = evaluate(authorizationGuardrails, [[organization, ok(ORG)], [orgPolicies, policies]]);
    expect(f).toMatchObject({ status: 'MANUAL', resource: ROOT_ARN, message: '2 SCP(s) and 1 RCP(s), 2 of them your own, 1 attached to the root; confirm the baseline guardrails cover every account' });
    expect(f!.evidence[1]!.value).toContainEqual({ policy: 'no-public-s3 (RESOURCE_CONTROL_POLICY)', targets: ['ORGANIZATIONAL_UNIT Prod (ou-1)'] });
  });

  it('a member account that may not list policies: MANUAL with the error, pointing at the management account', () => {
    const [f] = evaluate(authorizationGuardrails, [[organization, ok(MEMBER_ORG)], [orgPolicies, denied('ListPolicies', 'AccessDeniedException', 'organizations')]]);
    expect(f).toMatchObject({ status: 'MANUAL' });
    expect(f!.message).toContain('review it from the management account 999988887777');
    expect(f!.evidence).toContainEqual({ source: 'organizations:ListPolicies', field: 'error', value: { code: 'AccessDeniedException', message: expect.any(String) } });
  });

  it('every item is NOT_APPLICABLE outside an organization', () => {
    const none = [[organization, ok(null)], [orgPolicies, ok(null)], [orgUnits, ok(null)], [orgDelegation, ok(null)]] as const;
    for (const check of [authorizationGuardrails, managementAccountWorkloads, ouStructure, delegatedAdminPolicies, delegatedAdminServices]) {
      expect(statuses(evaluate(check, none.filter(([d]) => check.needs.includes(d)))), check.id).toEqual(['NOT_APPLICABLE']);
    }
  });

  it('stays MANUAL (never ERROR) when DescribeOrganization itself was throttled', () => {
    for (const check of [authorizationGuardrails, managementAccountWorkloads]) {
      const [f] = evaluate(check, [[organization, denied('DescribeOrganization', 'TooManyRequestsException', 'organizations')], [orgPolicies, ok(null)]].filter(([d]) => check.needs.includes(d as never)) as never);
      expect(f).toMatchObject({ status: 'MANUAL' });
      expect(f!.evidence[0]).toMatchObject({ field: 'error', value: { code: 'TooManyRequestsException' } });
    }
  });

  it('management account workloads: MANUAL in the management account, NOT_APPLICABLE in a member', () => {
    expect(evaluate(managementAccountWorkloads, [[organization, ok(ORG)]])[0]).toMatchObject({ status: 'MANUAL', message: expect.stringContaining('this is the management account') });
    expect(evaluate(managementAccountWorkloads, [[organization, ok(MEMBER_ORG)]])[0]).toMatchObject({ status: 'NOT_APPLICABLE', message: expect.stringContaining('999988887777') });
  });

  it('OU structure lists every OU by path', () => {
    const [f] = evaluate(ouStructure, [[organization, ok(ORG)], [orgUnits, ok([{ id: 'ou-1', name: 'Workloads', path: 'Workloads' }, { id: 'ou-2', name: 'Prod', path: 'Workloads/Prod' }])]]);
    expect(f).toMatchObject({ status: 'MANUAL', message: '2 organizational unit(s); confirm accounts are grouped by environment and data sensitivity' });
    expect(f!.evidence[1]).toEqual({ source: 'organizations:ListOrganizationalUnitsForParent', field: 'OrganizationalUnits[].Name', value: ['Workloads', 'Workloads/Prod'] });
  });

  it('delegation: the resource policy and each delegated administrator with its services', () => {
    const d = ok({ admins: [{ accountId: '444455556666', name: 'security', services: ['guardduty.amazonaws.com', 'securityhub.amazonaws.com'] }], resourcePolicy: null });
    expect(evaluate(delegatedAdminPolicies, [[organization, ok(ORG)], [orgDelegation, d]])[0]!.message).toMatch(/^no delegation policy/);
    const [s] = evaluate(delegatedAdminServices, [[organization, ok(ORG)], [orgDelegation, d]]);
    expect(s!.message).toMatch(/^1 delegated administrator\(s\) \(security: 2 service\(s\)\)/);
    expect(s!.evidence[1]!.value).toEqual([{ account: '444455556666', name: 'security', services: ['guardduty.amazonaws.com', 'securityhub.amazonaws.com'] }]);
  });
});
