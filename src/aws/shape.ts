// A small declarative description of the parts of an AWS response cis-audit reads, and its checker.
// Hand-written rather than JSON Schema (ajv): live SDK output carries Date and Uint8Array values that JSON Schema
// cannot describe, a snapshot replay carries the same values as ISO strings and text, and compiling schemas at
// startup would cost the scan its load time. Unknown members are always allowed (AWS adds fields).

export type Shape =
  | { kind: 'string' | 'number' | 'boolean' | 'date' | 'bytes' | 'json' }
  | { kind: 'object'; fields: Fields }
  | { kind: 'list'; of: Shape }
  | { kind: 'map'; of: Shape }
  | { kind: 'nullable'; of: Shape };

export interface Field {
  shape: Shape;
  required: boolean;
}

/** An object's members: a bare Shape is optional (present means well typed), req(shape) must be present. */
export type Fields = Record<string, Shape | Field>;

export const str: Shape = { kind: 'string' };
export const num: Shape = { kind: 'number' };
export const bool: Shape = { kind: 'boolean' };
/** A Date (live SDK) or an ISO 8601 string (snapshot replay). */
export const date: Shape = { kind: 'date' };
/** Uint8Array (live SDK) or its text (snapshot replay). */
export const bytes: Shape = { kind: 'bytes' };
/** Any value: a policy document is URL-encoded text live and a decoded object in a snapshot. */
export const json: Shape = { kind: 'json' };
export const obj = (fields: Fields): Shape => ({ kind: 'object', fields });
export const list = (of: Shape): Shape => ({ kind: 'list', of });
/** An object used as a dictionary: every value has the same shape. */
export const map = (of: Shape): Shape => ({ kind: 'map', of });
export const nullable = (of: Shape): Shape => ({ kind: 'nullable', of });
export const req = (shape: Shape): Field => ({ shape, required: true });

const isField = (f: Shape | Field): f is Field => 'shape' in f;

/** Where a response first differs from its shape, or undefined when it fits. */
export interface ShapeMismatch {
  path: string;
  expected: string;
  got: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function fits(shape: Shape, v: unknown): boolean {
  switch (shape.kind) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    case 'date': return (v instanceof Date && !Number.isNaN(v.getTime())) || (typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)));
    case 'bytes': return v instanceof Uint8Array || typeof v === 'string';
    case 'json': return true;
    case 'object': case 'map': return isPlainObject(v);
    case 'list': return Array.isArray(v);
    case 'nullable': return v === null || fits(shape.of, v);
  }
}

const EXPECTED: Record<Shape['kind'], string> = {
  string: 'a string', number: 'a number', boolean: 'a boolean', date: 'a date', bytes: 'text or bytes',
  json: 'any value', object: 'an object', map: 'an object', list: 'a list', nullable: 'null or a value',
};

function expected(shape: Shape): string {
  return shape.kind === 'nullable' ? `null or ${expected(shape.of)}` : EXPECTED[shape.kind];
}

/** What was found, with the value when it is short: "string \"x\"", "null", "a list". */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'an object';
  const text = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return `${typeof v} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export function checkShape(shape: Shape, value: unknown, path = ''): ShapeMismatch | undefined {
  if (!fits(shape, value)) return { path: path || '(response)', expected: expected(shape), got: describeValue(value) };
  const inner = shape.kind === 'nullable' ? (value === null ? undefined : shape.of) : shape;
  if (!inner) return undefined;
  if (inner.kind === 'list') {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const m = checkShape(inner.of, items[i], `${path}[${i}]`);
      if (m) return m;
    }
  } else if (inner.kind === 'map') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const m = checkShape(inner.of, v, join(path, k));
      if (m) return m;
    }
  } else if (inner.kind === 'object') {
    return checkFields(inner.fields, value as Record<string, unknown>, path);
  }
  return undefined;
}

export function checkFields(fields: Fields, value: Record<string, unknown>, path = ''): ShapeMismatch | undefined {
  for (const [key, spec] of Object.entries(fields)) {
    const { shape, required } = isField(spec) ? spec : { shape: spec, required: false };
    const v = value[key];
    // An absent member arrives as undefined from the SDK and as a missing key from a snapshot: the same thing.
    if (v === undefined) {
      if (required) return { path: join(path, key), expected: expected(shape), got: 'nothing (the member is missing)' };
      continue;
    }
    const m = checkShape(shape, v, join(path, key));
    if (m) return m;
  }
  return undefined;
}

export const describeMismatch = (m: ShapeMismatch) => `${m.path}: expected ${m.expected}, got ${m.got}`;
