import { detect } from './detect.js';
import type { RedactOptions, Redaction } from './types.js';

/**
 * The secrets still present in `text`, for the publish-time check of staged memory files: an
 * empty list means safe to commit. Our own `[REDACTED:…]` placeholders are never reported.
 */
export async function scanForSecrets(text: string, opts?: RedactOptions): Promise<Redaction[]> {
  return detect(text, opts);
}
