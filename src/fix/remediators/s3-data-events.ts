import { logsAllManagementEvents, trails, type Trail } from '../../collect/cloudtrail.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, Step } from '../types.js';
import { MAX_BASIC_SELECTORS, rawSelectors } from './trail-create.js';

// S3 object-level logging (write / read): one more event selector on a multi-region trail of this account, for
// S3 object events of every bucket — advanced when the trail uses advanced selectors, basic otherwise. Every
// existing selector is passed back as CloudTrail answered it; undo puts exactly those back.

const WRITE = 'cloudtrail-s3-data-events-write';
const READ = 'cloudtrail-s3-data-events-read';
const ID = 's3-data-events';
const S3_OBJECT = 'AWS::S3::Object';
export const S3_SELECTOR_NAME = 'S3 object-level events, all buckets (cis-audit)';

type Want = 'All' | 'WriteOnly' | 'ReadOnly';

/** A basic selector for S3 object events of all buckets; management events stay with the trail's other selectors. */
export const basicS3Selector = (want: Want) => ({ ReadWriteType: want, IncludeManagementEvents: false, DataResources: [{ Type: S3_OBJECT, Values: ['arn:aws:s3'] }], ExcludeManagementEventSources: [] });

/** An advanced selector for S3 object events of all buckets; readOnly narrows it to reads or writes. */
export const advancedS3Selector = (want: Want) => ({
  Name: S3_SELECTOR_NAME,
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: [S3_OBJECT] },
    ...(want === 'All' ? [] : [{ Field: 'readOnly', Equals: [want === 'ReadOnly' ? 'true' : 'false'] }]),
  ],
});

const COST = 'CloudTrail bills data events (about $0.10 per 100,000 delivered) for every object read/write of every bucket in the account — busy buckets can cost '
  + 'more than the rest of CloudTrail, and the log volume grows in the trail bucket (and CloudWatch Logs, if the trail delivers there). Exclude noisy buckets with advanced selectors if needed';

/** A trail this fix may change: this account's, multi-region, logging, and already logging all management events (so 2.1's fix leaves its selectors alone). */
const usable = (t: Trail, account: string) =>
  t.isMultiRegion && t.ownerAccount === account && t.status.ok && t.status.value.isLogging && t.selectors.ok && logsAllManagementEvents(t.selectors.value) && t.s3DataEvents.ok;

export const s3DataEventsRemediator: Remediator = {
  id: ID,
  checks: [WRITE, READ],
  // The selectors go on the multi-region trail, which 2.1's remediator may create earlier in the same run.
  after: ['trail-multi-region'],
  // GetEventSelectors is read while planning (the exact selectors to keep); PutEventSelectors fixes and undoes.
  permissions: ['cloudtrail:GetEventSelectors', 'cloudtrail:PutEventSelectors'],
  needs: [trails],
  async plan({ state, ctx, failing, read }) {
    const plan: RemediationPlan = { remediator: ID, checks: [...failing.keys()], steps: [], guidance: [] };
    const got = state.get(trails);
    if (!got.ok) return { ...plan, guidance: [`nothing planned: the trails could not be listed: ${describeReadError(got.error)}`] };
    const trail = got.value.trails.find((t) => usable(t, ctx.account));
    if (!trail || !trail.s3DataEvents.ok) {
      return {
        ...plan,
        guidance: [`no multi-region trail of account ${ctx.account} that is logging all management events: the "CloudTrail enabled in all regions" control's fix `
          + '(remediator trail-multi-region) creates cis-audit-trail or fixes an own trail in place — run it first, then rerun this fix'],
      };
    }
    const s3 = trail.s3DataEvents.value;
    const write = failing.has(WRITE) && !s3.allBucketsWrite;
    const readToo = failing.has(READ) && !s3.allBucketsRead;
    if (!write && !readToo) return { ...plan, guidance: [`trail ${trail.name} already logs the S3 object-level events asked for; nothing to change`] };
    const want: Want = write && readToo ? 'All' : write ? 'WriteOnly' : 'ReadOnly';
    const what = want === 'All' ? 'read and write' : want === 'WriteOnly' ? 'write' : 'read';

    const raw = await rawSelectors(read, trail);
    if (!raw.ok) return { ...plan, guidance: [`trail ${trail.name}: nothing planned: ${raw.why}`] };
    const region = trail.homeRegion;
    const advanced = raw.value.AdvancedEventSelectors ?? [];
    const basic = raw.value.EventSelectors ?? [];
    const base = { TrailName: trail.arn };
    let step: Step;
    if (advanced.length > 0) {
      step = {
        describe: `trail ${trail.name} (${region}): add an advanced event selector logging S3 object-level ${what} events for all buckets; its ${advanced.length} selector(s) stay as they are`,
        call: { service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { ...base, AdvancedEventSelectors: [...advanced, advancedS3Selector(want)] } },
        prior: { ...base, AdvancedEventSelectors: advanced },
        undo: [{ service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { ...base, AdvancedEventSelectors: advanced } }],
        changes: [trail.arn],
        warning: COST,
      };
    } else if (basic.length >= MAX_BASIC_SELECTORS) {
      return {
        ...plan,
        guidance: [`trail ${trail.name} already has ${basic.length} basic event selectors (the most CloudTrail allows): add data resource ${S3_OBJECT} "arn:aws:s3" `
          + `(ReadWriteType ${want}) to one of them, or convert the trail to advanced event selectors`],
      };
    } else {
      step = {
        describe: `trail ${trail.name} (${region}): add a basic event selector logging S3 object-level ${what} events for all buckets (arn:aws:s3); its ${basic.length} selector(s) stay as they are`,
        call: { service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { ...base, EventSelectors: [...basic, basicS3Selector(want)] } },
        prior: { ...base, EventSelectors: basic },
        undo: [{ service: 'cloudtrail', region, operation: 'PutEventSelectors', input: { ...base, EventSelectors: basic } }],
        changes: [trail.arn],
        warning: COST,
      };
    }
    plan.steps.push(step);
    return plan;
  },
};
