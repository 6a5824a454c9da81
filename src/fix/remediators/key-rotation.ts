import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { kmsKeys, rotationIneligibility, type KmsKey } from '../../collect/kms.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator } from '../types.js';

const ROTATION = 'kms-key-rotation';

type MultiRegionConfig = { MultiRegionKeyType?: string; PrimaryKey?: { Arn?: string; Region?: string } };

/** A multi-Region replica takes its rotation from the primary: EnableKeyRotation on it fails, so it is pointed at the primary. */
async function replicaOf(read: AwsReader, region: string, key: KmsKey): Promise<{ arn: string; region: string } | string | undefined> {
  try {
    const out = await read.call<{ KeyMetadata?: { MultiRegionConfiguration?: MultiRegionConfig } }>('kms', region, 'DescribeKey', { KeyId: key.keyId });
    const mr = out.KeyMetadata?.MultiRegionConfiguration;
    if (mr?.MultiRegionKeyType !== 'REPLICA') return undefined;
    return { arn: mr.PrimaryKey?.Arn ?? 'its primary key', region: mr.PrimaryKey?.Region ?? 'the primary region' };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return `kms:DescribeKey in ${region} failed: ${err.code} (${err.message})`;
  }
}

/** 2.8: EnableKeyRotation on each failing key, in its region. */
export const keyRotationRemediator: Remediator = {
  id: 'kms-key-rotation',
  checks: [ROTATION],
  // DescribeKey: a multi-Region key is checked for being a replica before planning; DisableKeyRotation is for undo.
  permissions: ['kms:DescribeKey', 'kms:EnableKeyRotation', 'kms:DisableKeyRotation'],
  needs: [kmsKeys],
  async plan({ state, ctx, failing, read }) {
    const plan: RemediationPlan = { remediator: 'kms-key-rotation', checks: [ROTATION], steps: [], guidance: [] };
    const got = state.get(kmsKeys);
    if (!got.ok) return { ...plan, guidance: [`nothing planned: the KMS keys could not be read: ${describeReadError(got.error)}`] };
    const failingArns = new Set((failing.get(ROTATION) ?? []).map((f) => f.resource));
    for (const region of ctx.regions) {
      const keys = got.value[region];
      if (!keys) continue;
      if (!keys.ok) {
        plan.guidance.push(`${region}: nothing planned, the keys could not be listed: ${describeReadError(keys.error)}. Rerun the fix once this region is readable.`);
        continue;
      }
      for (const k of keys.value) {
        if (!k.metadata.ok) {
          plan.guidance.push(`${region}: key ${k.keyId}: nothing planned, it could not be described: ${describeReadError(k.metadata.error)}`);
          continue;
        }
        if (rotationIneligibility(k.metadata.value) !== undefined) continue;
        if (k.rotationEnabled && !k.rotationEnabled.ok) {
          plan.guidance.push(`${region}: key ${k.keyId}: nothing planned, its rotation status could not be read: ${describeReadError(k.rotationEnabled.error)}`);
          continue;
        }
        // Only keys the scan saw with rotation off and reported failing: never a write for a key already rotating.
        if (!failingArns.has(k.arn) || k.rotationEnabled?.value !== false) continue;
        const label = `key ${k.keyId}${k.metadata.value.description ? ` (${k.metadata.value.description})` : ''}`;
        if (k.metadata.value.multiRegion) {
          const replica = await replicaOf(read, region, k);
          if (typeof replica === 'string') {
            plan.guidance.push(`${region}: ${label}: nothing planned, cannot tell whether this multi-Region key is a replica: ${replica}`);
            continue;
          }
          if (replica) {
            plan.guidance.push(`${region}: ${label} is a multi-Region replica: it rotates with its primary; enable rotation on ${replica.arn} (${replica.region}) instead`);
            continue;
          }
        }
        plan.steps.push({
          describe: `enable automatic rotation of ${label} in ${region}`,
          call: { service: 'kms', region, operation: 'EnableKeyRotation', input: { KeyId: k.keyId } },
          prior: { KeyId: k.keyId, KeyArn: k.arn, KeyRotationEnabled: false },
          undo: [{ service: 'kms', region, operation: 'DisableKeyRotation', input: { KeyId: k.keyId } }],
          changes: [k.arn],
        });
      }
    }
    return plan;
  },
};
