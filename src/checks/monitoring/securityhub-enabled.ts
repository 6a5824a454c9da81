import { securityHubs } from '../../collect/securityhub.js';
import type { Finding } from '../../model/finding.js';
import { failed } from '../../model/got.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';

// Security Hub must be enabled in every scanned region: one finding per region.

const SOURCE = 'securityhub:DescribeHub';

export const securityHubEnabled: Check = {
  id: 'securityhub-enabled',
  description: 'AWS Security Hub is enabled (the account is subscribed) in every scanned region',
  needs: [securityHubs],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const got = state.get(securityHubs);
    if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'AWS Security Hub')];
    return ctx.regions.map((region): Finding => {
      const r = got.value[region] ?? failed({ service: 'cis-audit', operation: 'collect securityhub.hubs', region, code: 'NotCollected', message: 'the region was not read' });
      if (!r.ok) return readErrorFinding(resource, region, r.error, `Security Hub in ${region}`);
      if (!r.value) {
        return fail(resource, region, `Security Hub is not enabled in ${region}`, [
          { source: SOURCE, field: 'HubArn', value: null, expected: 'a hub (the account subscribed to Security Hub in this region)' },
        ]);
      }
      const hub = r.value;
      return pass(hub.hubArn, region, `Security Hub is enabled in ${region}${hub.subscribedAt ? ` since ${hub.subscribedAt}` : ''}`, [
        { source: SOURCE, field: 'HubArn', value: hub.hubArn, expected: 'a hub' },
        { source: SOURCE, field: 'SubscribedAt', value: hub.subscribedAt ?? null },
      ]);
    });
  },
};
