import { findAssignments } from './assign.js';
import { findHighEntropy } from './entropy.js';
import { compileExtraPatterns } from './extra.js';
import { findPatternSecrets, PATTERN_RULES } from './rules.js';
import { findSecretlintSecrets } from './secretlint.js';
import { allowMatcher, mergeCandidates } from './spans.js';
import type { Candidate, RedactOptions, Redaction } from './types.js';

/**
 * Long texts are matched in overlapping windows: V8's regex engine keeps a backtracking stack
 * that a 50 MB run of token characters overflows, and a window bounds it. A secret shorter than
 * the overlap (every format we know; a PEM block is ~3 KB) is always whole in some window.
 */
export const WINDOW = 256 * 1024;
export const OVERLAP = 16 * 1024;

function windows(length: number): [number, number][] {
  if (length <= WINDOW) return [[0, length]];
  const out: [number, number][] = [];
  for (let s = 0; ; s += WINDOW - OVERLAP) {
    const e = Math.min(length, s + WINDOW);
    out.push([s, e]);
    if (e === length) return out;
  }
}

function shifted(found: Candidate[], by: number): Candidate[] {
  return by === 0 ? found : found.map((c) => ({ ...c, start: c.start + by, end: c.end + by }));
}

/**
 * A window no detector could read (a regex out of stack on input we did not foresee) is treated
 * as one secret: the text is lost from the note, but nothing unscanned is ever stored.
 */
function unscannable(start: number, end: number): Candidate[] {
  return [{ kind: 'unscannable', start, end, priority: 4 }];
}

/** Our own rules only: synchronous and dependency-free. */
export function detectSync(text: string, opts?: RedactOptions): Redaction[] {
  const extra = compileExtraPatterns(opts);
  const found: Candidate[] = [];
  for (const [s, e] of windows(text.length)) {
    const part = s === 0 && e === text.length ? text : text.slice(s, e);
    try {
      found.push(...shifted(ownFindings(part, extra), s));
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      found.push(...unscannable(s, e));
    }
  }
  return mergeCandidates(text, found, allowMatcher(opts?.allow));
}

/** Our rules plus secretlint's; when secretlint is unavailable this equals detectSync. */
export async function detect(text: string, opts?: RedactOptions): Promise<Redaction[]> {
  const extra = compileExtraPatterns(opts);
  const found: Candidate[] = [];
  for (const [s, e] of windows(text.length)) {
    const part = s === 0 && e === text.length ? text : text.slice(s, e);
    try {
      const theirs = (await findSecretlintSecrets(part)) ?? [];
      found.push(...shifted([...theirs, ...ownFindings(part, extra)], s));
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      found.push(...unscannable(s, e));
    }
  }
  return mergeCandidates(text, found, allowMatcher(opts?.allow));
}

function ownFindings(text: string, extra: ReturnType<typeof compileExtraPatterns>): Candidate[] {
  return [
    ...findPatternSecrets(text, extra.length ? [...PATTERN_RULES, ...extra] : PATTERN_RULES),
    ...findAssignments(text),
    ...findHighEntropy(text),
  ];
}
