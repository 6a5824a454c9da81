import { isAwsError } from '../aws/errors.js';
import { decodePolicyText } from '../aws/wire-json.js';
import { parseCsv } from './csv.js';
import type { Got } from '../model/got.js';
import { defineDatum, orThrow, settle, type CollectContext } from './datum.js';
import { IAM_PAGES, paginate } from './paginate.js';

// IAM is global: every read goes to the home region's endpoint.

export interface CredentialReport {
  generatedAt?: string;
  /** Column names as the report's header has them (extra or reordered columns are tolerated). */
  columns: string[];
  rows: Array<Record<string, string>>;
}

const REPORT_POLL_MS = 2_000;
const REPORT_MAX_POLLS = 30;

export const credentialReport = defineDatum<CredentialReport>({
  key: 'iam.credentialReport',
  description: 'IAM credential report (users, root, passwords, MFA, access keys)',
  reads: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  async load(ctx) {
    for (let attempt = 0; attempt < REPORT_MAX_POLLS; attempt++) {
      const gen = await ctx.aws.call<{ State?: string }>('iam', ctx.homeRegion, 'GenerateCredentialReport', {});
      if (gen.State !== 'COMPLETE') {
        await ctx.sleep(REPORT_POLL_MS);
        continue;
      }
      try {
        const out = await ctx.aws.call<{ Content?: Uint8Array | string; GeneratedTime?: Date | string }>(
          'iam', ctx.homeRegion, 'GetCredentialReport', {},
        );
        return parseCredentialReport(decodeContent(out.Content), out.GeneratedTime);
      } catch (err) {
        // The report can still be regenerating between the two calls: wait and ask again.
        if (!isAwsError(err, 'ReportInProgress', 'CredentialReportNotReady', 'ReportNotPresent', 'CredentialReportNotPresent')) throw err;
        await ctx.sleep(REPORT_POLL_MS);
      }
    }
    throw new Error(`the credential report was not ready after ${REPORT_MAX_POLLS} polls`);
  },
});

function decodeContent(content: Uint8Array | string | undefined): string {
  if (content === undefined) throw new Error('GetCredentialReport returned no Content');
  return typeof content === 'string' ? content : new TextDecoder().decode(content);
}

export function parseCredentialReport(csv: string, generatedAt?: Date | string): CredentialReport {
  const [header, ...body] = parseCsv(csv);
  if (!header || !header.includes('user') || !header.includes('arn')) {
    throw new Error('the credential report has no header with user and arn columns');
  }
  const rows = body.map((cells) => {
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i]!] = cells[i] ?? '';
    return row;
  });
  const result: CredentialReport = { columns: header, rows };
  if (generatedAt !== undefined) result.generatedAt = new Date(generatedAt).toISOString();
  return result;
}

export type AccountSummary = Record<string, number>;

export const accountSummary = defineDatum<AccountSummary>({
  key: 'iam.accountSummary',
  description: 'IAM account summary (root access keys, root MFA)',
  reads: ['iam:GetAccountSummary'],
  async load(ctx) {
    const out = await ctx.aws.call<{ SummaryMap?: Record<string, number> }>('iam', ctx.homeRegion, 'GetAccountSummary', {});
    if (!out.SummaryMap) throw new Error('GetAccountSummary returned no SummaryMap');
    return out.SummaryMap;
  },
});

export interface PasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

/** null means the account has no password policy (NoSuchEntity): absent, not unreadable. */
export const passwordPolicy = defineDatum<PasswordPolicy | null>({
  key: 'iam.passwordPolicy',
  description: 'IAM account password policy',
  reads: ['iam:GetAccountPasswordPolicy'],
  async load(ctx) {
    try {
      const out = await ctx.aws.call<{ PasswordPolicy?: PasswordPolicy }>('iam', ctx.homeRegion, 'GetAccountPasswordPolicy', {});
      if (!out.PasswordPolicy) throw new Error('GetAccountPasswordPolicy returned no PasswordPolicy');
      return out.PasswordPolicy;
    } catch (err) {
      if (isAwsError(err, 'NoSuchEntity')) return null;
      throw err;
    }
  },
});

export interface VirtualMfaDevice {
  serialNumber: string;
  userArn?: string;
  userName?: string;
}

