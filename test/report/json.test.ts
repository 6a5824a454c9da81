import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, STATUSES } from '../../src/model/status.js';
import { renderJson } from '../../src/report/json.js';
import type { ScanReport } from '../../src/report/model.js';
import { strictVariant } from '../helpers/validators.js';
import { fixtureReport, NASTY } from './fixture.js';

const schemaPath = new URL('../../schema/scan-report.v1.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown> & {
  definitions: Record<string, { enum?: unknown[] }>;
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => ISO.test(s) && !Number.isNaN(Date.parse(s)) });
// Our output is checked against the strict variant (no field the schema does not describe); the shipped schema
// itself lets newer 1.x reports add fields.
const validate = ajv.compile({ ...strictVariant(schema), $id: `${String(schema.$id)}:strict` });
const validateShipped = ajv.compile(schema);

const show = (errors: ErrorObject[] | null | undefined) => ajv.errorsText(errors, { separator: '\n' });

function check(doc: unknown): { valid: boolean; errors: string } {
  const valid = validate(doc) as boolean;
  return { valid, errors: show(validate.errors) };
}

const rendered = () => JSON.parse(renderJson(fixtureReport(), { color: false })) as ScanReport;

describe('renderJson', () => {
  it('is the report itself, pretty-printed with a final newline', () => {
    const report = fixtureReport();
    const text = renderJson(report, { color: false });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,\n');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('keeps hostile strings intact', () => {
    const parsed = rendered();
    const messages = parsed.controls.flatMap((c) => c.findings.map((f) => f.message));
    expect(messages).toContain(`console password without MFA: ${NASTY}`);
  });

  it('validates against schema/scan-report.v1.schema.json', () => {
    const result = check(rendered());
    expect(result.errors).toBe('No errors');
    expect(result.valid).toBe(true);
  });

  it('validates a snapshot-sourced report with warnings and an empty control list', () => {
    const report = fixtureReport({ source: { kind: 'snapshot', file: 'examples/demo-account.json' }, controls: [], warnings: ['region me-south-1 skipped'] });
    const result = check(JSON.parse(renderJson(report, { color: false })));
    expect(result.errors).toBe('No errors');
  });
});

describe('scan-report.v1 schema', () => {
  it('declares an $id, a title and a description', () => {
    expect(schema.$id).toEqual(expect.any(String));
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toEqual(expect.any(String));
  });

  it('lists exactly the statuses and severities the code uses', () => {
    expect(schema.definitions.status?.enum).toEqual([...STATUSES]);
    expect(schema.definitions.severity?.enum).toEqual([...SEVERITIES]);
  });

  type Mutation = [string, (r: Record<string, any>) => void, string];
  const mutations: Mutation[] = [
    ['an unknown control status', (r) => (r.controls[0].status = 'WARN'), '/controls/0/status'],
    ['an unknown finding status', (r) => (r.controls[1].findings[0].status = 'pass'), '/controls/1/findings/0/status'],
    ['a missing required top-level field', (r) => delete r.account, "must have required property 'account'"],
    ['a missing finding evidence list', (r) => delete r.controls[0].findings[0].evidence, "must have required property 'evidence'"],
    ['schemaVersion 2', (r) => (r.schemaVersion = 2), '/schemaVersion'],
    ['schemaVersion as a string', (r) => (r.schemaVersion = '1'), '/schemaVersion'],
    ['an unknown top-level property', (r) => (r.extra = true), 'must NOT have additional properties'],
    ['an unknown finding property', (r) => (r.controls[0].findings[0].severity = 'LOW'), 'must NOT have additional properties'],
    ['a summary without SUPPRESSED', (r) => delete r.summary.controls.SUPPRESSED, "must have required property 'SUPPRESSED'"],
    ['a negative summary count', (r) => (r.summary.findings.FAIL = -1), '/summary/findings/FAIL'],
    ['an unknown severity', (r) => (r.failOn = 'MED'), '/failOn'],
    ['a date that is not ISO 8601', (r) => (r.collectedAt = 'May 1, 2024'), '/collectedAt'],
    ['a snapshot source without its file', (r) => (r.source = { kind: 'snapshot' }), '/source'],
    ['a live source with a file', (r) => (r.source = { kind: 'live', file: 'x.json' }), '/source'],
    ['a finding error without its code', (r) => delete r.controls.find((c: any) => c.id === '2.1').findings[1].error.code, "must have required property 'code'"],
    ['an unknown aggregation', (r) => (r.controls[0].aggregation = 'some'), '/controls/0/aggregation'],
  ];

  it.each(mutations)('rejects %s', (_, mutate, expected) => {
    const doc = rendered() as unknown as Record<string, any>;
    expect(check(doc).valid).toBe(true);
    mutate(doc);
    const result = check(doc);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain(expected);
  });

  it('the shipped schema forbids no additional property anywhere (fields may be added within v1)', () => {
    expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
  });

  it('the shipped schema accepts a report with fields added at every level; the strict variant rejects each', () => {
    const additions: Array<(r: Record<string, any>) => void> = [
      (r) => (r.accounts = []),
      (r) => (r.tool.commit = 'abc'),
      (r) => (r.benchmark.edition = 'x'),
      (r) => (r.source.host = 'x'),
      (r) => (r.summary.byAccount = {}),
      (r) => (r.controls[0].owner = 'team-a'),
      (r) => (r.controls[0].findings[0].account = '123456789012'),
      (r) => (r.controls[0].findings[0].evidence[0].unit = 'days'),
      (r) => (r.controls.find((c: any) => c.id === '2.1').findings[1].error.requestId = 'r-1'),
    ];
    for (const add of additions) {
      const doc = rendered() as unknown as Record<string, any>;
      add(doc);
      expect(validateShipped(doc), show(validateShipped.errors)).toBe(true);
      const strict = check(doc);
      expect(strict.valid).toBe(false);
      expect(strict.errors).toContain('must NOT have additional properties');
    }
  });

  it('the shipped schema still checks the types of known fields', () => {
    const doc = rendered() as unknown as Record<string, any>;
    doc.controls[0].findings[0].region = 7;
    expect(validateShipped(doc)).toBe(false);
  });

  it('accepts a finding without the optional error, and evidence with a value of any JSON type', () => {
    const doc = rendered() as unknown as Record<string, any>;
    doc.controls[0].findings[0].evidence = [
      { source: 's', field: 'a', value: { nested: [1, 'two', null] } },
      { source: 's', field: 'b', value: null },
      { source: 's', field: 'c' },
    ];
    expect(check(doc).errors).toBe('No errors');
  });
});
