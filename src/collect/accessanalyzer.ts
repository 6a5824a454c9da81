import { defineRegionalDatum } from './datum.js';
import { paginate, type PageShape } from './paginate.js';

// IAM Access Analyzer: analyzers are regional, so every scanned region is listed.
export interface Analyzer {
  name: string;
  arn: string;
  /** ACCOUNT / ORGANIZATION (external access) or ACCOUNT_UNUSED_ACCESS / ORGANIZATION_UNUSED_ACCESS… */
  type: string;
  status: string;
}

// Access Analyzer's REST API spells its token and list in lower case.
const ANALYZER_PAGES: PageShape = { inputToken: 'nextToken', outputToken: 'nextToken', items: 'analyzers' };

export const analyzers = defineRegionalDatum<Analyzer[]>({
  key: 'accessanalyzer.analyzers',
  description: 'IAM Access Analyzer analyzers in each region',
  reads: ['access-analyzer:ListAnalyzers'],
  async loadRegion(ctx, region) {
    const listed = await paginate<{ name?: string; arn?: string; type?: string; status?: string }>(
      ctx, 'accessanalyzer', region, 'ListAnalyzers', { maxResults: 100 }, ANALYZER_PAGES,
    );
    return listed.map((a) => ({ name: a.name ?? '', arn: a.arn ?? '', type: a.type ?? '', status: a.status ?? '' }));
  },
});
