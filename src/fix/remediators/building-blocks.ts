import { isDeepStrictEqual } from 'node:util';
import type { AwsReader } from '../../aws/reader.js';
import type { ServiceName } from '../../aws/services.js';
import type { Step } from '../types.js';

// Small pure step builders shared by the remediators that create resources (2.4, 2.9, 3.x).
// They never read AWS: the caller says what already exists (for idempotence) and gets the steps still needed.

/** The tag put on everything a fix creates, where the API takes tags. */
export const CREATED_BY_TAG_KEY = 'cis-audit:created-by';
export const CREATED_BY_TAG_VALUE = 'fix';
/** IAM / EC2 / SNS style tag list. */
export const CREATED_BY_TAGS = [{ Key: CREATED_BY_TAG_KEY, Value: CREATED_BY_TAG_VALUE }];
/** CloudWatch Logs style tag map. */
export const CREATED_BY_TAG_MAP = { [CREATED_BY_TAG_KEY]: CREATED_BY_TAG_VALUE };

/** The default retention of log groups a fix creates (`--log-retention-days`). */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** The values CloudWatch Logs accepts for retentionInDays. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface AccountRef {
  account: string;
  partition: string;
}

export const logGroupArn = (ctx: AccountRef, region: string, name: string) => `arn:${ctx.partition}:logs:${region}:${ctx.account}:log-group:${name}`;
export const roleArn = (ctx: AccountRef, name: string) => `arn:${ctx.partition}:iam::${ctx.account}:role/${name}`;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

// ---------------------------------------------------------------------------------------------------------------
// Log groups

export interface ExistingLogGroup {
  /** Undefined: the group never expires its events. */
  retentionInDays?: number;
  kmsKeyId?: string;
}

export interface LogGroupStepsInput {
  ctx: AccountRef;
  region: string;
  name: string;
  retentionDays: number;
  kmsKeyArn?: string;
  /** What DescribeLogGroups showed for this name; undefined when it does not exist. */
  existing?: ExistingLogGroup;
}

export interface BuiltSteps {
  steps: Step[];
  /** The resource already existed: nothing is created, it is reused as it is. */
  exists: boolean;
  arn: string;
}

/**
 * CreateLogGroup (tagged, optionally KMS-encrypted) + PutRetentionPolicy, only when the group does not exist.
 * An existing group is reused untouched: its retention (even "never expire") and key are the owner's choice,
 * and changing them could shorten what an auditor relies on.
 * Undo: DeleteLogGroup, emitted only for a group this step creates, so undo never deletes a group the journal
 * does not say we created (the retention step's undo, DeleteRetentionPolicy, runs first: undo goes newest first).
 */
export function logGroupSteps(input: LogGroupStepsInput): BuiltSteps {
  const { ctx, region, name, retentionDays, kmsKeyArn, existing } = input;
  const arn = logGroupArn(ctx, region, name);
  if (existing) return { steps: [], exists: true, arn };
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retentionDays)) {
    throw new Error(`log retention ${retentionDays} days is not one CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(', ')})`);
  }
  const deleteGroup = { service: 'logs' as const, region, operation: 'DeleteLogGroup', input: { logGroupName: name } };
  return {
    exists: false,
    arn,
    steps: [
      {
        describe: `create log group ${name} in ${region}${kmsKeyArn ? `, encrypted with ${kmsKeyArn}` : ''}, tagged ${CREATED_BY_TAG_KEY}=${CREATED_BY_TAG_VALUE}`,
        call: {
          service: 'logs', region, operation: 'CreateLogGroup',
          input: { logGroupName: name, ...(kmsKeyArn ? { kmsKeyId: kmsKeyArn } : {}), tags: { ...CREATED_BY_TAG_MAP } },
        },
        undo: [deleteGroup],
        creates: [arn],
        warning: `undo deletes log group ${name} (${region}) and every log event delivered to it by then`,
      },
      {
        describe: `keep the events of ${name} (${region}) for ${retentionDays} days`,
        call: { service: 'logs', region, operation: 'PutRetentionPolicy', input: { logGroupName: name, retentionInDays: retentionDays } },
        undo: [{ service: 'logs', region, operation: 'DeleteRetentionPolicy', input: { logGroupName: name } }],
        changes: [arn],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Service roles

export interface ExistingRole {
  /** The decoded trust policy (GetRole's AssumeRolePolicyDocument, URL-decoded and parsed). */
  trustPolicy: unknown;
  /**
   * The decoded inline policy of that name: null when the role has none, undefined when it was not read.
   * When it equals the wanted one, nothing is planned.
   */
  inlinePolicy?: unknown;
}

export interface ServiceRoleStepsInput {
  ctx: AccountRef & { homeRegion: string };
  roleName: string;
  /** e.g. vpc-flow-logs.amazonaws.com */
  servicePrincipal: string;
  /** Confused-deputy guard: the service may assume the role only on behalf of this account. */
  sourceAccountCondition: true;
  inlinePolicyName: string;
  statements: PolicyStatement[];
  description?: string;
  existing?: ExistingRole;
}

export interface BuiltRole extends BuiltSteps {
  trustPolicy: PolicyDocument;
  inlinePolicy: PolicyDocument;
  /** The role exists but its trust policy does not let the service assume it: nothing is planned; say so. */
  conflict?: string;
}

/**
 * The trust policy of a role only `servicePrincipal`, acting for this account, may assume — and, with `sourceArns`,
 * only on behalf of those resources (aws:SourceArn).
 */
export function serviceTrustPolicy(account: string, servicePrincipal: string, sourceArns: string[] = []): PolicyDocument {
  const conditions: Record<string, string | string[]> = { 'aws:SourceAccount': account };
  if (sourceArns.length > 0) conditions['aws:SourceArn'] = sourceArns.length === 1 ? sourceArns[0]! : [...sourceArns].sort();
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: servicePrincipal },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: conditions },
    }],
  };
}

