import { isDeepStrictEqual } from 'node:util';
import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { regionOfLocation, type PublicAccessBlock } from '../../collect/s3.js';
import type { Step, WriteCall } from '../types.js';
import { CREATED_BY_TAG_KEY, CREATED_BY_TAG_VALUE, CREATED_BY_TAGS, roleArn, serviceTrustPolicy, type AccountRef, type PolicyDocument, type PolicyStatement } from './building-blocks.js';

// Names, policy documents and step builders shared by the remediators that build logging (2.1, 2.4, 2.5, 2.7).
// Every name is predictable (docs/controls/logging.md) so a re-run finds what an earlier run created.

export const TRAIL_NAME = 'cis-audit-trail';
export const trailBucketName = (account: string, region: string) => `cis-audit-cloudtrail-${account}-${region}`;
export const TRAIL_LOG_GROUP = '/cis-audit/cloudtrail';
export const TRAIL_LOGS_ROLE = 'cis-audit-cloudtrail-to-logs';
export const TRAIL_KEY_ALIAS = 'alias/cis-audit-cloudtrail';
export const CONFIG_ROLE = 'cis-audit-config';
export const configBucketName = (account: string) => `cis-audit-config-${account}`;
export const CONFIG_RECORDER = 'default';
export const CONFIG_CHANNEL = 'default';

export const trailArnFor = (ctx: AccountRef, region: string, name: string) => `arn:${ctx.partition}:cloudtrail:${region}:${ctx.account}:trail/${name}`;
export const s3Arn = (ctx: Pick<AccountRef, 'partition'>, bucket: string, key?: string) => `arn:${ctx.partition}:s3:::${bucket}${key !== undefined ? `/${key}` : ''}`;
export { roleArn };

export const FULL_BLOCK: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** A plain boolean, so a type guard does not narrow the error away for the lines after it. */
export const codeIs = (err: unknown, code: string): boolean => isAwsError(err, code);

// ---------------------------------------------------------------------------------------------------------------
// Reading policies

