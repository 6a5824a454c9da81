import type { ServiceName } from './services.js';

// One AWS API call, as collectors ask for it and snapshots record it.
export interface AwsCall {
  service: ServiceName;
  region: string;
  operation: string;
  input: Record<string, unknown>;
}

export interface SendOptions {
  /** Aborted when the reader gives the call up: a live transport then closes the request's socket. */
  signal?: AbortSignal;
}

/** Sends a call and resolves with the operation's output; rejects with AwsCallError. */
export interface AwsTransport {
  send(call: AwsCall, options?: SendOptions): Promise<Record<string, unknown>>;
}

/** Deterministic JSON with sorted keys: the identity of a call's input for snapshot replay. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

export function callKey(call: Pick<AwsCall, 'service' | 'region' | 'operation' | 'input'>): string {
  return `${call.service}|${call.region}|${call.operation}|${stableStringify(call.input)}`;
}

export function describeCall(call: Pick<AwsCall, 'service' | 'region' | 'operation'>): string {
  return `${call.service}:${call.operation} in ${call.region}`;
}
