import { logsAllManagementEvents, trails, type ManagementEvents, type Trail } from '../../collect/cloudtrail.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { describeReadError, type ReadError } from '../../model/got.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';
import { DESCRIBE_TRAILS, errorEvidence, ownerNote } from './trail-scope.js';

// Any-of: one finding per trail; a single multi-region trail that is logging every management event suffices.

export const multiRegionTrail: Check = {
  id: 'cloudtrail-multi-region',
  description: 'A multi-region trail is logging all management events (read and write, no excluded sources)',
  needs: [trails],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const got = state.get(trails);
    if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'the CloudTrail trails')];
    const listed = Object.entries(got.value.listed);
    const unlisted = listed.filter(([, l]) => !l.ok);
    if (got.value.trails.length === 0) {
      // A multi-region trail shows in every region: one region that listed is enough to know there is none.
      if (listed.length > 0 && unlisted.length === listed.length) {
        return unlisted.flatMap(([region, l]) => (l.ok ? [] : [readErrorFinding(resource, region, l.error, 'the trails')]));
      }
      return [fail(resource, GLOBAL, 'the account has no CloudTrail trail', [
        { source: DESCRIBE_TRAILS, field: 'trailList', value: [], expected: 'a multi-region trail that is logging' },
      ])];
    }
    return got.value.trails.map((t) => judgeTrail(t, ctx.account));
  },
};

function judgeTrail(t: Trail, account: string): Finding {
  const lacks: string[] = [];
  const unreadable: ReadError[] = [];
  const evidence: Evidence[] = [
    { source: DESCRIBE_TRAILS, field: 'IsMultiRegionTrail', value: t.isMultiRegion, expected: 'true' },
  ];
  if (!t.isMultiRegion) lacks.push('is single-region');

  if (t.status.ok) {
    evidence.push({ source: 'cloudtrail:GetTrailStatus', field: 'IsLogging', value: t.status.value.isLogging, expected: 'true' });
    if (!t.status.value.isLogging) lacks.push('is not logging');
  } else {
    evidence.push(errorEvidence(t.status.error));
    unreadable.push(t.status.error);
  }

  if (t.selectors.ok) {
    const m = t.selectors.value;
    evidence.push({
      source: 'cloudtrail:GetEventSelectors',
      field: m.style === 'advanced' ? 'AdvancedEventSelectors' : 'EventSelectors',
      value: m,
      expected: 'management events, read and write, no excluded sources or other conditions',
    });
    if (!logsAllManagementEvents(m)) lacks.push(...selectorGaps(m));
  } else {
    evidence.push(errorEvidence(t.selectors.error));
    unreadable.push(t.selectors.error);
  }

  const region = t.homeRegion;
  if (lacks.length > 0) {
    const note = unreadable.length > 0 ? ` (also unreadable: ${unreadable.map((e) => e.operation).join(', ')})` : '';
    return fail(t.arn, region, `trail ${t.name} ${lacks.join(', ')}${note}`, evidence);
  }
  if (unreadable.length > 0) {
    const e = unreadable[0]!;
    return {
      status: 'ERROR',
      resource: t.arn,
      region,
      message: `trail ${t.name}${ownerNote(t, account)}: could not read ${describeReadError(e)}`,
      evidence,
      error: e,
    };
  }
  return pass(t.arn, region, `trail ${t.name} is multi-region, logging, and records all management events`, evidence);
}

/** What a trail's selectors leave out of "every management event". */
export function selectorGaps(m: ManagementEvents): string[] {
  if (m.style === 'none') return ['has no event selectors'];
  const gaps: string[] = [];
  if (!m.read && !m.write) gaps.push('logs no management events');
  else if (!m.read) gaps.push('logs write-only management events');
  else if (!m.write) gaps.push('logs read-only management events');
  if (m.excludedSources.length > 0) gaps.push(`excludes management events from ${m.excludedSources.join(', ')}`);
  if (m.otherConditions.length > 0) gaps.push(`narrows management events by ${m.otherConditions.join(' ')}`);
  return gaps;
}