/** IAM-style wildcard match (`*` any run, `?` one character), case-sensitive like ARNs. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : ([] as unknown[]).concat(v).map(String));

/** Parses a policy that may arrive as JSON text (GetBucketPolicy, GetKeyPolicy) or URL-encoded JSON (GetRole). */
export function parsePolicy(text: unknown): PolicyDocument | undefined {
  if (text && typeof text === 'object') return text as PolicyDocument;
  if (typeof text !== 'string') return undefined;
  for (const candidate of [text, safeDecode(text)]) {
    try {
      return JSON.parse(candidate) as PolicyDocument;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const CONDITION_OPERATORS = ['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike'];

export interface ServiceAccess {
  service: string;
  action: string;
  resource: string;
  /** Values of condition keys the request carries (aws:SourceArn, aws:SourceAccount, kms:EncryptionContext:…). */
  context: Record<string, string>;
}

/**
 * True when an Allow statement lets the service principal do the action on the resource, with every
 * StringEquals/StringLike/ArnEquals/ArnLike condition on a key in `context` accepting its value. Conditions on
 * other keys (s3:x-amz-acl, aws:SecureTransport) are the request's business and are assumed met.
 */
export function allowsService(policy: PolicyDocument | undefined, want: ServiceAccess): boolean {
  const statements = policy ? ([] as PolicyStatement[]).concat(policy.Statement ?? []) : [];
  return statements.some((s) => {
    if (s.Effect !== 'Allow') return false;
    const principal = s.Principal as { Service?: unknown } | string | undefined;
    const services = typeof principal === 'object' && principal ? list(principal.Service) : [];
    if (!services.includes(want.service)) return false;
    if (!list(s.Action).some((a) => globMatch(a, want.action))) return false;
    if (s.Resource !== undefined && !list(s.Resource).some((r) => globMatch(r, want.resource))) return false;
    for (const [operator, entries] of Object.entries(s.Condition ?? {})) {
      if (!CONDITION_OPERATORS.includes(operator)) continue;
      const like = operator.endsWith('Like');
      for (const [key, values] of Object.entries(entries)) {
        const actual = Object.entries(want.context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
        if (actual === undefined) continue;
        if (!list(values).some((v) => (like ? globMatch(v, actual) : v === actual))) return false;
      }
    }
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Buckets

export type BucketProbe =
  | { state: 'absent' }
  | { state: 'own'; region: string; locationConstraint: string | null }
  | { state: 'unusable'; why: string };

/** Whether a bucket exists in this account (ExpectedBucketOwner: another account's bucket answers AccessDenied). */
export async function probeBucket(read: AwsReader, homeRegion: string, bucket: string, account: string): Promise<BucketProbe> {
  try {
    const out = await read.call<{ LocationConstraint?: string | null }>('s3', homeRegion, 'GetBucketLocation', { Bucket: bucket, ExpectedBucketOwner: account });
    return { state: 'own', region: regionOfLocation(out.LocationConstraint), locationConstraint: out.LocationConstraint ?? null };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    if (codeIs(err, 'NoSuchBucket')) return { state: 'absent' };
    if (codeIs(err, 'AccessDenied')) {
      return { state: 'unusable', why: `bucket ${bucket} exists but is not readable as a bucket of account ${account} (AccessDenied): bucket names are global, it may belong to another account` };
    }
    return { state: 'unusable', why: `s3:GetBucketLocation ${bucket} failed: ${err.code} (${err.message})` };
  }
}

/** The bucket policy (null: none), or why it could not be read. */
export async function readBucketPolicy(read: AwsReader, region: string, bucket: string, account: string): Promise<{ ok: true; policy: PolicyDocument | null } | { ok: false; why: string }> {
  const got = await readBucketPolicyText(read, region, bucket, account);
  return got.ok ? { ok: true, policy: got.policy as PolicyDocument | null } : got;
}

/** The bucket's own public access block (null: none), or why it could not be read. */
export async function readBucketBlock(read: AwsReader, region: string, bucket: string, account: string): Promise<{ ok: true; block: PublicAccessBlock | null } | { ok: false; why: string }> {
  try {
    const out = await read.call<{ PublicAccessBlockConfiguration?: Partial<PublicAccessBlock> }>('s3', region, 'GetPublicAccessBlock', { Bucket: bucket, ExpectedBucketOwner: account });
    const c = out.PublicAccessBlockConfiguration ?? {};
    return { ok: true, block: { BlockPublicAcls: c.BlockPublicAcls === true, IgnorePublicAcls: c.IgnorePublicAcls === true, BlockPublicPolicy: c.BlockPublicPolicy === true, RestrictPublicBuckets: c.RestrictPublicBuckets === true } };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    if (codeIs(err, 'NoSuchPublicAccessBlockConfiguration')) return { ok: true, block: null };
    return { ok: false, why: `s3:GetPublicAccessBlock ${bucket} failed: ${err.code} (${err.message})` };
  }
}

/** Refuses plain HTTP to the bucket for everyone. */
export const denyInsecureTransport = (ctx: AccountRef, bucket: string): PolicyStatement => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [s3Arn(ctx, bucket), s3Arn(ctx, bucket, '*')],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

const partOfBucket = (bucket: string) => `part of bucket ${bucket}; it goes when that bucket is emptied and deleted`;

export interface PrivateBucketInput {
  ctx: AccountRef;
  region: string;
  bucket: string;
  policy: PolicyDocument;
  /** What it will hold, for the plan and the manual undo ("CloudTrail log files"). */
  holds: string;
}

/**
 * CreateBucket (owner-enforced, no ACLs) + all four public access block flags + SSE-S3 default encryption + the
 * given bucket policy. Undo is manual for all of them: the bucket fills with records an auditor may need, so
 * cis-audit never deletes it; the operator empties and deletes it on purpose.
 */
export function privateBucketSteps(input: PrivateBucketInput): Step[] {
  const { ctx, region, bucket, policy, holds } = input;
  const arn = s3Arn(ctx, bucket);
  const owner = { ExpectedBucketOwner: ctx.account };
  const manual = { manual: `bucket ${bucket} holds ${holds}: cis-audit never deletes it. If you no longer need them, empty and delete it yourself: aws s3 rb s3://${bucket} --force --region ${region}` };
  const partOf = { manual: partOfBucket(bucket) };
  return [
    {
      describe: `create private bucket ${bucket} in ${region} for ${holds} (object ownership BucketOwnerEnforced: no ACLs)`,
      call: {
        service: 's3', region, operation: 'CreateBucket',
        input: { Bucket: bucket, ObjectOwnership: 'BucketOwnerEnforced', ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region } }) },
      },
      undo: manual,
      creates: [arn],
      warning: `undo will not delete bucket ${bucket}: it will hold ${holds}; empty and delete it yourself if you undo. S3 storage is billed`,
    },
    {
      describe: `block all public access to ${bucket}`,
      call: { service: 's3', region, operation: 'PutPublicAccessBlock', input: { Bucket: bucket, PublicAccessBlockConfiguration: { ...FULL_BLOCK }, ...owner } },
      undo: partOf,
      changes: [arn],
    },
    {
      describe: `encrypt new objects in ${bucket} by default (SSE-S3, AES256)`,
      call: {
        service: 's3', region, operation: 'PutBucketEncryption',
        input: { Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }, ...owner },
      },
      undo: partOf,
      changes: [arn],
    },
    {
      describe: `give ${bucket} a policy: ${policy.Statement.map((s) => s.Sid ?? s.Effect).join(', ')}`,
      call: { service: 's3', region, operation: 'PutBucketPolicy', input: { Bucket: bucket, Policy: JSON.stringify(policy), ...owner } },
      undo: partOf,
      changes: [arn],
    },
  ];
}

/**
 * For a bucket of ours that already exists (an earlier run stopped half-way): only what is missing, with undo
 * that restores exactly what was there. An existing policy is never rewritten: `policyGap` says what it lacks.
 */
export async function finishOwnBucket(
  read: AwsReader, ctx: AccountRef, region: string, bucket: string, policy: PolicyDocument, allows: (p: PolicyDocument) => boolean,
): Promise<{ steps: Step[]; guidance: string[] }> {
  const steps: Step[] = [];
  const guidance: string[] = [];
  const arn = s3Arn(ctx, bucket);
  const owner = { ExpectedBucketOwner: ctx.account };
  const block = await readBucketBlock(read, region, bucket, ctx.account);
  if (!block.ok) guidance.push(`bucket ${bucket}: its public access block could not be read (${block.why}); block all public access to it yourself`);
  else if (!block.block || !Object.values(block.block).every(Boolean)) {
    steps.push({
      describe: `block all public access to existing bucket ${bucket}`,
      call: { service: 's3', region, operation: 'PutPublicAccessBlock', input: { Bucket: bucket, PublicAccessBlockConfiguration: { ...FULL_BLOCK }, ...owner } },
      prior: { Bucket: bucket, PublicAccessBlockConfiguration: block.block },
      undo: block.block
        ? [{ service: 's3', region, operation: 'PutPublicAccessBlock', input: { Bucket: bucket, PublicAccessBlockConfiguration: block.block, ...owner } }]
        : [{ service: 's3', region, operation: 'DeletePublicAccessBlock', input: { Bucket: bucket, ...owner } }],
      changes: [arn],
    });
  }
  const current = await readBucketPolicy(read, region, bucket, ctx.account);
  if (!current.ok) guidance.push(`bucket ${bucket}: nothing planned for its policy, ${current.why}`);
  else if (current.policy === null) {
    steps.push({
      describe: `give existing bucket ${bucket} (no policy yet) a policy: ${policy.Statement.map((s) => s.Sid ?? s.Effect).join(', ')}`,
      call: { service: 's3', region, operation: 'PutBucketPolicy', input: { Bucket: bucket, Policy: JSON.stringify(policy), ...owner } },
      prior: { Bucket: bucket, Policy: null },
      undo: [{ service: 's3', region, operation: 'DeleteBucketPolicy', input: { Bucket: bucket, ...owner } }],
      changes: [arn],
    });
  } else if (!allows(current.policy)) {
    guidance.push(`bucket ${bucket} already has a policy that does not allow the delivery; cis-audit does not rewrite an existing policy. Add these statements: ${JSON.stringify(policy.Statement.filter((s) => s.Effect === 'Allow'))}`);
  }
  return { steps, guidance };
}

// ---------------------------------------------------------------------------------------------------------------
// Roles a service assumes for one set of resources

export interface ScopedRoleInput {
  ctx: AccountRef & { homeRegion: string };
  roleName: string;
  servicePrincipal: string;
  /** aws:SourceArn values: the role is assumable only on behalf of these resources. */
  sourceArns: string[];
  inlinePolicyName: string;
  statements: PolicyStatement[];
  description: string;
  /** GetRole's trust policy, decoded; undefined when the role does not exist. */
  existingTrust?: PolicyDocument;
  /** GetRolePolicy's document of that name: null when the role has none, undefined when it could not be read. */
  existingInline?: PolicyDocument | null;
}

/**
 * CreateRole (scoped trust, tagged) + PutRolePolicy, undone by DeleteRolePolicy then DeleteRole. An existing role
 * is reused only if its trust already lets the service act for every source ARN (a trust policy is never widened
 * here: that is guidance); its inline policy of that name is put only when it differs, with the prior document
 * journaled and restored by undo (manual only when it could not be read).
 */
export function scopedRoleSteps(input: ScopedRoleInput): { steps: Step[]; arn: string; trustPolicy: PolicyDocument; inlinePolicy: PolicyDocument; conflict?: string } {
  const { ctx, roleName, servicePrincipal, sourceArns, inlinePolicyName, statements, existingTrust } = input;
  const region = ctx.homeRegion;
  const arn = roleArn(ctx, roleName);
  const trustPolicy = serviceTrustPolicy(ctx.account, servicePrincipal, sourceArns);
  const inlinePolicy: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  const put: WriteCall = { service: 'iam', region, operation: 'PutRolePolicy', input: { RoleName: roleName, PolicyName: inlinePolicyName, PolicyDocument: JSON.stringify(inlinePolicy) } };
  const allowed = statements.map((s) => `${list(s.Action).join(', ')} on ${list(s.Resource).join(', ')}`).join('; ');
  if (!existingTrust) {
    return {
      arn, trustPolicy, inlinePolicy,
      steps: [
        {
          describe: `create role ${roleName}, assumable only by ${servicePrincipal} for account ${ctx.account} and ${sourceArns.join(', ')} (aws:SourceAccount, aws:SourceArn), tagged ${CREATED_BY_TAG_KEY}=${CREATED_BY_TAG_VALUE}`,
          call: {
            service: 'iam', region, operation: 'CreateRole',
            input: { RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trustPolicy), Description: input.description, MaxSessionDuration: 3600, Tags: CREATED_BY_TAGS.map((t) => ({ ...t })) },
          },
          undo: [{ service: 'iam', region, operation: 'DeleteRole', input: { RoleName: roleName } }],
          creates: [arn],
        },
        {
          describe: `give ${roleName} inline policy ${inlinePolicyName} allowing only ${allowed}`,
          call: put,
          undo: [{ service: 'iam', region, operation: 'DeleteRolePolicy', input: { RoleName: roleName, PolicyName: inlinePolicyName } }],
          changes: [arn],
        },
      ],
    };
  }
  const missing = sourceArns.filter((s) => !allowsService(existingTrust, {
    service: servicePrincipal, action: 'sts:AssumeRole', resource: arn, context: { 'aws:SourceArn': s, 'aws:SourceAccount': ctx.account },
  }));
  if (missing.length > 0) {
    return {
      arn, trustPolicy, inlinePolicy, steps: [],
      conflict: `role ${roleName} already exists but its trust policy does not let ${servicePrincipal} assume it for ${missing.join(', ')}; cis-audit does not widen an existing trust policy. `
        + `Give it this trust policy (aws iam update-assume-role-policy --role-name ${roleName} --policy-document '${JSON.stringify(trustPolicy)}') or delete the role, then rerun`,
    };
  }
  const current = input.existingInline;
  if (current !== undefined && isDeepStrictEqual(current, inlinePolicy)) return { arn, trustPolicy, inlinePolicy, steps: [] };
  return {
    arn, trustPolicy, inlinePolicy,
    steps: [{
      describe: `set inline policy ${inlinePolicyName} of existing role ${roleName} to allow only ${allowed}`,
      call: put,
      ...(current !== undefined ? { prior: { RoleName: roleName, PolicyName: inlinePolicyName, PolicyDocument: current } } : {}),
      undo: current === undefined
        ? { manual: `role ${roleName} existed before this fix and its previous ${inlinePolicyName} policy could not be read; review the policy` }
        : current === null
          ? [{ service: 'iam', region, operation: 'DeleteRolePolicy', input: { RoleName: roleName, PolicyName: inlinePolicyName } }]
          : [{ ...put, input: { ...put.input, PolicyDocument: JSON.stringify(current) } }],
      changes: [arn],
    }],
  };
}

/** An inline policy of a role: null when the role has none of that name, undefined when it could not be read. */
export async function readInlinePolicy(read: AwsReader, region: string, roleName: string, policyName: string): Promise<PolicyDocument | null | undefined> {
  try {
    const out = await read.call<{ PolicyDocument?: string }>('iam', region, 'GetRolePolicy', { RoleName: roleName, PolicyName: policyName });
    return parsePolicy(out.PolicyDocument);
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return codeIs(err, 'NoSuchEntity') ? null : undefined;
  }
}

/** GetRole's trust policy, undefined when the role does not exist, or why it could not be read. */
export async function readRoleTrust(read: AwsReader, region: string, roleName: string): Promise<{ ok: true; trust?: PolicyDocument } | { ok: false; why: string }> {
  try {
    const out = await read.call<{ Role?: { AssumeRolePolicyDocument?: string } }>('iam', region, 'GetRole', { RoleName: roleName });
    return { ok: true, trust: parsePolicy(out.Role?.AssumeRolePolicyDocument) ?? { Version: '2012-10-17', Statement: [] } };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    if (codeIs(err, 'NoSuchEntity')) return { ok: true };
    return { ok: false, why: `iam:GetRole ${roleName} failed: ${err.code} (${err.message})` };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Server access logging (2.6, and the trail bucket 2.1 creates): a target bucket the S3 logging service may write to

/** The default target for access logs: one per account and region (S3 logs only to a bucket of the same account and region). */
export const defaultAccessLogBucket = (account: string, region: string) => `cis-audit-access-logs-${account}-${region}`;
/** The Sid of the one statement cis-audit adds to (or extends in) a target's bucket policy. */
export const LOGGING_GRANT_SID = 'CisAuditS3ServerAccessLogs';
export const LOGGING_SERVICE = 'logging.s3.amazonaws.com';
/** Where a source bucket's access logs go inside the target. */
export const accessLogPrefix = (source: string) => `${source}/`;

/** The S3 logging service may put objects under each source's prefix, only for those buckets of this account. */
export function accessLogGrant(ctx: AccountRef, target: string, sources: string[]): PolicyStatement {
  const sorted = [...new Set(sources)].sort();
  return {
    Sid: LOGGING_GRANT_SID,
    Effect: 'Allow',
    Principal: { Service: LOGGING_SERVICE },
    Action: 's3:PutObject',
    Resource: sorted.map((s) => s3Arn(ctx, target, `${accessLogPrefix(s)}*`)),
    Condition: { ArnLike: { 'aws:SourceArn': sorted.map((s) => s3Arn(ctx, s)) }, StringEquals: { 'aws:SourceAccount': ctx.account } },
  };
}

/** Whether a bucket policy lets the S3 logging service deliver the access logs of `source` into `target`. */
export function letsS3LoggingDeliver(policy: PolicyDocument | null, ctx: AccountRef, target: string, source: string): boolean {
  return allowsService(policy ?? undefined, {
    service: LOGGING_SERVICE, action: 's3:PutObject', resource: s3Arn(ctx, target, `${accessLogPrefix(source)}2026-01-01-00-00-00-0000000000000000`),
    context: { 'aws:SourceArn': s3Arn(ctx, source), 'aws:SourceAccount': ctx.account },
  });
}

/** The policy with our grant added (or our Sid'd statement extended) for `sources`; every other statement and member unchanged. */
export function withLoggingGrant(current: Record<string, unknown> | null, ctx: AccountRef, target: string, sources: string[]): Record<string, unknown> {
  const statements = current ? ([] as PolicyStatement[]).concat((current.Statement as PolicyStatement[] | PolicyStatement | undefined) ?? []) : [];
  const at = statements.findIndex((s) => s.Sid === LOGGING_GRANT_SID);
  const earlier = at >= 0 ? list((statements[at]!.Condition?.ArnLike ?? {})['aws:SourceArn']).map((arn) => arn.replace(/^arn:[^:]+:s3:::/, '')) : [];
  const grant = accessLogGrant(ctx, target, [...earlier, ...sources]);
  const next = at >= 0 ? statements.map((s, i) => (i === at ? grant : s)) : [...statements, grant];
  return { ...(current ?? { Version: '2012-10-17' }), Statement: next };
}

/** The bucket policy as S3 returned it (restored byte for byte by undo) and parsed; null: none. */
export async function readBucketPolicyText(
  read: AwsReader, region: string, bucket: string, account: string,
): Promise<{ ok: true; text: string | null; policy: Record<string, unknown> | null } | { ok: false; why: string }> {
  try {
    const out = await read.call<{ Policy?: unknown }>('s3', region, 'GetBucketPolicy', { Bucket: bucket, ExpectedBucketOwner: account });
    const text = typeof out.Policy === 'string' ? out.Policy : JSON.stringify(out.Policy);
    const policy = parsePolicy(out.Policy) as Record<string, unknown> | undefined;
    return policy && typeof policy === 'object' ? { ok: true, text, policy } : { ok: false, why: `the policy of bucket ${bucket} is not valid JSON` };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    if (codeIs(err, 'NoSuchBucketPolicy')) return { ok: true, text: null, policy: null };
    return { ok: false, why: `s3:GetBucketPolicy ${bucket} failed: ${err.code} (${err.message})` };
  }
}

export interface AccessLogTargetInput {
  read: AwsReader;
  ctx: AccountRef & { homeRegion: string };
  /** The region of the source buckets (S3 logs only within a region). */
  region: string;
  /** --access-log-bucket; undefined: the default cis-audit-access-logs-<account>-<region>, created when absent. */
  given?: string;
  /** The buckets whose access logs go there. */
  sources: string[];
}

export interface AccessLogTarget {
  target: string;
  /** Create the target (default name only) and/or grant the logging service; empty when it already may deliver. */
  steps: Step[];
  /** Why no write may be made for these sources (another region or account, unreadable policy): APPLY_ERROR before any write. */
  blocked?: string;
  /** The target does not exist and was named with --access-log-bucket: not created, guidance. */
  missing?: string;
}

/**
 * The steps that make `target` a valid access-log destination for `sources`: CreateBucket (private, SSE-S3,
 * owner-enforced) + policy when the default target is absent; otherwise one statement added to (or extended in)
 * its policy, the prior policy journaled and restored exactly by undo (DeleteBucketPolicy when it had none).
 */
export async function planAccessLogTarget(input: AccessLogTargetInput): Promise<AccessLogTarget> {
  const { read, ctx, region, given, sources } = input;
  const target = given ?? defaultAccessLogBucket(ctx.account, region);
  const flag = given ? `--access-log-bucket ${target}` : `access-log bucket ${target}`;
  const probe = await probeBucket(read, ctx.homeRegion, target, ctx.account);
  if (probe.state === 'unusable') {
    return { target, steps: [], blocked: `${flag}: ${probe.why}; S3 delivers access logs only to a bucket of the same account (${ctx.account})${given ? '' : '; name one with --access-log-bucket'}` };
  }
  if (probe.state === 'absent') {
    if (given) return { target, steps: [], missing: `${flag} does not exist; create it in ${region}, or leave the flag out to have cis-audit create ${defaultAccessLogBucket(ctx.account, region)}` };
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: [accessLogGrant(ctx, target, sources), denyInsecureTransport(ctx, target)] };
    return { target, steps: privateBucketSteps({ ctx, region, bucket: target, policy, holds: 'S3 server access logs' }) };
  }
  if (probe.region !== region) {
    return { target, steps: [], blocked: `${flag} is in ${probe.region} but ${sources.join(', ')} ${sources.length > 1 ? 'are' : 'is'} in ${region}: S3 delivers access logs only to a bucket in the same region; name a bucket in ${region} (e.g. ${defaultAccessLogBucket(ctx.account, region)})` };
  }
  const current = await readBucketPolicyText(read, region, target, ctx.account);
  if (!current.ok) return { target, steps: [], blocked: `${flag}: cannot tell whether the S3 logging service may write to it: ${current.why}` };
  const missing = sources.filter((s) => !letsS3LoggingDeliver(current.policy as PolicyDocument | null, ctx, target, s));
  if (missing.length === 0) return { target, steps: [] };
  const owner = { ExpectedBucketOwner: ctx.account };
  const next = withLoggingGrant(current.policy, ctx, target, missing);
  return {
    target,
    steps: [{
      describe: `let the S3 logging service (${LOGGING_SERVICE}) write access logs of ${missing.join(', ')} into ${target}: statement ${LOGGING_GRANT_SID} `
        + `${current.policy === null ? 'as its first policy' : 'added to its policy, every other statement unchanged'} (aws:SourceAccount ${ctx.account}, aws:SourceArn of those buckets)`,
      call: { service: 's3', region, operation: 'PutBucketPolicy', input: { Bucket: target, Policy: JSON.stringify(next), ...owner } },
      prior: { Bucket: target, Policy: current.text },
      undo: current.text === null
        ? [{ service: 's3', region, operation: 'DeleteBucketPolicy', input: { Bucket: target, ...owner } }]
        : [{ service: 's3', region, operation: 'PutBucketPolicy', input: { Bucket: target, Policy: current.text, ...owner } }],
      changes: [s3Arn(ctx, target)],
    }],
  };
}

/** PutBucketLogging of `source` into `target` under `<source>/`; undo turns logging off again (as it was). */
export function bucketLoggingStep(ctx: AccountRef, region: string, source: string, target: string, why: string, partOfNewBucket = false): Step {
  const owner = { ExpectedBucketOwner: ctx.account };
  return {
    describe: `turn on server access logging for ${why} ${source} (${region}) into s3://${target}/${accessLogPrefix(source)}`,
    call: {
      service: 's3', region, operation: 'PutBucketLogging',
      input: { Bucket: source, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: accessLogPrefix(source) } }, ...owner },
    },
    ...(partOfNewBucket ? {} : { prior: { Bucket: source, BucketLoggingStatus: {} } }),
    undo: partOfNewBucket
      ? { manual: partOfBucket(source) }
      : [{ service: 's3', region, operation: 'PutBucketLogging', input: { Bucket: source, BucketLoggingStatus: {}, ...owner } }],
    changes: [s3Arn(ctx, source)],
    warning: `access logs add storage cost in ${target}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Keeping log files: versioning and a lifecycle rule on a bucket of ours that holds them

/** The default of --trail-bucket-retention-days: how long the trail bucket keeps log files. */
export const DEFAULT_TRAIL_BUCKET_RETENTION_DAYS = 365;
export const RETENTION_RULE_ID = 'cis-audit-log-retention';

/** One rule: log files (and their overwritten versions) expire after `days`; unfinished uploads after 7 days. */
export const retentionRule = (days: number) => ({
  ID: RETENTION_RULE_ID, Status: 'Enabled', Filter: { Prefix: '' },
  Expiration: { Days: days }, NoncurrentVersionExpiration: { NoncurrentDays: days }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
});

export interface RetentionState {
  /** GetBucketVersioning's Status; undefined: never versioned. */
  versioning?: string;
  /** The bucket's lifecycle rules; null: none. */
  rules: unknown[] | null;
}

/**
 * PutBucketVersioning (Enabled) and PutBucketLifecycleConfiguration (our rule), each only when missing. An
 * existing lifecycle configuration is never replaced: S3 replaces the whole configuration, and any rule we add
 * can only shorten what the bucket keeps. `existing` undefined: a bucket this plan creates (undo is the bucket's).
 */
export function retentionSteps(ctx: AccountRef, region: string, bucket: string, days: number, existing?: RetentionState): { steps: Step[]; kept?: string } {
  const owner = { ExpectedBucketOwner: ctx.account };
  const arn = s3Arn(ctx, bucket);
  const partOf = { manual: partOfBucket(bucket) };
  const steps: Step[] = [];
  if (existing?.versioning !== 'Enabled') {
    steps.push({
      describe: `turn on versioning of ${bucket} (an overwritten or deleted log file stays recoverable)`,
      call: { service: 's3', region, operation: 'PutBucketVersioning', input: { Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' }, ...owner } },
      ...(existing ? { prior: { Bucket: bucket, Status: existing.versioning ?? null } } : {}),
      // S3 cannot return a bucket to "never versioned": Suspended is the closest.
      undo: existing ? [{ service: 's3', region, operation: 'PutBucketVersioning', input: { Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' }, ...owner } }] : partOf,
      changes: [arn],
    });
  }
  if (existing && existing.rules !== null && existing.rules.length > 0) {
    return { steps, kept: `bucket ${bucket}: its ${existing.rules.length} lifecycle rule(s) are kept as they are (a rule added now could only shorten what it keeps)` };
  }
  steps.push({
    describe: `keep the log files in ${bucket} for ${days} days, then expire them (lifecycle rule ${RETENTION_RULE_ID}; old versions ${days} days after they are replaced)`,
    call: { service: 's3', region, operation: 'PutBucketLifecycleConfiguration', input: { Bucket: bucket, LifecycleConfiguration: { Rules: [retentionRule(days)] }, ...owner } },
    ...(existing ? { prior: { Bucket: bucket, Rules: null } } : {}),
    undo: existing ? [{ service: 's3', region, operation: 'DeleteBucketLifecycle', input: { Bucket: bucket, ...owner } }] : partOf,
    changes: [arn],
    warning: `log files older than ${days} days are deleted from ${bucket}`,
  });
  return { steps };
}

/** Versioning and lifecycle rules of an existing bucket, or why they could not be read. */
export async function readRetention(read: AwsReader, region: string, bucket: string, account: string): Promise<{ ok: true; value: RetentionState } | { ok: false; why: string }> {
  const input = { Bucket: bucket, ExpectedBucketOwner: account };
  try {
    const v = await read.call<{ Status?: string }>('s3', region, 'GetBucketVersioning', input);
    let rules: unknown[] | null;
    try {
      rules = (await read.call<{ Rules?: unknown[] }>('s3', region, 'GetBucketLifecycleConfiguration', input)).Rules ?? [];
    } catch (err) {
      if (!codeIs(err, 'NoSuchLifecycleConfiguration')) throw err;
      rules = null;
    }
    return { ok: true, value: { ...(v.Status ? { versioning: v.Status } : {}), rules } };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return { ok: false, why: `s3:${err.call.operation} ${bucket} failed: ${err.code} (${err.message})` };
  }
}

/** The bucket's access-logging target, or why it could not be read. */
export async function readLoggingTarget(read: AwsReader, region: string, bucket: string, account: string): Promise<{ ok: true; target?: string } | { ok: false; why: string }> {
  try {
    const out = await read.call<{ LoggingEnabled?: { TargetBucket?: string } }>('s3', region, 'GetBucketLogging', { Bucket: bucket, ExpectedBucketOwner: account });
    return { ok: true, ...(out.LoggingEnabled?.TargetBucket ? { target: out.LoggingEnabled.TargetBucket } : {}) };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return { ok: false, why: `s3:GetBucketLogging ${bucket} failed: ${err.code} (${err.message})` };
  }
}
