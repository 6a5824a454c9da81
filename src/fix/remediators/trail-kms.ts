import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { trails, type Trail } from '../../collect/cloudtrail.js';
import type { RemediationPlan, Remediator, Step } from '../types.js';
import { CREATED_BY_TAG_KEY, CREATED_BY_TAG_VALUE, type AccountRef, type PolicyDocument } from './building-blocks.js';
import { allowsService, codeIs, parsePolicy, TRAIL_KEY_ALIAS } from './logging-builders.js';
import { fromStep, type StepOutputRef } from './step-refs.js';
import { unlistedTrailRegions } from './trail-settings.js';

// 2.7: one customer managed key per trail home region (alias/cis-audit-cloudtrail, rotating), whose policy lets
// CloudTrail encrypt for this account's trails in that region only, and UpdateTrail(KmsKeyId) on each failing trail.

const KMS = 'cloudtrail-kms-encryption';
/** The longest waiting period KMS allows: the most time to notice and cancel an undo. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/** Actions that administer the key but never use it: the account keeps control, so the key is never orphaned. */
const KEY_ADMIN_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*',
  'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
];

/** The key policy: account administration, CloudTrail encrypting for this account's trails of the region, decrypt for this account. */
export function trailKeyPolicy(ctx: AccountRef, region: string): PolicyDocument {
  const root = `arn:${ctx.partition}:iam::${ctx.account}:root`;
  const trailsHere = `arn:${ctx.partition}:cloudtrail:${region}:${ctx.account}:trail/*`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'KeyAdministrationByThisAccount', Effect: 'Allow', Principal: { AWS: root }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
      {
        Sid: 'CloudTrailEncryptsLogsOfThisAccount', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*',
        Condition: { StringLike: { 'aws:SourceArn': trailsHere, 'kms:EncryptionContext:aws:cloudtrail:arn': trailsHere } },
      },
      {
        Sid: 'CloudTrailDescribesKey', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*',
        Condition: { StringLike: { 'aws:SourceArn': trailsHere } },
      },
      {
        Sid: 'DecryptLogFilesInThisAccount', Effect: 'Allow', Principal: { AWS: root }, Action: ['kms:Decrypt', 'kms:ReEncryptFrom'], Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': ctx.account }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailsHere } },
      },
    ],
  };
}

type AliasLookup =
  | { state: 'absent' }
  | { state: 'found'; arn: string; keyState: string; keyManager: string; policy?: PolicyDocument; policyError?: string }
  | { state: 'unreadable'; why: string };

async function lookupAlias(read: AwsReader, region: string): Promise<AliasLookup> {
  let meta: { Arn?: string; KeyId?: string; KeyState?: string; KeyManager?: string } | undefined;
  try {
    meta = (await read.call<{ KeyMetadata?: typeof meta }>('kms', region, 'DescribeKey', { KeyId: TRAIL_KEY_ALIAS })).KeyMetadata;
  } catch (err) {
    if (!isAwsError(err)) throw err;
    if (codeIs(err, 'NotFoundException')) return { state: 'absent' };
    return { state: 'unreadable', why: `kms:DescribeKey ${TRAIL_KEY_ALIAS} in ${region} failed: ${err.code} (${err.message})` };
  }
  const found = { state: 'found' as const, arn: meta?.Arn ?? '', keyState: meta?.KeyState ?? '', keyManager: meta?.KeyManager ?? '' };
  try {
    const out = await read.call<{ Policy?: string }>('kms', region, 'GetKeyPolicy', { KeyId: meta?.KeyId ?? TRAIL_KEY_ALIAS, PolicyName: 'default' });
    const policy = parsePolicy(out.Policy);
    return policy ? { ...found, policy } : { ...found, policyError: 'the key policy is not valid JSON' };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return { ...found, policyError: `kms:GetKeyPolicy failed: ${err.code} (${err.message})` };
  }
}

/** CreateKey (policy given at creation: no moment with the default policy) + rotation + alias, for one region. */
function newKeySteps(ctx: AccountRef, region: string, ref: string): Step[] {
  const keyId = fromStep(ref, 'KeyMetadata.KeyId');
  return [
    {
      ref,
      describe: `create a KMS key in ${region} for CloudTrail log files (symmetric, key policy: this account administers it, CloudTrail may encrypt only for trails of account ${ctx.account} in ${region}, this account's principals may decrypt them), tagged ${CREATED_BY_TAG_KEY}=${CREATED_BY_TAG_VALUE}`,
      call: {
        service: 'kms', region, operation: 'CreateKey',
        input: {
          Description: 'CloudTrail log file encryption (CIS 2.7), created by cis-audit', KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS',
          MultiRegion: false, Policy: JSON.stringify(trailKeyPolicy(ctx, region)), Tags: [{ TagKey: CREATED_BY_TAG_KEY, TagValue: CREATED_BY_TAG_VALUE }],
        },
      },
      undo: [{ service: 'kms', region, operation: 'ScheduleKeyDeletion', input: { KeyId: { $fromOutput: 'KeyMetadata.KeyId' }, PendingWindowInDays: KEY_DELETION_WINDOW_DAYS } }],
      creates: [`kms key in ${region} (id assigned by AWS)`],
      warning: `a customer managed key is billed monthly. Undo schedules this key for deletion after ${KEY_DELETION_WINDOW_DAYS} days (undo asks for confirmation first; `
        + 'until the date, kms cancel-key-deletion restores it); once it is deleted, log files encrypted with it can never be decrypted again',
    },
    {
      describe: `turn on automatic yearly rotation of the new key in ${region}`,
      call: { service: 'kms', region, operation: 'EnableKeyRotation', input: { KeyId: keyId } },
      // Nothing to call: the key's scheduled deletion (undo of the previous step) covers its rotation.
      undo: { manual: 'covered by the scheduled deletion of the new key (the undo of the step that creates it)' },
      changes: [`the new key in ${region}`],
    },
    {
      describe: `name the new key ${TRAIL_KEY_ALIAS} in ${region}`,
      call: { service: 'kms', region, operation: 'CreateAlias', input: { AliasName: TRAIL_KEY_ALIAS, TargetKeyId: keyId } },
      undo: [{ service: 'kms', region, operation: 'DeleteAlias', input: { AliasName: TRAIL_KEY_ALIAS } }],
      creates: [`arn:${ctx.partition}:kms:${region}:${ctx.account}:${TRAIL_KEY_ALIAS}`],
    },
  ];
}

