import type { Evidence, Finding } from '../model/finding.js';
import { describeReadError, type ReadError } from '../model/got.js';
import type { Status } from '../model/status.js';
import type { CheckContext } from './check.js';

// Small builders so every finding carries resource, region, message and evidence the same way.
export const GLOBAL = 'global';

export function accountResource(ctx: Pick<CheckContext, 'partition' | 'account'>): string {
  return `arn:${ctx.partition}:iam::${ctx.account}:root`;
}

export function finding(status: Status, resource: string, region: string, message: string, evidence: Evidence[] = []): Finding {
  return { status, resource, region, message, evidence };
}

export const pass = (resource: string, region: string, message: string, evidence: Evidence[] = []) =>
  finding('PASS', resource, region, message, evidence);
export const fail = (resource: string, region: string, message: string, evidence: Evidence[] = []) =>
  finding('FAIL', resource, region, message, evidence);
export const notApplicable = (resource: string, region: string, message: string, evidence: Evidence[] = []) =>
  finding('NOT_APPLICABLE', resource, region, message, evidence);

/** The data a verdict needed could not be read: ERROR naming the operation and the error, never PASS. */
export function readErrorFinding(resource: string, region: string, error: ReadError, what?: string): Finding {
  return {
    status: 'ERROR',
    resource,
    region,
    message: `${what ? `could not read ${what}: ` : ''}${describeReadError(error)}`,
    evidence: [{ source: `${error.service}:${error.operation}`, field: 'error', value: { code: error.code, message: error.message } }],
    error,
  };
}

/** A recommendation a person must judge: the evidence that could be read, and what to confirm (never PASS/FAIL). */
export const manual = (resource: string, region: string, message: string, evidence: Evidence[] = []) =>
  finding('MANUAL', resource, region, message, evidence);
