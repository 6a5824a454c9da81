import { AssumeRoleFailed, assumedRoleCredentials } from '../aws/assume-role.js';
import { isAwsError } from '../aws/errors.js';
import { Semaphore } from '../aws/limiter.js';
import { limiterFactory } from '../aws/rate-limit.js';
import { AwsReader } from '../aws/reader.js';
import type { AwsTransport } from '../aws/transport.js';
import { listOrgAccounts, type OrgAccount } from '../collect/org-accounts.js';
import { forEachAccount } from '../engine/account-pool.js';
import { resolveIdentity, runScan, type ScanResult } from '../engine/scan.js';
import { selectShard } from '../engine/shard.js';
import { CliError } from '../model/errors.js';
import type { Io } from '../model/io.js';
import { parseSeverity } from '../model/status.js';
import { buildOrgReport } from '../report/org-build.js';
import type { OrgAccountEntry, OrgReport } from '../report/org-model.js';
import { renderOrgReport } from '../report/org-render.js';
import type { FormatName, RenderOptions } from '../report/format.js';
import { parseAccountSelection, roleArnIn, type AccountSelection, type OrgFlags } from './account-flags.js';
import { UsageError } from './errors.js';
import { parseFilters } from './finding-filters.js';
import { accountProgress } from './progress.js';
import { asFormat, planReportOutputs, printReportOutputs, writeReportFiles } from './report-outputs.js';
import { accountReport, type ScanFlags } from './run-scan.js';
import { prepareScan, resolveBenchmarks, type MakeTransport } from './scan-setup.js';
import { loadScanWaivers } from './waiver-flags.js';

// `scan --org` / `scan --accounts`: list the accounts, enter each (its own credentials, rate limiters and
// regions; one socket budget for all), keep only each account's report, and write one organisation report at
// the end, all at once: an interrupted run writes nothing.

export interface OrgScanFlags extends ScanFlags, OrgFlags {}

export interface OrgScanDeps {
  /** The live transport (tests route it to one fake per account). */
  makeTransport?: MakeTransport;
  /** Aborting (Ctrl-C) stops the run before anything is written. */
  signal?: AbortSignal;
}

export interface OrgScanOutcome {
  exitCode: number;
  report: OrgReport;
}

interface Target {
  id: string;
  name?: string;
  /** Why it is not scanned, when known before entering it (suspended, not in the organisation). */
  skip?: { code: string; message: string };
}

export async function orgScanCommand(flags: OrgScanFlags, io: Io, tool: { name: string; version: string }, jsonToStdout: boolean, deps: OrgScanDeps = {}): Promise<OrgScanOutcome> {
  const failOn = parseSeverity(flags['fail-on']);
  if (!failOn) throw new UsageError(`--fail-on must be LOW, MEDIUM, HIGH or CRITICAL, got ${flags['fail-on']}`);
  const format = asFormat(flags.format, '--format');
  const outputs = planReportOutputs(flags, format);
  const filter = parseFilters(flags);
  if (flags.snapshot !== undefined) throw new UsageError('--org and --accounts scan live accounts; a snapshot is one account', 'drop --snapshot, or scan the snapshot without --org/--accounts');
  if (flags['to-security-hub']) throw new UsageError('--to-security-hub imports one account\'s findings', 'scan each account with --role-arn --to-security-hub, or use Security Hub\'s own cross-account aggregation');
  const selection = parseAccountSelection(flags, io);
  // The role flags describe how each account is entered, not a role for the source credentials.
  const { 'org-role-name': _name, 'external-id': _ext, 'role-duration': _dur, 'role-session-name': _session, ...sourceFlags } = flags;
  const prepared = await prepareScan(sourceFlags, io.env, { io, ...(deps.makeTransport ? { makeTransport: deps.makeTransport } : {}) });
  const live = prepared.live!;
  const { request } = prepared;
  const waivers = await loadScanWaivers(flags, request.now ?? new Date());
  // One connection budget for every account: --concurrency bounds sockets, the rate limits are per account.
  const gate = new Semaphore(flags.concurrency);
  const source = request.transport;
  const sourceReader = new AwsReader(source, { ...request.readerOptions, gate });
  const me = await resolveIdentity(sourceReader, request.homeRegion);
  const selected = await selectTargets(selection, sourceReader, request.homeRegion);
  const targets = selection.shard ? selectShard(selected, selection.shard) : selected;
  if (selected.length === 0) throw new UsageError('the selection leaves no account to scan', selection.org ? 'check --ou and --exclude-accounts' : 'check --accounts and --exclude-accounts');
  if (targets.length === 0) io.stderr(`warning: shard ${selection.shard!.index}/${selection.shard!.count} has none of the ${selected.length} selected accounts\n`);
  const skipped = targets.filter((t) => t.skip);
  if (skipped.length > 0) io.stderr(`not scanned: ${skipped.map((t) => `${t.id}${t.name ? ` (${t.name})` : ''}: ${t.skip!.message}`).join('; ')}\n`);

  const progress = accountProgress(io, !jsonToStdout && io.stderrIsTTY, targets.length);
  const scanOne = async (t: Target): Promise<OrgAccountEntry> => {
    if (t.skip) return errorEntry(t, t.skip.code, t.skip.message);
    progress.started();
    let entry: OrgAccountEntry | undefined;
    try {
      entry = await scanAccount(t);
      return entry;
    } finally {
      progress.finished(entry?.status !== 'SCANNED');
    }
  };
  const scanAccount = async (t: Target): Promise<OrgAccountEntry> => {
    let transport: AwsTransport = source;
    if (t.id !== me.account) {
      // The caller's own account is scanned with its own credentials; every other one through the audit role.
      const credentials = assumedRoleCredentials(source, request.homeRegion, { roleArn: roleArnIn(t.id, me.partition, selection.roleName), ...selection.role });
      try {
        await credentials();
      } catch (err) {
        if (err instanceof AssumeRoleFailed) return errorEntry(t, err.code, err.message);
        throw err;
      }
      transport = live.make({ ...live.options, credentials });
    }
    try {
      const scanned = await runScan({
        ...request, transport, onCall: progress.tick,
        readerOptions: { ...request.readerOptions, limiter: limiterFactory(live.maxRps), gate },
      });
      if (scanned.identity.account !== t.id) return errorEntry(t, 'WrongAccount', `the credentials for ${t.id} are for account ${scanned.identity.account}`);
      const denied = everyReadDenied(scanned);
      if (denied) return errorEntry(t, 'AllCallsDenied', denied);
      // Only the report is kept: the reader, its call log and the collected data go with `scanned`.
      // Stale is judged over the organisation (buildOrgReport): a waiver kept for one account is not stale in the others.
      const { report } = await accountReport(scanned, waivers, { ...flags, 'fail-on-stale-waivers': false }, { tool, failOn, filter });
      for (const w of report.warnings) io.stderr(`warning: ${t.id}: ${w}\n`);
      return { account: t.id, ...(t.name ? { name: t.name } : {}), status: 'SCANNED', exitCode: report.exitCode, report };
    } catch (err) {
      // An account whose identity or regions cannot be read is that account's ERROR; the others go on.
      if (err instanceof CliError) return errorEntry(t, 'ScanFailed', err.message);
      throw err;
    } finally {
      if (transport !== source) (transport as { close?: () => void }).close?.();
    }
  };
  let entries: OrgAccountEntry[];
  try {
    entries = await forEachAccount(targets, selection.concurrency, scanOne, deps.signal);
  } finally {
    progress.done();
  }
  const report = buildOrgReport(entries, {
    tool,
    benchmarks: resolveBenchmarks(flags.benchmark).map((b) => ({ id: b.id, selector: b.selector, name: b.name, version: b.version })),
    failOn,
    generatedAt: new Date().toISOString(),
    selection: selectionOf(selection),
    failOnStaleWaivers: flags['fail-on-stale-waivers'] === true,
    ...(selection.shard ? { shard: { index: selection.shard.index, count: selection.shard.count, accounts: targets.map((t) => t.id).sort() } } : {}),
  });
  const allFindings = flags['all-findings'] === true;
  // Files all at once (nothing partial), then stdout; with oclif's --json, oclif prints the main report.
  const render = (f: FormatName, o: RenderOptions) => renderOrgReport(f, report, { ...o, allFindings });
  await writeReportFiles(outputs, render);
  await printReportOutputs(outputs, io, render, jsonToStdout);
  return { exitCode: report.exitCode, report };
}

