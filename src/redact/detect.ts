import { findAssignments } from './assign.js';
import { findHighEntropy } from './entropy.js';
import { compileExtraPatterns } from './extra.js';
import { findPatternSecrets, PATTERN_RULES } from './rules.js';
import { findSecretlintSecrets } from './secretlint.js';
import { allowMatcher, mergeCandidates } from './spans.js';
import type { Candidate, RedactOptions, Redaction } from './types.js';

/** Our own rules only: synchronous and dependency-free. */
export function detectSync(text: string, opts?: RedactOptions): Redaction[] {
  return mergeCandidates(text, ownFindings(text, opts), allowMatcher(opts?.allow));
}

/** Our rules plus secretlint's; when secretlint is unavailable this equals detectSync. */
export async function detect(text: string, opts?: RedactOptions): Promise<Redaction[]> {
  const own = ownFindings(text, opts);
  const theirs = (await findSecretlintSecrets(text)) ?? [];
  return mergeCandidates(text, [...theirs, ...own], allowMatcher(opts?.allow));
}

function ownFindings(text: string, opts?: RedactOptions): Candidate[] {
  const extra = compileExtraPatterns(opts);
  return [
    ...findPatternSecrets(text, extra.length ? [...PATTERN_RULES, ...extra] : PATTERN_RULES),
    ...findAssignments(text),
    ...findHighEntropy(text),
  ];
}
