import { isAwsError } from '../aws/errors.js';
import { defineRegionalDatum } from './datum.js';
import { paginate } from './paginate.js';

// Amazon Macie per scanned region: whether it is on, and how many classification jobs exist. "Macie is not
// enabled" is an answer (Macie off), not a failed read.

export interface MacieState {
  /** ENABLED or PAUSED; null when Macie is not enabled in the region. */
  status: string | null;
  /** Number of classification jobs; absent when Macie is not enabled (there is nothing to list). */
  classificationJobs?: number;
}

export const macie = defineRegionalDatum<MacieState>({
  key: 'macie2.session',
  description: 'Amazon Macie status and classification jobs in each scanned region',
  reads: ['macie2:GetMacieSession', 'macie2:ListClassificationJobs'],
  async loadRegion(ctx, region) {
    let status: string;
    try {
      const out = await ctx.aws.call<{ status?: string }>('macie2', region, 'GetMacieSession', {});
      if (!out.status) throw new Error('GetMacieSession returned no status');
      status = out.status;
    } catch (err) {
      if (isNotEnabled(err)) return { status: null };
      throw err;
    }
    const jobs = await paginate(ctx, 'macie2', region, 'ListClassificationJobs', { maxResults: 200 }, {
      inputToken: 'nextToken', outputToken: 'nextToken', items: 'items',
    });
    return { status, classificationJobs: jobs.length };
  },
});

/** Macie answers AccessDeniedException "Macie is not enabled" in a region where it is off: distinct from a denied caller. */
function isNotEnabled(err: unknown): boolean {
  return isAwsError(err, 'AccessDeniedException', 'AccessDenied') && /macie is not enabled/i.test(err.message);
}
