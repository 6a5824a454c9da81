import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Flags, Parser } from '@oclif/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMultiAccount } from '../../src/cli/account-flags.js';
import { checkScanFlagCombination } from '../../src/cli/flag-rules.js';
import { orgScanCommand, type OrgScanFlags } from '../../src/cli/run-org-scan.js';
import Scan from '../../src/commands/scan.js';
import type { OrgReport } from '../../src/report/org-model.js';
import { fakeOrganization, type FakeMember } from '../fake-aws/organization.js';
import { validateJunit, validateOrgReportJson } from '../helpers/validators.js';
import { orgFixture, orgShards } from './org-fixtures.js';

// docs/organisations.md "Recipes": each recipe's `cis-audit report merge` line is run as written (through sh, so
// its globs expand) on shard reports of the test organisation placed where the recipe's parts land.
const ROOT = new URL('../..', import.meta.url).pathname;
const DOC = readFileSync(join(ROOT, 'docs/organisations.md'), 'utf8');
const FROM_RECIPES = DOC.slice(DOC.indexOf('## Recipes'));
// The Recipes section only: up to the next section of the same level.
const RECIPES = FROM_RECIPES.slice(0, FROM_RECIPES.indexOf('\n## ', 3) === -1 ? undefined : FROM_RECIPES.indexOf('\n## ', 3));

/** The `cis-audit …` commands of a kind, as written: up to a shell operator, quote or the end of the line. */
const commands = (kind: 'scan' | 'report merge', text = RECIPES) => [...text.matchAll(new RegExp(`cis-audit (${kind} [^\\n'|;&]*)`, 'g'))].map((m) => m[1]!.trim());

const SHARDS = 4;
let whole: OrgReport;
let shards: OrgReport[];
beforeAll(async () => {
  whole = await orgFixture();
  shards = await orgShards(SHARDS);
}, 60_000);