/** The accounts --org/--ou/--accounts/--exclude-accounts select, sorted by id. */
async function selectTargets(s: AccountSelection, reader: AwsReader, region: string): Promise<Target[]> {
  let targets: Target[];
  if (!s.org) targets = (s.accounts ?? []).map((id) => ({ id }));
  else {
    const listed = await listAccounts(reader, region, s.ous);
    const byId = new Map(listed.map((a) => [a.id, a]));
    const where = s.ous.length > 0 ? `under ${s.ous.join(', ')}` : 'in the organisation';
    targets = (s.accounts ?? listed.map((a) => a.id)).map((id) => {
      const a = byId.get(id);
      if (!a) return { id, skip: { code: 'NotInOrganization', message: `not an account ${where}` } };
      const named = a.name ? { name: a.name } : {};
      if (a.state !== 'ACTIVE') return { id, ...named, skip: { code: 'AccountSuspended', message: `the account is ${a.state}` } };
      return { id, ...named };
    });
  }
  const excluded = new Set(s.exclude);
  return targets.filter((t) => !excluded.has(t.id)).sort((a, b) => a.id.localeCompare(b.id));
}

async function listAccounts(reader: AwsReader, region: string, ous: string[]): Promise<OrgAccount[]> {
  try {
    return await listOrgAccounts(reader, region, ous);
  } catch (err) {
    const why = isAwsError(err) ? `${err.call.service}:${err.call.operation} ${err.code} (${err.message})` : (err as Error).message;
    throw new UsageError(`cannot list the organisation's accounts: ${why}`, 'run from the management account or a delegated administrator with organizations:ListAccounts (and ListAccountsForParent, ListOrganizationalUnitsForParent for --ou), or name the accounts with --accounts and no --org');
  }
}

/** "Every read was denied" (an SCP, or a role without the audit policy): the account, not each control, is the finding. */
function everyReadDenied(scanned: ScanResult): string | undefined {
  const findings = scanned.controls.flatMap((c) => c.findings);
  if (findings.length === 0 || scanned.controls.some((c) => c.status !== 'ERROR')) return undefined;
  const errors = findings.map((f) => f.error);
  if (errors.some((e) => !e || !/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|AuthorizationErrorException)$/.test(e.code))) return undefined;
  const e = errors[0]!;
  return `every read was denied, e.g. ${e.service}:${e.operation} in ${e.region}: ${e.code} (${e.message})`;
}

function errorEntry(t: Target, code: string, message: string): OrgAccountEntry {
  return { account: t.id, ...(t.name ? { name: t.name } : {}), status: 'ERROR', error: { code, message }, exitCode: 3 };
}

function selectionOf(s: AccountSelection): OrgReport['selection'] {
  return {
    org: s.org,
    ...(s.ous.length > 0 ? { ous: s.ous } : {}),
    ...(s.accounts ? { accounts: s.accounts } : {}),
    ...(s.exclude.length > 0 ? { excludeAccounts: s.exclude } : {}),
    roleName: s.roleName,
  };
}
