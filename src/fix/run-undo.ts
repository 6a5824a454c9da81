import { AssumeRoleFailed, assumedRoleCredentials, type RoleToAssume } from '../aws/assume-role.js';
import { AwsReader } from '../aws/reader.js';
import { resolveHomeRegion } from '../aws/home-region.js';
import { LiveTransport, type LiveOptions } from '../aws/live-transport.js';
import type { AwsTransport } from '../aws/transport.js';
import { UsageError } from '../model/errors.js';
import { callerIdentity } from '../collect/account.js';
import { Journal, type JournalEntry } from './journal.js';
import type { WriteCall } from './types.js';
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
  // A dry run prints the reverting calls from the journal alone: no credentials, no AWS call.
  if (flags['dry-run']) return previewUndo(flags.journal, journal, io);
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
  const { automatic, calls } = listReverts(flags.journal, journal, io);
  if (calls === 0) {
    io.stdout('Nothing to undo.\n');
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
      for (const call of entry.undo as WriteCall[]) await writer.send(withOutputs(call, entry.output));
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

/** What undo reverts (newest step first, across every stage of the run) and what it leaves, printed. */
function listReverts(path: string, journal: Journal, io: FixIo): { automatic: JournalEntry[]; calls: number } {
  // A revert that failed last time is still applied in the account: retry it as any other applied step.
  const applied = journal.stillApplied().reverse();
  const automatic = applied.filter((s) => Array.isArray(s.undo));
  const manual = applied.filter((s) => !Array.isArray(s.undo));
  const calls = automatic.reduce((n, s) => n + (s.undo as unknown[]).length, 0);
  io.stdout(`Undo of ${path} (account ${journal.file.account}, started ${journal.file.startedAt})\n`);
  // A run of several stages says which stage each revert belongs to.
  const staged = new Set(journal.file.steps.map((s) => s.stage)).size > 1;
  for (const s of automatic) {
    const stage = staged && s.stage !== undefined ? ` [stage ${s.stage}]` : '';
    io.stdout(`  revert${stage}${s.status === 'undo-failed' ? ' (retry: it failed last time)' : ''}: ${s.describe}\n`);
    for (const c of s.undo as WriteCall[]) io.stdout(`     call: ${describeWrite(withKnownOutputs(c, s.output))}\n`);
  }
  for (const s of manual) io.stdout(`  will NOT revert: ${s.describe} — ${(s.undo as { manual: string }).manual}\n`);
  return { automatic, calls };
}

function previewUndo(path: string, journal: Journal, io: FixIo): number {
  const { calls } = listReverts(path, journal, io);
  io.stdout(calls === 0 ? 'Nothing to undo.\n' : `Dry run: ${calls} call(s) planned, nothing changed.\n`);
  return 0;
}

/** The call with ids from the journaled response filled in where the journal has them (for display). */
function withKnownOutputs(call: WriteCall, output: unknown): WriteCall {
  try {
    return withOutputs(call, output);
  } catch (err) {
    if ((err as { code?: string }).code !== 'JournalIncomplete') throw err;
    return call;
  }
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

/**
 * `cis-audit undo JOURNAL… [--accounts A,B]`: one journal per account (as `fix --accounts` writes them), each
 * reverted in its own account, newest run first. With --accounts the journals must be exactly those accounts',
 * checked before anything is reverted. The exit code is the worst of them.
 */
export async function undoJournals(
  flags: Omit<UndoFlags, 'journal'> & { journals: string[]; accounts?: string[] },
  io: FixIo,
  transport?: AwsTransport,
  makeTransport?: (o: LiveOptions) => AwsTransport,
): Promise<number> {
  const { journals, accounts, ...rest } = flags;
  const loaded = journals.map((path) => ({ path, journal: Journal.load(path) }));
  if (accounts !== undefined) {
    const given = new Set(accounts);
    const stray = loaded.filter((j) => !given.has(j.journal.file.account));
    if (stray.length > 0) throw new UsageError(`${stray.map((j) => `${j.path} is for account ${j.journal.file.account}`).join('; ')}, which --accounts does not name`, 'name every journal\'s account in --accounts, or leave the journal out');
    const missing = accounts.filter((a) => !loaded.some((j) => j.journal.file.account === a));
    if (missing.length > 0) throw new UsageError(`no journal given for account ${missing.join(', ')}`, 'give each account\'s journal (cis-audit fix prints one per account)');
  }
  // Newer runs first: a later fix may build on what an earlier one created.
  loaded.sort((a, b) => b.journal.file.startedAt.localeCompare(a.journal.file.startedAt));
  let worst = 0;
  for (const [i, { path, journal }] of loaded.entries()) {
    if (loaded.length > 1) io.stdout(`${i > 0 ? '\n' : ''}== Account ${journal.file.account} ==\n`);
    worst = Math.max(worst, await undoCommand({ ...rest, journal: path }, io, transport, makeTransport));
  }
  return worst;
}
