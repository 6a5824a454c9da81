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
  /** Set on SUPPRESSED findings: the waiver, and the status the finding had before it (always FAIL). */
  suppressed?: Suppression;
}

/** What a waiver left on the finding it suppressed (SPEC "Waivers → SUPPRESSED"). */
export interface Suppression {
  originalStatus: 'FAIL';
  /** The waiver's id, or its position in the file ("#3"). */
  waiver: string;
  reason: string;
  expires: string;
  owner?: string;
  ticket?: string;
}
