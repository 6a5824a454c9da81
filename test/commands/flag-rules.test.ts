import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../../src/cli/flag-rules.js';
import { UsageError } from '../../src/model/errors.js';

// Loose flags are refused with exit 2 and one line, before anything is read (the installed binary, demo snapshot).
const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'examples/demo-account.json');

function cli(args: string[]) {
  // No credentials and an unroutable endpoint: a fall-through to a live scan could never succeed quietly.
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 15_000,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scan refuses loose flags with exit 2 and a one-line reason', () => {
  it.each([
    [['--json', '--format', 'table'], /^Error: --json prints the JSON report, but --format is table\n/],
    [['--json', '--format', 'junit'], /--format is junit/],
    [['--dry-run'], /^Error: --dry-run only applies to --fix/],
    [['--yes'], /^Error: --yes only applies to --fix/],
    [['-y'], /^Error: --yes only applies to --fix/],
    [['--profile', 'prod'], /^Error: --profile cannot be combined with --snapshot/],
    [['--endpoint-url', 'http://127.0.0.1:4566'], /^Error: --endpoint-url cannot be combined with --snapshot/],
    [['-c', ''], /^Error: --control needs a value, got an empty string\n/],
    [['-c', '1.9,'], /^Error: --control has an empty item in "1\.9,"\n/],
    [['-r', ''], /^Error: --region needs a value/],
    [['--exclude-control', ' '], /^Error: --exclude-control needs a value/],
    [['--now', ''], /^Error: --now needs a value/],
    [['--now', '2026-02-30'], /^Error: --now: 2026-02-30 is not a real date and time\n/],
    [['--now', '2027-01-01T25:00:00Z'], /is not a real date and time/],
    [['--now', '2027-01-01T10:00:00'], /^Error: --now must be an ISO 8601 date or a date-time with Z or an offset/],
    [['--now', 'tomorrow'], /^Error: --now must be an ISO 8601/],
    [['--now', '2027/01/01'], /^Error: --now must be an ISO 8601/],
    [['--now', '2026-10-31T23:59:59Z'], /^Error: --now 2026-10-31T23:59:59\.000Z is before the snapshot's collection time 2026-11-01T09:30:00\.000Z/],
  ])('scan --snapshot DEMO %j', (args, stderr) => {
    const r = cli(['scan', '--snapshot', DEMO, '-c', '1.1', ...args]);
    expect(r.stderr).toMatch(stderr);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2); // Error + Hint
    expect(r.stdout).toBe('');
  });

  it('an empty --snapshot never falls through to a live scan', () => {
    const r = cli(['scan', '--snapshot', '', '-c', '1.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: --snapshot needs a value, got an empty string\nHint: give the path of a snapshot/);
  });

  it('agreeing flags are accepted: --json --format json, --now after the collection time', () => {
    expect(cli(['scan', '--snapshot', DEMO, '-c', '1.12', '--json', '--format', 'json']).code).toBe(0);
    const later = cli(['scan', '--snapshot', DEMO, '-c', '1.1', '--json', '--now', '2027-06-01']);
    expect(later.code).toBe(0);
    expect(JSON.parse(later.stdout).evaluatedAt).toBe('2027-06-01T00:00:00.000Z');
  });

  it('collect refuses empty values too', () => {
    const r = cli(['collect', '--output', join(ROOT, 'never-written.json'), '-r', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: --region needs a value/);
  });
});

describe('parseIsoInstant', () => {
  it.each([
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2026-01-31T08:00Z', '2026-01-31T08:00:00.000Z'],
    ['2026-01-31T08:00:00Z', '2026-01-31T08:00:00.000Z'],
    ['2026-01-31T08:00:00.5Z', '2026-01-31T08:00:00.500Z'],
    ['2026-01-31T09:00:00+01:00', '2026-01-31T08:00:00.000Z'],
    ['2026-01-31T00:30:00-05:30', '2026-01-31T06:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseIsoInstant(text).toISOString()).toBe(iso);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-01-31T24:00:00Z', '2026-01-31T08:60Z', '2026-01-31T08:00:61Z',
    '2026-01-31T08:00:00+25:00', '2026-01-31T08:00:00', '2026-01-31 08:00:00Z', '20260131', '2026-1-31', '1738310400'])('%s is refused', (text) => {
    expect(() => parseIsoInstant(text)).toThrow(UsageError);
  });
});
