import type { ServiceName } from '../aws/services.js';
import type { CollectContext } from './datum.js';

export interface PageShape {
  /** Input member carrying the token, e.g. "Marker", "NextToken", "nextToken". */
  inputToken: string;
  /** Output member with the next token. */
  outputToken: string;
  /** Output member with the items. */
  items: string;
  /** IAM-style truncation flag; when present and false, there are no more pages. */
  truncatedFlag?: string;
}

export const IAM_PAGES = (items: string): PageShape => ({
  inputToken: 'Marker',
  outputToken: 'Marker',
  items,
  truncatedFlag: 'IsTruncated',
});
export const NEXT_TOKEN_PAGES = (items: string): PageShape => ({ inputToken: 'NextToken', outputToken: 'NextToken', items });

/** Follows every page of a list operation and returns all items; a repeated token is an error, not a loop. */
export async function paginate<T>(
  ctx: Pick<CollectContext, 'aws'>,
  service: ServiceName,
  region: string,
  operation: string,
  input: Record<string, unknown>,
  shape: PageShape,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const pageInput = token === undefined ? input : { ...input, [shape.inputToken]: token };
    // A next page is a chain link (it needs this page's token): it goes ahead of queued first calls.
    const out = await ctx.aws.call<Record<string, unknown>>(service, region, operation, pageInput, token === undefined ? undefined : 'page');
    const page = out[shape.items];
    // AWS always sends the list, empty when there is nothing; a missing one is a malformed answer, not "none".
    if (!Array.isArray(page)) throw new Error(`${operation} returned no ${shape.items} list`);
    items.push(...(page as T[]));
    const next = out[shape.outputToken];
    const truncated = shape.truncatedFlag ? out[shape.truncatedFlag] === true : true;
    if (!truncated || typeof next !== 'string' || next === '') return items;
    if (seen.has(next)) throw new Error(`${operation}: the service returned the same page token twice`);
    seen.add(next);
    token = next;
  }
}
