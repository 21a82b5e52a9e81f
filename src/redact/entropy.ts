import type { Candidate } from './types.js';

/**
 * Generic high-entropy tokens: the catch-all for credentials with no known format. Tuned to stay
 * quiet on what transcripts are full of:
 * - hex only (git commits 7-64 chars, UUIDs, checksums, colours) is never flagged: too many
 *   hashes, too few hex-only secrets outside a `KEY=value` that the assignment rule already catches;
 * - `sha1-`/`sha256-`/`sha384-`/`sha512-` integrity values (package-lock) are public content
 *   hashes and are kept;
 * - identifiers and paths (`handleUserUpdate2`, `src/redact/entropyRule`) split into long word
 *   chunks, random strings into many one- or two-character chunks;
 * - ids with a known non-secret prefix (Anthropic `toolu_01…`, `msg_01…`, `agent_msg_01…`) are kept.
 */
const PRIORITY = 1;
const MIN_LENGTH = 20;
const MIN_BITS_PER_CHAR = 3.5;
const MAX_AVG_CHUNK = 2.6;

// A token starts after a non-token character, or right after a JSON escape such as `\n`.
const TOKEN_RE = /(?:(?<=\\[nrt])|(?<![A-Za-z0-9+/_\\-]))[A-Za-z0-9+/_-]{20,}={0,3}/g;
const SAFE_PREFIX_RE = /^(?:sha(?:1|224|256|384|512)-|(?:srv)?toolu_|msg_|req_|call_|chatcmpl-|file_|run_|thread_|[a-z]+(?:_[a-z]+)*_01[A-Za-z0-9]{20,}$)/;

export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Mean length of the letter-case/digit runs: ~4+ for words and identifiers, <2 for random strings. */
function averageChunk(s: string): number {
  const chunks = s.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g);
  if (!chunks) return Infinity;
  return chunks.reduce((n, c) => n + c.length, 0) / chunks.length;
}

export function looksRandom(token: string): boolean {
  if (SAFE_PREFIX_RE.test(token)) return false;
  const core = token.replace(/=+$/, '');
  const alnum = core.replace(/[^A-Za-z0-9]/g, '');
  if (alnum.length < MIN_LENGTH) return false;
  if (/^[0-9a-fA-F]+$/.test(alnum)) return false;
  if (!/[a-z]/.test(alnum) || !/[A-Z]/.test(alnum) || !/[0-9]/.test(alnum)) return false;
  if (averageChunk(core) > MAX_AVG_CHUNK) return false;
  return shannonEntropy(core) >= MIN_BITS_PER_CHAR;
}

/**
 * Absolute paths, the rest of a path after `.`, `/` or `~`, and runs of three or more short `/` segments, are paths: a temp folder such as
 * `/tmp/ah-e2e-Qx7Rzk/` must not turn the whole path into a "secret". Their segments are still
 * judged one by one, so a random 20+ character segment is caught.
 */
function isPathLike(token: string, before: string | undefined): boolean {
  if (token.startsWith('/') || (before !== undefined && './~'.includes(before) && token.includes('/'))) return true;
  const parts = token.split('/');
  return parts.length >= 3 && parts.every((p) => p.length <= 16);
}

export function findHighEntropy(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const token = m[0];
    if (!isPathLike(token, m.index > 0 ? text[m.index - 1] : undefined)) {
      if (looksRandom(token)) out.push({ kind: 'high-entropy', start: m.index, end: m.index + token.length, priority: PRIORITY });
      continue;
    }
    let at = m.index;
    for (const seg of token.split('/')) {
      if (looksRandom(seg)) out.push({ kind: 'high-entropy', start: at, end: at + seg.length, priority: PRIORITY });
      at += seg.length + 1;
    }
  }
  return out;
}
