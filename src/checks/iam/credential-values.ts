import type { CredentialReport } from '../../collect/iam.js';
import type { Finding } from '../../model/finding.js';
import { GLOBAL } from '../findings.js';

// Reading the credential report's cells: dates, booleans and the N/A / no_information / not_supported markers.
export const ROOT_USER = '<root_account>';
export const REPORT = 'iam:GetCredentialReport';
export const DAY_MS = 86_400_000;

/** A cell that holds an ISO date, or undefined for anything else (markers and junk alike). */
export function reportDate(raw: string | undefined): Date | undefined {
  if (!raw || !/^\d{4}-\d{2}-\d{2}/.test(raw)) return undefined;
  // Thousands of users share a few dates and three checks read each: parse each text once.
  let ms = parsedDates.get(raw);
  if (ms === undefined) {
    ms = new Date(raw).getTime();
    if (parsedDates.size > 50_000) parsedDates.clear();
    parsedDates.set(raw, ms);
  }
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
const parsedDates = new Map<string, number>();

// The documented "no date here" markers: only these may be read as "never"; anything else is unexpected.
const NO_DATE_MARKERS = new Set(['N/A', 'no_information', 'not_supported']);

/** A date, 'none' for a documented marker, or 'unexpected' for junk, an empty cell or a missing column. */
export function reportTime(raw: string | undefined): Date | 'none' | 'unexpected' {
  const d = reportDate(raw);
  if (d) return d;
  return raw !== undefined && NO_DATE_MARKERS.has(raw) ? 'none' : 'unexpected';
}

/** true/false in any case; undefined for anything else (not_supported, N/A, junk). */
export function reportBool(raw: string | undefined): boolean | undefined {
  const v = raw?.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function daysSince(date: Date, now: Date): number {
  return Math.floor((now.getTime() - date.getTime()) / DAY_MS);
}

export const userRows = (report: CredentialReport) => report.rows.filter((r) => r.user !== ROOT_USER);
export const rootRow = (report: CredentialReport) => report.rows.find((r) => r.user === ROOT_USER);

/**
 * The users who can sign in to the console, each with the resource its findings name. A password_enabled cell that
 * is neither true nor false becomes an ERROR finding in `findings` (never skipped silently).
 */
export function* consoleUsers(report: CredentialReport, findings: Finding[]): Generator<{ row: CredentialReport['rows'][number]; resource: string }> {
  for (const row of userRows(report)) {
    const resource = row.arn ?? row.user ?? '';
    const password = reportBool(row.password_enabled);
    if (password === undefined) findings.push(unexpectedCell(resource, 'password_enabled', row.password_enabled, 'true or false'));
    else if (password) yield { row, resource };
  }
}

/** A cell whose value makes no sense for the question asked: ERROR with the value, never a guess. */
export function unexpectedCell(resource: string, field: string, value: string | undefined, expected: string): Finding {
  return {
    status: 'ERROR',
    resource,
    region: GLOBAL,
    message: `credential report field ${field} has an unexpected value ${JSON.stringify(value ?? null)} (expected ${expected})`,
    evidence: [{ source: REPORT, field, value: value ?? null, expected }],
    error: { service: 'iam', operation: 'GetCredentialReport', region: GLOBAL, code: 'UnexpectedValue', message: `${field}=${value ?? ''}` },
  };
}
