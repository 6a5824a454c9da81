import { kmsKeys, rotationIneligibility, type KmsKey } from '../../collect/kms.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { failed } from '../../model/got.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';

// Customer-managed symmetric keys with KMS-generated material must rotate; every other key is not applicable.

export const keyRotation: Check = {
  id: 'kms-key-rotation',
  description: 'Automatic rotation is enabled on every enabled customer-managed symmetric KMS key (AWS_KMS origin)',
  needs: [kmsKeys],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const got = state.get(kmsKeys);
    if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'the KMS keys')];
    return ctx.regions.flatMap((region): Finding[] => {
      const keys = got.value[region] ?? failed({
        service: 'cis-audit', operation: 'collect kms.keys', region, code: 'NotCollected', message: 'the region was not read',
      });
      if (!keys.ok) return [readErrorFinding(resource, region, keys.error, `the KMS keys of ${region}`)];
      const findings = keys.value.map((k) => judgeKey(k, region));
      if (!findings.some((f) => f.status !== 'NOT_APPLICABLE')) {
        findings.push(notApplicable(resource, region, `${region} has no customer-managed key that can rotate (${keys.value.length} keys listed)`, [
          { source: 'kms:ListKeys', field: 'Keys', value: keys.value.length },
        ]));
      }
      return findings;
    });
  },
};

function judgeKey(k: KmsKey, region: string): Finding {
  if (!k.metadata.ok) return readErrorFinding(k.arn, region, k.metadata.error, `key ${k.keyId}`);
  const m = k.metadata.value;
  const evidence: Evidence[] = [
    { source: 'kms:DescribeKey', field: 'KeyManager', value: m.keyManager, expected: 'CUSTOMER' },
    { source: 'kms:DescribeKey', field: 'KeySpec', value: m.keySpec, expected: 'SYMMETRIC_DEFAULT' },
    { source: 'kms:DescribeKey', field: 'Origin', value: m.origin, expected: 'AWS_KMS' },
    { source: 'kms:DescribeKey', field: 'KeyState', value: m.keyState, expected: 'Enabled' },
  ];
  const why = rotationIneligibility(m);
  if (why !== undefined) return notApplicable(k.arn, region, `key ${k.keyId} is not subject to rotation: ${why}`, evidence);
  if (!k.rotationEnabled) {
    return readErrorFinding(k.arn, region, {
      service: 'kms', operation: 'GetKeyRotationStatus', region, code: 'NotCollected', message: 'the rotation status was not read',
    }, `key ${k.keyId}`);
  }
  if (!k.rotationEnabled.ok) return readErrorFinding(k.arn, region, k.rotationEnabled.error, `the rotation status of key ${k.keyId}`);
  evidence.push({ source: 'kms:GetKeyRotationStatus', field: 'KeyRotationEnabled', value: k.rotationEnabled.value, expected: 'true' });
  const label = `key ${k.keyId}${m.description ? ` (${m.description})` : ''}`;
  return k.rotationEnabled.value
    ? pass(k.arn, region, `${label} rotates automatically`, evidence)
    : fail(k.arn, region, `${label} has automatic rotation disabled`, evidence);
}
