import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { inRegion } from '../../checks/networking/ec2-resources.js';
import { ebsDefaults } from '../../collect/ebs.js';
import { describeReadError } from '../../model/got.js';
import { isAwsManagedAlias, regionOfKey } from '../storage-options.js';
import type { RemediationPlan, Remediator, Step, WriteCall } from '../types.js';

const EBS = 'ebs-default-encryption';

/** The default key new volumes get, read when planning so undo can restore it exactly. */
async function defaultKey(read: AwsReader, region: string): Promise<{ ok: true; key: string } | { ok: false; why: string }> {
  try {
    const out = await read.call<{ KmsKeyId?: string }>('ec2', region, 'GetEbsDefaultKmsKeyId', {});
    return { ok: true, key: out.KmsKeyId ?? 'alias/aws/ebs' };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return { ok: false, why: `ec2:GetEbsDefaultKmsKeyId in ${region} failed: ${err.code} (${err.message})` };
  }
}

/** The call that puts the default key back: Reset for AWS's own alias/aws/ebs, else Modify to the prior key. */
const restoreKey = (region: string, prior: string): WriteCall => (isAwsManagedAlias(prior, 'ebs')
  ? { service: 'ec2', region, operation: 'ResetEbsDefaultKmsKeyId', input: {} }
  : { service: 'ec2', region, operation: 'ModifyEbsDefaultKmsKeyId', input: { KmsKeyId: prior } });

const EXISTING = 'existing volumes and snapshots stay as they are (unencrypted ones remain unencrypted: encrypt them by snapshot → encrypted copy → new volume); '
  + 'from now on every new volume in this region is encrypted, including those launched from unencrypted snapshots and AMIs';

/** EnableEbsEncryptionByDefault in each failing region (and, with --ebs-kms-key, that key as the default first). */
export const ebsEncryptionRemediator: Remediator = {
  id: 'ebs-encryption-by-default',
  checks: [EBS],
  // GetEbsDefaultKmsKeyId: the prior key is read when planning; Disable/Reset are for undo.
  permissions: [
    'ec2:GetEbsDefaultKmsKeyId', 'ec2:EnableEbsEncryptionByDefault', 'ec2:DisableEbsEncryptionByDefault',
    'ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId',
  ],
  needs: [ebsDefaults],
  async plan({ state, ctx, failing, read, options }) {
    const plan: RemediationPlan = { remediator: 'ebs-encryption-by-default', checks: [EBS], steps: [], guidance: [] };
    const failingRegions = new Set((failing.get(EBS) ?? []).map((f) => f.region));
    const wanted = options.ebsKmsKey;
    for (const region of ctx.regions) {
      if (!failingRegions.has(region)) continue;
      const got = inRegion(state.get(ebsDefaults), region, ebsDefaults.key);
      if (!got.ok) {
        plan.guidance.push(`${region}: nothing planned, EBS encryption by default could not be read: ${describeReadError(got.error)}`);
        continue;
      }
      if (got.value.encryptionByDefault) continue;
      const keyRegion = wanted ? regionOfKey(wanted) : undefined;
      if (wanted && keyRegion !== undefined && keyRegion !== region) {
        plan.guidance.push(`${region}: nothing planned, --ebs-kms-key ${wanted} is a key of ${keyRegion}; EBS needs a key in ${region} (give an alias that exists in every region, or fix one region at a time with --region)`);
        continue;
      }
      const prior = await defaultKey(read, region);
      if (!prior.ok) {
        plan.guidance.push(`${region}: nothing planned, the current default EBS key could not be read (undo needs it): ${prior.why}`);
        continue;
      }
      const steps: Step[] = [];
      if (wanted && wanted !== prior.key) {
        steps.push({
          describe: `make ${wanted} the default KMS key for new EBS volumes in ${region} (now ${prior.key})`,
          call: { service: 'ec2', region, operation: 'ModifyEbsDefaultKmsKeyId', input: { KmsKeyId: wanted } },
          prior: { KmsKeyId: prior.key },
          undo: [restoreKey(region, prior.key)],
          changes: [`arn:${ctx.partition}:ec2:${region}:${ctx.account}:ebs-default-kms-key`],
          warning: `whoever launches instances or creates volumes in ${region} (users, roles, Auto Scaling's service-linked role) needs kms:CreateGrant, kms:GenerateDataKeyWithoutPlaintext and kms:Decrypt on ${wanted}, or the launch fails`,
        });
      }
      steps.push({
        describe: `turn on EBS encryption by default in ${region} (new volumes get key ${wanted ?? prior.key})`,
        call: { service: 'ec2', region, operation: 'EnableEbsEncryptionByDefault', input: {} },
        prior: { EbsEncryptionByDefault: false, KmsKeyId: prior.key },
        undo: [{ service: 'ec2', region, operation: 'DisableEbsEncryptionByDefault', input: {} }],
        changes: [`arn:${ctx.partition}:ec2:${region}:${ctx.account}:ebs-encryption-by-default`],
        warning: `${EXISTING}; instance types without EBS encryption support can no longer be launched there`,
      });
      plan.steps.push(...steps);
    }
    return plan;
  },
};
