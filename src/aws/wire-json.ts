// Turns SDK output into the snapshot's hand-editable JSON: ISO dates, text instead of bytes, policies decoded.
const POLICY_KEYS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Document', 'Policy']);

export function toSnapshotJson(value: unknown, key?: string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (Array.isArray(value)) return value.map((v) => toSnapshotJson(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toSnapshotJson(v, k);
    }
    return out;
  }
  if (typeof value === 'string' && key && POLICY_KEYS.has(key)) return decodePolicyText(value) ?? value;
  return value;
}

/** IAM returns policy documents URL-encoded; others plain JSON. Returns the parsed document, or undefined. */
export function decodePolicyText(text: string): unknown {
  // IAM's documents are URL-encoded ("%7B…"): decode first rather than paying for a failed JSON.parse.
  const candidates = text.startsWith('%') ? [safeDecodeUri(text), text] : [text, safeDecodeUri(text)];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (parsed && typeof parsed === 'object') return parsed;
    } catch {
      // not JSON in this encoding; try the next
    }
  }
  return undefined;
}

function safeDecodeUri(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
