import { macie } from '../../collect/macie.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { Check } from '../check.js';
import { accountResource, manual } from '../findings.js';
import { inRegion } from '../networking/ec2-resources.js';

const CONFIRM = 'confirm that the data in S3 is discovered and classified (Macie or another tool) and secured as its classification requires';

/** Manual: per region, whether Macie is on and has classification jobs; a person confirms discovery and classification. */
export const s3DataClassifiedCheck: Check = {
  id: 's3-data-classified',
  description: 'Evidence for S3 data discovery and classification: Amazon Macie status and classification jobs per region',
  needs: [macie],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const account = accountResource(ctx);
    return ctx.regions.map((region): Finding => {
      const got = inRegion(state.get(macie), region, macie.key);
      if (!got.ok) {
        const e = got.error;
        const evidence: Evidence[] = [{ source: `${e.service}:${e.operation}`, field: 'error', value: { code: e.code, message: e.message } }];
        return manual(account, region, `Macie could not be read (${describeReadError(e)}); ${CONFIRM}`, evidence);
      }
      const { status, classificationJobs, automatedDiscovery: auto } = got.value;
      const evidence: Evidence[] = [{ source: 'macie2:GetMacieSession', field: 'status', value: status, expected: 'ENABLED' }];
      if (status === null) return manual(account, region, `Macie is not enabled; ${CONFIRM}`, evidence);
      evidence.push({ source: 'macie2:ListClassificationJobs', field: 'items.length', value: classificationJobs ?? 0, expected: 'at least one job' });
      if (auto) {
        evidence.push(auto.ok
          ? { source: 'macie2:GetAutomatedDiscoveryConfiguration', field: 'status', value: auto.value }
          : { source: 'macie2:GetAutomatedDiscoveryConfiguration', field: 'error', value: { code: auto.error.code, message: auto.error.message } });
      }
      const discovery = auto?.ok && auto.value ? `, automated discovery ${auto.value}` : '';
      return manual(account, region, `Macie is ${status} with ${classificationJobs ?? 0} classification job(s)${discovery}; ${CONFIRM}`, evidence);
    });
  },
};
