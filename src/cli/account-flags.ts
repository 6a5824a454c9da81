import { Flags } from '@oclif/core';
import { ROLE_ARN_PATTERN, type RoleToAssume } from '../aws/assume-role.js';
import { OU_ID_PATTERN } from '../collect/org-accounts.js';
import { parseShard, type Shard } from '../engine/shard.js';
import type { Io } from '../model/io.js';
import { UsageError } from './errors.js';
import { splitList } from './scan-setup.js';

// Which accounts a command enters, and how: one assumed role (--role-arn), or many accounts (--org,
// --accounts) entered through a role of the same name in each (docs/organisations.md).

export const roleFlags = {
  'role-arn': Flags.string({ description: 'work in the account of this IAM role, assumed from the source credentials (default chain or --profile)' }),
  'external-id': Flags.string({ description: 'the sts:ExternalId the role\'s trust policy requires' }),
  'role-session-name': Flags.string({ default: 'cis-audit', description: 'session name of the assumed role, as the account\'s CloudTrail shows it' }),
  'role-duration': Flags.integer({ description: 'seconds each role session lasts (900–43200; refreshed before it expires)' }),
  'mfa-serial': Flags.string({ description: 'MFA device the role requires; the code is asked on the terminal' }),
};

export const accountSelectionFlags = {
  accounts: Flags.string({ multiple: true, description: '12-digit account ids to scan (repeatable or comma list)' }),
  'org-role-name': Flags.string({ description: 'the role entered in each account (a read-only audit role); required with --org and --accounts' }),
};

export const orgFlags = {
  org: Flags.boolean({ default: false, description: 'scan every ACTIVE account of the organisation (management or delegated administrator account)' }),
  ou: Flags.string({ multiple: true, description: 'with --org: only the accounts under this OU or root id, recursively (repeatable)' }),
  ...accountSelectionFlags,
  'exclude-accounts': Flags.string({ multiple: true, description: 'account ids to leave out (repeatable or comma list)' }),
  'account-concurrency': Flags.integer({ default: 8, description: 'accounts scanned at once (each with its own rate limits)' }),
  shard: Flags.string({ description: 'scan shard i/n of the selected accounts (1-based), or auto (AWS Batch, Kubernetes, CIS_AUDIT_SHARD_*)' }),
  'shard-count': Flags.integer({ description: '--shard auto on a Kubernetes Indexed Job: the number of shards' }),
};

export interface RoleFlags {
  'role-arn'?: string;
  'external-id'?: string;
  'role-session-name'?: string;
  'role-duration'?: number;
  'mfa-serial'?: string;
}

export interface OrgFlags extends RoleFlags {
  org?: boolean;
  ou?: string[];
  'org-role-name'?: string;
  accounts?: string[];
  'exclude-accounts'?: string[];
  'account-concurrency'?: number;
  shard?: string;
  'shard-count'?: number;
}

/** How to enter the other accounts: the role name and session settings (the role ARN is built per account). */
export type RoleTemplate = Omit<RoleToAssume, 'roleArn'>;

