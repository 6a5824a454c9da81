import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { BENCHMARKS, findBenchmark, UnknownBenchmarkError } from '../benchmark/index.js';
import type { Benchmark } from '../benchmark/control.js';
import { UsageError } from '../model/errors.js';
import { controlMatches, DAY_MS } from './spec.js';
import type { Waiver, WaiverFile } from './types.js';

// Reads a waivers file (YAML or JSON), validates it against a schema and the benchmarks, and reports every
// problem as FILE:LINE: … — a usage error (exit 2) raised before any AWS call.

export { DEFAULT_MAX_WAIVER_DAYS, DEFAULT_WAIVERS_FILE, waiversPath } from './spec.js';

export interface LoadOptions {
  /** The scan's evaluation time: expiries are measured from it. */
  now: Date;
  maxDays: number;
}

const HINT = 'see docs/waivers.md for the format; `cis-audit waivers check FILE` validates a file';

const stringList = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } };
const WAIVER_FILE_SCHEMA = {
  type: 'object',
  required: ['waivers'],
  additionalProperties: false,
  properties: {
    version: { const: '1' },
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['controls', 'resources', 'reason', 'expires'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          controls: stringList,
          resources: stringList,
          accounts: { ...stringList, items: { type: 'string', pattern: '^[0-9]{12}$' } },
          regions: { ...stringList, items: { type: 'string', pattern: '^(global|[a-z]{2}(-[a-z]+)+-[0-9]+)$' } },
          reason: { type: 'string', minLength: 1 },
          expires: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
          owner: { type: 'string', minLength: 1 },
          ticket: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }> | null };
let compiled: Validate | undefined;

/** Ajv is imported on first use only: most scans have no waivers file, and startup stays lean. */
async function validator(): Promise<Validate> {
  if (!compiled) {
    const { Ajv } = await import('ajv');
    compiled = new Ajv({ allErrors: true, strict: true }).compile(WAIVER_FILE_SCHEMA) as Validate;
  }
  return compiled;
}

export async function loadWaivers(path: string, options: LoadOptions): Promise<WaiverFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read waivers file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, HINT);
  }
  return parseWaivers(path, text, options);
}

export async function parseWaivers(path: string, text: string, options: LoadOptions): Promise<WaiverFile> {
  const lines = new LineCounter();
  // JSON is YAML 1.2, so one parser reads both. Every value is text, and `failsafe` keeps each scalar as written:
  // `1.10` stays "1.10" (not the number 1.1) and a date stays "2027-03-31".
  const doc = parseDocument(text, { lineCounter: lines, schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  const syntax = doc.errors[0];
  if (syntax) throw new UsageError(`${path}:${lineOf(syntax.pos[0])}: ${syntax.message.split('\n')[0]}`, HINT);
  const data: unknown = doc.toJS();
  const validate = await validator();
  if (!validate(data)) {
    const e = validate.errors![0]!;
    // An unknown key: point at the key itself, not at the entry holding it.
    const pointer = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String(e.params.additionalProperty)}` : e.instancePath;
    const at = nodeLine(doc, pointer, lineOf);
    throw new UsageError(`${path}:${at}: ${describeSchemaError(e)}`, HINT);
  }
  const entries = (data as { waivers: Array<Omit<Waiver, 'id' | 'line'> & { id?: string }> }).waivers;
  const seen = new Set<string>();
  const waivers = entries.map((entry, i) => {
    const line = nodeLine(doc, `/waivers/${i}`, lineOf);
    const fail = (field: string, message: string) => {
      throw new UsageError(`${path}:${nodeLine(doc, `/waivers/${i}/${field}`, lineOf)}: ${message}`, HINT);
    };
    const id = entry.id ?? `#${i + 1}`;
    if (seen.has(id)) fail('id', `waiver id ${id} is used twice`);
    seen.add(id);
    checkExpiry(entry.expires, options, (m) => fail('expires', m));
    entry.controls.forEach((spec, j) => {
      const problem = unknownControl(spec);
      if (problem) fail(`controls/${j}`, problem);
    });
    return { ...entry, id, line } satisfies Waiver;
  });
  return { path, waivers };
}