function sh(command: string, cwd: string) {
  const r = spawnSync('sh', ['-c', command.replace(/^report merge/, `"${process.execPath}" "${join(ROOT, 'bin/run.js')}" report merge`)], {
    cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// ---- The recipes' scan lines, run as each job engine runs them ----

/** One `### …` recipe of the Recipes section. */
const section = (heading: string) => {
  const from = RECIPES.indexOf(heading);
  const next = RECIPES.indexOf('\n### ', from + 1);
  return RECIPES.slice(from, next === -1 ? undefined : next);
};
/** The first capture of `re` in `text`; the test fails (not the recipe) when the doc lost what it looks for. */
const must = (text: string, re: RegExp): string => {
  const m = re.exec(text);
  if (!m) throw new Error(`docs/organisations.md recipe no longer matches ${re}`);
  return m[1]!;
};

type Env = Record<string, string>;

/** A recipe's shard jobs: the line each gets, its environment and directories, and how its report reaches the merge. */
interface Recipe {
  heading: string;
  scan: string;
  merge: string;
  /** The merged JSON report the merge line writes. */
  mergedJson: string;
  shards: number;
  /** The command line as the shell of shard `i` (0-based) receives it. */
  line(i: number): string;
  /** What the job engine and the recipe set in shard `i`'s environment. */
  env(i: number): Env;
  /** Shard `i`'s working directory under `root`. */
  dir(root: string, i: number): string;
  /** A path inside shard `i`'s container, as a path of this machine. */
  path(p: string, dir: string): string;
  mergeDir(root: string): string;
  /** Moves shard `i`'s report where the merge job finds it (an artifact, S3, a shared volume). */
  deliver(root: string, i: number): void;
  /** What else shard `i` must (not) have left behind. */
  check?(root: string, i: number): void;
}

/** Words of `line` after `scan`, expanded by sh in `env` (quotes, `$VAR`) exactly as the recipe's shell would. */
function shellWords(line: string, env: Env): string[] {
  const rest = line.replace(/^scan(?=\s)/, '');
  const r = spawnSync('sh', ['-c', `printf '%s\\n'${rest}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 });
  if (r.status !== 0) throw new Error(`sh could not expand ${line}: ${r.stderr}`);
  return r.stdout.split('\n').slice(0, -1);
}

const GITHUB = section('### GitHub Actions');
const BATCH = section('### AWS Batch');
const K8S = section('### Kubernetes');
const matrix = must(GITHUB, /matrix:\s*\n\s*shard: \[([\d, ]+)\]/).split(',').map((v) => v.trim());
/** GitHub evaluates `${{ matrix.shard }}` before the shell sees the line. */
const ghExpand = (text: string, i: number) => text.replaceAll(/\$\{\{\s*matrix\.shard\s*\}\}/g, matrix[i]!);
const batchSize = Number(must(BATCH, /--array-properties size=(\d+)/));
const batchEnv = (i: number): Env => ({
  AWS_BATCH_JOB_ARRAY_INDEX: String(i), AWS_BATCH_JOB_ARRAY_SIZE: String(batchSize),
  SHARDS: must(BATCH, /\{name=SHARDS,value=(\d+)\}/), RUN_ID: '20260102T030405Z',
  REPORT_BUCKET: must(BATCH, /"name": "REPORT_BUCKET", "value": "([^"]+)"/),
});
/** `aws s3 cp FROM TO` of a script, expanded in `env`. */
const s3Copy = (re: RegExp, env: Env) => shellWords(`scan ${must(BATCH, re)}`, env);

const RECIPE_RUNS: Recipe[] = [
  {
    heading: 'GitHub Actions', scan: commands('scan', GITHUB)[0]!, merge: commands('report merge', GITHUB)[0]!, mergedJson: 'org.json',
    shards: matrix.length,
    line: (i) => ghExpand(commands('scan', GITHUB)[0]!, i),
    env: (i) => ({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: `/github/step-summary-${i}.md` }),
    dir: (root, i) => join(root, `runner-${i}`), // every matrix job is its own runner
    path: (p, dir) => p.replace(/^\/github\//, `${dir}/`),
    mergeDir: (root) => join(root, 'merge-runner'),
    deliver(root, i) {
      // upload-artifact `path:` from the shard's workspace; download-artifact with merge-multiple puts every file in `path:`.
      const uploaded = ghExpand(must(GITHUB, /upload-artifact@v4\s*\n\s*with: \{ name: 'cis-audit-shard-\$\{\{ matrix\.shard \}\}', path: '([^']+)' \}/), i);
      const into = must(GITHUB, /download-artifact@v4\s*\n\s*with: \{ pattern: 'cis-audit-shard-\*', path: (\S+), merge-multiple: true \}/);
      copyInto(join(this.dir(root, i), uploaded), join(this.mergeDir(root), into, basename(uploaded)));
    },
    // --no-step-summary: an organisation's shards leave the run page to the merged report.
    check(root, i) {
      expect(existsSync(join(this.dir(root, i), `step-summary-${i}.md`))).toBe(false);
    },
  },
  {
    heading: 'AWS Batch', scan: commands('scan', BATCH)[0]!, merge: commands('report merge', BATCH)[0]!, mergedJson: 'org.json',
    shards: batchSize,
    line: () => commands('scan', BATCH)[0]!,
    env: batchEnv,
    dir: (root, i) => {
      // Every child is its own container with its own /tmp.
      mkdirSync(join(root, `child-${i}`, 'tmp'), { recursive: true });
      return join(root, `child-${i}`);
    },
    path: (p, dir) => p.replace(/^\/tmp\//, `${dir}/tmp/`),
    mergeDir: (root) => join(root, 'merge-job'),
    deliver(root, i) {
      // cis-audit-shard.sh copies its report to S3; cis-audit-merge.sh copies the parts/ prefix down to parts/.
      const [from, to] = s3Copy(/\naws s3 cp (\/\S+ "s3:\/\/[^"]+")\n/, batchEnv(i));
      const [prefix, into] = s3Copy(/aws s3 cp --recursive ("s3:\/\/[^"]+" \S+)\n/, batchEnv(i));
      expect(to!.startsWith(prefix!)).toBe(true);
      copyInto(this.path(from!, this.dir(root, i)), join(this.mergeDir(root), into!, to!.slice(prefix!.length)));
    },
  },
  {
    heading: 'Kubernetes', scan: commands('scan', K8S)[0]!, merge: commands('report merge', K8S)[0]!, mergedJson: 'org.json',
    shards: Number(must(K8S, /completions: (\d+)/)),
    line: () => commands('scan', K8S)[0]!,
    env: (i) => ({ JOB_COMPLETION_INDEX: String(i) }),
    // Both Jobs have workingDir /reports on the one ReadWriteMany claim: the shards write where the merge reads.
    dir: (root) => join(root, 'reports'),
    path: (p) => p,
    mergeDir: (root) => join(root, 'reports'),
    deliver: () => undefined,
  },
];

function copyInto(from: string, to: string) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

// The fake organisation every shard (and the unsharded scan) reads: failing, compliant, unenterable, suspended.
const MGMT = '111111111111';
const MEMBERS: FakeMember[] = [
  { id: '222222222222', name: 'prod' },
  { id: '333333333333', name: 'dev', tweak: (a) => void (a.iam.passwordPolicy = { MinimumPasswordLength: 16, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 60, PasswordReusePrevention: 24 }) },
  { id: '444444444444', name: 'locked', denyAssume: true },
  { id: '555555555555', name: 'gone', state: 'SUSPENDED' },
  { id: '666666666666', name: 'data' },
  { id: '777777777777', name: 'logging' },
];
const ORG_ACCOUNTS = [MGMT, ...MEMBERS.map((m) => m.id)].sort();
const EXPECTED_ACCOUNTS = [
  [MGMT, 'SCANNED', undefined], ['222222222222', 'SCANNED', undefined], ['333333333333', 'SCANNED', undefined],
  ['444444444444', 'ERROR', 'AccessDenied'], ['555555555555', 'ERROR', 'AccountSuspended'],
  ['666666666666', 'SCANNED', undefined], ['777777777777', 'SCANNED', undefined],
];
const TOOL = { name: 'cis-audit', version: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version };
// The source credentials and region the recipes' engines provide (OIDC, the job role, IRSA).
const AWS_ENV: Env = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-for-tests' };

interface ScanRun {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * `cis-audit scan ARGV` as src/commands/scan.ts runs it: oclif's parser with the command's own flags (an unknown
 * flag fails here), the same flag checks, then the multi-account runner, on the fake organisation's transport.
 */
async function cliScan(argv: string[], env: Env, cwd: string, makeTransport: ReturnType<typeof fakeOrganization>['makeTransport']): Promise<ScanRun> {
  const { flags, metadata } = await Parser.parse(argv, {
    flags: { ...Scan.baseFlags, ...Scan.flags, json: Flags.boolean({ description: 'Format output as json.' }) }, args: Scan.args, strict: true,
  });
  const json = argv.includes('--json');
  checkScanFlagCombination({ ...flags, json, formatGiven: metadata.flags.format?.setFromDefault !== true });
  expect(isMultiAccount(flags)).toBe(true);
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, env: { ...AWS_ENV, ...env } };
  const home = process.cwd();
  process.chdir(cwd); // relative --output paths are the job's working directory
  try {
    const outcome = await orgScanCommand(flags as OrgScanFlags, io, TOOL, json, { makeTransport });
    return { argv, exitCode: outcome.exitCode, ...out };
  } finally {
    process.chdir(home);
  }
}

/** The flags with --shard and --shard-count (and their values) taken out: the same scan, unsharded. */
const unsharded = (argv: string[]) => argv.filter((a, i) => !/^--shard(-count)?(=|$)/.test(a) && !/^--shard(-count)?$/.test(argv[i - 1] ?? ''));
/** The value of `--flag V` / `--flag=V` in argv. */
const flagValue = (argv: string[], flag: string) => {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  return i === -1 ? undefined : argv[i]!.includes('=') ? argv[i]!.slice(flag.length + 1) : argv[i + 1];
};

/** Every shard of `recipe` against one fake organisation, each report delivered for the merge, and the same scan unsharded. */
async function runRecipe(recipe: Recipe) {
  const root = mkdtempSync(join(tmpdir(), 'cis-audit-org-recipe-run-'));
  const org = fakeOrganization(MGMT, MEMBERS);
  const shards = [];
  for (let i = 0; i < recipe.shards; i++) {
    const dir = recipe.dir(root, i);
    mkdirSync(dir, { recursive: true });
    const env = recipe.env(i);
    const argv = shellWords(recipe.line(i), env).map((a) => recipe.path(a, dir));
    const run = await cliScan(argv, Object.fromEntries(Object.entries(env).map(([k, v]) => [k, recipe.path(v, dir)])), dir, org.makeTransport);
    const output = resolve(dir, flagValue(argv, '--output')!);
    expect(existsSync(output), `${recipe.heading} shard ${i} wrote ${output}`).toBe(true);
    const report = JSON.parse(readFileSync(output, 'utf8')) as OrgReport;
    recipe.deliver(root, i);
    recipe.check?.(root, i);
    shards.push({ ...run, index: i + 1, report });
  }
  const wholeDir = join(root, 'unsharded');
  mkdirSync(wholeDir);
  const first = unsharded(shellWords(recipe.line(0), recipe.env(0)));
  const output = flagValue(first, '--output');
  const whole = await cliScan(first.map((a) => (a === output ? 'whole.json' : a)), {}, wholeDir, org.makeTransport);
  return { shards, mergeDir: recipe.mergeDir(root), whole: { exitCode: whole.exitCode, report: JSON.parse(readFileSync(join(wholeDir, 'whole.json'), 'utf8')) as OrgReport } };
}

/**
 * An account report with its run's own times taken out: the collection and evaluation instants, and the times
 * derived from them (e.g. "at or after" the evaluation time minus a day: the same time of day to the millisecond),
 * written as their distance from the evaluation time. Times read from the account are kept as they are.
 */
function withoutRunTimes(report: NonNullable<OrgReport['accounts'][number]['report']>) {
  const evaluated = Date.parse(report.evaluatedAt);
  const timeOfDay = report.evaluatedAt.slice(10);
  const text = JSON.stringify({ ...report, collectedAt: '', evaluatedAt: '' }).replaceAll(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, (t) => (t.slice(10) === timeOfDay ? `<evaluation time ${Date.parse(t) - evaluated} ms>` : t));
  return JSON.parse(text) as unknown;
}

/** What a merge must reproduce: every account, its findings and the summary. */
const comparable = (r: OrgReport) => ({
  benchmarks: r.benchmarks, failOn: r.failOn, exitCode: r.exitCode, selection: r.selection, summary: r.summary,
  accounts: r.accounts.map((a) => ({ ...a, report: a.report && withoutRunTimes(a.report) })),
});

beforeAll(() => {
  // The SDK's credential chain reads process.env as well as io.env.
  for (const [k, v] of Object.entries(AWS_ENV)) process.env[k] ??= v;
});

describe('docs/organisations.md recipes', () => {
  it('has a GitHub Actions matrix, an AWS Batch array job and a Kubernetes Indexed Job, each scanning shards and merging them', () => {
    for (const heading of ['### GitHub Actions', '### AWS Batch', '### Kubernetes']) expect(RECIPES).toContain(heading);
    expect(commands('report merge')).toHaveLength(3);
    const scans = commands('scan');
    expect(scans).toHaveLength(3);
    for (const s of scans) expect(s).toMatch(/--shard (auto --shard-count \S+|.+?\/\d+) .*--format json --output \S+/);
    expect(RECIPES).toContain('completionMode: Indexed');
    expect(RECIPES).toContain('--array-properties size=8');
    expect(RECIPES).toContain('matrix:');
  });

  it.each(commands('report merge').map((c) => [c]))('runs `cis-audit %s` on the shards and writes every report it names', async (command) => {
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-org-recipe-'));
    const glob = command.split(/\s+/)[2]!;
    expect(glob).toMatch(/\*\.json$/);
    mkdirSync(join(dir, dirname(glob)), { recursive: true });
    shards.forEach((s, i) => writeFileSync(join(dir, glob.replace('*', String(i))), JSON.stringify(s)));
    const r = sh(command, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(whole.exitCode);
    const outputs = [...command.matchAll(/(?:--output |--report \w+=)(\S+)/g)].map((m) => m[1]!);
    expect(outputs.length).toBeGreaterThanOrEqual(3);
    for (const file of outputs) {
      const text = readFileSync(join(dir, file), 'utf8');
      if (file.endsWith('.json')) {
        const merged = JSON.parse(text) as OrgReport;
        expect(validateOrgReportJson(merged).errors).toBe('');
        expect(merged.accounts).toEqual(JSON.parse(JSON.stringify(whole.accounts)));
      }
      if (file.endsWith('.xml')) expect((await validateJunit(text)).valid).toBe(true);
      if (file.endsWith('.sarif')) expect(JSON.parse(text).runs).toHaveLength(1);
      if (file.endsWith('.html')) expect(text).toMatch(/^<!doctype html>/i);
    }
    // With a shard missing, the recipe's merge refuses (exit 2) instead of merging part of the organisation.
    const missing = mkdtempSync(join(tmpdir(), 'cis-audit-org-recipe-'));
    mkdirSync(join(missing, dirname(glob)), { recursive: true });
    shards.slice(1).forEach((s, i) => writeFileSync(join(missing, glob.replace('*', String(i + 1))), JSON.stringify(s)));
    const refused = sh(command, missing);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^Error: missing shard 1\/4 /);
  });

  it.each(RECIPE_RUNS.map((r) => [r.heading, r]))('%s: every shard runs its `cis-audit scan` line as written against the fake organisation, and the recipe\'s merge equals one unsharded scan', async (_heading, recipe) => {
    const run = await runRecipe(recipe);
    expect(run.shards).toHaveLength(recipe.shards);
    for (const s of run.shards) {
      expect(s.exitCode, s.argv.join(' ')).not.toBe(2); // the recipe stops on 2: bad flags would end it here
      expect(s.stderr).not.toMatch(/^Error/m);
      expect(s.stdout).toBe(''); // the report goes to --output only
      expect(validateOrgReportJson(s.report).errors).toBe('');
      expect(s.report.shard).toEqual({ index: s.index, count: recipe.shards, accounts: s.report.accounts.map((a) => a.account) });
    }
    // Disjoint slices that together are the organisation (the suspended account is in one of them, as an ERROR).
    const sliced = run.shards.flatMap((s) => s.report.shard!.accounts);
    expect(new Set(sliced).size).toBe(sliced.length);
    expect([...sliced].sort()).toEqual(ORG_ACCOUNTS);
    expect(run.shards.filter((s) => s.report.accounts.length > 0).length).toBeGreaterThan(1);

    const merged = sh(recipe.merge, run.mergeDir);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(run.whole.exitCode);
    const report = JSON.parse(readFileSync(join(run.mergeDir, recipe.mergedJson), 'utf8')) as OrgReport;
    expect(validateOrgReportJson(report).errors).toBe('');
    expect(report.shard).toBeUndefined();
    expect(comparable(report)).toEqual(comparable(run.whole.report));
    expect(report.accounts.map((a) => [a.account, a.status, a.error?.code])).toEqual(EXPECTED_ACCOUNTS);
  }, 180_000);
});
