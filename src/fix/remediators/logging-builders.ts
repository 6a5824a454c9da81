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
  try {
    const out = await read.call<{ Policy?: string }>('s3', region, 'GetBucketPolicy', { Bucket: bucket, ExpectedBucketOwner: account });
    const policy = parsePolicy(out.Policy);
    return policy ? { ok: true, policy } : { ok: false, why: `the policy of bucket ${bucket} is not valid JSON` };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    if (codeIs(err, 'NoSuchBucketPolicy')) return { ok: true, policy: null };
    return { ok: false, why: `s3:GetBucketPolicy ${bucket} failed: ${err.code} (${err.message})` };
  }
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
  const partOf = { manual: `part of bucket ${bucket}; it goes when that bucket is emptied and deleted` };
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
