import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { appendStepSummary } from '../../src/cli/step-summary.js';
import { CSV_COLUMNS, formulaSafe, renderCsv } from '../../src/report/csv.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { fingerprint, renderSarif } from '../../src/report/sarif.js';
import { ACCOUNT, fixtureReport, MFA_USERS, NASTY_USER, ROOT, SSH_OPEN } from './fixture.js';

// The official SARIF 2.1.0 schema (draft-04), vendored from the OASIS release.
const SARIF_SCHEMA = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
// ajv-draft-04 is CommonJS: its class is the module's default export's default under Node ESM.
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as unknown as typeof AjvDraft04Module.default;
const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false });
const validateSarif = ajv.compile(SARIF_SCHEMA);

describe('SARIF', () => {
  const report = fixtureReport();
  const sarif = JSON.parse(renderSarif(report, { color: false }));
  const run = sarif.runs[0];

  it('validates against the SARIF 2.1.0 schema', () => {
    const valid = validateSarif(sarif);
    expect(ajv.errorsText(validateSarif.errors)).toBe('No errors');
    expect(valid).toBe(true);
    // The validator does reject what GitHub would: a result without a message, an unknown level.
    const broken = structuredClone(sarif);
    delete broken.runs[0].results[0].message;
    broken.runs[0].results[1].level = 'critical';
    expect(validateSarif(broken)).toBe(false);
  });

  it('has one rule per control, ranked by security-severity, with the remediation in the help', () => {
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(report.controls.map((c) => `cis-1.2.0/${c.id}`));
    const r14 = run.tool.driver.rules.find((r: any) => r.id === 'cis-1.2.0/4.1');
    expect(r14.properties['security-severity']).toBe('8.0');
    expect(r14.help.text).toContain('cis-audit fix --benchmark cis-1.2.0 --control 4.1');
    expect(r14.properties.tags).toEqual(expect.arrayContaining(['security', 'cis', 'Networking', 'level-1']));
  });

  it('has one result per FAIL finding and ERROR findings as warnings; PASS and NOT_APPLICABLE omitted', () => {
    const fails = report.controls.flatMap((c) => c.findings.filter((f) => f.status === 'FAIL'));
    const errors = report.controls.flatMap((c) => c.findings.filter((f) => f.status === 'ERROR'));
    const results = run.results as any[];
    expect(results.filter((r) => r.properties.status === 'FAIL')).toHaveLength(fails.length);
    expect(results.filter((r) => r.properties.status === 'ERROR').every((r) => r.level === 'warning')).toBe(true);
    expect(results.filter((r) => r.properties.status === 'ERROR')).toHaveLength(errors.length);
    expect(results.some((r) => ['PASS', 'NOT_APPLICABLE'].includes(r.properties.status))).toBe(false);
    const ssh = results.filter((r) => r.ruleId === 'cis-1.2.0/4.1');
    expect(ssh.map((r) => r.locations[0].logicalLocations[0].fullyQualifiedName)).toEqual(SSH_OPEN);
    expect(run.tool.driver.rules[ssh[0].ruleIndex].id).toBe('cis-1.2.0/4.1');
  });

  it('fingerprints each control+resource stably, and differently for different resources', () => {
    const again = JSON.parse(renderSarif(fixtureReport(), { color: false })).runs[0].results;
    expect(again.map((r: any) => r.partialFingerprints)).toEqual(run.results.map((r: any) => r.partialFingerprints));
    const prints = new Set(run.results.map((r: any) => r.partialFingerprints['cisAuditFinding/v1']));
    expect(prints.size).toBe(run.results.length);
    expect(fingerprint({ benchmark: 'cis-1.2.0', id: '4.1' }, { resource: SSH_OPEN[0]!, region: 'us-east-1' })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('puts every result at a pseudo-path under aws/<account>/<region>/ (no file exists for a cloud resource)', () => {
    for (const r of run.results) expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(new RegExp(`^aws/${ACCOUNT}/[a-z0-9-]+/`));
  });
});

describe('CSV', () => {
  const report = fixtureReport();
  const text = renderCsv(report, { color: false });
  const rows = parse(text, { columns: true }) as Array<Record<string, string>>;

  it('round-trips through a CSV parser: one row per finding with every column', () => {
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.controls.reduce((n, c) => n + c.findings.length, 0));
    const mfa = rows.filter((r) => r.control === '1.2' && r.status === 'FAIL').map((r) => r.resource);
    expect(mfa).toEqual(MFA_USERS);
    expect(rows.find((r) => r.resource === NASTY_USER)!.account).toBe(ACCOUNT);
    for (const r of rows) expect(() => JSON.parse(r.evidence!)).not.toThrow();
  });

  it('ends records with CRLF (RFC 4180) and guards cells a spreadsheet would run as formulas', () => {
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    for (const bad of ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)']) expect(formulaSafe(bad)).toBe(`'${bad}`);
    expect(formulaSafe('arn:aws:iam::1:root')).toBe('arn:aws:iam::1:root');
    expect(rows.find((r) => r.resource === ROOT)).toBeDefined();
  });
});

describe('Markdown and the GitHub step summary', () => {
  const report = fixtureReport();
  const md = renderMarkdown(report, { color: false });

  it('has a summary table per benchmark and the failing controls with their resources, HTML escaped', () => {
    expect(md).toContain('### CIS AWS Foundations Benchmark 1.2.0');
    expect(md).toMatch(/\| PASS \| FAIL \| ERROR \|/);
    expect(md).toContain('**FAIL 4.1** (HIGH)');
    for (const sg of SSH_OPEN) expect(md).toContain(`\`${sg}\``);
    expect(md).not.toContain('<ops>');
    expect(md).toContain('… and 2 more');
  });

  it('is appended to $GITHUB_STEP_SUMMARY when set, and only warns when it cannot be', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-summary-'));
    const path = join(dir, 'summary.md');
    writeFileSync(path, 'earlier step\n');
    const warnings: string[] = [];
    await appendStepSummary(report, { GITHUB_STEP_SUMMARY: path }, (s) => warnings.push(s));
    expect(readFileSync(path, 'utf8')).toBe(`earlier step\n${md}\n`);
    await appendStepSummary(report, { GITHUB_STEP_SUMMARY: join(dir, 'missing', 'x.md') }, (s) => warnings.push(s));
    expect(warnings).toEqual([expect.stringMatching(/^warning: could not append the step summary to .*ENOENT/)]);
    await appendStepSummary(report, {}, (s) => warnings.push(s));
    expect(warnings).toHaveLength(1);
  });
});
