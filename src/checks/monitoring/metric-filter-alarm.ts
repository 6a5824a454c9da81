import { trails, type Trail } from '../../collect/cloudtrail.js';
import { metricAlarms, metricFilters, monitoringCandidacy, topicSubscriptions } from '../../collect/monitoring.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, readErrorFinding } from '../findings.js';
import { evaluateCandidate, type ChainData } from './chain.js';
import { CIS_MONITORING_PATTERNS, type CisMonitoringEvent } from './cis-patterns.js';
import { parseAccepted, type AcceptedPattern } from './filter-match.js';

// One check per monitored event: one finding per candidate trail, combined any-of by the benchmark.

const CANDIDATE = 'a multi-region trail that is logging management events, read and write, from every source';

export function monitoringCheck(event: CisMonitoringEvent): Check {
  const spec = CIS_MONITORING_PATTERNS[event];
  // Parsed once per distinct pattern set (each benchmark version passes its own texts).
  const parsed = new Map<string, AcceptedPattern[]>();
  const acceptedFor = (texts: readonly string[]) => {
    const key = JSON.stringify(texts);
    let hit = parsed.get(key);
    if (!hit) parsed.set(key, (hit = parseAccepted({ title: spec.title, accepted: [...texts] })));
    return hit;
  };
  return {
    id: `monitoring-${event}`,
    description: `A CloudTrail metric filter and alarm for "${spec.title}" notify a confirmed SNS subscriber`,
    needs: [trails, metricFilters, metricAlarms, topicSubscriptions],
    params: ['monitoringPatterns'],
    evaluate(state, ctx) {
      const texts = ctx.params.monitoringPatterns ?? spec.accepted;
      if (texts.length === 0) throw new Error(`monitoring-${event}: the benchmark passes an empty monitoringPatterns`);
      const accepted = acceptedFor(texts);
      const got = state.get(trails);
      if (!got.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, got.error, 'the CloudTrail trails')];
      const listings = Object.entries(got.value.listed);
      // A multi-region trail is listed in every region, so one successful listing is enough to know them all.
      if (listings.length > 0 && listings.every(([, l]) => !l.ok)) {
        return listings.flatMap(([region, l]) => (l.ok ? [] : [readErrorFinding(accountResource(ctx), region, l.error, `the trails of ${region}`)]));
      }
      const data: ChainData = { filters: state.get(metricFilters), alarms: state.get(metricAlarms), subscriptions: state.get(topicSubscriptions) };
      const rule = { accepted, strict: ctx.options.strictPatterns };
      const findings: Finding[] = [];
      const rejected: Array<{ trail: Trail; reason: string }> = [];
      for (const t of got.value.trails) {
        const c = monitoringCandidacy(t);
        if (c.kind === 'candidate') findings.push(evaluateCandidate(t, rule, data, ctx));
        else if (c.kind === 'unknown') findings.push(readErrorFinding(t.arn, t.homeRegion, c.error, c.what));
        else rejected.push({ trail: t, reason: c.reason });
      }
      if (findings.length > 0) return findings;
      return [noCandidate(rejected, accountResource(ctx))];
    },
  };
}

function noCandidate(rejected: Array<{ trail: Trail; reason: string }>, resource: string): Finding {
  const evidence: Evidence[] = rejected.map(({ trail, reason }) => ({
    source: 'cloudtrail:DescribeTrails', field: 'TrailARN', value: { trail: trail.arn, notCandidate: reason }, expected: CANDIDATE,
  }));
  if (rejected.length === 0) {
    evidence.push({ source: 'cloudtrail:DescribeTrails', field: 'trailList', value: [], expected: CANDIDATE });
    return fail(resource, GLOBAL, 'no CloudTrail trail exists, so no metric filter can watch the events', evidence);
  }
  const why = rejected.map(({ trail, reason }) => `${trail.name}: ${reason}`);
  return fail(resource, GLOBAL, `no candidate trail (${CANDIDATE}): ${why.join('; ')}`, evidence);
}
