// HTML escaping for every value a report carries: resource names, tags and messages are attacker-controlled.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value: markup characters as entities, C0 controls (terminal escapes, bells) made visible. */
export function esc(value: unknown): string {
  const s = typeof value === 'string' ? value : String(value);
  return s
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Evidence values as compact JSON (strings unquoted), escaped. */
export function escValue(value: unknown): string {
  return esc(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
}