export const virtualMfaDevices = defineDatum<VirtualMfaDevice[]>({
  key: 'iam.virtualMfaDevices',
  description: 'virtual MFA devices and the users they are assigned to',
  reads: ['iam:ListVirtualMFADevices'],
  async load(ctx) {
    const devices = await paginate<{ SerialNumber?: string; User?: { Arn?: string; UserName?: string } }>(
      ctx, 'iam', ctx.homeRegion, 'ListVirtualMFADevices', { AssignmentStatus: 'Any', MaxItems: 1000 },
      IAM_PAGES('VirtualMFADevices'),
    );
    return devices.map((d) => ({
      serialNumber: d.SerialNumber ?? '',
      ...(d.User?.Arn ? { userArn: d.User.Arn } : {}),
      ...(d.User?.UserName ? { userName: d.User.UserName } : {}),
    }));
  },
});

export interface AttachedPolicy {
  name: string;
  arn: string;
}

export interface IamUserDetail {
  name: string;
  arn: string;
  attachedPolicies: AttachedPolicy[];
  inlinePolicyNames: string[];
  groups: string[];
}

export interface IamLocalPolicy {
  name: string;
  arn: string;
  attachmentCount: number;
  defaultVersionId: string;
  /** The default version's document, decoded; undefined when it could not be decoded. */
  document?: unknown;
}

type RawAttached = { PolicyName?: string; PolicyArn?: string };
const attached = (list: RawAttached[] | undefined): AttachedPolicy[] =>
  (list ?? []).map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }));

/** One GetAccountAuthorizationDetails stream per entity type, so a scan of one control reads only its type. */
function authorizationDetails<T>(filter: string, items: string, map: (raw: any) => T) {
  return async (ctx: CollectContext): Promise<T[]> => {
    const raw = await paginate<unknown>(
      ctx, 'iam', ctx.homeRegion, 'GetAccountAuthorizationDetails', { Filter: [filter], MaxItems: 1000 }, IAM_PAGES(items),
    );
    return raw.map(map);
  };
}

export const iamUsers = defineDatum<IamUserDetail[]>({
  key: 'iam.users',
  description: 'IAM users with their attached and inline policies',
  reads: ['iam:GetAccountAuthorizationDetails'],
  load: authorizationDetails('User', 'UserDetailList', (u) => ({
    name: u.UserName ?? '',
    arn: u.Arn ?? '',
    attachedPolicies: attached(u.AttachedManagedPolicies),
    inlinePolicyNames: (u.UserPolicyList ?? []).map((p: { PolicyName?: string }) => p.PolicyName ?? ''),
    groups: u.GroupList ?? [],
  })),
});

/** The AWS-managed policy CIS 1.20 asks to be attached to some role. */
export const supportAccessPolicyArn = (partition: string) => `arn:${partition}:iam::aws:policy/AWSSupportAccess`;

/** ListEntitiesForPolicy returns a role's name and id only: no ARN and no path, so none is made up here. */
export interface SupportAccessRole {
  name: string;
  id: string;
}

/**
 * The roles AWSSupportAccess is attached to: CIS 1.20's own audit (`list-entities-for-policy`), one call per
 * 1,000 attached roles instead of every role in the account. NoSuchEntity (the AWS-managed policy not found) is
 * not "no roles": it stays a read error.
 */
export const supportAccessRoles = defineDatum<SupportAccessRole[]>({
  key: 'iam.supportAccessRoles',
  description: 'IAM roles with the AWSSupportAccess managed policy attached',
  reads: ['iam:ListEntitiesForPolicy'],
  async load(ctx) {
    const roles = await paginate<{ RoleName?: string; RoleId?: string }>(
      ctx, 'iam', ctx.homeRegion, 'ListEntitiesForPolicy',
      { PolicyArn: supportAccessPolicyArn(ctx.partition), EntityFilter: 'Role', MaxItems: 1000 }, IAM_PAGES('PolicyRoles'),
    );
    return roles.map((r) => {
      if (typeof r.RoleName !== 'string' || r.RoleName === '') throw new Error('ListEntitiesForPolicy returned a PolicyRoles entry without RoleName');
      return { name: r.RoleName, id: r.RoleId ?? '' };
    });
  },
});

export const iamLocalPolicies = defineDatum<IamLocalPolicy[]>({
  key: 'iam.localPolicies',
  description: 'customer-managed IAM policies with their default version document',
  reads: ['iam:GetAccountAuthorizationDetails'],
  load: authorizationDetails('LocalManagedPolicy', 'Policies', (p) => {
    const versions: Array<{ VersionId?: string; IsDefaultVersion?: boolean; Document?: unknown }> = p.PolicyVersionList ?? [];
    const def = versions.find((v) => v.IsDefaultVersion) ?? versions.find((v) => v.VersionId === p.DefaultVersionId);
    return {
      name: p.PolicyName ?? '',
      arn: p.Arn ?? '',
      attachmentCount: p.AttachmentCount ?? 0,
      defaultVersionId: p.DefaultVersionId ?? def?.VersionId ?? '',
      document: decodeDocument(def?.Document),
    };
  }),
});

