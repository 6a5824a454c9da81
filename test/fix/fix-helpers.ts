import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import type { FixFlags } from '../../src/cli/fix-command.js';
import type { JournalFile } from '../../src/fix/journal.js';
import { undoCommand } from '../../src/fix/run-undo.js';
import type { FixIo } from '../../src/fix/run-fix.js';
import { serveAccount, type FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { bridgeSdkTo } from '../helpers/sdk-bridge.js';

// Shared scaffolding for fix/undo tests: the fake account behind mocked SDK clients, captured output.
export const TOOL = { name: 'cis-audit', version: 'test' };
const READ = /^(Get|List|Describe|Generate)/;

export function fixFlags(over: Partial<FixFlags> = {}): FixFlags {
  return {
    'all-failing': false, 'dry-run': false, yes: false, 'allow-disruptive': false, debug: false,
    concurrency: 4, 'root-usage-days': 90, 'strict-patterns': false,
    'journal-dir': mkdtempSync(join(tmpdir(), 'cis-audit-journal-')),
    ...over,
  };
}

export function fixIo(opts: { tty?: boolean; answer?: boolean } = {}) {
  // `sleeps`: the waits asked for before retrying a step (recorded, never really waited).
  const out = { stdout: '', stderr: '', asked: [] as string[], sleeps: [] as number[] };
  const io: FixIo = {
    stdout: (s) => void (out.stdout += s),
    stderr: (s) => void (out.stderr += s),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: opts.tty ?? false,
    env: { AWS_REGION: 'us-east-1' },
    confirm: async (q) => {
      out.asked.push(q);
      return opts.answer ?? false;
    },
    sleep: async (ms) => void out.sleeps.push(ms),
  };
  return { io, out };
}

export function liveAccount(account: FakeAccount) {
  const fake = serveAccount(account);
  const bridge = bridgeSdkTo(fake);
  return {
    calls: bridge.calls,
    writes: () => bridge.calls.filter((c) => !READ.test(c.operation)),
    restore: bridge.restore,
  };
}

/**
 * For a test file: registers dummy credentials and the per-test restore, and returns `live(account)`, which puts
 * the account behind mocked SDK clients until the test ends. `live.restore()` ends it early.
 */
export function liveAccounts(fresh: () => FakeAccount) {
  let restore: (() => void) | undefined;
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
  });
  afterEach(() => restore?.());
  const live = (account: FakeAccount = fresh()) => {
    const l = liveAccount(account);
    restore = l.restore;
    return { ...l, account };
  };
  return Object.assign(live, { restore: () => restore?.() });
}

/** A journal file as written. */
export const journalOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as JournalFile;

/** `undo JOURNAL --yes`, output discarded. */
export const undo = (journal: string) => undoCommand({ journal, 'dry-run': false, yes: true, debug: false }, fixIo().io);

/** The outcome a fix result reports for `control`. */
export const outcomeOf = (control: string) => (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }) => r.outcomes.find((o) => o.control === control);

/** The demo without its bucket in the SCP-denied region (that bucket's ERROR would leave an S3 control unreadable). */
export function demoWithoutDeniedRegion(): FakeAccount {
  const a = structuredClone(demoAccount());
  a.storage!.buckets = a.storage!.buckets.filter((b) => b.region !== 'ap-southeast-2');
  return a;
}

/** A bucket of the fake account, logging or storage, by name. */
export const bucketNamed = (a: FakeAccount, name: string) => [...a.logging!.buckets, ...a.storage!.buckets].find((b) => b.Name === name)!;
