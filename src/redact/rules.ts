import type { Candidate } from './types.js';

/**
 * Our own rules: provider token formats (overlapping secretlint on purpose, so that `redactSync`
 * and a failed secretlint load still catch them), plus the structural cases secretlint leaves out:
 * `KEY=value` assignments, auth headers, passwords inside URLs, JWTs and PEM blocks.
 */
export interface PatternRule {
  kind: string;
  re: RegExp; // must carry the `d` and `g` flags
  group?: number; // redact this group only (default: the whole match)
  priority: number;
  accept?: (value: string) => boolean;
  wordStart?: boolean; // the match must begin at a word start (set by escapeAwareStart)
}

const PROVIDER = 3;
const STRUCTURE = 2;

const hasDigit = (v: string): boolean => /\d/.test(v);
const mixedCase = (v: string): boolean => /[a-z]/.test(v) && /[A-Z]/.test(v);
/** `$TOKEN`, `${TOKEN}`, `{{ secrets.X }}`, `<password>`, `***`: references and stand-ins, not values. */
export function isReference(v: string): boolean {
  return /^(?:\$|%[sd]|<[^>]*>$|\{\{|\*{3,}|x{3,}$|\.{3}|\[REDACTED)/i.test(v.trim());
}

const PEM_BODY = String.raw`(?:\\+[nr]|[A-Za-z0-9+/=\r\n \t]|(?:Proc-Type|DEK-Info|Comment):[^\r\n\\]*)`;
const PEM_END = String.raw`-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----`;

// scheme://user:pass@host (any scheme): the password may itself hold '@', so it runs to the last '@' of the authority.
export const URL_PASSWORD_RULE: PatternRule = { kind: 'url-password', priority: STRUCTURE, group: 1, re: /:\/\/[^\s:/?#@'"`]*:([^\s/?#'"`]+?)@(?=[^\s@/?#'"`\\]*(?:$|[\s/?#'"`\\]))/dg, accept: (v) => !isReference(v) };

/**
 * A leading `\b` fails on `\nAKIA…` in JSON-escaped text (n and A are both word characters), so
 * such a rule may also start right after a literal `\n`, `\r` or `\t` escape. The check runs in
 * code rather than as a lookbehind: a regex that opens with a lookbehind cannot use V8's fast
 * literal scan, which made every rule ten times slower.
 */
function escapeAwareStart(rule: PatternRule): PatternRule {
  if (!rule.re.source.startsWith('\\b')) return rule;
  return { ...rule, re: new RegExp(rule.re.source.slice(2), rule.re.flags), wordStart: true };
}

function atWordStart(text: string, i: number): boolean {
  const prev = text.charCodeAt(i - 1);
  const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  if (i === 0 || !isWord(prev)) return true;
  return text[i - 2] === '\\' && 'nrt'.includes(text[i - 1] ?? '');
}

export const PATTERN_RULES: readonly PatternRule[] = ([
  // Whole block, including a block cut short (no END line) as in a truncated tool output.
  { kind: 'private-key', priority: PROVIDER, re: new RegExp(String.raw`-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----${PEM_BODY}*?(?:${PEM_END}|(?!${PEM_BODY}))`, 'dg') },
  { kind: 'aws-access-key', priority: PROVIDER, re: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/dg },
  { kind: 'github-token', priority: PROVIDER, re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{40,255})\b/dg },
  { kind: 'gitlab-token', priority: PROVIDER, re: /\b(?:glpat|gldt|glrt|glptt|glft|glsoat|glcbt|gloas)-[A-Za-z0-9_-]{20,}/dg },
  { kind: 'slack-webhook', priority: PROVIDER, re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/dg },
  { kind: 'slack-token', priority: PROVIDER, re: /\b(?:xox[abposre]|xapp)-(?:\d+-)?[A-Za-z0-9-]{10,}/dg },
  { kind: 'stripe-key', priority: PROVIDER, re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/dg },
  { kind: 'stripe-webhook-secret', priority: PROVIDER, re: /\bwhsec_[A-Za-z0-9]{20,}/dg },
  { kind: 'google-api-key', priority: PROVIDER, re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/dg },
  { kind: 'google-oauth-secret', priority: PROVIDER, re: /\bGOCSPX-[A-Za-z0-9_-]{20,}/dg },
  { kind: 'anthropic-api-key', priority: PROVIDER, re: /\bsk-ant-[A-Za-z0-9_-]{20,}/dg },
  { kind: 'openai-api-key', priority: PROVIDER, re: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/dg, accept: (v) => hasDigit(v) && /[A-Za-z]/.test(v.slice(3)) },
  { kind: 'npm-token', priority: PROVIDER, re: /\bnpm_[A-Za-z0-9]{36}\b/dg },
  { kind: 'huggingface-token', priority: PROVIDER, re: /\bhf_[A-Za-z0-9]{30,}\b/dg, accept: mixedCase },
  { kind: 'sendgrid-api-key', priority: PROVIDER, re: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/dg },
  { kind: 'twilio-api-key', priority: PROVIDER, re: /\bSK[0-9a-fA-F]{32}\b/dg },
  { kind: 'shopify-token', priority: PROVIDER, re: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32,64}\b/dg },
  { kind: 'linear-api-key', priority: PROVIDER, re: /\blin_(?:api|oauth)_[A-Za-z0-9]{40}\b/dg },
  { kind: '1password-token', priority: PROVIDER, re: /\bops_eyJ[A-Za-z0-9+/=_-]{50,}/dg },
  { kind: 'pypi-token', priority: PROVIDER, re: /\bpypi-AgE[A-Za-z0-9_-]{50,}/dg },
  { kind: 'digitalocean-token', priority: PROVIDER, re: /\bdo[opr]_v1_[a-f0-9]{64}\b/dg },
  { kind: 'age-secret-key', priority: PROVIDER, re: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/dg },
  { kind: 'azure-storage-key', priority: PROVIDER, group: 1, re: /\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,}={0,2})/dg },
  { kind: 'azure-sas-signature', priority: PROVIDER, group: 1, re: /[?&]sig=([A-Za-z0-9%+/=]{20,})/dg },
  { kind: 'jwt', priority: STRUCTURE, re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/dg },
  { kind: 'basic-auth', priority: STRUCTURE, group: 1, re: /\bAuthorization[ \t]*[:=][ \t]*["']?Basic[ \t]+([A-Za-z0-9+/]{8,}={0,2})/dgi },
  { kind: 'authorization-header', priority: STRUCTURE, group: 1, re: /\bAuthorization[ \t]*[:=][ \t]*["']?(?:token|apikey|key|digest)[ \t]+([^\s"'`,;\\]{8,})/dgi, accept: (v) => !isReference(v) },
  // Prose says "Bearer token"; a credential has digits, symbols or mixed case.
  { kind: 'bearer-token', priority: STRUCTURE, group: 1, re: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{8,}=*)/dgi, accept: (v) => /[0-9._~+/=-]/.test(v) || mixedCase(v) },
  { kind: 'api-key', priority: STRUCTURE, group: 1, re: /\b(?:x-api-key|api-key|x-auth-token|x-access-token|private-token)[ \t]*:[ \t]*([^\s"'`,;\\]{8,})/dgi, accept: (v) => !isReference(v) },
  URL_PASSWORD_RULE,
  // curl -u user:pass
  { kind: 'password', priority: STRUCTURE, group: 1, re: /(?<![\w-])(?:-u|--user)[ \t]+["']?[^\s:'"]+:([^\s'"]+)/dg, accept: (v) => !isReference(v) },
] satisfies PatternRule[]).map(escapeAwareStart);

export function findPatternSecrets(text: string, rules: readonly PatternRule[] = PATTERN_RULES): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      if (rule.wordStart && !atWordStart(text, m.index)) {
        rule.re.lastIndex = m.index + 1; // a real token may start inside the rejected match
        continue;
      }
      const span = m.indices?.[rule.group ?? 0];
      if (!span || span[1] <= span[0]) continue;
      if (rule.accept && !rule.accept(text.slice(span[0], span[1]))) continue;
      out.push({ kind: rule.kind, start: span[0], end: span[1], priority: rule.priority });
    }
  }
  return out;
}
