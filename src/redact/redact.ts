import { detect, detectSync } from './detect.js';
import { applyRedactions } from './spans.js';
import type { RedactOptions, RedactResult } from './types.js';

export type { Redaction, RedactOptions, RedactResult } from './types.js';

/**
 * Replaces each secret value with a typed placeholder such as `[REDACTED:aws-access-key]`, using
 * secretlint's recommended preset plus our own rules. Never throws because of the detector: if
 * secretlint fails to load or run, our rules still apply. Throws ValidationError only for an
 * invalid `extraPatterns` regex.
 */
export async function redact(text: string, opts?: RedactOptions): Promise<RedactResult> {
  return applyRedactions(text, await detect(text, opts));
}

/**
 * Our own rules only, for callers that cannot await. It covers every provider format secretlint's
 * preset knows (our rules overlap it on purpose), but misses what only secretlint's extra checks
 * find, e.g. its heuristics for database URLs written without a scheme we know and GCP
 * service-account files judged as a whole. Prefer `redact` wherever an await is possible.
 */
export function redactSync(text: string, opts?: RedactOptions): RedactResult {
  return applyRedactions(text, detectSync(text, opts));
}
