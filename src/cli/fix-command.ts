import { AssumeRoleFailed, assumedRoleCredentials } from '../aws/assume-role.js';
import { limiterFactory } from '../aws/rate-limit.js';
import { AwsReader } from '../aws/reader.js';
import type { AwsTransport } from '../aws/transport.js';
import { resolveIdentity, runScan } from '../engine/scan.js';
import { buildingOptions, fixScanned, loggingOptions, type FixIo, type FixOptionFlags, type FixResult } from '../fix/run-fix.js';
import { storageOptions } from '../fix/storage-options.js';
import { parseAccountIds, parseRoleName, parseRoleSettings, roleArnIn, type RoleFlags } from './account-flags.js';
import { UsageError } from './errors.js';
import { rejectFixApplyOnSnapshot } from './flag-rules.js';
import { prepareScan, type MakeTransport, type SelectionFlags } from './scan-setup.js';

export interface FixFlags extends Omit<SelectionFlags, 'now'>, FixOptionFlags, RoleFlags {
  'all-failing': boolean;
  org?: boolean;
  accounts?: string[];
  'org-role-name'?: string;
}

/** `cis-audit fix`: scan → staged plan → show → confirm → apply stage by stage (journaled) → re-check → outcomes. */
export async function fixCommand(flags: FixFlags, io: FixIo, tool: { name: string; version: string }, deps: { makeTransport?: MakeTransport } = {}): Promise<FixResult> {
  if (!flags.control?.length && !flags['all-failing']) {
    throw new UsageError('say what to fix: --control ID (repeatable, sections allowed) or --all-failing');
  }
  // Bad option values fail before the scan, not after it.
  rejectFixApplyOnSnapshot(flags);
  buildingOptions(flags);
  loggingOptions(flags);
  storageOptions(flags);
  if (flags.org && flags.accounts === undefined) {
    throw new UsageError('fix --org would change every account of the organisation', 'name the accounts to change with --accounts ID,… (and --org-role-name NAME)');
  }
  const make = deps.makeTransport ? { makeTransport: deps.makeTransport } : {};
  if (flags.accounts !== undefined) return fixAccounts(flags, io, tool, make);
  const prepared = await prepareScan({ ...flags }, io.env, { io, ...make });
  // With --snapshot (only with --dry-run) the scan and every planning read are answered from the file: no credentials.
  return fixScanned(await runScan(prepared.request), prepared.request, flags, io, tool);
}

/** `fix --accounts A,B --org-role-name NAME`: one account after the other, each with its own plan, confirmation and journal. */
async function fixAccounts(flags: FixFlags, io: FixIo, tool: { name: string; version: string }, deps: { makeTransport?: MakeTransport }): Promise<FixResult> {
  const accounts = parseAccountIds(flags.accounts, '--accounts')!;
  if (flags['role-arn'] !== undefined) throw new UsageError('--role-arn enters one account; with --accounts, each is entered through --org-role-name', 'drop --role-arn, or drop --accounts');
  if (flags['mfa-serial'] !== undefined) throw new UsageError('--mfa-serial cannot enter several accounts: an MFA code is good for one AssumeRole', 'get MFA session credentials first and run without --mfa-serial');
  const roleName = flags['org-role-name'];
  if (roleName === undefined) throw new UsageError('--accounts needs the role to enter each account with', 'give --org-role-name NAME: a role in each account allowed to make the fix (docs/organisations.md)');
  parseRoleName(roleName);
  const role = parseRoleSettings(flags, io);
  const { 'org-role-name': _name, 'external-id': _ext, 'role-duration': _dur, 'role-session-name': _session, ...sourceFlags } = flags;
  const prepared = await prepareScan(sourceFlags, io.env, { io, ...deps });
  const live = prepared.live!;
  const source = prepared.request.transport;
  const me = await resolveIdentity(new AwsReader(source, prepared.request.readerOptions), prepared.request.homeRegion);
  const results: FixResult[] = [];
  for (const account of accounts) {
    io.stdout(`${results.length > 0 ? '\n' : ''}== Account ${account} ==\n`);
    let transport: AwsTransport = source;
    if (account !== me.account) {
      const credentials = assumedRoleCredentials(source, prepared.request.homeRegion, { roleArn: roleArnIn(account, me.partition, roleName), ...role });
      try {
        await credentials();
      } catch (err) {
        if (!(err instanceof AssumeRoleFailed)) throw err;
        io.stdout(`cannot enter account ${account}: ${err.message}\n`);
        results.push({ exitCode: 3, outcomes: [], writes: 0 });
        continue;
      }
      transport = live.make({ ...live.options, credentials });
    }
    const request = { ...prepared.request, transport, readerOptions: { ...prepared.request.readerOptions, limiter: limiterFactory(live.maxRps) } };
    results.push(await fixScanned(await runScan(request), request, flags, io, tool));
  }
  // As within one account: APPLY_ERROR (3) outranks STILL_FAILING (1).
  return {
    exitCode: Math.max(0, ...results.map((r) => r.exitCode)),
    outcomes: results.flatMap((r) => r.outcomes),
    writes: results.reduce((n, r) => n + r.writes, 0),
    ...(results.some((r) => r.journalPath) ? { journalPath: results.find((r) => r.journalPath)!.journalPath! } : {}),
  };
}
