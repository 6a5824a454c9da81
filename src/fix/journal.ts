import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../model/errors.js';
import type { Step } from './types.js';

// Every applied step with its prior state, persisted before the next step runs, so `undo` can restore it.
export const JOURNAL_FORMAT = 'cis-audit-journal';
export const JOURNAL_VERSION = 1;

export type StepStatus = 'applied' | 'failed' | 'undone' | 'undo-failed';

/** A step as applied: what the plan said (describe, call, prior, undo, creates, changes) and what happened. */
export interface JournalEntry extends Pick<Step, 'describe' | 'call' | 'prior' | 'undo' | 'creates' | 'changes'> {
  index: number;
  control: string;
  remediator: string;
  status: StepStatus;
  at: string;
  /** The write's response (ids AWS assigned, e.g. FlowLogIds), so undo can name what was created. */
  output?: unknown;
  error?: { code: string; message: string };
  /** How many times the call was sent, when more than once (retried while IAM propagated a role the plan created). */
  attempts?: number;
  /** The stage of the run the step belongs to (1 = built on nothing); one journal covers every stage. */
  stage?: number;
}

export interface JournalFile {
  format: typeof JOURNAL_FORMAT;
  version: number;
  account: string;
  partition: string;
  startedAt: string;
  tool: { name: string; version: string };
  steps: JournalEntry[];
}

/** Default: $CIS_AUDIT_HOME/journals, else ~/.cis-audit/journals. */
export function defaultJournalDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.CIS_AUDIT_HOME ?? join(homedir(), '.cis-audit'), 'journals');
}

export class Journal {
  readonly file: JournalFile;
  /** The stage being applied: recorded on each step. */
  stage?: number;

  private constructor(
    readonly path: string,
    file: JournalFile,
  ) {
    this.file = file;
  }

  static create(dir: string, meta: Omit<JournalFile, 'format' | 'version' | 'steps'>): Journal {
    mkdirSync(dir, { recursive: true });
    const stamp = meta.startedAt.replace(/[:.]/g, '-');
    const journal = new Journal(join(dir, `fix-${meta.account}-${stamp}.json`), {
      format: JOURNAL_FORMAT,
      version: JOURNAL_VERSION,
      ...meta,
      steps: [],
    });
    journal.save();
    return journal;
  }

  static load(path: string): Journal {
    let data: JournalFile;
    try {
      data = JSON.parse(readFileSync(path, 'utf8')) as JournalFile;
    } catch (err) {
      throw new UsageError(`cannot read journal ${path}: ${(err as Error).message.split('\n')[0]}`, 'give the path printed by `cis-audit fix`');
    }
    if (data?.format !== JOURNAL_FORMAT || !Array.isArray(data.steps)) throw new UsageError(`${path} is not a cis-audit journal`);
    if (data.version > JOURNAL_VERSION) throw new UsageError(`journal ${path} is version ${data.version}; upgrade cis-audit`);
    return new Journal(path, data);
  }

  record(control: string, remediator: string, step: Step, status: StepStatus, error?: JournalEntry['error'], output?: unknown, attempts = 1): JournalEntry {
    const entry: JournalEntry = {
      index: this.file.steps.length,
      control,
      remediator,
      describe: step.describe,
      call: step.call,
      ...(step.prior !== undefined ? { prior: step.prior } : {}),
      undo: step.undo,
      ...(step.creates ? { creates: step.creates } : {}),
      ...(step.changes ? { changes: step.changes } : {}),
      status,
      at: new Date().toISOString(),
      ...(output !== undefined ? { output } : {}),
      ...(error ? { error } : {}),
      ...(attempts > 1 ? { attempts } : {}),
      ...(this.stage !== undefined ? { stage: this.stage } : {}),
    };
    this.file.steps.push(entry);
    this.save();
    return entry;
  }

  /** Steps whose change is still in the account: applied, or a revert that failed (`undo-failed`). */
  stillApplied(): JournalEntry[] {
    return this.file.steps.filter((s) => s.status === 'applied' || s.status === 'undo-failed');
  }

  mark(entry: JournalEntry, status: StepStatus, error?: JournalEntry['error']): void {
    entry.status = status;
    if (error) entry.error = error;
    else delete entry.error;
    this.save();
  }

  /** Written to a temporary sibling and renamed: a crash never leaves half a journal. */
  save(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.file, null, 2)}\n`);
    renameSync(tmp, this.path);
  }
}
