import { logsAllManagementEvents, trails, type ManagementEvents, type Trail, type TrailInventory } from '../../collect/cloudtrail.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { describeReadError, type Got, type ReadError } from '../../model/got.js';
import type { Check, CheckContext } from '../check.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';
import { DESCRIBE_TRAILS, errorEvidence, ownerNote } from './trail-scope.js';

// Any-of: one finding per trail; a single multi-region trail that is logging every management event suffices.

export const multiRegionTrail: Check = {
  id: 'cloudtrail-multi-region',
  description: 'A multi-region trail is logging all management events (read and write, no excluded sources)',
  needs: [trails],
  evaluate(state, ctx) {
    return perTrail(state.get(trails), ctx, 'a multi-region trail that is logging', (t) => judgeTrail(t, ctx.account));
  },
};

/** Any-of over trails: one finding per trail; the account has none → FAIL; no region could list them → ERROR. */
export function perTrail(got: Got<TrailInventory>, ctx: CheckContext, expected: string, judge: (t: Trail) => Finding): Finding[] {
  const resource = accountResource(ctx);
  if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'the CloudTrail trails')];
  const listed = Object.entries(got.value.listed);
  const unlisted = listed.filter(([, l]) => !l.ok);
  if (got.value.trails.length === 0) {
    // A multi-region trail shows in every region: one region that listed is enough to know there is none.
    if (listed.length > 0 && unlisted.length === listed.length) {
      return unlisted.flatMap(([region, l]) => (l.ok ? [] : [readErrorFinding(resource, region, l.error, 'the trails')]));
    }
    return [fail(resource, GLOBAL, 'the account has no CloudTrail trail', [
      { source: DESCRIBE_TRAILS, field: 'trailList', value: [], expected },
    ])];
  }
  return got.value.trails.map(judge);
}

/** Multi-region and logging: the evidence, and what a trail lacks or could not be read for. */
export function trailBasics(t: Trail): { lacks: string[]; unreadable: ReadError[]; evidence: Evidence[] } {
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
  return { lacks, unreadable, evidence };
}

/** FAIL naming what the trail lacks (and what was unreadable); else ERROR if something was unreadable; else PASS. */
export function trailVerdict(
  t: Trail, account: string, v: { lacks: string[]; unreadable: ReadError[]; evidence: Evidence[] }, passMessage: string,
): Finding {
  const { lacks, unreadable, evidence } = v;
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
  return pass(t.arn, region, passMessage, evidence);
}

function judgeTrail(t: Trail, account: string): Finding {
  const v = trailBasics(t);
  if (t.selectors.ok) {
    const m = t.selectors.value;
    v.evidence.push({
      source: 'cloudtrail:GetEventSelectors',
      field: m.style === 'advanced' ? 'AdvancedEventSelectors' : 'EventSelectors',
      value: m,
      expected: 'management events, read and write, no excluded sources or other conditions',
    });
    if (!logsAllManagementEvents(m)) v.lacks.push(...selectorGaps(m));
  } else {
    v.evidence.push(errorEvidence(t.selectors.error));
    v.unreadable.push(t.selectors.error);
  }
  return trailVerdict(t, account, v, `trail ${t.name} is multi-region, logging, and records all management events`);
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
