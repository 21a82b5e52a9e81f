import type { RedactOptions, RedactResult } from './types.js';

/**
 * The one chokepoint: every text agent-handover stores (memory files, `.agent-handover/` state,
 * run records, journals) passes `sanitize`/`sanitizeDeep` first. Secrets become typed
 * placeholders (`[REDACTED:aws-access-key]`) and are counted; the detectors are linear in the
 * input and work in bounded windows, so no input can hang or overflow a hook.
 */

/** Longest string kept in stored facts; longer ones are cut before matching (notes clip far shorter). */
export const MAX_FACT_CHARS = 64_000;
const CUT = '...[cut]';

function capped(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  let end = max - CUT.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + CUT;
}

/** One text, with every detector (secretlint's preset and our rules). */
export async function sanitize(text: string, opts: RedactOptions = {}, limits: { maxChars?: number } = {}): Promise<RedactResult> {
  const { redact } = await import('./redact.js');
  return redact(capped(text, limits.maxChars), opts);
}

/** Our rules only, for the few writers that cannot wait for secretlint to load (hooks on a tight budget). */
export async function sanitizeQuick(text: string, opts: RedactOptions = {}, limits: { maxChars?: number } = {}): Promise<RedactResult> {
  const { redactSync } = await import('./redact.js');
  return redactSync(capped(text, limits.maxChars), opts);
}

// Joins the strings of one value so the detectors run once, not once per string (hundreds per
// transcript slice). A record separator on its own line matches no rule's token characters.
const SEP = '\n\u241e\n';

export interface DeepOptions {
  /** Keys whose values are ids, not text (kept as they are). */
  skipKeys?: ReadonlySet<string>;
  maxChars?: number;
  /** Our rules only (see sanitizeQuick). */
  quick?: boolean;
}

/** Ids that join a command to its result across slices, and commit hashes: not secrets, kept. */
export const ID_KEYS: ReadonlySet<string> = new Set(['id', 'agentId', 'hash']);

/**
 * Every string inside a JSON-shaped value, sanitised: the copy and how many secrets were
 * replaced. Strings are cut to `maxChars` (default MAX_FACT_CHARS) first.
 */
export async function sanitizeDeep<T>(value: T, opts: RedactOptions = {}, deep: DeepOptions = {}): Promise<{ value: T; count: number }> {
  const skip = deep.skipKeys ?? ID_KEYS;
  const max = deep.maxChars ?? MAX_FACT_CHARS;
  const one = deep.quick ? sanitizeQuick : sanitize;
  const found: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= 6) found.push(capped(v, max));
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!skip.has(k)) collect(x);
  };
  collect(value);
  if (found.length === 0) return { value, count: 0 };
  const batch = await one(found.join(SEP), opts);
  let cleaned = batch.text.split(SEP);
  let count = batch.count;
  if (cleaned.length !== found.length) {
    // A finding ran across a separator (a PEM block cut short, say): sanitise one by one instead.
    cleaned = [];
    count = 0;
    for (const s of found) {
      const r = await one(s, opts);
      cleaned.push(r.text);
      count += r.count;
    }
  }
  let i = 0;
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') return v.length >= 6 ? cleaned[i++] : v;
    if (Array.isArray(v)) return v.map(rebuild);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = skip.has(k) ? x : rebuild(x);
      return out;
    }
    return v;
  };
  return { value: rebuild(value) as T, count };
}
