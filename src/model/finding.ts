import type { ReadError } from './got.js';
import type { Status } from './status.js';

// One piece of evidence: what was read, the value seen, what was expected.
export interface Evidence {
  /** Where the value came from, e.g. "iam:GetAccountPasswordPolicy" or "credential report". */
  source: string;
  /** The field read, e.g. "MinimumPasswordLength". */
  field: string;
  value: unknown;
  expected?: string;
}

export interface Finding {
  status: Status;
  /** ARN, or "arn:aws:iam::<account>:root" style account resource. */
  resource: string;
  /** AWS region, or "global" for account-wide IAM data. */
  region: string;
  message: string;
  evidence: Evidence[];
  /** Set on ERROR findings: the read that could not be done. */
  error?: ReadError;
}
