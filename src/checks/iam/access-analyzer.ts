import { analyzers } from '../../collect/accessanalyzer.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';

const LIST = 'access-analyzer:ListAnalyzers';
// External-access analyzers; the unused-access types (ACCOUNT_UNUSED_ACCESS…) do not find external access.
const EXTERNAL_TYPES = new Set(['ACCOUNT', 'ORGANIZATION']);

/** Every scanned region has an ACTIVE external-access analyzer (account or organization zone of trust). */
export const accessAnalyzerEnabled: Check = {
  id: 'iam-access-analyzer',
  description: 'IAM Access Analyzer has an ACTIVE analyzer of type ACCOUNT or ORGANIZATION in every region (ListAnalyzers)',
  needs: [analyzers],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const byRegion = state.get(analyzers);
    if (!byRegion.ok) return [readErrorFinding(resource, GLOBAL, byRegion.error, 'the Access Analyzer analyzers')];
    if (ctx.regions.length === 0) return [notApplicable(resource, GLOBAL, 'no regions were scanned')];
    return ctx.regions.map((region): Finding => {
      const got = byRegion.value[region];
      if (!got) return readErrorFinding(resource, region, { service: 'accessanalyzer', operation: 'ListAnalyzers', region, code: 'NotCollected', message: 'the region was not read' });
      if (!got.ok) return readErrorFinding(resource, region, got.error, 'the Access Analyzer analyzers');
      const seen = got.value.map((a) => `${a.name} (${a.type}, ${a.status})`);
      const evidence = [{ source: LIST, field: 'analyzers[].type/status', value: seen, expected: 'an ACTIVE analyzer of type ACCOUNT or ORGANIZATION' }];
      const active = got.value.filter((a) => a.status === 'ACTIVE' && EXTERNAL_TYPES.has(a.type));
      if (active.length > 0) return pass(active[0]!.arn || resource, region, `external access analyzer ${active.map((a) => a.name).join(', ')} is active`, evidence);
      return fail(resource, region, seen.length > 0
        ? `no ACTIVE external access analyzer (found ${seen.join(', ')})`
        : 'no Access Analyzer analyzer in this region', evidence);
    });
  },
};
