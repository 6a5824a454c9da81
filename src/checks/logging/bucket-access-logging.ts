import { trails } from '../../collect/cloudtrail.js';
import { trailBucketLogging } from '../../collect/s3.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass } from '../findings.js';
import { bucketArn, bucketLabel, bucketReadError, bucketsOfTrails } from './trail-buckets.js';
import { trailScope } from './trail-scope.js';

// Access logs on the trail bucket show who read or deleted the audit trail itself.

export const bucketAccessLogging: Check = {
  id: 'cloudtrail-bucket-access-logging',
  description: 'The S3 buckets CloudTrail delivers to have server access logging enabled',
  needs: [trails, trailBucketLogging],
  evaluate(state, ctx) {
    const scope = trailScope(state.get(trails), ctx);
    const buckets = bucketsOfTrails(scope.trails);
    if (buckets.size === 0 && scope.errors.length === 0) {
      return [notApplicable(accountResource(ctx), GLOBAL, 'the account has no CloudTrail trail')];
    }
    const logging = state.get(trailBucketLogging);
    const findings = [...buckets].map(([bucket, trailNames]) => {
      if (!logging.ok) return bucketReadError(ctx, bucket, trailNames, ctx.homeRegion, logging.error);
      const got = logging.value[bucket];
      if (!got) {
        return bucketReadError(ctx, bucket, trailNames, ctx.homeRegion, {
          service: 'cis-audit', operation: `collect bucket ${bucket}`, region: ctx.homeRegion, code: 'NotCollected', message: 'the bucket was not read',
        });
      }
      if (!got.ok) return bucketReadError(ctx, bucket, trailNames, got.error.region, got.error);
      const target = got.value.targetBucket;
      const region = got.value.region;
      const evidence = [{ source: 's3:GetBucketLogging', field: 'LoggingEnabled.TargetBucket', value: target ?? null, expected: 'a target bucket' }];
      return target
        ? pass(bucketArn(ctx, bucket), region, `${bucketLabel(bucket, trailNames)} logs access to ${target}/${got.value.targetPrefix ?? ''}`, evidence)
        : fail(bucketArn(ctx, bucket), region, `${bucketLabel(bucket, trailNames)} has server access logging disabled`, evidence);
    });
    return [...findings, ...scope.errors];
  },
};
