import { fileSystems } from '../../collect/efs.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, notApplicable, pass, readErrorFinding } from '../findings.js';
import { inRegion } from '../networking/ec2-resources.js';

/** Every EFS file system is encrypted at rest. */
export const efsEncryptedCheck: Check = {
  id: 'efs-encrypted',
  description: 'Every EFS file system in every scanned region is encrypted at rest',
  needs: [fileSystems],
  evaluate(state, ctx) {
    const account = accountResource(ctx);
    const out: Finding[] = [];
    for (const region of ctx.regions) {
      const got = inRegion(state.get(fileSystems), region, fileSystems.key);
      if (!got.ok) {
        out.push(readErrorFinding(account, region, got.error, 'the EFS file systems'));
        continue;
      }
      if (got.value.length === 0) {
        out.push(notApplicable(account, region, 'no EFS file systems in this region', [{ source: 'efs:DescribeFileSystems', field: 'FileSystems', value: [] }]));
        continue;
      }
      for (const fs of got.value) {
        const label = fs.name ? `${fs.id} (${fs.name})` : fs.id;
        const evidence = [
          { source: 'efs:DescribeFileSystems', field: `FileSystems[${fs.id}].Encrypted`, value: fs.encrypted, expected: 'true' },
          ...(fs.kmsKeyId ? [{ source: 'efs:DescribeFileSystems', field: `FileSystems[${fs.id}].KmsKeyId`, value: fs.kmsKeyId }] : []),
        ];
        out.push(fs.encrypted ? pass(fs.arn, region, `${label} is encrypted at rest`, evidence) : fail(fs.arn, region, `${label} is not encrypted at rest`, evidence));
      }
    }
    return out;
  },
};
