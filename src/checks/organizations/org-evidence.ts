import type { DatumDef } from '../../collect/datum.js';
import { organization, type Organization } from '../../collect/organizations.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { CheckContext, CheckState } from '../check.js';
import { accountResource, GLOBAL, manual, notApplicable } from '../findings.js';
import { errorEvidence, readEvidence } from '../read-evidence.js';

const DESCRIBE = 'organizations:DescribeOrganization';

/**
 * The shared frame of the CIS-Manual Organizations items: NOT_APPLICABLE outside an organization; otherwise
 * MANUAL with what the datum shows, or with its read error (a member account may not list the organization's
 * policies: the evidence then says to review from the management account).
 */
export function orgManual<T>(
  state: CheckState, ctx: CheckContext, def: DatumDef<T | null>,
  describe: (value: T, org: Organization) => { message: string; evidence: Evidence[] },
): Finding[] {
  const resource = accountResource(ctx);
  const org = state.get(organization);
  const orgEvidence = readEvidence(org, DESCRIBE, 'Organization', (o) => o && { id: o.id, managementAccountId: o.managementAccountId, featureSet: o.featureSet });
  if (!org.ok) return [manual(resource, GLOBAL, `could not read the organization (${describeReadError(org.error)}); review it from the management account`, [orgEvidence])];
  if (!org.value) return [notApplicable(resource, GLOBAL, 'the account is not in an AWS Organizations organization')];
  const got = state.get(def);
  if (!got.ok) {
    return [manual(resource, GLOBAL, `could not read it from this account (${describeReadError(got.error)}); review it from the management account ${org.value.managementAccountId}`,
      [orgEvidence, errorEvidence(got.error)])];
  }
  if (got.value === null) return [notApplicable(resource, GLOBAL, 'the account is not in an AWS Organizations organization')];
  const { message, evidence } = describe(got.value, org.value);
  return [manual(resource, GLOBAL, message, [orgEvidence, ...evidence])];
}