function decodeDocument(doc: unknown): unknown {
  if (typeof doc === 'string') return decodePolicyText(doc);
  return doc ?? undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Reads the newer CIS versions add (v1.4.0+).

export interface ServerCertificate {
  name: string;
  arn: string;
  /** ISO date; undefined when IAM gave none (the check then cannot decide). */
  expiration?: string;
}

export const serverCertificates = defineDatum<ServerCertificate[]>({
  key: 'iam.serverCertificates',
  description: 'SSL/TLS server certificates stored in IAM, with their expiry',
  reads: ['iam:ListServerCertificates'],
  async load(ctx) {
    const certs = await paginate<{ ServerCertificateName?: string; Arn?: string; Expiration?: Date | string }>(
      ctx, 'iam', ctx.homeRegion, 'ListServerCertificates', { MaxItems: 1000 }, IAM_PAGES('ServerCertificateMetadataList'),
    );
    return certs.map((c) => {
      const expiration = c.Expiration === undefined ? undefined : new Date(c.Expiration);
      return {
        name: c.ServerCertificateName ?? '',
        arn: c.Arn ?? '',
        ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration: expiration.toISOString() } : {}),
      };
    });
  },
});

/** The AWS-managed policy CIS v3.0+ asks to be attached to nobody. */
export const cloudShellPolicyArn = (partition: string) => `arn:${partition}:iam::aws:policy/AWSCloudShellFullAccess`;

export interface PolicyEntities {
  users: string[];
  groups: string[];
  roles: string[];
}

const ENTITY_TYPES = [
  { filter: 'User', items: 'PolicyUsers', name: 'UserName', field: 'users' },
  { filter: 'Group', items: 'PolicyGroups', name: 'GroupName', field: 'groups' },
  { filter: 'Role', items: 'PolicyRoles', name: 'RoleName', field: 'roles' },
] as const;

/** Users, groups and roles AWSCloudShellFullAccess is attached to: one paged stream per entity type. */
export const cloudShellEntities = defineDatum<PolicyEntities>({
  key: 'iam.cloudShellEntities',
  description: 'IAM users, groups and roles with the AWSCloudShellFullAccess managed policy attached',
  reads: ['iam:ListEntitiesForPolicy'],
  async load(ctx) {
    const lists = await Promise.all(ENTITY_TYPES.map(async (t) => {
      const raw = await paginate<Record<string, unknown>>(
        ctx, 'iam', ctx.homeRegion, 'ListEntitiesForPolicy',
        { PolicyArn: cloudShellPolicyArn(ctx.partition), EntityFilter: t.filter, MaxItems: 1000 }, IAM_PAGES(t.items),
      );
      return raw.map((e) => {
        const name = e[t.name];
        if (typeof name !== 'string' || name === '') throw new Error(`ListEntitiesForPolicy returned a ${t.items} entry without ${t.name}`);
        return name;
      });
    }));
    return { users: lists[0]!, groups: lists[1]!, roles: lists[2]! };
  },
});

export interface AttachedPolicyDocument {
  name: string;
  arn: string;
  attachmentCount: number;
  defaultVersionId: string;
  /** The default version's decoded document, or why it could not be read (one denied policy stays that policy's). */
  document: Got<unknown>;
  /** Where the document was read: GetAccountAuthorizationDetails (customer-managed) or GetPolicyVersion (AWS-managed). */
  source: 'iam:GetAccountAuthorizationDetails' | 'iam:GetPolicyVersion';
}

/**
 * Every policy attached to some user, group or role, AWS-managed ones included (CIS v1.4+ "not attached"), with
 * its default version's document. ListPolicies with OnlyAttached leaves out the hundreds of unused AWS policies.
 */
