import type { AwsCall } from '../../src/aws/transport.js';
import { opName, type ChaosRule } from './harness.js';

// Surprising answers, as a real API (or a proxy, or a new API version) might give them.

type Json = Record<string, unknown>;

/** Members that steer pagination or say nothing about the account: kept, so a mutation never loops a pager. */
const PAGING = new Set(['NextToken', 'nextToken', 'Marker', 'NextMarker', 'IsTruncated', 'Truncated']);
/** Identifiers: a record without its id is a different fault (covered by the collectors' own tests). */
const ID = /(Id|Arn|ARN|^Name|Name|^name|SerialNumber|UserName)$/;

const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

function deepMap(v: unknown, f: (key: string, value: unknown) => { drop?: boolean; value?: unknown } | undefined, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => deepMap(x, f, key));
  if (!isObj(v)) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    const r = f(k, x);
    if (r?.drop) continue;
    out[k] = r && 'value' in r ? r.value : deepMap(x, f, k);
  }
  return out;
}

export type Mutation = (output: Json, call: AwsCall) => Json;

export const MUTATIONS: Record<string, Mutation> = {
  /** The answer has none of its members: a list missing entirely, an object missing entirely. */
  'members missing': (o) => Object.fromEntries(Object.entries(o).filter(([k]) => PAGING.has(k))),
  /** Every top-level list is empty: legitimately "there are none". */
  'empty lists': (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? [] : v])),
  /** Inside the answer's members (kept themselves), every optional field (anything but ids and paging) deleted. */
  'optional fields deleted': (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, deepMap(v, (key) => (PAGING.has(key) || ID.test(key) ? undefined : { drop: true }))])),
  /** Every string (ids aside) is null. */
  'null strings': (o) => deepMap(o, (k, v) => (typeof v === 'string' && !PAGING.has(k) && !ID.test(k) ? { value: null } : undefined)) as Json,
};

/** Applies `mutation` to every answer of one operation. */
export const mutate = (op: string, mutation: Mutation): ChaosRule => ({
  after: (call, output) => (opName(call) === op ? mutation(structuredClone(output), call) : output),
});

/** Rewrites one member wherever it appears in the answers of one operation. */
export const setField = (op: string, field: string, value: unknown): ChaosRule =>
  mutate(op, (o) => deepMap(o, (k) => (k === field ? { value } : undefined)) as Json);

// ---------------------------------------------------------------------------------------------------------------
// The credential report

const decode = (content: unknown) => (typeof content === 'string' ? content : new TextDecoder().decode(content as Uint8Array));
const rows = (csv: string) => csv.split('\n').map((l) => l.split(','));

/** Rewrites the credential report's CSV text. */
export const rewriteReport = (edit: (csv: string) => string): ChaosRule => ({
  after: (call, output) => {
    if (opName(call) !== 'iam:GetCredentialReport') return output;
    return { ...output, Content: new TextEncoder().encode(edit(decode(output.Content))) };
  },
});

/** Column order reversed (user and arn last), plus columns AWS may add later. */
export function reorderedWithExtras(csv: string): string {
  const table = rows(csv);
  const order = [...table[0]!.keys()].reverse();
  return table.map((r, i) => [...order.map((c) => r[c] ?? ''), i === 0 ? 'future_column' : 'x', i === 0 ? 'access_key_3_active' : 'true'].join(',')).join('\n');
}

/** Odd values in every date and flag column: unknown words, empty cells, garbage dates. */
export function oddValues(csv: string): string {
  const table = rows(csv);
  const header = table[0]!;
  const odd = (name: string, i: number) => {
    if (name === 'user' || name === 'arn') return undefined;
    if (/_active$|_enabled$/.test(name)) return ['maybe', '', 'TRUE', 'N/A'][i % 4];
    if (/time|date|last_used$|rotated|changed|rotation/.test(name)) return ['not-a-date', '', '2026-13-45T99:99:99+00:00', 'no_information'][i % 4];
    return undefined;
  };
  return table.map((r, ri) => (ri === 0 ? r : r.map((cell, ci) => odd(header[ci]!, ri + ci) ?? cell)).join(',')).join('\n');
}

/** Windows line endings, quoted cells and a trailing newline. */
export const crlfQuoted = (csv: string) => `${rows(csv).map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n')}\r\n`;

/** Only the header survives. */
export const headerOnly = (csv: string) => csv.split('\n')[0]!;

/** Rows cut short: a truncated download. */
export const truncatedRows = (csv: string) => rows(csv).map((r, i) => (i === 0 ? r : r.slice(0, 5))).join('\n');

/** The header has neither user nor arn. */
export const noHeader = (csv: string) => csv.split('\n').slice(1).join('\n');