/** The line of the node a JSON pointer names, or of its nearest existing parent. */
function nodeLine(doc: Document, pointer: string, lineOf: (offset: number | undefined) => number): number {
  const path = pointer.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) {
      // For a key's value, the key's own line reads better when the value is a nested list or map.
      const range = (node as { range?: [number, number, number] }).range;
      if (range) return lineOf(isMap(node) || isSeq(node) ? keyOffset(doc, path.slice(0, n)) ?? range[0] : range[0]);
    }
  }
  return 1;
}

function keyOffset(doc: Document, path: Array<string | number>): number | undefined {
  const parent = path.length <= 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (!isMap(parent) || typeof last !== 'string') return undefined;
  const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
  return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
}

function describeSchemaError(e: NonNullable<Validate['errors']>[number]): string {
  const where = e.instancePath.replace(/^\/waivers\/(\d+)/, (_, i: string) => `waiver #${Number(i) + 1}`).replace(/^\//, '').replace(/\//g, '.');
  const subject = where === '' ? 'the file' : where;
  switch (e.keyword) {
    case 'required':
      return `${subject}: missing required key "${String(e.params.missingProperty)}"${e.params.missingProperty === 'reason' || e.params.missingProperty === 'expires' ? ' (every waiver needs a reason and an expiry date)' : ''}`;
    case 'additionalProperties':
      return `${subject}: unknown key "${String(e.params.additionalProperty)}" (keys: ${e.instancePath === '' ? 'version, waivers' : 'id, controls, resources, accounts, regions, reason, expires, owner, ticket'})`;
    case 'pattern':
      if (where.endsWith('expires')) return `${subject}: expiry must be a date YYYY-MM-DD`;
      if (where.includes('accounts')) return `${subject}: an account id is 12 digits`;
      if (where.includes('regions')) return `${subject}: not a region name (like eu-west-1, or global)`;
      return `${subject}: ${e.message ?? 'invalid'}`;
    case 'type':
      return `${subject}: must be ${String(e.params.type)}${String(e.params.type) === 'string' ? ' (quote it)' : ''}`;
    default:
      return `${subject}: ${e.message ?? 'invalid'}`;
  }
}

function checkExpiry(expires: string, options: LoadOptions, fail: (message: string) => never): void {
  const start = new Date(`${expires}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== expires) fail(`expiry ${expires} is not a real date`);
  const today = Date.parse(options.now.toISOString().slice(0, 10));
  const days = Math.round((start.getTime() - today) / DAY_MS);
  if (days > options.maxDays) {
    fail(`expiry ${expires} is ${days} days after the evaluation time (${options.now.toISOString().slice(0, 10)}); at most ${options.maxDays} allowed (--max-waiver-days)`);
  }
}

/** Why a control spec names nothing cis-audit knows, or undefined when it does. */
function unknownControl(spec: string): string | undefined {
  const slash = spec.indexOf('/');
  if (slash >= 0) {
    let benchmark: Benchmark;
    try {
      benchmark = findBenchmark(spec.slice(0, slash));
    } catch (err) {
      if (err instanceof UnknownBenchmarkError) return `unknown benchmark in control ${spec} (benchmarks: ${BENCHMARKS.map((b) => b.selector).join(', ')})`;
      throw err;
    }
    return specMatches(benchmark, spec.slice(slash + 1)) ? undefined : `unknown control ${spec}: no control ${spec.slice(slash + 1)} in ${benchmark.selector}`;
  }
  return BENCHMARKS.some((b) => specMatches(b, spec)) ? undefined : `unknown control ${spec}: no benchmark has it (ids like 1.14, sections like 3 or 3.*, or qualified cis-5.0.0/1.14)`;
}

function specMatches(benchmark: Benchmark, spec: string): boolean {
  return benchmark.controls.some((c) => controlMatches(spec, c.id));
}
