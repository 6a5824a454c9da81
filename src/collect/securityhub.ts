import { isAwsError } from '../aws/errors.js';
import { defineRegionalDatum } from './datum.js';

// Security Hub per region: the hub, or null when the account is not subscribed there (absent, not unreadable).

export interface SecurityHubHub {
  hubArn: string;
  subscribedAt?: string;
  autoEnableControls?: boolean;
}

export const securityHubs = defineRegionalDatum<SecurityHubHub | null>({
  key: 'securityhub.hubs',
  description: 'AWS Security Hub subscription (DescribeHub) in each region',
  reads: ['securityhub:DescribeHub'],
  async loadRegion(ctx, region) {
    let out: { HubArn?: string; SubscribedAt?: string; AutoEnableControls?: boolean };
    try {
      out = await ctx.aws.call('securityhub', region, 'DescribeHub', {});
    } catch (err) {
      // "Account 123 is not subscribed to AWS Security Hub": the one answer that means "no hub here".
      if (isAwsError(err, 'InvalidAccessException') && /not subscribed/i.test(err.message)) return null;
      throw err;
    }
    if (typeof out.HubArn !== 'string') throw new Error('DescribeHub returned no HubArn');
    return {
      hubArn: out.HubArn,
      ...(out.SubscribedAt ? { subscribedAt: String(out.SubscribedAt) } : {}),
      ...(typeof out.AutoEnableControls === 'boolean' ? { autoEnableControls: out.AutoEnableControls } : {}),
    };
  },
});
