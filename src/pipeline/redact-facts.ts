import type { RedactOptions } from '../redact/types.js';

const SKIP_KEYS = new Set(['id', 'agentId', 'carry', 'hash']);

/**
 * Redacts every string inside a JSON-shaped value, returning the copy and how many secret values
 * were replaced. Applied to each new slice of facts before anything is persisted.
 */
export async function redactDeep<T>(value: T, opts: RedactOptions = {}): Promise<{ value: T; count: number }> {
  const { redact } = await import('../redact/redact.js');
  let count = 0;
  const walk = async (v: unknown): Promise<unknown> => {
    if (typeof v === 'string') {
      if (v.length < 8) return v;
      const r = await redact(v, opts);
      count += r.count;
      return r.text;
    }
    if (Array.isArray(v)) return Promise.all(v.map(walk));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      // Tool-call ids join a command to its result in a later transcript slice; they are not secrets.
      for (const [k, x] of Object.entries(v)) out[k] = SKIP_KEYS.has(k) ? x : await walk(x);
      return out;
    }
    return v;
  };
  return { value: (await walk(value)) as T, count };
}
