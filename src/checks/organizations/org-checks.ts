import { organizationsFeatures } from '../../collect/iam.js';
import { orgDelegation, orgPolicies, orgUnits, organization } from '../../collect/organizations.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, manual, notApplicable, pass, readErrorFinding } from '../findings.js';
import { readEvidence } from '../read-evidence.js';
import { orgManual } from './org-evidence.js';

const FEATURES = 'iam:ListOrganizationsFeatures';

/**
 * Centralized root access lets the management account remove member accounts' root credentials. CIS calls it
 * Manual; IAM reads it, so it is a verdict wherever it can be read (the management account or its delegate).
 */
export const centralizedRootAccess: Check = {
  id: 'org-centralized-root-access',
  description: 'IAM centralized root access is enabled for the organization (ListOrganizationsFeatures RootCredentialsManagement)',
  needs: [organizationsFeatures],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const got = state.get(organizationsFeatures);
    if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'the organization\'s IAM features')];
    const f = got.value;
    if (f.kind === 'features') {
      const evidence = [{ source: FEATURES, field: 'EnabledFeatures', value: f.enabledFeatures, expected: 'includes RootCredentialsManagement' }];
      return f.enabledFeatures.includes('RootCredentialsManagement')
        ? [pass(resource, GLOBAL, `centralized root access is enabled for ${f.organizationId}`, evidence)]
        : [fail(resource, GLOBAL, `centralized root access (RootCredentialsManagement) is not enabled for ${f.organizationId}`, evidence)];
    }
    const evidence = [{ source: FEATURES, field: 'error', value: { code: f.code, message: f.message } }];
    switch (f.code) {
      case 'OrganizationNotFoundException':
        return [notApplicable(resource, GLOBAL, 'the account is not in an AWS Organizations organization', evidence)];
      case 'AccountNotManagementOrDelegatedAdministratorException':
        return [manual(resource, GLOBAL, 'only the management account (or its delegated administrator) can read this: confirm there, or scan that account', evidence)];
      default:
        // Trusted access for IAM off, or consolidated billing only: the feature cannot be on.
        return [fail(resource, GLOBAL, `centralized root access is not available: ${f.code}`, evidence)];
    }
  },
};

export const authorizationGuardrails: Check = {
  id: 'org-authorization-guardrails',
  description: 'Evidence for organization guardrails: every SCP and RCP with where it is attached',
  needs: [organization, orgPolicies],
  evidenceOnly: true,
  evaluate: (state, ctx) => orgManual(state, ctx, orgPolicies, (policies) => {
    const custom = policies.filter((p) => !p.awsManaged);
    const onRoot = custom.filter((p) => p.targets.some((t) => t.startsWith('ROOT ')));
    return {
      message: `${policies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY').length} SCP(s) and ${policies.filter((p) => p.type === 'RESOURCE_CONTROL_POLICY').length} RCP(s), `
        + `${custom.length} of them your own, ${onRoot.length} attached to the root; confirm the baseline guardrails cover every account`,
      evidence: [{ source: 'organizations:ListTargetsForPolicy', field: 'Targets', value: policies.map((p) => ({ policy: `${p.name} (${p.type}${p.awsManaged ? ', AWS-managed' : ''})`, targets: p.targets })) }],
    };
  }),
};

export const managementAccountWorkloads: Check = {
  id: 'org-management-account-workloads',
  description: 'Evidence for "no workloads in the management account": whether this account is it',
  needs: [organization],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const org = state.get(organization);
    const evidence = [readEvidence(org, 'organizations:DescribeOrganization', 'Organization.MasterAccountId', (o) => o?.managementAccountId ?? null, ctx.account)];
    if (!org.ok) return [manual(resource, GLOBAL, 'could not read the organization; confirm from the management account that it runs no workloads', evidence)];
    if (!org.value) return [notApplicable(resource, GLOBAL, 'the account is not in an AWS Organizations organization', evidence)];
    if (org.value.managementAccountId !== ctx.account) {
      return [notApplicable(resource, GLOBAL, `this is a member account; the recommendation concerns the management account ${org.value.managementAccountId}`, evidence)];
    }
    return [manual(resource, GLOBAL, 'this is the management account: confirm it runs no workloads (only Organizations, billing and identity administration)', evidence)];
  },
};

export const ouStructure: Check = {
  id: 'org-ou-structure',
  description: 'Evidence for the OU structure: every organizational unit by path',
  needs: [organization, orgUnits],
  evidenceOnly: true,
  evaluate: (state, ctx) => orgManual(state, ctx, orgUnits, (units) => ({
    message: `${units.length} organizational unit(s); confirm accounts are grouped by environment and data sensitivity`,
    evidence: [{ source: 'organizations:ListOrganizationalUnitsForParent', field: 'OrganizationalUnits[].Name', value: units.map((u) => u.path) }],
  })),
};

export const delegatedAdminPolicies: Check = {
  id: 'org-delegated-admin-policies',
  description: 'Evidence for delegated Organizations policy management: the organization\'s resource (delegation) policy',
  needs: [organization, orgDelegation],
  evidenceOnly: true,
  evaluate: (state, ctx) => orgManual(state, ctx, orgDelegation, (d) => ({
    message: d.resourcePolicy
      ? 'a delegation policy exists; confirm it delegates policy management to a dedicated account with least privilege'
      : 'no delegation policy: policies are managed from the management account; confirm whether a delegated administrator should manage them',
    evidence: [{ source: 'organizations:DescribeResourcePolicy', field: 'ResourcePolicy.Content', value: d.resourcePolicy, expected: 'a least-privilege delegation' }],
  })),
};

export const delegatedAdminServices: Check = {
  id: 'org-delegated-admin-services',
  description: 'Evidence for delegated administrators of integrated services: each one with its services',
  needs: [organization, orgDelegation],
  evidenceOnly: true,
  evaluate: (state, ctx) => orgManual(state, ctx, orgDelegation, (d) => ({
    message: `${d.admins.length} delegated administrator(s)${d.admins.length > 0 ? ` (${d.admins.map((a) => `${a.name || a.accountId}: ${a.services.length} service(s)`).join(', ')})` : ''}; `
      + 'confirm security services (GuardDuty, Security Hub, CloudTrail, Config…) are administered from a delegated account, not the management account',
    evidence: [{ source: 'organizations:ListDelegatedServicesForAccount', field: 'DelegatedServices', value: d.admins.map((a) => ({ account: a.accountId, name: a.name, services: a.services })) }],
  })),
};
