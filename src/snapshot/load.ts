import { readFileSync } from 'node:fs';
import { UsageError } from '../model/errors.js';
import { SERVICE_NAMES } from '../aws/services.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from './format.js';

/** Reads and validates a snapshot file; any problem is a one-line UsageError naming the file and the fault. */
export function loadSnapshot(path: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'check the path given to --snapshot');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`snapshot ${path} is not valid JSON: ${(err as Error).message}`, 'fix the file or record a new one with `cis-audit collect`');
  }
  const problem = snapshotProblem(data);
  if (problem) throw new UsageError(`snapshot ${path} is malformed: ${problem}`, 'see docs/snapshots.md for the format');
  return data as Snapshot;
}

function snapshotProblem(data: unknown): string | undefined {
  if (!isObject(data)) return 'the top level is not an object';
  if (data.format !== SNAPSHOT_FORMAT) return `"format" must be "${SNAPSHOT_FORMAT}"`;
  if (typeof data.version !== 'number') return '"version" is missing';
  if (data.version > SNAPSHOT_VERSION) return `version ${data.version} is newer than this cis-audit reads (${SNAPSHOT_VERSION}); upgrade cis-audit`;
  if (typeof data.collectedAt !== 'string' || Number.isNaN(Date.parse(data.collectedAt))) return '"collectedAt" is not an ISO date';
  if (typeof data.homeRegion !== 'string') return '"homeRegion" is missing';
  if (!Array.isArray(data.calls)) return '"calls" is not a list';
  for (const [i, call] of data.calls.entries()) {
    if (!isObject(call)) return `calls[${i}] is not an object`;
    if (!(SERVICE_NAMES as readonly unknown[]).includes(call.service)) return `calls[${i}].service ${JSON.stringify(call.service)} is unknown`;
    if (typeof call.region !== 'string' || typeof call.operation !== 'string') return `calls[${i}] needs region and operation`;
    if (!isObject(call.input)) return `calls[${i}].input is not an object`;
    if (call.output === undefined && call.error === undefined) return `calls[${i}] has neither output nor error`;
    if (call.output !== undefined && !isObject(call.output)) return `calls[${i}].output is not an object`;
    if (call.error !== undefined && (!isObject(call.error) || typeof call.error.code !== 'string')) return `calls[${i}].error needs a code`;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);
