import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanCommand, type ScanFlags } from '../../src/cli/run-scan.js';
import type { ScanReport } from '../../src/report/model.js';
import { accessDeniedHint, displayResource, renderTable, writtenSummary } from '../../src/report/table.js';
import { renderReport } from '../../src/report/index.js';
import { fixtureReport, ROOT } from './fixture.js';

// The table laid out for a terminal's width, on the demo account (long ARNs, long messages, an AccessDenied ERROR).
const DEMO = new URL('../../examples/demo-account.json', import.meta.url).pathname;
const TOOL = { name: 'cis-audit', version: 'test' };
const flags = (over: Partial<ScanFlags> = {}): ScanFlags => ({
  format: 'table', 'fail-on': 'LOW', debug: false, concurrency: 4, 'root-usage-days': 90, 'strict-patterns': false, snapshot: DEMO, ...over,
});
function capture(over: { stdoutIsTTY?: boolean; stderrIsTTY?: boolean; stdoutColumns?: number } = {}) {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: (s: string) => void (out.stdout += s),
    stderr: (s: string) => void (out.stderr += s),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    ...over,
  };
  return { io, out };
}

let demo: ScanReport;
beforeAll(async () => {
  demo = (await scanCommand(flags(), capture().io, TOOL, false)).report;
});

