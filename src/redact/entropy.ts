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
 * - ids with a known non-secret prefix (Anthropic `toolu_01...`, `msg_01...`, `agent_msg_01...`) are kept;
 * - public content that only looks random: data URIs (`base64,...`), go.sum `h1:` hashes, Google
 *   Docs ids (`/d/<id>`), base64 that decodes to prose, CSS-module class names (`Button_primary__3xK9a`).
 * A random token broken over two lines is caught whole: the piece on the next line goes with it.
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

/** Judging the first 4 KB of a token is enough; a longer one that looks random is redacted whole. */
const JUDGED = 4096;

/** base64 whose bytes are text with spaces (an encoded sentence, a config file), not a key. */
function isEncodedProse(core: string): boolean {
  if (core.length < 24 || !/^[A-Za-z0-9+/]+$/.test(core)) return false;
  const bytes = Buffer.from(core.slice(0, JUDGED - (JUDGED % 4)), 'base64');
  let printable = 0;
  let spaces = 0;
  for (const b of bytes) {
    if ((b >= 32 && b < 127) || b === 10 || b === 9 || b === 13) printable++;
    if (b === 32 || b === 10) spaces++;
  }
  return bytes.length > 0 && printable / bytes.length >= 0.97 && spaces * 12 >= bytes.length;
}

/** `Button_primary__3xK9a`, `styles__header___2aB3c`, `_container_1a2b3_12`: words plus a short hash. */
function isCssModuleName(token: string): boolean {
  const parts = token.split(/[_-]+/).filter(Boolean);
  if (parts.length < 2 || !/[_-]/.test(token)) return false;
  const words = parts.filter((p) => /^[A-Za-z][a-z]{2,}$|^[a-z]{3,}$/.test(p));
  const rest = parts.filter((p) => !words.includes(p));
  return words.length >= 1 && rest.length <= 2 && rest.every((p) => p.length <= 8);
}

// A provider's token prefix with a random run after it is a (possibly cut or split) credential even
// when the run alone would not pass the letter-case-digit test: 18 random characters lack a digit
// about one time in 25.
const PROVIDER_PREFIX_RE = /^(?:gh[pousr]_|github_pat_|glpat-|xox[abposre]-|hf_|npm_)[A-Za-z0-9_]{12,}/;

export function looksRandom(token: string): boolean {
  if (token.length > JUDGED) token = token.slice(0, JUDGED);
  if (SAFE_PREFIX_RE.test(token)) return false;
  if (PROVIDER_PREFIX_RE.test(token)) {
    const run = token.replace(/^[a-z]+_(?:pat_)?|^[a-z]+-/, '');
    if (/\d/.test(run) || (/[a-z]/.test(run) && /[A-Z]/.test(run))) return true;
  }
  const core = token.replace(/=+$/, '');
  const alnum = core.replace(/[^A-Za-z0-9]/g, '');
  if (alnum.length < MIN_LENGTH) return false;
  if (/^[0-9a-fA-F]+$/.test(alnum)) return false;
  if (!/[a-z]/.test(alnum) || !/[A-Z]/.test(alnum) || !/[0-9]/.test(alnum)) return false;
  // A long random run has longer letter runs by chance (about 1 in 50 at 40 characters went over
  // 2.6); an identifier that long still averages well above 3.2.
  if (averageChunk(core) > (alnum.length >= 32 ? 3.2 : MAX_AVG_CHUNK)) return false;
  if (shannonEntropy(core) < MIN_BITS_PER_CHAR) return false;
  return !isEncodedProse(core) && !isCssModuleName(core);
}

/** Public values that only look random, known by what comes right before them. */
function isPublicByPrefix(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 8), at);
  return before.endsWith('base64,') || /(?:^|[^A-Za-z0-9])h1:$/.test(before);
}

