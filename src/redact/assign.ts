import type { Candidate } from './types.js';
import { isReference } from './rules.js';

/**
 * `KEY=value`, `KEY: value`, `"key": "value"` and `--key value` where the key names a secret:
 * only the value is redacted, so the note still says which setting was involved.
 */
const PRIORITY = 2;

const SECRET_KEY_RE = /(?:^|_)(password|passwd|pwd|pass|passphrase|secret|token|api_?key|apikey|access_?key|secret_?key|private_?key|client_?secret|auth|auth_?token|credentials?)$/;

/** `dbPassword`, `DB_PASSWORD`, `x-api-key`, `aws.secret_access_key` -> snake case, then match the last word(s). */
export function secretKeyKind(key: string): string | undefined {
  const norm = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[.-]+/g, '_');
  const m = SECRET_KEY_RE.exec(norm);
  if (!m) return undefined;
  if (/aws_?secret/.test(norm)) return 'aws-secret-access-key';
  if (/^pass|pwd/.test(m[1] ?? '')) return 'password';
  return 'secret';
}

const KEY = String.raw`[A-Za-z_][\w.-]{0,80}`;
// Quotes may arrive escaped once or more (JSON inside a JSON tool_result), so a quote is `\\*["'`]`.
const QUOTED = new RegExp(String.raw`(?<![\w.-])(?<kq>\\*["'\x60]?)(?<key>${KEY})\k<kq>[ \t]*(?::=|=>|[:=])[ \t]*(?<q>\\*["'\x60])(?<v>[^\r\n]{1,500}?)(?<!\\)\k<q>`, 'dg');
// Shell / .env: no space around '='; the value ends at whitespace, shell punctuation or a literal \n.
const ENV = new RegExp(String.raw`(?<![\w.$/-])(?:export[ \t]+)?(?<key>${KEY})=(?<v>(?:(?!\\[nrt"'])[^\s'"\x60;&|,)}\]\\])+)`, 'dg');
// YAML / INI: unquoted and the last thing on its line, which keeps `token: string;` and `x = f()` out.
const SPACED = new RegExp(String.raw`(?<![\w.$/-])(?<key>${KEY})(?:[ \t]*=[ \t]*|:[ \t]+)(?<v>[^\s'"\x60,;()[\]{}\\]+)(?=[ \t]*(?:$|[\r\n#]|\\[nr]))`, 'dgm');
const FLAG = new RegExp(String.raw`(?<![\w-])--(?<key>[A-Za-z][\w-]{0,60})(?:=|[ \t]+)["']?(?<v>[^\s'"\x60;&|\\]+)`, 'dg');

const TYPE_WORDS = new Set(['string', 'number', 'boolean', 'bool', 'any', 'unknown', 'object', 'null', 'none', 'nil', 'undefined', 'true', 'false', 'str', 'int', 'bytes', 'optional', 'required', 'secret', 'password', 'token', 'redacted', 'hidden', 'env', 'yes', 'no']);

function plausibleValue(v: string, quoted: boolean): boolean {
  const t = v.trim();
  if (t === '' || isReference(t) || /^\\*$/.test(t)) return false;
  // A quote that closes one string and opens the next (`"token=" + x + "…"`) is not a value.
  if (/\\[nr]|^\s*\+|\+\s*$/.test(v)) return false;
  if (quoted) return true;
  if (TYPE_WORDS.has(t.toLowerCase())) return false;
  // Code, not a literal: an identifier in camelCase or a member expression (process.env.X, req.body.password).
  if (/^[a-z_$][\w$]*[A-Z][\w$]*$/.test(t) && !/\d/.test(t)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(t)) return false;
  return true;
}

export function findAssignments(text: string): Candidate[] {
  const out: Candidate[] = [];
  const scan = (re: RegExp, quoted: boolean, nests: boolean): void => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const span = m.indices?.groups?.v;
      if (!span) continue;
      const kind = secretKeyKind(m.groups?.key ?? '');
      if (kind && plausibleValue(text.slice(span[0], span[1]), quoted)) {
        out.push({ kind, start: span[0], end: span[1], priority: PRIORITY });
      } else if (nests) {
        // Quoted values are at most 500 characters long, so resuming inside one stays linear.
        // `"content": "…{\"password\": \"x\"}…"`: the rejected value may hold the real assignment.
        re.lastIndex = span[0];
      }
    }
  };
  if (!/[=:-]/.test(text)) return out;
  scan(QUOTED, true, true);
  scan(ENV, false, false);
  scan(SPACED, false, false);
  scan(FLAG, false, false);
  return out;
}
