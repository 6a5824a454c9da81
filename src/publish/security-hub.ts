import { isAwsError } from '../aws/errors.js';
import { backoffMs, DEFAULT_RETRY, isThrottling, type RetryPolicy } from '../aws/retry.js';
import type { AwsTransport } from '../aws/transport.js';
import type { AsffFinding } from '../report/asff.js';

// Sends ASFF findings to Security Hub with BatchImportFindings: batches of 100 (the API's limit), throttling
// retried with backoff, and every finding that was not imported named with its reason.
export const BATCH_SIZE = 100;

export interface ImportOutcome {
  imported: number;
  failed: Array<{ id: string; code: string; message: string }>;
  batches: number;
}

export async function importFindings(
  transport: AwsTransport,
  region: string,
  findings: AsffFinding[],
  opts: { retry?: RetryPolicy; sleep?: (ms: number) => Promise<void> } = {},
): Promise<ImportOutcome> {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const outcome: ImportOutcome = { imported: 0, failed: [], batches: 0 };
  for (let i = 0; i < findings.length; i += BATCH_SIZE) {
    const batch = findings.slice(i, i + BATCH_SIZE);
    outcome.batches++;
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await transport.send({ service: 'securityhub', region, operation: 'BatchImportFindings', input: { Findings: batch } });
        const rejected = Array.isArray(out.FailedFindings) ? (out.FailedFindings as Array<Record<string, unknown>>) : [];
        for (const r of rejected) outcome.failed.push({ id: String(r.Id ?? '?'), code: String(r.ErrorCode ?? 'Rejected'), message: String(r.ErrorMessage ?? '') });
        outcome.imported += typeof out.SuccessCount === 'number' ? out.SuccessCount : batch.length - rejected.length;
        break;
      } catch (err) {
        if (isThrottling(err) && attempt + 1 < retry.attempts) {
          await sleep(backoffMs(attempt, retry));
          continue;
        }
        // The whole batch was refused (denied, not subscribed, a malformed finding): each of its findings failed.
        const code = isAwsError(err) ? err.code : 'Error';
        const message = (err as Error).message;
        for (const f of batch) outcome.failed.push({ id: f.Id, code, message });
        break;
      }
    }
  }
  return outcome;
}
