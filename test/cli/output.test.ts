import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOutputs, withInterruptCleanup, writeFilesAtomically } from '../../src/cli/output.js';
import { UsageError } from '../../src/model/errors.js';

// Outputs are normalised and proven writable before any AWS call, and written all or nothing.
const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'examples/demo-account.json');
const tempDir = () => mkdtempSync(join(tmpdir(), 'cis-audit-out-'));

/** A folder this process cannot create files in: chmod for ordinary users; root ignores modes, but not sysfs. */
function unwritableFolder(): string {
  if (process.getuid?.() === 0) return '/sys';
  const dir = tempDir();
  chmodSync(dir, 0o555);
  return dir;
}

const usage = (fn: () => unknown): UsageError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
};

describe('planOutputs', () => {
  it('normalises to the real folder + name and follows symlinks, so every spelling of one file is a duplicate', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'real.txt'), 'old');
    symlinkSync(join(dir, 'real.txt'), join(dir, 'link.txt'));
    symlinkSync(dir, join(dir, 'dirlink'));
    const [t] = planOutputs([{ flag: '--output', value: join(dir, 'sub', '..', 'a.txt') }]);
    expect(t).toMatchObject({ stdout: false, path: join(dir, 'a.txt') });
    for (const [a, b] of [
      [join(dir, 't.txt'), join(dir, '.', 't.txt')],
      [join(dir, 't.txt'), join(dir, 'sub', '..', 't.txt')],
      [join(dir, 't.txt'), join(dir, 'dirlink', 't.txt')],
      [join(dir, 'real.txt'), join(dir, 'link.txt')],
    ]) {
      const err = usage(() => planOutputs([{ flag: '--output', value: a! }, { flag: '--report json', value: b! }]));
      expect(err.message).toMatch(/^--output .* and --report json .* both write to the same file /);
    }
  });

  it('- is stdout, and only one output may go there', () => {
    expect(planOutputs([{ flag: '--output', value: '-' }])).toEqual([{ flag: '--output', given: '-', stdout: true }]);
    expect(usage(() => planOutputs([{ flag: '--output', value: '-' }, { flag: '--report junit', value: '-' }])).message).toMatch(/both write to stdout/);
  });

  it('a format name as --output is a usage error with the --format hint', () => {
    for (const f of ['json', 'junit', 'table']) {
      const err = usage(() => planOutputs([{ flag: '--output', value: f }]));
      expect(err.hint).toMatch(new RegExp(`^did you mean --format ${f}\\?`));
    }
  });

  it('refuses a missing folder, a folder as the file, a file as the folder, an unwritable folder, an empty path', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    expect(usage(() => planOutputs([{ flag: '--output', value: join(dir, 'nope', 'a.txt') }])).message).toMatch(/folder .*nope does not exist/);
    expect(usage(() => planOutputs([{ flag: '--output', value: dir }])).message).toMatch(/it is a folder/);
    expect(usage(() => planOutputs([{ flag: '--output', value: `${dir}/` }])).message).toMatch(/names a folder/);
    expect(usage(() => planOutputs([{ flag: '--output', value: join(dir, 'file', 'a.txt') }])).message).toMatch(/is not a folder/);
    expect(usage(() => planOutputs([{ flag: '--output', value: join(unwritableFolder(), 'a.txt') }])).message).toMatch(/is not writable \(E[A-Z]+\)/);
    expect(usage(() => planOutputs([{ flag: '--output', value: '' }])).message).toMatch(/needs a path/);
    expect(readdirSync(dir)).toEqual(['file']); // the probe file is gone
  });
});

