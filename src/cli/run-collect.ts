import { runScan } from '../engine/scan.js';
import { snapshotOfScan } from '../snapshot/build.js';
import type { RecordedCall } from '../aws/recorded-call.js';
import { UsageError } from './errors.js';
import { planOutputs, writeFilesAtomically } from './output.js';
import { progressReporter } from './progress.js';
import type { Io } from '../model/io.js';
import { prepareScan, type SelectionFlags } from './scan-setup.js';

export interface CollectFlags extends Omit<SelectionFlags, 'snapshot' | 'now'> {
  output: string;
  debug: boolean;
}

/** A snapshot is an inventory of the account (users, keys' ages, policies): only its owner may read it. */
export const SNAPSHOT_FILE_MODE = 0o600;

/** `cis-audit collect`: make every call the selected controls need and record them as a snapshot file. */
export async function collectCommand(flags: CollectFlags, io: Io, tool: { name: string; version: string }): Promise<number> {
  const [target] = planOutputs([{ flag: '--output', value: flags.output, kind: 'snapshot' }]);
  const prepared = await prepareScan({ ...flags }, io.env, { io });
  if (prepared.snapshot) throw new UsageError('collect reads live AWS; it cannot read a snapshot');
  const progress = progressReporter(io, io.stderrIsTTY);
  let result;
  try {
    result = await runScan({ ...prepared.request, record: true, onCall: progress.tick });
  } finally {
    progress.done();
  }
  const snapshot = snapshotOfScan(result, tool);
  const content = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (target!.stdout) io.stdout(content);
  else writeFilesAtomically([{ path: target!.path, content, mode: SNAPSHOT_FILE_MODE }]);
  const { failed, absent } = callErrors(snapshot.calls);
  const where = target!.stdout ? 'on stdout' : `in ${flags.output}`;
  io.stderr(`recorded ${snapshot.calls.length} calls for ${snapshot.controls.length} controls ${where}\n`);
  if (absent.size > 0) io.stderr(`note: ${sum(absent)} call(s) answered "not configured", recorded as absent settings: ${byCode(absent)}\n`);
  if (failed.size > 0) {
    io.stderr(`warning: ${sum(failed)} call(s) answered with an error: ${byCode(failed)}; the controls that need them will be ERROR\n`);
  }
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  return failed.size > 0 ? 3 : 0;
}

/**
 * Not-found answers that mean "this setting does not exist" (SPEC: absent is not unreadable), and the credential
 * report's "not ready yet" answers that collection polls through: recorded answers, not failed calls.
 */
const ABSENT_ANSWERS: Record<string, readonly string[]> = {
  'iam:GetAccountPasswordPolicy': ['NoSuchEntity', 'NoSuchEntityException'],
  'iam:GetCredentialReport': ['ReportInProgress', 'CredentialReportNotReady', 'ReportNotPresent', 'CredentialReportNotPresent'],
  's3:GetBucketPolicy': ['NoSuchBucketPolicy'],
  's3:GetBucketPolicyStatus': ['NoSuchBucketPolicy'],
  's3:GetPublicAccessBlock': ['NoSuchPublicAccessBlockConfiguration'],
  's3control:GetPublicAccessBlock': ['NoSuchPublicAccessBlockConfiguration'],
};

/** Calls answered with an error, counted per error code: the real failures, and the answers that mean "absent". */
export function callErrors(calls: RecordedCall[]): { failed: Map<string, number>; absent: Map<string, number> } {
  const failed = new Map<string, number>();
  const absent = new Map<string, number>();
  for (const c of calls) {
    if (!c.error) continue;
    const counts = ABSENT_ANSWERS[`${c.service}:${c.operation}`]?.includes(c.error.code) ? absent : failed;
    counts.set(c.error.code, (counts.get(c.error.code) ?? 0) + 1);
  }
  return { failed, absent };
}

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
const byCode = (counts: Map<string, number>) =>
  [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, n]) => `${code} ×${n}`).join(', ');
