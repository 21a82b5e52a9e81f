import type { Candidate } from './types.js';
import { isReference } from './rules.js';
import { looksRandom } from './entropy.js';

/**
 * `KEY=value`, `KEY: value`, `"key": "value"` and `--key value` where the key names a secret:
 * only the value is redacted, so the note still says which setting was involved.
 *
 * Linear on any input, by construction: the scan starts only where a secret word occurs (a fast
 * literal search), reads the key and the separator with sticky patterns of bounded length, and
 * finds where an unquoted value ends through a cache, so a run of characters is read once however
 * many keys share it (`a=password=password=...`). A quoted value is at most 500 characters.
 */
const PRIORITY = 2;
const MAX_KEY = 81;
const MAX_QUOTED = 500;
/** Plausibility is judged on the start of a value: enough to tell a literal from code. */
const JUDGED = 200;

const SECRET_WORD_RE = /pass|pwd|secret|token|key|auth|credential/gi;
const STRONG_RE = /(?:password|passwd|passphrase|secret|token)$|(?:^|_)(?:pwd|pass|sshpass|pgpass|auth|api_?key|apikey|access_?key|secret_?key|private_?key|client_?secret|auth_?token|credentials?)$/;
/** `ENCRYPTION_KEY`, `SIGNING_KEY`: a bare `key` names a secret only when the value looks random. */
const WEAK_RE = /(?:^|_)key$/;

export interface SecretKey {
  kind: string;
  /** A weak key (`..._KEY`) only counts when its value looks random (hex or high entropy). */
  weak: boolean;
}

/** `dbPassword`, `DB_PASSWORD`, `x-api-key`, `aws.secret_access_key` -> snake case, then match the last word(s). */
export function secretKey(key: string): SecretKey | undefined {
  const norm = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[.-]+/g, '_');
  const strong = STRONG_RE.exec(norm);
  if (!strong && !WEAK_RE.test(norm)) return undefined;
  if (/aws_?secret/.test(norm)) return { kind: 'aws-secret-access-key', weak: false };
  if (strong && /pass|pwd/.test(strong[0])) return { kind: 'password', weak: false };
  return { kind: 'secret', weak: !strong };
}

const TYPE_WORDS = new Set(['string', 'number', 'boolean', 'bool', 'any', 'unknown', 'object', 'null', 'none', 'nil', 'undefined', 'true', 'false', 'str', 'int', 'bytes', 'optional', 'required', 'secret', 'password', 'token', 'redacted', 'hidden', 'env', 'yes', 'no']);

function plausibleValue(value: string, quoted: boolean, weak: boolean): boolean {
  const v = value.length > JUDGED ? value.slice(0, JUDGED) : value;
  const t = v.trim();
  if (t === '' || isReference(t) || /^\\*$/.test(t)) return false;
  // A quote that closes one string and opens the next (`"token=" + x + "..."`) is not a value.
  if (/\\[nr]|^\s*\+|\+\s*$/.test(v)) return false;
  if (weak) return t.length >= 16 && (/^[0-9a-fA-F]{32,}$/.test(t) || looksRandom(t));
  if (quoted) return true;
  if (TYPE_WORDS.has(t.toLowerCase())) return false;
  // Code, not a literal: an identifier in camelCase or a member expression (process.env.X, req.body.password).
  if (/^[a-z_$][\w$]*[A-Z][\w$]*$/.test(t) && !/\d/.test(t)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(t)) return false;
  return true;
}

const isKeyChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;

/**
 * Where a value that starts at `from` ends: the first character in `stops`. Remembers the last
 * run it read, so starts inside that run cost nothing.
 */
function valueEnds(text: string, stops: (text: string, i: number) => boolean): (from: number) => number {
  let runFrom = -1;
  let runEnd = -1;
  return (from) => {
    if (from >= runFrom && from <= runEnd) return runEnd;
    let i = from;
    while (i < text.length && !stops(text, i)) i++;
    runFrom = from;
    runEnd = i;
    return i;
  };
}

const WS = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const inSet = (set: string) => (text: string, i: number): boolean => WS(text[i]) || set.includes(text[i]!);
// Shell / .env: the value ends at whitespace, shell punctuation or a backslash (a literal `\n`).
// A `&` inside a word stays in it (a file named `DB_PASSWORD=ab&Zc`); `a & b` ends the value.
const ENV_STOPS = (text: string, i: number): boolean => {
  const c = text[i]!;
  if (c === '&') return i + 1 >= text.length || WS(text[i + 1]) || text[i + 1] === '&';
  return WS(c) || `'"\x60;|,)}]\\`.includes(c);
};
const SPACED_STOPS = inSet(`'"\x60,;()[]{}\\`);
const FLAG_STOPS = inSet(`'"\x60;&|\\`);

