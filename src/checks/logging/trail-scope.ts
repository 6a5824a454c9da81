import type { Trail, TrailInventory } from '../../collect/cloudtrail.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Got, ReadError } from '../../model/got.js';
import type { CheckContext } from '../check.js';
import { accountResource, GLOBAL, readErrorFinding } from '../findings.js';

// "Every trail" controls: the trails we know of, plus an ERROR for each region whose single-region trails are
// unknown because DescribeTrails failed there (multi-region trails are complete once any region listed them).

export const DESCRIBE_TRAILS = 'cloudtrail:DescribeTrails';

export interface TrailScope {
  trails: Trail[];
  /** ERROR findings for what could not be listed. */
  errors: Finding[];
}

export function trailScope(got: Got<TrailInventory>, ctx: CheckContext): TrailScope {
  if (!got.ok) return { trails: [], errors: [readErrorFinding(accountResource(ctx), GLOBAL, got.error, 'the CloudTrail trails')] };
  const errors = Object.entries(got.value.listed).flatMap(([region, listed]) =>
    listed.ok ? [] : [readErrorFinding(accountResource(ctx), region, listed.error, `the trails of ${region} (its single-region trails are unknown)`)],
  );
  return { trails: got.value.trails, errors };
}

/** Another account's trail (typically an organization trail) can be listed but only read from its account. */
export function ownerNote(t: Trail, account: string): string {
  if (!t.ownerAccount || t.ownerAccount === account) return '';
  return ` (${t.isOrganizationTrail ? 'organization ' : ''}trail of account ${t.ownerAccount}; scan from that account)`;
}

export const errorEvidence = (e: ReadError): Evidence => ({
  source: `${e.service}:${e.operation}`, field: 'error', value: { code: e.code, message: e.message },
});