describe('writeFilesAtomically', () => {
  it('writes all files with the mode asked for', () => {
    const dir = tempDir();
    writeFilesAtomically([{ path: join(dir, 'a'), content: 'A' }, { path: join(dir, 'b'), content: 'B', mode: 0o600 }]);
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('B');
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('a device such as /dev/null is written as it is, never replaced by a rename', () => {
    const [t] = planOutputs([{ flag: '--output', value: '/dev/null' }]);
    writeFilesAtomically([{ path: (t as { path: string }).path, content: 'discarded' }]);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync('/dev').filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('a write that fails (its folder vanished after the check) leaves nothing: no report, no temporary file', () => {
    const [one, two] = [tempDir(), tempDir()];
    const targets = planOutputs([{ flag: '--output', value: join(one, 'a.txt') }, { flag: '--report json', value: join(two, 'b.json') }]);
    rmSync(two, { recursive: true });
    const err = usage(() => writeFilesAtomically(targets.map((t) => ({ path: (t as { path: string }).path, content: 'x' }))));
    expect(err.message).toMatch(/no staged report was left behind/);
    expect(readdirSync(one)).toEqual([]);
  });

  it('SIGTERM/SIGINT while the work runs exit 143/130 after any write in progress; the handlers go away afterwards', async () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const dir = tempDir();
      const path = join(dir, 'big.json');
      await withInterruptCleanup(async () => {
        writeFilesAtomically([{ path, content: 'x' }]);
        signals.emit(signal);
      }, { exit: (c) => void exits.push(c), signals });
      expect(exits.at(-1)).toBe(code);
      expect(readdirSync(dir)).toEqual(['big.json']); // the synchronous write-and-rename completed first
    }
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });
});

// Through the binary: a live scan whose endpoint is a local TCP server that counts connections and never answers.
let server: Server;
let connections = 0;
const sockets = new Set<Socket>();
beforeAll(async () => {
  server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

function run(args: string[], opts: { signal?: NodeJS.Signals; after?: number } = {}) {
  const port = (server.address() as { port: number }).port;
  const home = tempDir();
  const env = {
    PATH: process.env.PATH, HOME: home, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-for-tests',
    AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
  };
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => void (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (opts.signal) {
      // Sent once the scan is waiting on the endpoint, i.e. mid-scan.
      const start = connections;
      const poll = setInterval(() => {
        if (connections > start) {
          clearInterval(poll);
          setTimeout(() => child.kill(opts.signal), opts.after ?? 200);
        }
      }, 20);
      child.on('close', () => clearInterval(poll));
    }
  });
}

describe('scan outputs through the binary', () => {
  it.each([
    ['an unwritable folder', (d: string) => ['-o', join(unwritableFolder(), 'cis.txt'), '--report', `json=${join(d, 'cis.json')}`], /^Error: cannot write .*cis\.txt: folder .* is not writable/],
    ['-o t.txt --report json=./t.txt', (d: string) => ['-o', join(d, 't.txt'), '--report', `json=${d}/./t.txt`], /^Error: --output .*t\.txt and --report json .*t\.txt both write to the same file/],
    ['--output json', () => ['--output', 'json'], /^Error: --output json names a format, not a file\nHint: did you mean --format json\?/],
    ['two reports on stdout', () => ['--report', 'junit=-'], /both write to stdout/],
    ['--report json=', () => ['--report', 'json='], /--report expects FORMAT=PATH/],
  ])('%s: exit 2 before any AWS call, nothing written', async (_name, args, stderr) => {
    const dir = tempDir();
    const before = connections;
    const r = await run(['scan', '-c', '1.12', ...args(dir)]);
    expect(r.stderr).toMatch(stderr);
    expect(r.code).toBe(2);
    expect(connections).toBe(before);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(ROOT, 'json'))).toBe(false);
  });

  it('-o - writes the report to stdout', async () => {
    const r = await run(['scan', '--snapshot', DEMO, '-c', '1.12', '-f', 'json', '-o', '-']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).controls[0].id).toBe('1.12');
  });

  it('a file report plus --report FORMAT=- on stdout', async () => {
    const dir = tempDir();
    const r = await run(['scan', '--snapshot', DEMO, '-c', '1.12', '-o', join(dir, 't.txt'), '--report', 'json=-']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).controls[0].id).toBe('1.12');
    expect(readFileSync(join(dir, 't.txt'), 'utf8')).toMatch(/COMPLIANT/);
    expect(readdirSync(dir)).toEqual(['t.txt']);
  });

  it.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('%s mid-scan exits %d and leaves no file', async (signal, code) => {
    const dir = tempDir();
    const r = await run(['scan', '-c', '1.12', '-o', join(dir, 'cis.xml'), '-f', 'junit', '--report', `json=${join(dir, 'cis.json')}`], { signal });
    expect({ code: r.code, signal: r.signal }).toEqual({ code, signal: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('collect checks --output first too', async () => {
    const before = connections;
    const r = await run(['collect', '-c', '1.12', '--output', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: --output json names a format, not a file\nHint: a snapshot is always JSON/);
    expect(connections).toBe(before);
  });
});
