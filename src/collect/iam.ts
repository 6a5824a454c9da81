import { isAwsError } from '../aws/errors.js';
import { decodePolicyText } from '../aws/wire-json.js';
import { parseCsv } from './csv.js';
import { defineDatum, type CollectContext } from './datum.js';
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
