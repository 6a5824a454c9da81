import { describe, expect, it } from 'vitest';
import { accountProgress } from '../../src/cli/progress.js';
import { buildOrgReport } from '../../src/report/org-build.js';
import { renderOrgReport } from '../../src/report/org-render.js';
import { combinedExitCode } from '../../src/engine/exit-code.js';

describe('account progress on a terminal', () => {
  it('shows accounts done, in flight and failed; silent when stderr is not a terminal', () => {
    let tty = '';
    const p = accountProgress({ stderr: (s) => void (tty += s) }, true, 3);
    p.started();
    p.started();
    p.finished(false);
    p.finished(true);
    p.done();
    expect(tty).toContain('accounts 0/3 done, 2 in flight, 0 failed');
    expect(tty).toContain('accounts 2/3 done, 0 in flight, 1 failed');
    expect(tty.endsWith('\r\x1b[K')).toBe(true);
    let pipe = '';
    const q = accountProgress({ stderr: (s) => void (pipe += s) }, false, 3);
    q.started();
    q.finished(true);
    q.done();
    expect(pipe).toBe('');
  });
});

describe('the organisation report', () => {
  const meta = { tool: { name: 'cis-audit', version: 't' }, benchmarks: [], failOn: 'LOW' as const, generatedAt: '2026-12-01T00:00:00.000Z', selection: { org: true, roleName: 'audit' } };

  it('exit code over accounts: 1 wins over 3, 3 over 0; accounts sorted by id', () => {
    expect(combinedExitCode([0, 3, 1])).toBe(1);
    expect(combinedExitCode([0, 3])).toBe(3);
    expect(combinedExitCode([])).toBe(0);
    const r = buildOrgReport([
      { account: '333333333333', status: 'ERROR', error: { code: 'AccessDenied', message: 'm' }, exitCode: 3 },
      { account: '111111111111', status: 'ERROR', error: { code: 'AccountSuspended', message: 'm' }, exitCode: 3 },
    ], meta);
    expect(r.accounts.map((a) => a.account)).toEqual(['111111111111', '333333333333']);
    expect(r.exitCode).toBe(3);
    expect(r.summary.accounts).toEqual({ total: 2, scanned: 0, error: 2 });
  });

  it('renders JSON as the report itself, and names every unscanned account with its reason in other formats', async () => {
    const r = buildOrgReport([{ account: '333333333333', name: 'locked', status: 'ERROR', error: { code: 'AccessDenied', message: 'sts:AssumeRole on arn:aws:iam::333333333333:role/audit AccessDenied: no' }, exitCode: 3 }], meta);
    expect(JSON.parse(await renderOrgReport('json', r, { color: false }))).toEqual(r);
    const table = await renderOrgReport('table', r, { color: false });
    expect(table).toContain('ERROR 333333333333 locked — AccessDenied: sts:AssumeRole on arn:aws:iam::333333333333:role/audit');
    expect(table).toMatch(/Result: INCOMPLETE \(exit 3\)/);
  });
});