const columns = (line: string) => Array.from(line).length;
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('the table at 80 columns', () => {
  it('keeps every line within 80 columns, except a single word longer than the line (an ARN)', () => {
    const out = renderTable(demo, { color: false, width: 80 });
    for (const line of out.split('\n')) {
      if (columns(line) > 80) expect(words(line), line).toHaveLength(1);
    }
    expect(out.split('\n').filter((l) => columns(l) > 80).length).toBeLessThanOrEqual(2);
  });

  it('never breaks a word: every word of every deciding message is in the output whole', () => {
    const out = new Set(words(renderTable(demo, { color: false, width: 80 })));
    for (const c of demo.controls.filter((x) => x.status === 'FAIL' || x.status === 'ERROR')) {
      for (const f of c.findings.filter((x) => x.status === c.status)) {
        for (const w of [...words(f.message), ...words(c.title)]) expect(out.has(w), `${c.id}: ${w}`).toBe(true);
      }
    }
  });

  it('indents the continuation of a wrapped detail deeper than the resource line', () => {
    const lines = renderTable(demo, { color: false, width: 80 }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('FAIL 4.3 ')) + 1; // the title takes two lines at 80
    expect(lines[at]).toMatch(/^ {9}traffic$/);
    // The resource is too long to share its line with the region: the region leads the message, indented.
    expect(lines[at + 1]).toMatch(/^  arn:aws:ec2:us-east-1:\d+:security-group\/sg-0a2c4e6f8b1d3b136$/);
    expect(lines[at + 2]).toMatch(/^      us-east-1  default security group sg-0a2c4e6f8b1d3b136/);
    expect(lines[at + 3]).toMatch(/^      \S/);
    // A resource and region that fit share the first line; the message follows, indented.
    const carol = lines.findIndex((l) => l.startsWith('  arn:aws:iam::210987654321:user/carol'));
    expect(lines[carol]).toMatch(/^  arn:aws:iam::210987654321:user\/carol  global$/);
    expect(lines[carol + 1]).toMatch(/^      carol: access key 1 unused for 243 days/);
  });

  it('scan lays the table out for the terminal stdout is, and for 100 columns when it is not one', async () => {
    const plain = (out: string) => out.replace(/\u001b\[[0-9;]*m/g, '');
    const wide = (out: string) => Math.max(...plain(out).split('\n').filter((l) => /^\d+\.\d+ /.test(l)).map(columns));
    const tty = capture({ stdoutIsTTY: true, stdoutColumns: 72 });
    await scanCommand(flags(), tty.io, TOOL, false);
    expect(wide(tty.out.stdout)).toBeLessThanOrEqual(72);
    const pipe = capture({ stdoutColumns: 72 });
    await scanCommand(flags(), pipe.io, TOOL, false);
    expect(wide(pipe.out.stdout)).toBeGreaterThan(80);
    expect(wide(pipe.out.stdout)).toBeLessThanOrEqual(100);
  });
});

describe('account-level findings name the account, not the root user', () => {
  it('a region-level finding and an ERROR show "account <id>"; findings about the root user keep its ARN', () => {
    const out = renderTable(demo, { color: false }).split('\n');
    const config = out[out.findIndex((l) => l.startsWith('FAIL 2.5 ')) + 1]!;
    expect(config).toMatch(/^  account 210987654321  us-west-2  us-west-2 has no AWS Config recorder$/);
    const denied = out.slice(out.findIndex((l) => l.startsWith('ERROR 4.2 ')) + 1).filter((l) => l.startsWith('  account '));
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(denied[0]).toMatch(/^  account 210987654321  ap-southeast-2 /);
    const rootUse = out[out.findIndex((l) => l.startsWith('FAIL 1.1 ')) + 1]!;
    expect(rootUse).toMatch(/^  arn:aws:iam::210987654321:root  global  root was used/);
  });

  it('the JSON report keeps the resource as the checks set it', async () => {
    const json = JSON.parse(await renderReport('json', demo, { color: false })) as ScanReport;
    const config = json.controls.find((c) => c.id === '2.5')!.findings.find((f) => f.region === 'us-west-2')!;
    expect(config.resource).toBe('arn:aws:iam::210987654321:root');
  });

  it('displayResource changes only the root ARN of this account', () => {
    const report = fixtureReport();
    expect(displayResource(report, { resource: ROOT, region: 'eu-west-1', status: 'FAIL' })).toBe('account 123456789012');
    expect(displayResource(report, { resource: ROOT, region: 'global', status: 'ERROR' })).toBe('account 123456789012');
    expect(displayResource(report, { resource: ROOT, region: 'global', status: 'FAIL' })).toBe(ROOT);
    expect(displayResource(report, { resource: 'arn:aws:iam::999999999999:root', region: 'eu-west-1', status: 'FAIL' })).toBe('arn:aws:iam::999999999999:root');
  });
});

describe('when most failed calls were access denials', () => {
  it('the table suggests `cis-audit permissions` (the demo: every failed call was denied)', () => {
    expect(accessDeniedHint(demo)).toMatch(/^\d+ of \d+ failed AWS calls were access denials: `cis-audit permissions` prints/);
    expect(renderTable(demo, { color: false, width: 200 })).toMatch(/^Hint: \d+ of \d+ failed AWS calls were access denials: `cis-audit permissions`/m);
  });

  it('says nothing when denials are not the majority (1 of 3 in the fixture) or nothing failed', () => {
    const report = fixtureReport();
    expect(accessDeniedHint(report)).toBeUndefined();
    expect(renderTable(report, { color: false })).not.toContain('cis-audit permissions');
    expect(accessDeniedHint(fixtureReport({ controls: ['1.1', '1.2'] }))).toBeUndefined();
  });
});

describe('reports written to files', () => {
  it('one line on a terminal stderr: the files and the counts (and the permissions hint)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-'));
    const [xml, json] = [join(dir, 'cis.xml'), join(dir, 'cis.json')];
    const tty = capture({ stderrIsTTY: true });
    await scanCommand(flags({ format: 'junit', output: xml, report: [`json=${json}`] }), tty.io, TOOL, false);
    // (the progress line rewrites itself with \r and clears with ESC[K before the summary)
    const lines = tty.out.stderr.replace(/\r[^\n]*?\u001b\[K/g, '').trimEnd().split('\n');
    expect(lines[0]).toBe(`wrote ${xml}, ${json} · 19 PASS · 23 FAIL · 1 ERROR`);
    expect(lines[1]).toMatch(/^Hint: .*`cis-audit permissions`/);
    expect(tty.out.stdout).toBe('');
    expect(readFileSync(json, 'utf8')).toContain('"schemaVersion"');

    const pipe = capture();
    await scanCommand(flags({ format: 'junit', output: join(dir, 'again.xml') }), pipe.io, TOOL, false);
    expect(pipe.out.stderr).toBe('');
  });

  it('writtenSummary lists only the statuses that occur', () => {
    expect(writtenSummary(['r.json'], fixtureReport())).toMatch(/^wrote r\.json · 3 PASS · 3 FAIL · 2 ERROR · 1 NOT_APPLICABLE · 1 NOT_IMPLEMENTED · 1 SUPPRESSED\n$/);
  });
});
