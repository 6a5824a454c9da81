import { trails, type Trail } from '../../collect/cloudtrail.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { perTrail, trailBasics, trailVerdict } from './multi-region-trail.js';
import { errorEvidence } from './trail-scope.js';

// Any-of: a multi-region trail that is logging records S3 object-level events (write or read) for every bucket,
// through basic selectors (AWS::S3::Object on arn:aws:s3) or advanced ones (eventCategory Data, AWS::S3::Object).

type Access = 'write' | 'read';

const WANTED: Record<Access, string> = {
  write: 'AWS::S3::Object data events for all buckets with ReadWriteType All or WriteOnly (basic), or eventCategory=Data, resources.type=AWS::S3::Object, readOnly absent or false, no narrowing field (advanced)',
  read: 'AWS::S3::Object data events for all buckets with ReadWriteType All or ReadOnly (basic), or eventCategory=Data, resources.type=AWS::S3::Object, readOnly absent or true, no narrowing field (advanced)',
};

function s3DataEventsCheck(access: Access): Check {
  return {
    id: `cloudtrail-s3-data-events-${access}`,
    description: `A multi-region trail that is logging records S3 object-level ${access} events for all buckets`,
    needs: [trails],
    evaluate(state, ctx) {
      return perTrail(state.get(trails), ctx, `a multi-region trail logging S3 object-level ${access} events`, (t) => judge(t, access, ctx.account));
    },
  };
}

function judge(t: Trail, access: Access, account: string): Finding {
  const v = trailBasics(t);
  const got = t.s3DataEvents;
  if (got.ok) {
    const d = got.value;
    v.evidence.push({
      source: 'cloudtrail:GetEventSelectors',
      field: d.style === 'advanced' ? 'AdvancedEventSelectors' : 'EventSelectors',
      value: { style: d.style, s3DataSelectors: d.selectors },
      expected: WANTED[access],
    });
    const covered = access === 'write' ? d.allBucketsWrite : d.allBucketsRead;
    if (!covered) {
      v.lacks.push(d.selectors.length === 0
        ? 'logs no S3 object-level data events'
        : `logs S3 object-level data events, but not ${access} events for all buckets`);
    }
  } else {
    v.evidence.push(errorEvidence(got.error));
    v.unreadable.push(got.error);
  }
  return trailVerdict(t, account, v, `trail ${t.name} is multi-region, logging, and records S3 object-level ${access} events for all buckets`);
}

export const s3DataEventsWrite = s3DataEventsCheck('write');
export const s3DataEventsRead = s3DataEventsCheck('read');
