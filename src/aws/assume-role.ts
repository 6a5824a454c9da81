import { isAwsError } from './errors.js';
import { checkResponse } from './response-shapes.js';
import type { AwsTransport } from './transport.js';

// Credentials of an assumed role, asked of STS through our own transport (same endpoint, proxy, timeouts and
// response-shape checks as every read, and the in-repo fakes in tests) rather than the SDK's
// fromTemporaryCredentials, which would build a second STS client outside all of that. Cached, and refreshed
// before they expire, so a scan longer than the session keeps working.

export interface RoleToAssume {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  /** Seconds (900–43200; AWS's default 3600 when unset). */
  durationSeconds?: number;
  mfaSerial?: string;
  /** Asked for every AssumeRole of an MFA-protected role (a token is good once). */
  tokenCode?: () => Promise<string>;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export type CredentialProvider = () => Promise<TemporaryCredentials>;

/** Refreshed this long before expiry: the SDK asks again 5 minutes before expiry, so we refresh then too. */
export const REFRESH_BEFORE_MS = 5 * 60_000;

export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** The account an IAM role ARN belongs to. */
export function roleAccount(roleArn: string): string | undefined {
  return ROLE_ARN_PATTERN.exec(roleArn)?.[1];
}

/** Why an account could not be entered: the call, the role and AWS's answer, in one line. */
export class AssumeRoleFailed extends Error {
  constructor(readonly roleArn: string, readonly code: string, readonly reason: string) {
    super(`sts:AssumeRole on ${roleArn} ${code}: ${reason}`);
    this.name = 'AssumeRoleFailed';
  }
}

export function assumedRoleCredentials(
  source: AwsTransport,
  region: string,
  role: RoleToAssume,
  now: () => number = Date.now,
): CredentialProvider {
  let current: TemporaryCredentials | undefined;
  let pending: Promise<TemporaryCredentials> | undefined;
  const fresh = (c: TemporaryCredentials | undefined) => c !== undefined && c.expiration.getTime() - REFRESH_BEFORE_MS > now();
  return async () => {
    if (fresh(current)) return current!;
    // Concurrent callers share one AssumeRole.
    pending ??= assume(source, region, role).then(
      (c) => {
        current = c;
        pending = undefined;
        return c;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  };
}

async function assume(source: AwsTransport, region: string, role: RoleToAssume): Promise<TemporaryCredentials> {
  const input: Record<string, unknown> = { RoleArn: role.roleArn, RoleSessionName: role.sessionName };
  if (role.externalId !== undefined) input.ExternalId = role.externalId;
  if (role.durationSeconds !== undefined) input.DurationSeconds = role.durationSeconds;
  if (role.mfaSerial !== undefined) {
    input.SerialNumber = role.mfaSerial;
    if (!role.tokenCode) throw new AssumeRoleFailed(role.roleArn, 'MfaTokenMissing', `${role.mfaSerial} needs a token code`);
    input.TokenCode = await role.tokenCode();
  }
  const call = { service: 'sts' as const, region, operation: 'AssumeRole', input };
  let out: Record<string, unknown>;
  try {
    out = await source.send(call);
    checkResponse(call, out);
  } catch (err) {
    if (isAwsError(err)) throw new AssumeRoleFailed(role.roleArn, err.code, err.message);
    throw err;
  }
  const c = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date | string };
  const expiration = c.Expiration instanceof Date ? c.Expiration : new Date(c.Expiration);
  if (Number.isNaN(expiration.getTime())) throw new AssumeRoleFailed(role.roleArn, 'UnexpectedResponse', 'the credentials have no valid Expiration');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration };
}
