import { UsageError } from './errors.js';

// Combinations and values oclif's parser accepts but that would silently do something else than asked.

/** `--snapshot ''`, `-c ''`, `-r ''`, …: an empty value never means "the default" (an empty --snapshot is not a live scan). */
export function rejectEmptyValues(flags: Record<string, unknown>, names: string[]): void {
  for (const name of names) {
    const value = flags[name];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const v of values) {
      if (typeof v !== 'string') continue;
      if (v.trim() === '') throw new UsageError(`--${name} needs a value, got an empty string`, EMPTY_HINT[name] ?? `leave out --${name} to use its default`);
      if (isListFlag(name) && v.split(',').some((item) => item.trim() === '')) {
        throw new UsageError(`--${name} has an empty item in ${JSON.stringify(v)}`, 'separate items with single commas, e.g. 1.9,3.4');
      }
    }
  }
}

const EMPTY_HINT: Record<string, string> = {
  snapshot: 'give the path of a snapshot written by `cis-audit collect` (leave out --snapshot to scan live AWS)',
  output: 'give a file path, or - for stdout',
};

const LIST_FLAGS = new Set(['control', 'exclude-control', 'region']);
const isListFlag = (name: string) => LIST_FLAGS.has(name);

/** A snapshot replay reads no credentials and no network: AWS connection flags would be ignored, so they are refused. */
export function rejectLiveFlagsWithSnapshot(flags: { snapshot?: string; profile?: string; 'endpoint-url'?: string; 'role-arn'?: string; 'mfa-serial'?: string }): void {
  if (flags.snapshot === undefined) return;
  for (const name of ['profile', 'endpoint-url', 'role-arn', 'mfa-serial'] as const) {
    if (flags[name] !== undefined) throw new UsageError(`--${name} cannot be combined with --snapshot: a snapshot replay calls no AWS endpoint`, `drop --${name}, or drop --snapshot to scan live`);
  }
}

/** `fix --snapshot` is an offline preview: it plans from the snapshot and can only show the plan. */
export function rejectFixApplyOnSnapshot(flags: { snapshot?: string; 'dry-run': boolean }): void {
  if (flags.snapshot !== undefined && !flags['dry-run']) {
    throw new UsageError('fix --snapshot only previews: a snapshot cannot be changed, and applying needs the live account', 'add --dry-run to see the plan offline, or drop --snapshot to fix the live account');
  }
}

export interface ScanFlagFacts {
  /** oclif's `--json` is on. */
  json: boolean;
  /** `--format` was given on the command line (not its default). */
  formatGiven: boolean;
  format: string;
  fix: boolean;
  'dry-run': boolean;
  yes: boolean;
}

/** `scan`: flags that contradict each other, or only mean something with another flag. */
export function checkScanFlagCombination(f: ScanFlagFacts): void {
  if (f.json && f.formatGiven && f.format !== 'json') {
    throw new UsageError(`--json prints the JSON report, but --format is ${f.format}`, `drop --json, or use --format json (with --output/--report FORMAT=PATH for other formats)`);
  }
  if (!f.fix) {
    for (const name of ['dry-run', 'yes'] as const) {
      if (f[name]) throw new UsageError(`--${name} only applies to --fix: scan itself changes nothing`, `add --fix, or use \`cis-audit fix --${name}\``);
    }
  }
}

/** Strict ISO 8601 for --now: a date (UTC midnight) or a date-time with `Z` or an offset; impossible dates refused. */
export function parseIsoInstant(text: string, flag = '--now'): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(text);
  const hint = 'for example 2026-01-31 (UTC midnight) or 2026-01-31T08:00:00Z or 2026-01-31T09:00:00+01:00';
  if (!m) throw new UsageError(`${flag} must be an ISO 8601 date or a date-time with Z or an offset, got ${JSON.stringify(text)}`, hint);
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const realDate = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const realZone = zone === 'Z' || (Number(zone.slice(1, 3)) <= 23 && Number(zone.slice(4, 6)) <= 59);
  if (!realDate || hour > 23 || minute > 59 || second > 59 || !realZone) {
    throw new UsageError(`${flag}: ${text} is not a real date and time`, hint);
  }
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000);
}

/** Time-based controls judged before the state was even read would call fresh activity "old" or "in the future". */
export function rejectNowBeforeCollection(now: Date | undefined, collectedAt: Date): void {
  if (now && now.getTime() < collectedAt.getTime()) {
    throw new UsageError(
      `--now ${now.toISOString()} is before the snapshot's collection time ${collectedAt.toISOString()}: the state did not exist yet at that time`,
      'give a --now at or after the collection time, or leave it out to evaluate at the collection time',
    );
  }
}

export interface PermissionsFlagFacts {
  format: string;
  'include-fix': boolean;
  account?: string;
  partition?: string;
  'support-role-name'?: string;
}

/** `permissions`: the CloudFormation audit role is read-only and account-neutral; ARN placeholders must be valid. */
export function checkPermissionsFlags(f: PermissionsFlagFacts): void {
  if (f.format === 'cloudformation') {
    if (f['include-fix']) {
      throw new UsageError('--format cloudformation is the read-only audit role: it takes no --include-fix', 'grant the fix permissions per account, on purpose: `cis-audit permissions --include-fix --account ID`');
    }
    for (const name of ['account', 'partition'] as const) {
      if (f[name] !== undefined) throw new UsageError(`--${name} does not apply to --format cloudformation: the template uses each account's own AWS::AccountId and AWS::Partition`, `drop --${name}`);
    }
  }
  if (f.account !== undefined && !/^\d{12}$/.test(f.account)) throw new UsageError(`--account must be a 12-digit AWS account id, got ${JSON.stringify(f.account)}`, 'leave it out to allow any account ("*") in the ARNs');
  const role = f['support-role-name'];
  if (role !== undefined && !/^[\w+=,.@-]{1,64}$/.test(role)) throw new UsageError(`--support-role-name ${JSON.stringify(role)} is not a valid IAM role name`, 'use up to 64 letters, digits and +=,.@_-');
}
