import { describe, expect, it } from 'vitest';
import { renderReport, type ScanReport } from '../../src/report/index.js';
import { applyWaivers } from '../../src/waivers/apply.js';
import type { Waiver } from '../../src/waivers/types.js';
import { validateJunit, validateReportJson } from '../helpers/validators.js';
import { ACCOUNT, fixtureReport, SSH_OPEN } from '../report/fixture.js';

// Every format's rendering of a waived finding, on the shared report fixture with 4.1's two open SSH groups waived.
const waiver = (w: Partial<Waiver>): Waiver => ({ id: 'ssh-bastion', controls: ['4.1'], resources: [SSH_OPEN[0]!], reason: 'bastion host, IP-restricted by NACL', expires: '2024-06-30', owner: 'netops', ticket: 'NET-7', line: 1, ...w });

function waivedReport(): ScanReport {
  const base = fixtureReport();
  const file = { path: '.cis-audit.yml', waivers: [waiver({ resources: SSH_OPEN }), waiver({ id: 'old', controls: ['1.9'], resources: ['**'], expires: '2024-01-31' }), waiver({ id: 'gone', controls: ['2.*'], resources: ['arn:aws:s3:::gone'] })] };
  const { controls, usage } = applyWaivers(base.controls.map((c) => ({ ...c, control: { benchmark: c.benchmark, id: c.id, aggregation: c.aggregation } })), file, { account: ACCOUNT, evaluatedAt: new Date(base.evaluatedAt) });
  const waived = controls.map(({ control: _c, ...rest }) => rest);
  const summary = { controls: { ...base.summary.controls }, findings: { ...base.summary.findings } };
  summary.controls.FAIL -= 1;
  summary.controls.SUPPRESSED += 1;
  summary.findings.FAIL -= 2;
  summary.findings.SUPPRESSED += 2;
  return { ...base, controls: waived, summary, benchmarks: [{ ...base.benchmarks[0]!, controls: waived, summary }], waivers: usage };
}

describe('SUPPRESSED in every report', () => {
  const report = waivedReport();
  const c41 = report.controls.find((c) => c.id === '4.1')!;

  it('the model: 4.1 SUPPRESSED with the waiver reason and expiry; the expired and stale waivers listed', async () => {
    expect(c41.status).toBe('SUPPRESSED');
    expect(c41.reason).toBe('2 resources waived until 2024-06-30: bastion host, IP-restricted by NACL');
    expect(report.waivers!.expired.map((e) => e.id)).toEqual(['old']);
    expect(report.waivers!.stale.map((e) => e.id)).toEqual(['gone']);
  });

  it('JSON: validates against the strict schema with waivers and suppressed', async () => {
    const doc = JSON.parse(await renderReport('json', report, { color: false }));
    expect(validateReportJson(doc)).toEqual({ valid: true, errors: '' });
    expect(doc.waivers.active).toEqual([{ id: 'ssh-bastion', matched: 2, expires: '2024-06-30', reason: 'bastion host, IP-restricted by NACL', owner: 'netops', ticket: 'NET-7' }]);
    const f = doc.controls.find((c: { id: string }) => c.id === '4.1').findings[0];
    expect(f).toMatchObject({ status: 'SUPPRESSED', suppressed: { originalStatus: 'FAIL', waiver: 'ssh-bastion', expires: '2024-06-30', owner: 'netops', ticket: 'NET-7' } });
  });

  it('table: a SUPPRESSED row with the reason and a Waivers block naming expired and stale ones', async () => {
    const text = await renderReport('table', report, { color: false, width: 200 });
    expect(text).toMatch(/4\.1 +HIGH +SUPPRESSED +2 resources waived until 2024-06-30: bastion host/);
    expect(text).toContain('Waivers (.cis-audit.yml)');
    expect(text).toContain('ssh-bastion: 2 findings SUPPRESSED until 2024-06-30: bastion host, IP-restricted by NACL (netops, NET-7)');
    expect(text).toContain('old: expired 2024-01-31, suppresses nothing (would cover 1 finding)');
    expect(text).toContain('gone: stale, matches no FAIL finding');
    expect(text).not.toMatch(/^FAIL 4\.1/m);
  });

  it('JUnit: <skipped message="SUPPRESSED until …: reason">, valid against the XSD', async () => {
    const xml = await renderReport('junit', report, { color: false });
    expect(xml).toContain('<skipped message="SUPPRESSED until 2024-06-30: bastion host, IP-restricted by NACL" type="SUPPRESSED">');
    expect(await validateJunit(xml)).toEqual({ valid: true, errors: '' });
  });

  it('SARIF: suppressions with the waiver as justification; ASFF: Workflow SUPPRESSED', async () => {
    const sarif = JSON.parse(await renderReport('sarif', report, { color: false }));
    const waived = sarif.runs[0].results.filter((r: { suppressions?: unknown; properties: { resource: string } }) => r.suppressions && SSH_OPEN.includes(r.properties.resource));
    expect(waived).toHaveLength(2);
    expect(waived[0].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'waiver ssh-bastion until 2024-06-30: bastion host, IP-restricted by NACL (netops, NET-7)' }]);
    const asff = JSON.parse(await renderReport('asff', report, { color: false })).Findings as Array<{ Resources: Array<{ Id: string }>; Workflow: { Status: string } }>;
    const forSsh = asff.filter((a) => SSH_OPEN.includes(a.Resources[0]!.Id));
    expect(forSsh.map((a) => a.Workflow.Status)).toEqual(['SUPPRESSED', 'SUPPRESSED']);
  });

  it('Markdown and CSV show the status', async () => {
    const md = await renderReport('markdown', report, { color: false });
    expect(md).toContain('- **SUPPRESSED 4.1** (HIGH) 2 resources waived until 2024-06-30: bastion host, IP-restricted by NACL');
    expect(md).toContain('- expired old (2024-01-31)');
    expect(md).toContain('- stale gone: matches no FAIL finding');
    const csv = await renderReport('csv', report, { color: false });
    for (const arn of SSH_OPEN) expect(csv).toMatch(new RegExp(`SUPPRESSED[^\\n]*${arn.replace(/[/]/g, '\\/')}|${arn.replace(/[/]/g, '\\/')}[^\\n]*SUPPRESSED`));
  });
});
