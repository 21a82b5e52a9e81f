import type { RedactOptions } from '../redact/types.js';

const SKIP_KEYS = new Set(['id', 'agentId', 'carry', 'hash']);
// Joins the strings of one value so the detectors run once, not once per string (hundreds per
// transcript slice). A record separator on its own line matches no rule's token characters.
const SEP = '\n\u241e\n';

/**
 * Redacts every string inside a JSON-shaped value, returning the copy and how many secret values
 * were replaced. Applied to each new slice of facts before anything is persisted. Tool-call ids
 * join a command to its result in a later transcript slice; they are not secrets and are kept.
 */
export async function redactDeep<T>(value: T, opts: RedactOptions = {}): Promise<{ value: T; count: number }> {
  const { redact } = await import('../redact/redact.js');
  const found: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= 8) found.push(v);
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!SKIP_KEYS.has(k)) collect(x);
  };
  collect(value);
  if (found.length === 0) return { value, count: 0 };
  let cleaned: string[];
  let count: number;
  const batch = await redact(found.join(SEP), opts);
  const parts = batch.text.split(SEP);
  if (parts.length === found.length) {
    cleaned = parts;
    count = batch.count;
  } else {
    // A finding ran across a separator (a PEM block cut short, say): redact one by one instead.
    cleaned = [];
    count = 0;
    for (const s of found) {
      const r = await redact(s, opts);
      cleaned.push(r.text);
      count += r.count;
    }
  }
  let i = 0;
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') return v.length >= 8 ? cleaned[i++] : v;
    if (Array.isArray(v)) return v.map(rebuild);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = SKIP_KEYS.has(k) ? x : rebuild(x);
      return out;
    }
    return v;
  };
  return { value: rebuild(value) as T, count };
}