/** A random-looking piece on the next line (`...\n` or a real line break) continues the token before it. */
function continuation(text: string, end: number, afterProviderToken: boolean): [number, number] | undefined {
  let i = end;
  if (text[i] === '\\' && text[i + 1] === 'n') i += 2;
  else if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
  else if (text[i] === '\n') i += 1;
  else return undefined;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const m = /[A-Za-z0-9+/_-]{4,200}={0,3}/y;
  m.lastIndex = i;
  const piece = m.exec(text)?.[0];
  // Right after a secret, a random piece alone on the next line has a digit or both letter cases
  // and short letter runs; a word or an identifier there has long ones.
  if (!piece || !(/\d/.test(piece) || (piece.length >= 8 && /[a-z]/.test(piece) && /[A-Z]/.test(piece)))) return undefined;
  // After a provider's prefix (ghp_, xoxb-...) the token is certain, and a random half without a
  // digit often has long letter runs by chance: there, only a word (one capital at most, first) is
  // not its continuation.
  const word = /^[A-Z]?[a-z]+$|^[A-Z]+$/.test(piece);
  if (afterProviderToken ? word : averageChunk(piece) > 4.5) return undefined;
  const next = text[i + piece.length];
  if (next !== undefined && /[A-Za-z0-9+/_=-]/.test(next)) return undefined;
  return [i, i + piece.length];
}

/**
 * Absolute paths, the rest of a path after `.`, `/` or `~`, and runs of three or more short `/` segments, are paths: a temp folder such as
 * `/tmp/ah-e2e-Qx7Rzk/` must not turn the whole path into a "secret". Their segments are still
 * judged one by one, so a random 20+ character segment is caught.
 */
function isPathLike(token: string, before: string | undefined): boolean {
  // No path is longer than Linux's PATH_MAX: a longer run that starts with '/' is random base64
  // (1 in 64 does), whose short segments would otherwise be kept.
  if (token.length > JUDGED) return false;
  if (token.startsWith('/') || (before !== undefined && './~'.includes(before) && token.includes('/'))) return true;
  const parts = token.split('/');
  return parts.length >= 3 && parts.every((p) => p.length <= 16);
}

export function findHighEntropy(text: string): Candidate[] {
  const out: Candidate[] = [];
  const flag = (start: number, end: number): void => {
    out.push({ kind: 'high-entropy', start, end, priority: PRIORITY });
    const more = continuation(text, end, PROVIDER_PREFIX_RE.test(text.slice(start, end)));
    if (more) out.push({ kind: 'high-entropy', start: more[0], end: more[1], priority: PRIORITY });
  };
  const judgeSegments = (segments: string[], start: number): void => {
    let at = start;
    for (const [i, seg] of segments.entries()) {
      // Google Docs, Drive and Sheets ids follow `/d/` or `/folders/` and are not secrets.
      const publicId = i > 0 && (segments[i - 1] === 'd' || segments[i - 1] === 'folders');
      if (!publicId && looksRandom(seg)) flag(at, at + seg.length);
      at += seg.length + 1;
    }
  };
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    const token = m[0];
    if (isPublicByPrefix(text, m.index)) continue;
    const segments = token.split('/');
    if (!isPathLike(token, m.index > 0 ? text[m.index - 1] : undefined)) {
      if (looksRandom(token)) flag(m.index, m.index + token.length);
      // A short relative path (`config/ghp_...`): its words hide a random last segment from the
      // whole-token test, so the segments are judged too, unless the whole is public (an
      // integrity value, encoded prose).
      else if (segments.length > 1 && !SAFE_PREFIX_RE.test(token) && !isEncodedProse(token.replace(/=+$/, ''))) judgeSegments(segments, m.index);
      continue;
    }
    // A relative "path" of short random pieces (an AWS secret with '/' in it) is one token.
    const before = m.index > 0 ? text[m.index - 1] : undefined;
    if (!token.startsWith('/') && !(before !== undefined && './~'.includes(before)) && segments.every((seg) => averageChunk(seg) <= MAX_AVG_CHUNK) && looksRandom(segments.join(''))) {
      flag(m.index, m.index + token.length);
      continue;
    }
    judgeSegments(segments, m.index);
  }
  return out;
}