const QUOTED_SEP = /[ \t]*(?::=|=>|[:=])[ \t]*(\\*["'\x60])/y;
const SPACED_SEP = /[ \t]*=[ \t]*|:[ \t]+/y;
const FLAG_SEP = /=|[ \t]+/y;
const FLAG_KEY = /^[A-Za-z][\w-]{0,60}$/;

function sticky(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** The end of a quoted value opened at `from` and closed by `q` (not after a backslash), or -1. */
function quotedEnd(text: string, from: number, q: string): number {
  const limit = Math.min(text.length, from + MAX_QUOTED);
  for (let j = from + 1; j <= limit; j++) {
    const c = text[j - 1];
    if (c === '\n' || c === '\r') return -1;
    if (text.startsWith(q, j) && text[j - 1] !== '\\') return j;
  }
  return -1;
}

/** The opening quote of a key ending just before `start` (backslashes included), and where it starts. */
function openingQuote(text: string, start: number): { kq: string; at: number } {
  const c = text[start - 1];
  if (c === undefined || !`"'\x60`.includes(c)) return { kq: '', at: start };
  let at = start - 1;
  while (at > 0 && text[at - 1] === '\\') at--;
  return { kq: text.slice(at, start), at };
}

export function findAssignments(text: string): Candidate[] {
  const out: Candidate[] = [];
  if (!/[=:-]/.test(text)) return out;
  const envEnd = valueEnds(text, ENV_STOPS);
  const spacedEnd = valueEnds(text, SPACED_STOPS);
  const flagEnd = valueEnds(text, FLAG_STOPS);
  let trailFrom = -1;
  let trailOk = false;
  let lastRun = -1;
  const push = (kind: string, start: number, end: number): void => {
    out.push({ kind, start, end, priority: PRIORITY });
  };
  SECRET_WORD_RE.lastIndex = 0;
  for (let m = SECRET_WORD_RE.exec(text); m; m = SECRET_WORD_RE.exec(text)) {
    // The run of key characters around the word, read at most MAX_KEY + 1 each way.
    let rs = m.index;
    while (rs > 0 && m.index - rs <= MAX_KEY && isKeyChar(text.charCodeAt(rs - 1))) rs--;
    let re = m.index + m[0].length;
    while (re < text.length && re - rs <= MAX_KEY + 2 && isKeyChar(text.charCodeAt(re))) re++;
    SECRET_WORD_RE.lastIndex = Math.max(SECRET_WORD_RE.lastIndex, re);
    if (re === lastRun || re - rs > MAX_KEY + 2 || (rs > 0 && isKeyChar(text.charCodeAt(rs - 1)))) continue;
    if (re < text.length && isKeyChar(text.charCodeAt(re))) continue;
    lastRun = re;
    const run = text.slice(rs, re);
    if (run.startsWith('--')) {
      // --password value / --token=value
      const key = run.slice(2);
      const sk = FLAG_KEY.test(key) ? secretKey(key) : undefined;
      const before = text[rs - 1];
      const sep = sk && (before === undefined || !/[\w-]/.test(before)) ? sticky(FLAG_SEP, text, re) : null;
      if (sk && sep) {
        let vs = re + sep[0].length;
        if (text[vs] === '"' || text[vs] === "'") vs++;
        const ve = flagEnd(vs);
        if (ve > vs && plausibleValue(text.slice(vs, ve), false, sk.weak)) push(sk.kind, vs, ve);
      }
      continue;
    }
    if (!/^[A-Za-z_]/.test(run) || run.length > MAX_KEY) continue;
    const sk = secretKey(run);
    if (!sk) continue;
    // "key": "value" (quotes may arrive escaped once or more: JSON inside a JSON tool_result).
    const open = openingQuote(text, rs);
    for (const kq of open.kq ? [open.kq, ''] : ['']) {
      const from = kq ? open.at : rs;
      if (from > 0 && isKeyChar(text.charCodeAt(from - 1))) continue;
      if (!text.startsWith(kq, re)) continue;
      const sep = sticky(QUOTED_SEP, text, re + kq.length);
      if (!sep) continue;
      const q = sep[1]!;
      const vs = re + kq.length + sep[0].length;
      const ve = quotedEnd(text, vs, q);
      if (ve > vs && plausibleValue(text.slice(vs, ve), true, sk.weak)) {
        push(sk.kind, vs, ve);
        break;
      }
    }
    // `$TOKEN=` is a reference. A key after '/' counts: a file named `config/DB_PASSWORD=...`.
    if (text[rs - 1] === '$') continue;
    // KEY=value (shell, .env): no space around '='.
    if (text[re] === '=') {
      const vs = re + 1;
      const ve = envEnd(vs);
      if (ve > vs && plausibleValue(text.slice(vs, ve), false, sk.weak)) {
        push(sk.kind, vs, ve);
        continue;
      }
    }
    // KEY = value / key: value (YAML, INI): unquoted and the last thing on its line.
    const sep = sticky(SPACED_SEP, text, re);
    if (sep) {
      const vs = re + sep[0].length;
      const ve = spacedEnd(vs);
      if (ve <= vs) continue;
      if (trailFrom !== ve) {
        let k = ve;
        while (text[k] === ' ' || text[k] === '\t') k++;
        const c = text[k];
        trailFrom = ve;
        trailOk = c === undefined || c === '\r' || c === '\n' || c === '#' || (c === '\\' && (text[k + 1] === 'n' || text[k + 1] === 'r'));
      }
      if (trailOk && plausibleValue(text.slice(vs, ve), false, sk.weak)) push(sk.kind, vs, ve);
    }
  }
  return out;
}
