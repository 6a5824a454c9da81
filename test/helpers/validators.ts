import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { validateXML } from 'xmllint-wasm';

// The contracts CI users rely on: our JSON schema and the Jenkins xUnit JUnit XSD (vendored, MIT).
const XSD = readFileSync(new URL('../fixtures/junit-10.xsd', import.meta.url), 'utf8');
const SCHEMA = JSON.parse(readFileSync(new URL('../../schema/scan-report.v1.schema.json', import.meta.url), 'utf8'));

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => ISO.test(s) && !Number.isNaN(Date.parse(s)) });

/**
 * The shipped schema lets newer 1.x reports add fields. Our own output must have no field the schema does not
 * describe, so tests validate against a strict variant: every object that lists its properties allows only those.
 */
export function strictVariant<T>(schema: T): T {
  const tighten = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(tighten);
    if (!node || typeof node !== 'object') return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, tighten(v)]));
    if (out.properties && typeof out.properties === 'object' && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  };
  return tighten(schema) as T;
}

export const STRICT_SCHEMA = strictVariant(SCHEMA);
const validateSchema = ajv.compile(STRICT_SCHEMA);

const ORG_SCHEMA = JSON.parse(readFileSync(new URL('../../schema/org-report.v1.schema.json', import.meta.url), 'utf8'));
// The org schema refers to the scan report schema by its $id (compiled above), so both are checked strictly.
const validateOrgSchema = ajv.compile(strictVariant(ORG_SCHEMA));

/** An organisation report against the strict variants of both schemas. */
export function validateOrgReportJson(doc: unknown): { valid: boolean; errors: string } {
  const valid = validateOrgSchema(doc) as boolean;
  return { valid, errors: valid ? '' : ajv.errorsText(validateOrgSchema.errors as ErrorObject[] | null, { separator: '\n' }) };
}

/** Validates against the strict variant of the schema (see strictVariant). */
export function validateReportJson(doc: unknown): { valid: boolean; errors: string } {
  const valid = validateSchema(doc) as boolean;
  return { valid, errors: valid ? '' : ajv.errorsText(validateSchema.errors as ErrorObject[] | null, { separator: '\n' }) };
}

export async function validateJunit(xml: string): Promise<{ valid: boolean; errors: string }> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'junit-10.xsd', contents: XSD }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage).join('\n') };
}
