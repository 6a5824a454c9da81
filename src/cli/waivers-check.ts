import { runScan } from '../engine/scan.js';
import type { Io } from '../model/io.js';
import { applyWaivers } from '../waivers/apply.js';
import { DEFAULT_WAIVERS_FILE } from '../waivers/spec.js';
import type { WaiverFile, WaiverUsage } from '../waivers/types.js';
import { UsageError } from './errors.js';
import { prepareScan, type SelectionFlags } from './scan-setup.js';
import { loadScanWaivers, staleWaiversExitCode, type WaiverFlags } from './waiver-flags.js';

// `cis-audit waivers check [FILE]`: validate a waivers file and, on a snapshot or a live scan, show what it covers.
export interface WaiversCheckFlags extends SelectionFlags, Omit<WaiverFlags, 'waivers'> {
  live?: boolean;
}

export interface WaiversCheckResult {
  file: string;
  valid: true;
  waivers: number;
  /** Present after a scan (--snapshot or --live): which findings each waiver covers, and the expired and stale ones. */
  usage?: WaiverUsage & { covers: Record<string, Array<{ benchmark: string; control: string; resource: string; region: string }>> };
}

export async function waiversCheck(path: string | undefined, flags: WaiversCheckFlags, io: Io): Promise<{ exitCode: number; result: WaiversCheckResult }> {
  const file = path ?? DEFAULT_WAIVERS_FILE;
  if (flags.snapshot !== undefined && flags.live === true) throw new UsageError('--live and --snapshot exclude each other', 'replay a snapshot, or scan the account live');
  const scans = flags.snapshot !== undefined || flags.live === true;
  const prepared = scans ? await prepareScan(flags, io.env) : undefined;
  const loaded = (await loadScanWaivers({ ...flags, waivers: file }, prepared?.request.now ?? new Date())) as WaiverFile;
  if (!prepared) return { exitCode: 0, result: { file, valid: true, waivers: loaded.waivers.length } };
  const scanned = await runScan(prepared.request);
  const { controls, usage } = applyWaivers(scanned.controls, loaded, { account: scanned.identity.account, evaluatedAt: scanned.evaluatedAt });
  const covers: Record<string, Array<{ benchmark: string; control: string; resource: string; region: string }>> = {};
  for (const c of controls) {
    for (const f of c.findings) {
      if (!f.suppressed) continue;
      (covers[f.suppressed.waiver] ??= []).push({ benchmark: c.control.benchmark, control: c.control.id, resource: f.resource, region: f.region });
    }
  }
  const exitCode = staleWaiversExitCode(0, usage, flags);
  return { exitCode, result: { file, valid: true, waivers: loaded.waivers.length, usage: { ...usage, covers } } };
}

/** The check's outcome for people: one line per waiver, then the findings each covers. */
export function renderWaiversCheck(r: WaiversCheckResult): string {
  const lines = [`${r.file}: valid, ${r.waivers} waiver${r.waivers === 1 ? '' : 's'}`];
  const u = r.usage;
  if (u) {
    for (const a of u.active) {
      lines.push(`active  ${a.id} (until ${a.expires}): covers ${a.matched} finding${a.matched === 1 ? '' : 's'} — ${a.reason}`);
      for (const f of u.covers[a.id] ?? []) lines.push(`          ${f.benchmark} ${f.control}  ${f.resource}  [${f.region}]`);
    }
    for (const e of u.expired) lines.push(`expired ${e.id} (${e.expires}): suppresses nothing${e.wouldMatch > 0 ? `, would cover ${e.wouldMatch}` : ''} — ${e.reason}`);
    for (const s of u.stale) lines.push(`stale   ${s.id} (until ${s.expires}): matches no FAIL finding — ${s.reason}`);
    for (const o of u.outOfScope ?? []) lines.push(`other   ${o.id} (until ${o.expires}): for ${o.accounts.join(', ')}, not the scanned account — ${o.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