/** 2.7: UpdateTrail(KmsKeyId) on each failing trail of this account, with the region's cis-audit key (created once). */
export const trailKmsRemediator: Remediator = {
  id: 'trail-kms-encryption',
  after: ['trail-multi-region'],
  checks: [KMS],
  // DescribeKey/GetKeyPolicy check an existing alias; TagResource tags the key on creation; DeleteAlias and
  // ScheduleKeyDeletion are for undo.
  permissions: [
    'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:CreateKey', 'kms:TagResource', 'kms:EnableKeyRotation', 'kms:CreateAlias', 'kms:DeleteAlias', 'kms:ScheduleKeyDeletion',
    'cloudtrail:UpdateTrail',
  ],
  needs: [trails],
  async plan({ state, ctx, failing, read }) {
    const plan: RemediationPlan = { remediator: 'trail-kms-encryption', checks: [KMS], steps: [], guidance: [] };
    const got = state.get(trails);
    plan.guidance.push(...unlistedTrailRegions(got, 'KMS encryption'));
    if (!got.ok) return plan;
    const targets: Trail[] = [];
    for (const f of failing.get(KMS) ?? []) {
      const t = got.value.trails.find((x) => x.arn === f.resource);
      if (!t || t.kmsKeyId) continue;
      if (t.ownerAccount && t.ownerAccount !== ctx.account) {
        plan.guidance.push(`trail ${t.name} belongs to account ${t.ownerAccount}${t.isOrganizationTrail ? ' (organization trail)' : ''}: encrypt it from that account (cis-audit fix --control 2.7 there)`);
        continue;
      }
      targets.push(t);
    }
    for (const region of [...new Set(targets.map((t) => t.homeRegion))].sort()) {
      const here = targets.filter((t) => t.homeRegion === region);
      const names = here.map((t) => t.name).join(', ');
      const alias = await lookupAlias(read, region);
      let key: string | StepOutputRef;
      if (alias.state === 'unreadable') {
        plan.guidance.push(`${region}: nothing planned for trail(s) ${names}: ${alias.why}`);
        continue;
      }
      if (alias.state === 'absent') {
        const ref = `trail-key-${region}`;
        plan.steps.push(...newKeySteps(ctx, region, ref));
        key = fromStep(ref, 'KeyMetadata.Arn');
      } else {
        if (alias.keyState !== 'Enabled' || alias.keyManager !== 'CUSTOMER') {
          plan.guidance.push(`${region}: ${TRAIL_KEY_ALIAS} points to ${alias.arn}, which is ${alias.keyState} (${alias.keyManager}); point the alias at an enabled customer managed key or delete it, then rerun`);
          continue;
        }
        if (!alias.policy) {
          plan.guidance.push(`${region}: nothing planned for trail(s) ${names}: the policy of ${alias.arn} (${TRAIL_KEY_ALIAS}) could not be read: ${alias.policyError}`);
          continue;
        }
        const denied = here.filter((t) => !allowsService(alias.policy, {
          service: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', resource: '*', context: { 'aws:SourceArn': t.arn, 'kms:EncryptionContext:aws:cloudtrail:arn': t.arn },
        }));
        if (denied.length > 0) {
          const wanted = trailKeyPolicy(ctx, region).Statement.filter((s) => s.Sid?.startsWith('CloudTrail'));
          plan.guidance.push(`${region}: key ${alias.arn} (${TRAIL_KEY_ALIAS}) does not let CloudTrail encrypt for ${denied.map((t) => t.name).join(', ')}; cis-audit does not rewrite an existing key policy. Add these statements: ${JSON.stringify(wanted)}`);
          continue;
        }
        plan.guidance.push(`${region}: reusing key ${alias.arn} (${TRAIL_KEY_ALIAS})`);
        key = alias.arn;
      }
      for (const t of here) {
        plan.steps.push({
          describe: `encrypt the log files of trail ${t.name} with ${TRAIL_KEY_ALIAS} (${region})`,
          call: { service: 'cloudtrail', region, operation: 'UpdateTrail', input: { Name: t.arn, KmsKeyId: key } },
          prior: { Name: t.arn, KmsKeyId: null },
          // An empty KmsKeyId is how UpdateTrail goes back to SSE-S3.
          undo: [{ service: 'cloudtrail', region, operation: 'UpdateTrail', input: { Name: t.arn, KmsKeyId: '' } }],
          changes: [t.arn],
          warning: `from now on reading ${t.name}'s log files from S3${t.s3BucketName ? ` (s3://${t.s3BucketName})` : ''} also needs kms:Decrypt on the key: `
            + `people and tools (SIEM, Athena) need it in their IAM policy. Files delivered before now stay SSE-S3`,
        });
      }
    }
    return plan;
  },
};
