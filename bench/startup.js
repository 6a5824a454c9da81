#!/usr/bin/env node
// Startup figures: `node -e 0`, `--version` and the demo scan (table and JSON to a pipe), as medians of
// interleaved rounds (each round runs every command once, so a change in the machine's load hits all alike).
// Wall and CPU (user+sys) time come from bash's `time` builtin; the ratios to `node -e 0` are the targets
// (docs/performance.md: --version ≤ 2×, demo scan ≤ 3×). Plain JS so it runs without a build of the bench.
//
//   node bench/startup.js [--rounds 15] [--warmup 2] [--node /path/to/node] [--before DIR] [--json]
//
// --before DIR: also run the CLI commands of another checkout (built), in the same rounds: a before/after
// comparison under the same load.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    node: { type: 'string', default: process.execPath },
    json: { type: 'boolean', default: false },
    before: { type: 'string' },
  },
});
const node = values.node;
const DEMO = 'examples/demo-account.json';
export const TARGETS = { '--version': 2, 'demo scan (table)': 3 };
const CLI = [
  ['--version', ['--version']],
  ['demo scan (table)', ['scan', '--snapshot', DEMO]],
  ['demo scan --format json', ['scan', '--snapshot', DEMO, '--format', 'json']],
];
const cliRows = (bin, label) => CLI.map(([name, args]) => [`${name}${label}`, [bin, ...args]]);
const COMMANDS = [
  ['node -e 0', ['-e', '0']],
  ...(values.before ? cliRows(join(resolve(values.before), 'bin/run.js'), ' (before)') : []),
  ...cliRows('bin/run.js', ''),
];

const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/** One run under bash's `time`: wall and user+sys CPU in ms. Output goes to a pipe (/dev/null), like CI. */
function timeOnce(args) {
  const cmd = `TIMEFORMAT='%3R %3U %3S'; { time ${[node, ...args].map(quote).join(' ')} >/dev/null 2>/dev/null ; } 2>&1`;
  const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const [real, user, sys] = r.stdout.trim().split(/\s+/).slice(-3).map(Number);
  if (![real, user, sys].every(Number.isFinite)) throw new Error(`could not time ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return { wall: real * 1000, cpu: (user + sys) * 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const rounds = Number(values.rounds);
const samples = new Map(COMMANDS.map(([name]) => [name, { wall: [], cpu: [] }]));
for (let i = 0; i < Number(values.warmup) + rounds; i++) {
  for (const [name, args] of COMMANDS) {
    const t = timeOnce(args);
    if (i < Number(values.warmup)) continue;
    samples.get(name).wall.push(t.wall);
    samples.get(name).cpu.push(t.cpu);
  }
}

const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const base = samples.get('node -e 0');
const baseWall = median(base.wall);
const baseCpu = median(base.cpu);
const rows = COMMANDS.map(([name]) => {
  const s = samples.get(name);
  const wall = median(s.wall);
  const cpu = median(s.cpu);
  return { name, wallMs: Math.round(wall), cpuMs: Math.round(cpu), wallRatio: +(wall / baseWall).toFixed(2), cpuRatio: +(cpu / baseCpu).toFixed(2), target: name.endsWith('(before)') ? undefined : TARGETS[name] };
});

if (values.json) {
  process.stdout.write(`${JSON.stringify({ node: version, rounds, rows }, null, 2)}\n`);
} else {
  process.stdout.write(`Node ${version}, ${rounds} rounds (medians), load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  process.stdout.write(`| command | wall | wall × node -e 0 | cpu (user+sys) | cpu × node -e 0 | target |\n|---|---:|---:|---:|---:|---:|\n`);
  for (const r of rows) {
    const verdict = r.target === undefined ? '' : `≤ ${r.target}× ${r.wallRatio <= r.target ? 'met' : 'not met'}`;
    process.stdout.write(`| ${r.name} | ${r.wallMs} ms | ${r.wallRatio}× | ${r.cpuMs} ms | ${r.cpuRatio}× | ${verdict} |\n`);
  }
}
