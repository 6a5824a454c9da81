import { AssumeRoleFailed, assumedRoleCredentials, type RoleToAssume } from '../aws/assume-role.js';
import { AwsReader } from '../aws/reader.js';
import { resolveHomeRegion } from '../aws/home-region.js';
import { LiveTransport, type LiveOptions } from '../aws/live-transport.js';
import type { AwsTransport } from '../aws/transport.js';
import { UsageError } from '../model/errors.js';
import { callerIdentity } from '../collect/account.js';
import { Journal } from './journal.js';
import { describeWrite } from './render.js';
import type { FixIo } from './run-fix.js';
import { GatedWriter } from './writer.js';

export interface UndoFlags {
  journal: string;
  'dry-run': boolean;
  yes: boolean;
  profile?: string;
  'endpoint-url'?: string;
  debug: boolean;
  /** --role-arn: the role to assume in the journal's account. */
  role?: RoleToAssume;
  /** --org-role-name: the role of that name in the journal's own account. */
  orgRole?: Omit<RoleToAssume, 'roleArn'> & { roleName: string };
}

/** `cis-audit undo JOURNAL`: reverts applied steps newest first; lists what it will not revert. */
export async function undoCommand(flags: UndoFlags, io: FixIo, transport?: AwsTransport, makeTransport?: (o: LiveOptions) => AwsTransport): Promise<number> {
  const journal = Journal.load(flags.journal);
  const endpointUrl = flags['endpoint-url'] ?? io.env.AWS_ENDPOINT_URL;
  const live = { ...(flags.profile ? { profile: flags.profile } : {}), ...(endpointUrl ? { endpointUrl } : {}) };
  // A given transport (tests) serves the assumed role too, unless a maker is given.
  const make = makeTransport ?? (transport ? () => transport : (o: LiveOptions) => new LiveTransport(o));
  const source = transport ?? make(live);
  const { region: homeRegion } = await resolveHomeRegion(flags.profile, io.env);
  const role = flags.orgRole
    ? { ...flags.orgRole, roleArn: `arn:${journal.file.partition}:iam::${journal.file.account}:role/${flags.orgRole.roleName}` }
    : flags.role;
  const aws = role ? await enter(source, homeRegion, role, (credentials) => make({ ...live, credentials })) : source;
  const me = await callerIdentity(new AwsReader(aws), homeRegion).catch((err: Error) => {
    throw new UsageError(`cannot determine the AWS account: ${err.message}`, 'check --profile and your credentials');
  });
  if (me.account !== journal.file.account) {
    throw new UsageError(`journal ${flags.journal} is for account ${journal.file.account}, but these credentials are for ${me.account}`, 'use credentials for the journal\'s account');
  }
  // A revert that failed last time is still applied in the account: retry it as any other applied step.
  const applied = journal.stillApplied().reverse();
  const automatic = applied.filter((s) => Array.isArray(s.undo));
  const manual = applied.filter((s) => !Array.isArray(s.undo));
  const calls = automatic.reduce((n, s) => n + (s.undo as unknown[]).length, 0);

  io.stdout(`Undo of ${flags.journal} (account ${journal.file.account}, started ${journal.file.startedAt})\n`);
  for (const s of automatic) {
    io.stdout(`  revert${s.status === 'undo-failed' ? ' (retry: it failed last time)' : ''}: ${s.describe}\n`);
    for (const c of s.undo as Parameters<typeof describeWrite>[0][]) io.stdout(`     call: ${describeWrite(c)}\n`);
  }
  for (const s of manual) io.stdout(`  will NOT revert: ${s.describe} — ${(s.undo as { manual: string }).manual}\n`);
  if (calls === 0) {
    io.stdout('Nothing to undo.\n');
    return 0;
  }
  if (flags['dry-run']) {
    io.stdout(`Dry run: ${calls} call(s) planned, nothing changed.\n`);
    return 0;
  }
  if (!flags.yes) {
    if (!io.stdinIsTTY) throw new UsageError(`refusing to undo ${calls} change(s) without confirmation: not interactive`, 'rerun with --yes');
    if (!(await io.confirm(`Revert ${calls} change(s) in account ${me.account}? [y/N] `))) {
      io.stdout('Nothing changed.\n');
      return 0;
    }
  }
  const writer = new GatedWriter(aws);
  writer.open();
  for (const entry of automatic) {
    try {
      for (const call of entry.undo as Parameters<typeof describeWrite>[0][]) await writer.send(withOutputs(call, entry.output));
      journal.mark(entry, 'undone');
      io.stdout(`undone: ${entry.describe}\n`);
    } catch (err) {
      const e = err as { code?: string; message: string };
      journal.mark(entry, 'undo-failed', { code: e.code ?? 'Error', message: e.message });
      io.stdout(`FAILED to undo: ${entry.describe}: ${e.code ?? ''} ${e.message}\n`);
      return 3;
    }
  }
  return 0;
}

/** The journal's account through an assumed role; a role that cannot be assumed is a usage error (nothing reverted). */
async function enter(source: AwsTransport, homeRegion: string, role: RoleToAssume, make: (c: ReturnType<typeof assumedRoleCredentials>) => AwsTransport): Promise<AwsTransport> {
  const credentials = assumedRoleCredentials(source, homeRegion, role);
  try {
    await credentials();
  } catch (err) {
    if (err instanceof AssumeRoleFailed) throw new UsageError(`cannot enter the journal's account: ${err.message}`, 'check the role\'s trust policy and that the source credentials may assume it');
    throw err;
  }
  return make(credentials);
}

/** Fills `{ "$fromOutput": "Member.path" }` placeholders from the journaled response of the step. */
export function withOutputs<T extends { input: Record<string, unknown> }>(call: T, output: unknown): T {
  const resolve = (v: unknown): unknown => {
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $fromOutput?: unknown }).$fromOutput === 'string') {
      const path = (v as { $fromOutput: string }).$fromOutput;
      const found = path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), output);
      if (found === undefined) throw Object.assign(new Error(`the journal has no ${path} in the step's response`), { code: 'JournalIncomplete' });
      return found;
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  return { ...call, input: resolve(call.input) as Record<string, unknown> };
}