export interface AccountSelection {
  org: boolean;
  ous: string[];
  /** --accounts: exactly these (with --org: only these of the organisation). */
  accounts?: string[];
  exclude: string[];
  roleName: string;
  role: RoleTemplate;
  concurrency: number;
  shard?: Shard;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;
const AUDIT_ROLE_HINT = 'give --org-role-name NAME: a read-only audit role in every account, trusting this account (docs/organisations.md, "The audit role"; `cis-audit permissions --format cloudformation` writes it)';

/** A multi-account scan: --org, --accounts or --exclude-accounts. */
export const isMultiAccount = (f: OrgFlags): boolean => f.org === true || f.accounts !== undefined || f['exclude-accounts'] !== undefined;

export function parseAccountIds(values: string[] | undefined, flag: string): string[] | undefined {
  if (values === undefined) return undefined;
  const ids = splitList(values);
  if (ids.length === 0) throw new UsageError(`${flag} needs at least one account id`, 'account ids are 12 digits, e.g. --accounts 111122223333,444455556666');
  for (const id of ids) if (!ACCOUNT_ID.test(id)) throw new UsageError(`${flag}: ${JSON.stringify(id)} is not a 12-digit account id`, 'account ids are 12 digits, e.g. 111122223333');
  return [...new Set(ids)];
}

/** The role session settings shared by --role-arn and --org-role-name, validated. */
export function parseRoleSettings(f: RoleFlags, io: Pick<Io, 'stdinIsTTY' | 'ask' | 'stderr'>): RoleTemplate {
  const external = f['external-id'];
  if (external !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(external)) throw new UsageError('--external-id must be 2 to 1224 letters, digits or +=,.@:/-', 'use the external id the role\'s trust policy names');
  const session = f['role-session-name'] ?? 'cis-audit';
  if (!/^[\w+=,.@-]{2,64}$/.test(session)) throw new UsageError(`--role-session-name must be 2 to 64 letters, digits or +=,.@-, got ${JSON.stringify(session)}`);
  const duration = f['role-duration'];
  if (duration !== undefined && !(Number.isInteger(duration) && duration >= 900 && duration <= 43200)) {
    throw new UsageError(`--role-duration must be between 900 and 43200 seconds, got ${duration}`, 'a role chained from another role is limited to 3600 seconds');
  }
  const serial = f['mfa-serial'];
  const role: RoleTemplate = { sessionName: session, ...(external !== undefined ? { externalId: external } : {}), ...(duration !== undefined ? { durationSeconds: duration } : {}) };
  if (serial === undefined) return role;
  if (!/^[\w+=/:,.@-]{9,256}$/.test(serial)) throw new UsageError(`--mfa-serial ${JSON.stringify(serial)} is not an MFA device ARN or serial number`, 'e.g. arn:aws:iam::111122223333:mfa/alice');
  if (!io.stdinIsTTY || !io.ask) {
    throw new UsageError('--mfa-serial asks for an MFA code, but stdin is not a terminal', 'run on a terminal, or get MFA session credentials first (aws sts get-session-token) and pass them in the environment');
  }
  const ask = io.ask.bind(io);
  return {
    ...role,
    mfaSerial: serial,
    tokenCode: async () => {
      const code = (await ask(`MFA code for ${serial}: `)).trim();
      if (!/^\d{6}$/.test(code)) throw new UsageError('the MFA code must be 6 digits', 'rerun and type the code your device shows');
      return code;
    },
  };
}

/** --org-role-name: a role name (with its path, if any), not an ARN. */
export function parseRoleName(roleName: string): string {
  if (!ROLE_NAME.test(roleName) || roleName.length > 576) throw new UsageError(`--org-role-name ${JSON.stringify(roleName)} is not a role name`, 'the role\'s name (with its path, if any), not its ARN: e.g. cis-audit-read-only');
  return roleName;
}

/** --role-arn for a single-account command: the role to assume, or undefined. */
export function parseSingleRole(f: RoleFlags & Pick<OrgFlags, 'org-role-name'>, io: Pick<Io, 'stdinIsTTY' | 'ask' | 'stderr'>): RoleToAssume | undefined {
  const arn = f['role-arn'];
  if (arn === undefined) {
    for (const name of ['external-id', 'role-duration', 'mfa-serial'] as const) {
      if (f[name] !== undefined) throw new UsageError(`--${name} only applies to an assumed role`, 'add --role-arn ARN (or --org-role-name with --org/--accounts)');
    }
    if (f['role-session-name'] !== undefined && f['role-session-name'] !== 'cis-audit') throw new UsageError('--role-session-name only applies to an assumed role', 'add --role-arn ARN');
    if (f['org-role-name'] !== undefined) throw new UsageError('--org-role-name names the role to enter in each account of --org or --accounts', 'add --org or --accounts, or use --role-arn for one account');
    return undefined;
  }
  if (!ROLE_ARN_PATTERN.test(arn)) throw new UsageError(`--role-arn ${JSON.stringify(arn)} is not an IAM role ARN`, 'e.g. arn:aws:iam::111122223333:role/cis-audit');
  return { roleArn: arn, ...parseRoleSettings(f, io) };
}

/** --org / --accounts / --exclude-accounts, validated: exit 2 with a hint before any AWS call. */
export function parseAccountSelection(f: OrgFlags, io: Pick<Io, 'stdinIsTTY' | 'ask' | 'stderr' | 'env'>): AccountSelection {
  if (f['role-arn'] !== undefined) {
    throw new UsageError('--role-arn enters one account; it cannot be combined with --org, --accounts or --exclude-accounts', 'use --org-role-name NAME to enter each selected account (source credentials: the default chain or --profile)');
  }
  if (f['mfa-serial'] !== undefined) {
    throw new UsageError('--mfa-serial cannot enter several accounts: an MFA code is good for one AssumeRole', 'get MFA session credentials first (aws sts get-session-token, or a profile with mfa_serial) and run without --mfa-serial');
  }
  const accounts = parseAccountIds(f.accounts, '--accounts');
  const exclude = parseAccountIds(f['exclude-accounts'], '--exclude-accounts') ?? [];
  const ous = splitList(f.ou);
  if (f.ou !== undefined && !f.org) throw new UsageError('--ou selects accounts of the organisation', 'add --org');
  for (const ou of ous) if (!OU_ID_PATTERN.test(ou)) throw new UsageError(`--ou ${JSON.stringify(ou)} is not an OU or root id`, 'OU ids look like ou-ab12-cdef3456, roots like r-ab12');
  if (!f.org && accounts === undefined) throw new UsageError('--exclude-accounts leaves accounts out of --org or --accounts', 'add --org (or list the accounts to scan with --accounts)');
  const roleName = f['org-role-name'];
  if (roleName === undefined) throw new UsageError(`${f.org ? '--org' : '--accounts'} needs the role to enter each account with`, AUDIT_ROLE_HINT);
  parseRoleName(roleName);
  const concurrency = f['account-concurrency'] ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError(`--account-concurrency must be between 1 and 256, got ${concurrency}`);
  const shard = parseShard(f.shard, io.env, f['shard-count']);
  return {
    org: f.org === true, ous, ...(accounts ? { accounts } : {}), exclude, roleName, role: parseRoleSettings(f, io), concurrency, ...(shard ? { shard } : {}),
  };
}

/** Flags of a multi-account scan given without one: they would be ignored. */
export function rejectOrgOnlyFlags(f: OrgFlags): void {
  for (const name of ['ou', 'shard', 'shard-count'] as const) {
    if (f[name] !== undefined) throw new UsageError(`--${name} only applies to a multi-account scan`, 'add --org (or --accounts with --org-role-name)');
  }
  if (f['account-concurrency'] !== undefined && f['account-concurrency'] !== 8) throw new UsageError('--account-concurrency only applies to a multi-account scan', 'add --org (or --accounts with --org-role-name)');
}

/** The role in `account` that --org-role-name names. */
export const roleArnIn = (account: string, partition: string, roleName: string): string => `arn:${partition}:iam::${account}:role/${roleName}`;