/** True when some Allow statement of the trust policy lets the service principal assume the role. */
export function trustsService(trust: unknown, servicePrincipal: string): boolean {
  const statements = (trust as { Statement?: unknown } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.some((s: Record<string, any>) => {
    const actions = ([] as unknown[]).concat(s?.Action ?? []);
    const services = ([] as unknown[]).concat(s?.Principal?.Service ?? []);
    return s?.Effect === 'Allow' && actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*') && services.includes(servicePrincipal);
  });
}

/**
 * CreateRole (trust: that service principal only, with aws:SourceAccount = this account; tagged) + PutRolePolicy
 * (the given statements, nothing else). Undo, newest first: DeleteRolePolicy, then DeleteRole.
 * An existing role is reused when it trusts the service: its inline policy is (re)put only when it differs, with
 * the prior document journaled and restored by undo. A same-named role that does not trust the service is a
 * conflict: nothing is planned and the caller turns `conflict` into guidance.
 */
export function serviceRoleSteps(input: ServiceRoleStepsInput): BuiltRole {
  const { ctx, roleName, servicePrincipal, inlinePolicyName, statements, existing } = input;
  const region = ctx.homeRegion;
  const arn = roleArn(ctx, roleName);
  const trustPolicy = serviceTrustPolicy(ctx.account, servicePrincipal);
  const inlinePolicy: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  const put = { service: 'iam' as const, region, operation: 'PutRolePolicy', input: { RoleName: roleName, PolicyName: inlinePolicyName, PolicyDocument: JSON.stringify(inlinePolicy) } };
  const deletePolicy = { service: 'iam' as const, region, operation: 'DeleteRolePolicy', input: { RoleName: roleName, PolicyName: inlinePolicyName } };
  const allowed = statements.map((s) => `${([] as string[]).concat(s.Action).join(', ')} on ${([] as string[]).concat(s.Resource ?? []).join(', ')}`).join('; ');

  if (!existing) {
    return {
      exists: false, arn, trustPolicy, inlinePolicy,
      steps: [
        {
          describe: `create role ${roleName}, assumable only by ${servicePrincipal} acting for account ${ctx.account} (aws:SourceAccount), tagged ${CREATED_BY_TAG_KEY}=${CREATED_BY_TAG_VALUE}`,
          call: {
            service: 'iam', region, operation: 'CreateRole',
            input: {
              RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
              Description: input.description ?? `${servicePrincipal} service role, created by cis-audit`, MaxSessionDuration: 3600,
              Tags: CREATED_BY_TAGS.map((t) => ({ ...t })),
            },
          },
          undo: [{ service: 'iam', region, operation: 'DeleteRole', input: { RoleName: roleName } }],
          creates: [arn],
        },
        {
          describe: `give ${roleName} inline policy ${inlinePolicyName} allowing only ${allowed}`,
          call: put,
          undo: [deletePolicy],
          changes: [arn],
        },
      ],
    };
  }
  if (!trustsService(existing.trustPolicy, servicePrincipal)) {
    return {
      exists: true, arn, trustPolicy, inlinePolicy, steps: [],
      conflict: `role ${roleName} already exists but ${servicePrincipal} may not assume it (trust policy: ${JSON.stringify(existing.trustPolicy)}); `
        + `rename or delete that role, or give its trust policy ${JSON.stringify(trustPolicy)}`,
    };
  }
  if (existing.inlinePolicy !== undefined && isDeepStrictEqual(existing.inlinePolicy, inlinePolicy)) return { exists: true, arn, trustPolicy, inlinePolicy, steps: [] };
  const restore = existing.inlinePolicy === null
    ? [deletePolicy]
    : existing.inlinePolicy === undefined
      ? { manual: `the previous ${inlinePolicyName} policy of ${roleName} was not readable before it was replaced; review it` }
      : [{ ...put, input: { ...put.input, PolicyDocument: JSON.stringify(existing.inlinePolicy) } }];
  return {
    exists: true, arn, trustPolicy, inlinePolicy,
    steps: [{
      describe: `set inline policy ${inlinePolicyName} of existing role ${roleName} to allow only ${allowed}`,
      call: put,
      ...(existing.inlinePolicy !== undefined ? { prior: { PolicyName: inlinePolicyName, PolicyDocument: existing.inlinePolicy } } : {}),
      undo: restore,
      changes: [arn],
    }],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Planning reads

/** Every page of a list read made while planning (the scan's paginate needs a collect context). */
export async function readPages<T>(
  read: AwsReader, service: ServiceName, region: string, operation: string, input: Record<string, unknown>,
  shape: { inToken: string; outToken: string; items: string },
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const out = await read.call<Record<string, unknown>>(service, region, operation, token === undefined ? input : { ...input, [shape.inToken]: token });
    items.push(...((out[shape.items] as T[] | undefined) ?? []));
    const next = out[shape.outToken];
    if (typeof next !== 'string' || next === '' || seen.has(next)) return items;
    seen.add(next);
    token = next;
  }
}

/** "sns:GetTopicAttributes in us-east-1 failed: AccessDenied (…)" for a planning read that threw. */
export function describeCallError(err: unknown, what: { service: string; operation: string; region: string }): string {
  const e = err as { code?: string; name?: string; message?: string };
  return `${what.service}:${what.operation} in ${what.region} failed: ${e.code ?? e.name ?? 'Error'}${e.message ? ` (${e.message})` : ''}`;
}

export const errorCode = (err: unknown) => (err as { code?: string }).code ?? (err as { name?: string }).name ?? '';
