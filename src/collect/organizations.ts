import { isAwsError } from '../aws/errors.js';
import { defineDatum, orThrow, type CollectContext } from './datum.js';
import { NEXT_TOKEN_PAGES, paginate } from './paginate.js';

// AWS Organizations (global, served from the home region's endpoint). A member account may describe its
// organization but not list its policies, delegations or OUs: those reads fail with AccessDenied, which the
// CIS-Manual checks show as evidence instead of a verdict.

export interface Organization {
  id: string;
  managementAccountId: string;
  featureSet: string;
}

/** The account's organization, or null when it is in none (AWSOrganizationsNotInUseException: absent). */
export const organization = defineDatum<Organization | null>({
  key: 'organizations.organization',
  description: 'the AWS Organizations organization the account belongs to',
  reads: ['organizations:DescribeOrganization'],
  async load(ctx) {
    try {
      const out = await ctx.aws.call<{ Organization?: { Id?: string; MasterAccountId?: string; FeatureSet?: string } }>(
        'organizations', ctx.homeRegion, 'DescribeOrganization', {},
      );
      const o = out.Organization;
      if (!o?.Id || !o.MasterAccountId) throw new Error('DescribeOrganization returned no organization id or management account');
      return { id: o.Id, managementAccountId: o.MasterAccountId, featureSet: o.FeatureSet ?? '' };
    } catch (err) {
      if (isAwsError(err, 'AWSOrganizationsNotInUseException')) return null;
      throw err;
    }
  },
});

/** The organization, or null; the reads below skip every call for an account outside any organization. */
async function inOrganization(ctx: CollectContext): Promise<Organization | null> {
  return orThrow(await ctx.get(organization));
}

export const GUARDRAIL_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;

export interface OrgPolicy {
  id: string;
  name: string;
  type: (typeof GUARDRAIL_TYPES)[number];
  awsManaged: boolean;
  /** Where it is attached: "ROOT r-ab12", "ORGANIZATIONAL_UNIT Prod (ou-…)", "ACCOUNT 1111… (name)". */
  targets: string[];
}

/** SCPs and RCPs with their targets (null outside an organization). */
export const orgPolicies = defineDatum<OrgPolicy[] | null>({
  key: 'organizations.policies',
  description: 'service and resource control policies of the organization, with where each is attached',
  reads: ['organizations:ListPolicies', 'organizations:ListTargetsForPolicy'],
  dependsOn: [organization],
  async load(ctx) {
    if (!(await inOrganization(ctx))) return null;
    const perType = await Promise.all(GUARDRAIL_TYPES.map(async (type) => {
      const listed = await paginate<{ Id?: string; Name?: string; AwsManaged?: boolean }>(
        ctx, 'organizations', ctx.homeRegion, 'ListPolicies', { Filter: type }, NEXT_TOKEN_PAGES('Policies'),
      );
      return Promise.all(listed.map(async (p): Promise<OrgPolicy> => {
        const targets = await paginate<{ TargetId?: string; Name?: string; Type?: string }>(
          ctx, 'organizations', ctx.homeRegion, 'ListTargetsForPolicy', { PolicyId: p.Id }, NEXT_TOKEN_PAGES('Targets'),
        );
        return {
          id: p.Id ?? '', name: p.Name ?? '', type, awsManaged: p.AwsManaged === true,
          targets: targets.map((t) => `${t.Type ?? '?'} ${t.Name ? `${t.Name} (${t.TargetId})` : t.TargetId}`),
        };
      }));
    }));
    return perType.flat();
  },
});

export interface DelegatedAdmin {
  accountId: string;
  name: string;
  services: string[];
}

export interface OrgDelegation {
  admins: DelegatedAdmin[];
  /** The delegation policy for Organizations policy management (JSON text), or null when there is none. */
  resourcePolicy: string | null;
}

/** Delegated administrators with their services, and the Organizations delegation policy (null outside one). */
export const orgDelegation = defineDatum<OrgDelegation | null>({
  key: 'organizations.delegation',
  description: 'delegated administrators of the organization, their services, and the Organizations resource policy',
  reads: ['organizations:ListDelegatedAdministrators', 'organizations:ListDelegatedServicesForAccount', 'organizations:DescribeResourcePolicy'],
  dependsOn: [organization],
  async load(ctx) {
    if (!(await inOrganization(ctx))) return null;
    const [listed, resourcePolicy] = await Promise.all([
      paginate<{ Id?: string; Name?: string }>(ctx, 'organizations', ctx.homeRegion, 'ListDelegatedAdministrators', {}, NEXT_TOKEN_PAGES('DelegatedAdministrators')),
      readResourcePolicy(ctx),
    ]);
    const admins = await Promise.all(listed.map(async (a) => {
      const services = await paginate<{ ServicePrincipal?: string }>(
        ctx, 'organizations', ctx.homeRegion, 'ListDelegatedServicesForAccount', { AccountId: a.Id }, NEXT_TOKEN_PAGES('DelegatedServices'),
      );
      return { accountId: a.Id ?? '', name: a.Name ?? '', services: services.map((s) => s.ServicePrincipal ?? '').sort() };
    }));
    return { admins, resourcePolicy };
  },
});

async function readResourcePolicy(ctx: CollectContext): Promise<string | null> {
  try {
    const out = await ctx.aws.call<{ ResourcePolicy?: { Content?: string } }>('organizations', ctx.homeRegion, 'DescribeResourcePolicy', {});
    return out.ResourcePolicy?.Content ?? null;
  } catch (err) {
    if (isAwsError(err, 'ResourcePolicyNotFoundException')) return null;
    throw err;
  }
}

export interface OrgUnit {
  id: string;
  name: string;
  /** Names from the root down, e.g. "Workloads/Prod". */
  path: string;
}

/** Every organizational unit, walked from the root (null outside an organization). */
export const orgUnits = defineDatum<OrgUnit[] | null>({
  key: 'organizations.units',
  description: 'the organizational units of the organization, walked from the root',
  reads: ['organizations:ListRoots', 'organizations:ListOrganizationalUnitsForParent'],
  dependsOn: [organization],
  async load(ctx) {
    if (!(await inOrganization(ctx))) return null;
    const roots = await paginate<{ Id?: string }>(ctx, 'organizations', ctx.homeRegion, 'ListRoots', {}, NEXT_TOKEN_PAGES('Roots'));
    const units: OrgUnit[] = [];
    const walk = async (parentId: string, prefix: string, depth: number): Promise<void> => {
      // Organizations allows five levels of OUs below the root; deeper means a malformed answer, not a tree.
      if (depth > 5) throw new Error(`ListOrganizationalUnitsForParent nests deeper than five levels under ${prefix}`);
      const children = await paginate<{ Id?: string; Name?: string }>(
        ctx, 'organizations', ctx.homeRegion, 'ListOrganizationalUnitsForParent', { ParentId: parentId }, NEXT_TOKEN_PAGES('OrganizationalUnits'),
      );
      for (const c of children) {
        const path = prefix ? `${prefix}/${c.Name ?? c.Id}` : c.Name ?? c.Id ?? '';
        units.push({ id: c.Id ?? '', name: c.Name ?? '', path });
        await walk(c.Id ?? '', path, depth + 1);
      }
    };
    for (const r of roots) await walk(r.Id ?? '', '', 1);
    return units;
  },
});
