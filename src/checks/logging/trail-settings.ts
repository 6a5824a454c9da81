import { trails, type Trail } from '../../collect/cloudtrail.js';
import type { Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { Check, CheckContext } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass } from '../findings.js';
import { DESCRIBE_TRAILS, errorEvidence, ownerNote, trailScope } from './trail-scope.js';

// Settings every trail must have, one finding per trail.

function everyTrail(id: string, description: string, judge: (t: Trail, ctx: CheckContext) => Finding): Check {
  return {
    id,
    description,
    needs: [trails],
    evaluate(state, ctx) {
      const scope = trailScope(state.get(trails), ctx);
      const findings = [...scope.trails.map((t) => judge(t, ctx)), ...scope.errors];
      if (findings.length === 0) return [notApplicable(accountResource(ctx), GLOBAL, 'the account has no CloudTrail trail')];
      return findings;
    },
  };
}

export const logFileValidation = everyTrail(
  'cloudtrail-log-file-validation',
  'Every trail has log file integrity validation enabled',
  (t) => {
    const evidence = [{ source: DESCRIBE_TRAILS, field: 'LogFileValidationEnabled', value: t.logFileValidation, expected: 'true' }];
    return t.logFileValidation
      ? pass(t.arn, t.homeRegion, `trail ${t.name} validates its log files`, evidence)
      : fail(t.arn, t.homeRegion, `trail ${t.name} has log file validation disabled`, evidence);
  },
);

export const kmsEncryption = everyTrail(
  'cloudtrail-kms-encryption',
  'Every trail encrypts its log files with a KMS key (SSE-KMS)',
  (t) => {
    const evidence = [{ source: DESCRIBE_TRAILS, field: 'KmsKeyId', value: t.kmsKeyId ?? null, expected: 'a KMS key ARN' }];
    return t.kmsKeyId
      ? pass(t.arn, t.homeRegion, `trail ${t.name} encrypts logs with ${t.kmsKeyId}`, evidence)
      : fail(t.arn, t.homeRegion, `trail ${t.name} does not encrypt its logs with a KMS key`, evidence);
  },
);

const DAY_MS = 86_400_000;

export const cloudWatchLogs = everyTrail(
  'cloudtrail-cloudwatch-logs',
  'Every trail delivers to a CloudWatch Logs log group, with a delivery in the last 24 hours',
  (t, ctx) => {
    const groupEvidence = { source: DESCRIBE_TRAILS, field: 'CloudWatchLogsLogGroupArn', value: t.logGroupArn ?? null, expected: 'a log group ARN' };
    if (!t.logGroupArn) return fail(t.arn, t.homeRegion, `trail ${t.name} does not send its events to CloudWatch Logs`, [groupEvidence]);
    if (!t.status.ok) {
      const e = t.status.error;
      return {
        status: 'ERROR',
        resource: t.arn,
        region: t.homeRegion,
        message: `trail ${t.name}${ownerNote(t, ctx.account)}: could not read its delivery status: ${describeReadError(e)}`,
        evidence: [groupEvidence, errorEvidence(e)],
        error: e,
      };
    }
    const last = t.status.value.latestCloudWatchLogsDeliveryTime;
    const since = new Date(ctx.now.getTime() - DAY_MS).toISOString();
    const evidence = [
      groupEvidence,
      { source: 'cloudtrail:GetTrailStatus', field: 'LatestCloudWatchLogsDeliveryTime', value: last ?? null, expected: `at or after ${since}` },
      ...(t.status.value.latestCloudWatchLogsDeliveryError
        ? [{ source: 'cloudtrail:GetTrailStatus', field: 'LatestCloudWatchLogsDeliveryError', value: t.status.value.latestCloudWatchLogsDeliveryError }]
        : []),
    ];
    if (!last) return fail(t.arn, t.homeRegion, `trail ${t.name} has never delivered to its log group`, evidence);
    if (Date.parse(last) < Date.parse(since)) {
      return fail(t.arn, t.homeRegion, `trail ${t.name} last delivered to CloudWatch Logs at ${last}, more than 24 hours ago`, evidence);
    }
    return pass(t.arn, t.homeRegion, `trail ${t.name} delivers to CloudWatch Logs (last at ${last})`, evidence);
  },
);
