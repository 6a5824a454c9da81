import { ebsDefaults } from '../../collect/ebs.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, pass, readErrorFinding } from '../findings.js';
import { inRegion } from '../networking/ec2-resources.js';

/** Every scanned region encrypts new EBS volumes by default. */
export const ebsDefaultEncryptionCheck: Check = {
  id: 'ebs-default-encryption',
  description: 'EBS encryption by default is on in every scanned region',
  needs: [ebsDefaults],
  evaluate(state, ctx) {
    const account = accountResource(ctx);
    return ctx.regions.map((region): Finding => {
      const got = inRegion(state.get(ebsDefaults), region, ebsDefaults.key);
      if (!got.ok) return readErrorFinding(account, region, got.error, 'EBS encryption by default');
      const { encryptionByDefault, defaultKmsKeyId: key } = got.value;
      const evidence: Evidence[] = [
        { source: 'ec2:GetEbsEncryptionByDefault', field: 'EbsEncryptionByDefault', value: encryptionByDefault, expected: 'true' },
        key.ok
          ? { source: 'ec2:GetEbsDefaultKmsKeyId', field: 'KmsKeyId', value: key.value }
          : { source: 'ec2:GetEbsDefaultKmsKeyId', field: 'error', value: { code: key.error.code, message: key.error.message } },
      ];
      return encryptionByDefault
        ? pass(account, region, `EBS encryption by default is on${key.ok && key.value ? ` (key ${key.value})` : ''}`, evidence)
        : fail(account, region, 'EBS encryption by default is off: new volumes may be unencrypted', evidence);
    });
  },
};