export const attachedPolicyDocuments = defineDatum<AttachedPolicyDocument[]>({
  key: 'iam.attachedPolicyDocuments',
  description: 'attached IAM managed policies (customer and AWS-managed) with their default version document',
  reads: ['iam:ListPolicies', 'iam:GetPolicyVersion'],
  // Customer-managed documents come with GetAccountAuthorizationDetails: only AWS-managed ones need GetPolicyVersion.
  dependsOn: [iamLocalPolicies],
  async load(ctx) {
    const local = orThrow(await ctx.get(iamLocalPolicies));
    const customer: AttachedPolicyDocument[] = local.filter((p) => p.attachmentCount > 0).map((p) => ({
      name: p.name, arn: p.arn, attachmentCount: p.attachmentCount, defaultVersionId: p.defaultVersionId,
      document: { ok: true, value: p.document }, source: 'iam:GetAccountAuthorizationDetails',
    }));
    const listed = await paginate<{ PolicyName?: string; Arn?: string; DefaultVersionId?: string; AttachmentCount?: number }>(
      ctx, 'iam', ctx.homeRegion, 'ListPolicies', { Scope: 'AWS', OnlyAttached: true, MaxItems: 1000 }, IAM_PAGES('Policies'),
    );
    const aws = await Promise.all(listed.map(async (p): Promise<AttachedPolicyDocument> => {
      const arn = p.Arn ?? '';
      const versionId = p.DefaultVersionId ?? '';
      const document = await settle(async () => {
        const out = await ctx.aws.call<{ PolicyVersion?: { Document?: unknown } }>(
          'iam', ctx.homeRegion, 'GetPolicyVersion', { PolicyArn: arn, VersionId: versionId }, 'per-resource',
        );
        const doc = decodeDocument(out.PolicyVersion?.Document);
        if (doc === undefined) throw new Error(`GetPolicyVersion returned no document for ${arn} ${versionId}`);
        return doc;
      }, `GetPolicyVersion ${arn}`, ctx.homeRegion, ctx.unexpected);
      return { name: p.PolicyName ?? '', arn, attachmentCount: p.AttachmentCount ?? 0, defaultVersionId: versionId, document, source: 'iam:GetPolicyVersion' };
    }));
    return [...customer, ...aws];
  },
});

export interface IdentityProviders {
  saml: string[];
  oidc: string[];
}

/** SAML and OIDC identity providers: evidence that users sign in through federation (CIS Manual). */
export const identityProviders = defineDatum<IdentityProviders>({
  key: 'iam.identityProviders',
  description: 'IAM SAML and OpenID Connect identity providers',
  reads: ['iam:ListSAMLProviders', 'iam:ListOpenIDConnectProviders'],
  async load(ctx) {
    const [saml, oidc] = await Promise.all([
      ctx.aws.call<{ SAMLProviderList?: Array<{ Arn?: string }> }>('iam', ctx.homeRegion, 'ListSAMLProviders', {}),
      ctx.aws.call<{ OpenIDConnectProviderList?: Array<{ Arn?: string }> }>('iam', ctx.homeRegion, 'ListOpenIDConnectProviders', {}),
    ]);
    if (!Array.isArray(saml.SAMLProviderList)) throw new Error('ListSAMLProviders returned no SAMLProviderList');
    if (!Array.isArray(oidc.OpenIDConnectProviderList)) throw new Error('ListOpenIDConnectProviders returned no OpenIDConnectProviderList');
    return { saml: saml.SAMLProviderList.map((p) => p.Arn ?? ''), oidc: oidc.OpenIDConnectProviderList.map((p) => p.Arn ?? '') };
  },
});

/**
 * IAM's view of centralized root access: the organization's enabled features, or the documented answer that
 * says why there are none to read (no organization, IAM trusted access off, a member account asking).
 */
export type OrganizationsFeatures =
  | { kind: 'features'; organizationId: string; enabledFeatures: string[] }
  | { kind: 'unavailable'; code: string; message: string };

export const ORG_FEATURES_UNAVAILABLE = [
  'OrganizationNotFoundException', 'ServiceAccessNotEnabledException',
  'OrganizationNotInAllFeaturesModeException', 'AccountNotManagementOrDelegatedAdministratorException',
] as const;

export const organizationsFeatures = defineDatum<OrganizationsFeatures>({
  key: 'iam.organizationsFeatures',
  description: 'IAM centralized root access features enabled for the organization',
  reads: ['iam:ListOrganizationsFeatures'],
  async load(ctx) {
    try {
      const out = await ctx.aws.call<{ OrganizationId?: string; EnabledFeatures?: string[] }>('iam', ctx.homeRegion, 'ListOrganizationsFeatures', {});
      if (!Array.isArray(out.EnabledFeatures)) throw new Error('ListOrganizationsFeatures returned no EnabledFeatures');
      return { kind: 'features', organizationId: out.OrganizationId ?? '', enabledFeatures: out.EnabledFeatures };
    } catch (err) {
      // IAM's wire codes lack the SDK's "Exception" suffix: keep the one spelling checks compare against.
      const code = ORG_FEATURES_UNAVAILABLE.find((c) => isAwsError(err, c));
      if (code && isAwsError(err)) return { kind: 'unavailable', code, message: err.message };
      throw err;
    }
  },
});
