import { isAwsError } from '../aws/errors.js';
import type { Got } from '../model/got.js';
import { defineRegionalDatum, settle } from './datum.js';
import { paginate } from './paginate.js';

// Amazon Macie per scanned region: whether it is on, and how many classification jobs exist. "Macie is not
// enabled" is an answer (Macie off), not a failed read.

export interface MacieState {
  /** ENABLED or PAUSED; null when Macie is not enabled in the region. */
  status: string | null;
  /** Number of classification jobs; absent when Macie is not enabled (there is nothing to list). */
  classificationJobs?: number;
  /** Automated sensitive data discovery (ENABLED / DISABLED), the other way Macie discovers data; evidence only, so a failed read stays here. */
  automatedDiscovery?: Got<string | null>;
}

export const macie = defineRegionalDatum<MacieState>({
  key: 'macie2.session',
  description: 'Amazon Macie status and classification jobs in each scanned region',
  reads: ['macie2:GetMacieSession', 'macie2:ListClassificationJobs', 'macie2:GetAutomatedDiscoveryConfiguration'],
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
    const [jobs, automatedDiscovery] = await Promise.all([
      paginate(ctx, 'macie2', region, 'ListClassificationJobs', { maxResults: 200 }, { inputToken: 'nextToken', outputToken: 'nextToken', items: 'items' }),
      settle(async () => {
        const out = await ctx.aws.call<{ status?: string }>('macie2', region, 'GetAutomatedDiscoveryConfiguration', {});
        return out.status ?? null;
      }, 'GetAutomatedDiscoveryConfiguration', region, ctx.unexpected),
    ]);
    return { status, classificationJobs: jobs.length, automatedDiscovery };
  },
});

/** Macie answers AccessDeniedException "Macie is not enabled" in a region where it is off: distinct from a denied caller. */
function isNotEnabled(err: unknown): boolean {
  return isAwsError(err, 'AccessDeniedException', 'AccessDenied') && /macie is not enabled/i.test(err.message);
}
