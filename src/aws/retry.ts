import { AwsCallError, sameErrorCode } from './errors.js';

// Throttling that escaped the SDK's own retries gets a few more tries with full-jitter backoff, then becomes
// an ERROR for the data that needed it (never a PASS, never a crash).
const THROTTLING = [
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestLimitExceeded', 'TooManyRequestsException',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException',
  'LimitExceededException', 'BandwidthLimitExceeded', 'EC2ThrottledException', 'TransactionInProgressException',
];

export function isThrottling(err: unknown): boolean {
  return err instanceof AwsCallError && THROTTLING.some((c) => sameErrorCode(err.code, c));
}

export interface RetryPolicy {
  /** Total attempts at this level (1 = no retry). */
  attempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 250, capMs: 8_000 };

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}
