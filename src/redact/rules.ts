import type { Candidate } from './types.js';

/**
 * Our own rules: provider token formats (overlapping secretlint on purpose, so that `redactSync`
 * and a failed secretlint load still catch them), plus the structural cases secretlint leaves out:
 * `KEY=value` assignments, auth headers, passwords inside URLs, JWTs and PEM blocks.
 */
export interface PatternRule {
  kind: string;
  re: RegExp; // must carry the `d` and `g` flags
  group?: number; // redact this group only, or the first later group that matched (alternatives); default: the whole match
  priority: number;
  accept?: (value: string) => boolean;
}

const PROVIDER = 3;
const STRUCTURE = 2;

const hasDigit = (v: string): boolean => /\d/.test(v);
const mixedCase = (v: string): boolean => /[a-z]/.test(v) && /[A-Z]/.test(v);
/**
 * A value written in prose after "password", "token"...: a credential mixes letters with digits or
 * symbols; words, type names, paths, URLs, calls and member expressions are not credentials.
 */
export function credentialLike(v: string): boolean {
  if (isReference(v) || /^(?:[./~]|https?:|[a-z]+:\/\/)/i.test(v) || /[(){}[\];,<>]/.test(v)) return false;
  if (!/[A-Za-z]/.test(v) || !/[0-9!#%&*+=?@^|~]/.test(v)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v) && !/\d/.test(v)) return false;
  return !/[:.]$/.test(v);
}

/** A command-line password: not a stand-in, not punctuation (`-p:` in prose), not the placeholder word itself (`-u user,password`). */
const flagValue = (v: string): boolean => v.length >= 3 && !isReference(v) && !/^[:=,.]/.test(v) && !/^(?:password|passwd|pass|pwd|secret|token|value)[:.,;]*$/i.test(v);

/** `$TOKEN`, `${TOKEN}`, `{{ secrets.X }}`, `<password>`, `***`: references and stand-ins, not values. */
export function isReference(v: string): boolean {
  return /^(?:\$|%[sd]|<[^>]*>$|\{\{|\*{3,}|x{3,}$|\.{3}|\[REDACTED)/i.test(v.trim());
}

const PEM_BODY = String.raw`(?:[A-Za-z0-9+/=\r\n \t]+|\\+[nr]|(?:Proc-Type|DEK-Info|Comment):[^\r\n\\]{0,200})`;
const PEM_END = String.raw`-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----`;

// scheme://user:pass@host (any scheme): the password may itself hold '@', so it runs to the last '@' of the authority.
export const URL_PASSWORD_RULE: PatternRule = { kind: 'url-password', priority: STRUCTURE, group: 1, re: /:\/\/?[^\s:/?#@'"`]{0,200}:([^\s/?#'"`]+?)@(?=[^\s@/?#'"`\\]*(?:$|[\s/?#'"`\\]))/dg, accept: (v) => !isReference(v) };

/**
 * Token starts, linear by construction. `prefix` must begin a token: the character before it is
 * not in `before` (by default a word character), unless that character ends a JSON escape such as
 * `\nAKIA...`. The check sits right after the literal, so V8 still scans for the literal fast, and a
 * start inside a run of token characters is rejected in constant time: no rule ever rescans a run
 * from inside it, which is what made `eyJeyJeyJ...` quadratic when the check ran after the match.
 */
function at(prefix: string, before = '[A-Za-z0-9_]'): string {
  return String.raw`(?:${prefix})(?<!${before}(?<!\\[nrt])(?:${prefix}))`;
}
/** Not right after a word character, unless that character ends a JSON escape (`\nmysql ...`). */
const NW = String.raw`(?<!(?<!\\)[A-Za-z0-9_])`;
const NWD = String.raw`(?<!(?<!\\)[A-Za-z0-9_-])`;
const NWX = String.raw`(?<!(?<!\\)[A-Za-z0-9_~.-])`;
/** The end of a token: the next character is not a token character. */
const END = String.raw`(?![A-Za-z0-9_])`;
const rx = (source: string, flags = 'dg'): RegExp => new RegExp(source, flags);

/** A command-line value: quoted or bare, at most 200 characters (bounded, so linear). */
const ARG = String.raw`["']?([^\s'"\x60;&|]{1,200})`;
/** The same, also when its quotes arrive JSON-escaped (`--body \"VALUE\"` inside a tool_result). */
const QARG = String.raw`(?:\\?["'])?([^\s'"\x60;&|\\]{1,200})`;
/** Up to 200 characters of the same command line before a flag. */
const SAME_LINE = String.raw`[^\r\n;&|\x60]{0,200}?`;

export const PATTERN_RULES: readonly PatternRule[] = [
  // Whole block, including a block cut short (no END line) as in a truncated tool output. The body
  // is one greedy loop that never backtracks (nothing after it can fail), so size costs no stack.
  { kind: 'private-key', priority: PROVIDER, re: rx(String.raw`-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----${PEM_BODY}*(?:${PEM_END})?`) },
  { kind: 'aws-access-key', priority: PROVIDER, re: rx(`${at('A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA')}[A-Z0-9]{16}${END}`) },
  { kind: 'github-token', priority: PROVIDER, re: rx(`${at('gh[pousr]_')}[A-Za-z0-9]{36,255}${END}|${at('github_pat_')}[A-Za-z0-9_]{40,255}${END}`) },
  { kind: 'gitlab-token', priority: PROVIDER, re: rx(`${at('glpat|gldt|glrt|glptt|glft|glsoat|glcbt|gloas')}-[A-Za-z0-9_-]{20,}`) },
  { kind: 'slack-webhook', priority: PROVIDER, re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/dg },
  { kind: 'slack-token', priority: PROVIDER, re: rx(`${at('xox[abposre]-|xapp-')}(?:\\d+-)?[A-Za-z0-9-]{10,}`) },
  { kind: 'stripe-key', priority: PROVIDER, re: rx(`${at('sk_|rk_')}(?:live|test)_[A-Za-z0-9]{10,}`) },
  { kind: 'stripe-webhook-secret', priority: PROVIDER, re: rx(`${at('whsec_')}[A-Za-z0-9]{20,}`) },
  { kind: 'google-api-key', priority: PROVIDER, re: rx(`${at('AIza')}[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])`) },
  { kind: 'google-oauth-secret', priority: PROVIDER, re: rx(`${at('GOCSPX-')}[A-Za-z0-9_-]{20,}`) },
  { kind: 'google-oauth-token', priority: PROVIDER, re: rx(`${at('ya29\\.')}[A-Za-z0-9_-]{20,}|${NW}(?<!/)1//0[A-Za-z0-9_-]{40,}`) },
  { kind: 'anthropic-api-key', priority: PROVIDER, re: rx(`${at('sk-ant-')}[A-Za-z0-9_-]{20,}`) },
  { kind: 'openai-api-key', priority: PROVIDER, re: rx(`${at('sk-')}(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}`), accept: (v) => hasDigit(v) && /[A-Za-z]/.test(v.slice(3)) },
  { kind: 'npm-token', priority: PROVIDER, re: rx(`${at('npm_')}[A-Za-z0-9]{36}${END}`) },
  { kind: 'huggingface-token', priority: PROVIDER, re: rx(`${at('hf_')}[A-Za-z0-9]{30,}${END}`), accept: mixedCase },
  { kind: 'sendgrid-api-key', priority: PROVIDER, re: rx(`${at('SG\\.')}[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}`) },
  { kind: 'brevo-api-key', priority: PROVIDER, re: rx(`${at('xkeysib-|xsmtpsib-')}[a-f0-9]{64}-[A-Za-z0-9]{16}`) },
  { kind: 'twilio-api-key', priority: PROVIDER, re: rx(`${at('SK')}[0-9a-fA-F]{32}${END}`) },
  // An account SID with its auth token (`AC...:...`, as in basic auth), or a 32-hex value named a Twilio or auth token.
  { kind: 'twilio-auth-token', priority: PROVIDER, group: 1, re: rx(String.raw`${at('AC')}[0-9a-f]{32}:([0-9a-f]{32})${END}|${NW}(?:twilio|auth[ _-]?token)(?![A-Za-z0-9])[^\r\n]{0,40}?${NW}([0-9a-f]{32})${END}`, 'dgi') },
  { kind: 'datadog-api-key', priority: PROVIDER, group: 1, re: rx(String.raw`${NW}(?:datadog|dd[_-]?(?:api|app|application)[_-]?key|dd-api-key|dd-application-key)(?![A-Za-z0-9])[^\r\n]{0,40}?${NW}([0-9a-f]{40}|[0-9a-f]{32})${END}`, 'dgi') },
  // Algolia admin keys are 32 hex: known by the client call with its application id before them.
  { kind: 'algolia-api-key', priority: PROVIDER, group: 1, re: rx(String.raw`${NW}algoliasearch\([ \t]*\\?["']?[A-Z0-9]{8,12}\\?["']?[ \t]*,[ \t]*\\?["']?([a-f0-9]{32})(?![A-Za-z0-9])`, 'dgi') },
  { kind: 'asana-token', priority: PROVIDER, re: rx(String.raw`${NW}(?<![/\d])[12]/\d{10,20}(?:/\d{10,20})?:[a-f0-9]{32}${END}`) },
  { kind: 'launchdarkly-key', priority: PROVIDER, re: rx(`${at('sdk-|api-|mob-')}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${END}`) },
  { kind: 'mailgun-api-key', priority: PROVIDER, re: rx(`${at('key-')}[0-9a-f]{32}${END}`) },
  { kind: 'mailchimp-api-key', priority: PROVIDER, re: rx(String.raw`${NW}[0-9a-f]{32}-us\d{1,2}${END}`) },
  { kind: 'shopify-token', priority: PROVIDER, re: rx(`${at('shp(?:at|ca|pa|ss)_')}[a-fA-F0-9]{32,64}${END}`) },
  { kind: 'linear-api-key', priority: PROVIDER, re: rx(`${at('lin_(?:api|oauth)_')}[A-Za-z0-9]{40}${END}`) },
  { kind: '1password-token', priority: PROVIDER, re: rx(`${at('ops_eyJ')}[A-Za-z0-9+/=_-]{50,}`) },
  { kind: 'pypi-token', priority: PROVIDER, re: rx(`${at('pypi-AgE')}[A-Za-z0-9_-]{50,}`) },
  { kind: 'rubygems-token', priority: PROVIDER, re: rx(`${at('rubygems_')}[a-f0-9]{48}${END}`) },
  { kind: 'digitalocean-token', priority: PROVIDER, re: rx(`${at('do[opr]_v1_')}[a-f0-9]{64}${END}`) },
  { kind: 'age-secret-key', priority: PROVIDER, re: rx(`${at('AGE-SECRET-KEY-1')}[0-9A-Z]{58}${END}`) },
  { kind: 'vault-token', priority: PROVIDER, re: rx(`${at('hv[sbr]\\.')}[A-Za-z0-9_-]{20,}|${at('s\\.')}[A-Za-z0-9]{24}${END}`), accept: (v) => v.startsWith('hv') || (hasDigit(v) && mixedCase(v)) },
  { kind: 'doppler-token', priority: PROVIDER, re: rx(`${at('dp\\.(?:pt|st|sa|ct|scim|audit)\\.')}(?:[a-z0-9_-]{1,40}\\.)?[A-Za-z0-9_-]{20,}`) },
  { kind: 'azure-ad-client-secret', priority: PROVIDER, re: rx(String.raw`${NWX}[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`) },
  { kind: 'telegram-bot-token', priority: PROVIDER, re: rx(String.raw`(?<![0-9:])(?:(?<=bot)|${NW})\d{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])`) },
  { kind: 'discord-bot-token', priority: PROVIDER, re: rx(String.raw`${NWD}[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-])`), accept: hasDigit },
  { kind: 'discord-webhook', priority: PROVIDER, re: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/[A-Za-z0-9_-]{20,}/dg },
  { kind: 'square-token', priority: PROVIDER, re: rx(`${at('sq0atp-|sq0csp-')}[A-Za-z0-9_-]{22,43}|${at('EAAA')}[A-Za-z0-9_-]{60}${END}`) },
  { kind: 'braintree-token', priority: PROVIDER, re: rx(String.raw`access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}`) },
  { kind: 'mapbox-secret-token', priority: PROVIDER, re: rx(`${at('sk\\.eyJ')}[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{10,}`) },
  { kind: 'postman-api-key', priority: PROVIDER, re: rx(`${at('PMAK-')}[0-9a-f]{24}-[0-9a-f]{34}${END}`) },
  { kind: 'atlassian-api-token', priority: PROVIDER, re: rx(`${at('ATATT3|ATCTT3|ATBB')}[A-Za-z0-9_=-]{28,}`) },
  { kind: 'grafana-token', priority: PROVIDER, re: rx(`${at('glc_|glsa_')}[A-Za-z0-9_+/]{32,400}={0,2}`) },
  { kind: 'newrelic-key', priority: PROVIDER, re: rx(`${at('NRAK-|NRII-|NRJS-|NRRA-')}[A-Z0-9]{27}${END}`) },
  { kind: 'sentry-token', priority: PROVIDER, re: rx(`${at('sntrys_eyJ')}[A-Za-z0-9+/=_-]{40,}|${at('sntryu_')}[a-f0-9]{64}${END}`) },
  { kind: 'flyio-token', priority: PROVIDER, re: rx(`${at('fo1_')}[A-Za-z0-9_-]{43}|${at('fm[12][ar]?_')}[A-Za-z0-9+/=_-]{100,}`) },
  { kind: 'databricks-token', priority: PROVIDER, re: rx(`${at('dapi')}[a-h0-9]{32}(?:-\\d)?${END}`) },
  { kind: 'supabase-token', priority: PROVIDER, re: rx(`${at('sbp_')}[a-f0-9]{40}${END}`) },
  { kind: 'planetscale-token', priority: PROVIDER, re: rx(`${at('pscale_(?:tkn|pw|oauth)_')}[A-Za-z0-9_.-]{32,64}`) },
  { kind: 'dynatrace-token', priority: PROVIDER, re: rx(`${at('dt0c01\\.')}[A-Z0-9]{24}\\.[A-Z0-9]{64}${END}`) },
  { kind: 'easypost-api-key', priority: PROVIDER, re: rx(`${at('EZAK|EZTK')}[A-Za-z0-9]{54}${END}`) },
  { kind: 'terraform-cloud-token', priority: PROVIDER, re: rx(String.raw`${NW}[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}`) },
  { kind: 'jfrog-token', priority: PROVIDER, re: rx(`${at('AKCp')}[A-Za-z0-9]{69}${END}|${at('cmVmdGtu')}[A-Za-z0-9]{56,}`) },
  { kind: 'notion-token', priority: PROVIDER, re: rx(`${at('secret_')}[A-Za-z0-9]{43}${END}|${at('ntn_')}[0-9]{11}[A-Za-z0-9]{35}${END}`) },
  { kind: 'pulumi-token', priority: PROVIDER, re: rx(`${at('pul-')}[a-f0-9]{40}${END}`) },
  { kind: 'prefect-token', priority: PROVIDER, re: rx(`${at('pnu_')}[A-Za-z0-9]{36}${END}`) },
  { kind: 'groq-api-key', priority: PROVIDER, re: rx(`${at('gsk_')}[A-Za-z0-9]{52}${END}`) },
  { kind: 'replicate-token', priority: PROVIDER, re: rx(`${at('r8_')}[A-Za-z0-9]{37}${END}`) },
  { kind: 'perplexity-api-key', priority: PROVIDER, re: rx(`${at('pplx-')}[A-Za-z0-9]{48}${END}`) },
  { kind: 'xai-api-key', priority: PROVIDER, re: rx(`${at('xai-')}[A-Za-z0-9]{80}${END}`) },
  { kind: 'tailscale-key', priority: PROVIDER, re: rx(`${at('tskey-(?:api|auth|client|webhook|scim)-')}[A-Za-z0-9]{6,}-[A-Za-z0-9]{20,}`) },
  { kind: 'heroku-api-key', priority: PROVIDER, group: 1, re: rx(`(${at('HRKU-')}[A-Za-z0-9_-]{40,})|${NW}heroku(?![A-Za-z0-9])[^\\r\\n]{0,40}?(?<![A-Za-z0-9-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})${END}`, 'dgi') },
  { kind: 'alibaba-access-key', priority: PROVIDER, re: rx(`${at('LTAI')}[A-Za-z0-9]{20}${END}`) },
  { kind: 'yandex-token', priority: PROVIDER, re: rx(`${at('AQVN')}[A-Za-z0-9_-]{35,38}${END}|${at('y[0-3]_')}[A-Za-z0-9_-]{55,}`) },
  { kind: 'firebase-fcm-key', priority: PROVIDER, re: rx(`${at('AAAA')}[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{130,140}`) },
  { kind: 'facebook-access-token', priority: PROVIDER, re: rx(`${at('EAA[BCDGI]')}[A-Za-z0-9]{80,}${END}`) },
  { kind: 'docker-hub-token', priority: PROVIDER, re: rx(`${at('dckr_(?:pat|oat)_')}[A-Za-z0-9_-]{27,64}(?![A-Za-z0-9_-])`) },
  { kind: 'figma-token', priority: PROVIDER, re: rx(`${at('figd_')}[A-Za-z0-9_-]{40,100}(?![A-Za-z0-9_-])`) },
  { kind: 'contentful-token', priority: PROVIDER, re: rx(`${at('CFPAT-')}[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`) },
  { kind: 'netlify-token', priority: PROVIDER, re: rx(`${at('nfp_')}[A-Za-z0-9]{36,64}${END}`) },
  { kind: 'render-api-key', priority: PROVIDER, re: rx(`${at('rnd_')}[A-Za-z0-9]{32}${END}`), accept: hasDigit },
  { kind: 'resend-api-key', priority: PROVIDER, re: rx(`${at('re_')}[A-Za-z0-9]{8}_[A-Za-z0-9]{24}${END}`), accept: hasDigit },
  { kind: 'posthog-personal-key', priority: PROVIDER, re: rx(`${at('phx_')}[A-Za-z0-9]{43}${END}`) },
  { kind: 'crates-io-token', priority: PROVIDER, re: rx(`${at('cio')}[A-Za-z0-9]{32}${END}`), accept: (v) => hasDigit(v.slice(3)) && mixedCase(v.slice(3)) },
  { kind: 'nuget-api-key', priority: PROVIDER, re: rx(`${at('oy2')}[a-z0-9]{43}${END}`), accept: (v) => hasDigit(v.slice(3)) },
  { kind: 'shippo-token', priority: PROVIDER, re: rx(`${at('shippo_(?:live|test)_')}[a-f0-9]{40}${END}`) },
  { kind: 'airtable-token', priority: PROVIDER, re: rx(`${at('pat')}[A-Za-z0-9]{14}\\.[a-f0-9]{64}${END}`) },
  { kind: 'dropbox-token', priority: PROVIDER, re: rx(`${at('sl\\.(?:u\\.)?')}[A-Za-z0-9_-]{130,}`) },
  // A kubeconfig's client key is a PEM private key in base64.
  { kind: 'private-key', priority: PROVIDER, group: 1, re: rx(`${at('client-key-data')}:[ \\t]*["']?([A-Za-z0-9+/]{20,}={0,2})`) },
  // A PuTTY .ppk key file: the lines after `Private-Lines: N` (each line checked by a lookahead, so
  // the Private-MAC line after them is never taken for one).
  { kind: 'private-key', priority: PROVIDER, group: 1, re: rx(String.raw`Private-Lines:[ \t]*\d{1,4}(?:\r?\n|(?:\\r)?\\n)((?:[A-Za-z0-9+/=]{1,200}(?:\r?\n|(?:\\r)?\\n)(?=[A-Za-z0-9+/=]{1,200}(?:\r?\n|(?:\\r)?\\n|$)))*[A-Za-z0-9+/=]{1,200})(?=\r?\n|(?:\\r)?\\n|$)`) },
  { kind: 'azure-storage-key', priority: PROVIDER, group: 1, re: rx(`${at('AccountKey=|SharedAccessKey=')}([A-Za-z0-9+/]{20,}={0,2})`) },
  { kind: 'azure-sas-signature', priority: PROVIDER, group: 1, re: /[?&]sig=([A-Za-z0-9%+/=]{20,})/dg },
  // AWS secret access keys are 40 base64 characters, '/' and '+' included: found by what names them.
  { kind: 'aws-secret-access-key', priority: PROVIDER, group: 1, re: rx(String.raw`${NW}aws[A-Za-z0-9 ._-]{0,30}?(?:secret|private)[A-Za-z0-9 ._-]{0,20}?["'\x60]?[ \t]*(?:[:=]|=>|\bis\b)?[ \t]*["'\x60]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'dgi') },
  { kind: 'jwt', priority: STRUCTURE, re: rx(`${at('eyJ', '[A-Za-z0-9_-]')}[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}`) },
  { kind: 'basic-auth', priority: STRUCTURE, group: 1, re: rx(`${at('Authorization')}[ \\t]*[:=][ \\t]*["']?Basic[ \\t]+([A-Za-z0-9+/]{8,}={0,2})`, 'dgi') },
  { kind: 'authorization-header', priority: STRUCTURE, group: 1, re: rx(`${at('Authorization')}[ \\t]*[:=][ \\t]*["']?(?:token|apikey|key|digest)[ \\t]+([^\\s"'\x60,;\\\\]{8,})`, 'dgi'), accept: (v) => !isReference(v) },
  // Prose says "Bearer token"; a credential has digits, symbols or mixed case.
  { kind: 'bearer-token', priority: STRUCTURE, group: 1, re: rx(`${at('Bearer')}[ \\t]+([A-Za-z0-9._~+/-]{8,}=*)`, 'dgi'), accept: (v) => /[0-9._~+/=-]/.test(v) || mixedCase(v) },
  { kind: 'api-key', priority: STRUCTURE, group: 1, re: rx(`${at('x-api-key|api-key|x-auth-token|x-access-token|private-token|dd-api-key|x-vault-token|x-doppler-token')}[ \\t]*:[ \\t]*([^\\s"'\x60,;\\\\]{8,})`, 'dgi'), accept: (v) => !isReference(v) },
  URL_PASSWORD_RULE,
  // curl -u user:pass (not `-u http://host`, a URL given as the user of `az login`)
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:-u|--user)[ \t]+["']?[^\s:'"]{1,200}:([^\s'"]{1,200})`), accept: (v) => !isReference(v) && !v.startsWith('//') },
  // crypt(3) password hashes (shadow, htpasswd): MD5/SHA-crypt, bcrypt, yescrypt
  { kind: 'password-hash', priority: STRUCTURE, re: rx(String.raw`(?<!(?<!\\)[\w$])\$(?:(?:1|5|6|apr1)\$(?:rounds=\d{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}|2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}|y\$[./A-Za-z0-9]{1,20}\$[./A-Za-z0-9]{1,86}\$[./A-Za-z0-9]{43})(?![./A-Za-z0-9])`) },
  // mysql -p'...' / -pPASS (the value is glued to -p), sshpass -p ..., docker login -p ...
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlpump|mariadb|mariadb-dump)(?![\w-])${SAME_LINE}[ \t]-p["']?([^\s'"\x60;&|]{1,200})`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}sshpass(?![\w-])${SAME_LINE}[ \t]-p[ \t]*${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:docker|podman|buildah|skopeo|nerdctl|helm|oras|crane|az|oc|cf)(?![\w-])${SAME_LINE}[ \t]login(?![\w-])${SAME_LINE}[ \t](?:-p|--password)(?:[ \t]+|=)${ARG}`), accept: flagValue },
  // redis-cli -a PASS, mongosh -p PASS, ssh-keygen -N PASS, htpasswd -b file user PASS
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:redis-cli|valkey-cli|keydb-cli)(?![\w-])${SAME_LINE}[ \t](?:-a|--pass)[ \t]+${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles)(?![\w-])${SAME_LINE}[ \t](?:-p|--password)(?:[ \t]+|=)${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}ssh-keygen(?![\w-])${SAME_LINE}[ \t]-[NP][ \t]+${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}htpasswd(?![\w-])[ \t]+(?:-[A-Za-z]+[ \t]+)*?-[A-Za-z]*b[A-Za-z]*[ \t]+(?:-[A-Za-z]+[ \t]+)*?[^\s-]\S{0,199}[ \t]+\S{1,200}[ \t]+${ARG}`), accept: flagValue },
  // sqlcmd/bcp -P PASS, zip/unzip -P PASS, 7z -pPASS (glued), ldapsearch & co. -w PASS, smbclient
  // -U user%PASS, rabbitmqctl add_user USER PASS, nmcli ... password PASS
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:sqlcmd|bcp|osql|isql)(?![\w-])${SAME_LINE}[ \t]-P[ \t]*${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:zip|unzip|zipcloak|funzip)(?![\w-])${SAME_LINE}[ \t]-P[ \t]+${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:7z|7za|7zr|7zz)(?![\w-])${SAME_LINE}[ \t]-p${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}ldap(?:search|modify|add|delete|whoami|passwd|compare|modrdn|exop|url)(?![\w-])${SAME_LINE}[ \t]-w[ \t]+${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:smbclient|smbget|smbcacls|smbmap|rpcclient|mount\.cifs)(?![\w-])${SAME_LINE}[ \t](?:-U|--user(?:name)?)(?:[ \t]+|=)["']?[^\s%'"]{1,200}%([^\s'"\x60;&|]{1,200})`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}rabbitmqctl(?![\w-])${SAME_LINE}[ \t](?:add_user|change_password|authenticate_user)[ \t]+["']?[^\s'"]{1,200}["']?[ \t]+${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}nmcli(?![\w-])${SAME_LINE}[ \t](?:password|wifi-sec\.psk|802-11-wireless-security\.psk)[ \t]+${ARG}`), accept: flagValue },
  // The same with its quotes gone (a shell ate them): only after WITH PASSWORD / IDENTIFIED BY, and
  // only a value that looks like a credential.
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}(?:with[ \t]+(?:encrypted[ \t]+)?password|identified(?:[ \t]+with[ \t]+[A-Za-z0-9_]{1,40})?[ \t]+by)[ \t]+([^\s'"\x60;,()]{6,200})`, 'dgi'), accept: credentialLike },
  // keytool's single-dash password flags (-storepass VALUE); `--password VALUE` and the other
  // double-dash flags are assignments (assign.ts).
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}-(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass)(?:[ \t]+|=)${ARG}`, 'dgi'), accept: (v) => flagValue(v) && credentialLike(v) },
  // SQL: CREATE/ALTER USER ... PASSWORD 'v', IDENTIFIED [WITH plugin] BY 'v', SET PASSWORD = 'v'
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}(?:password|identified(?:[ \t]+with[ \t]+[A-Za-z0-9_]{1,40})?[ \t]+by)(?:[ \t]+|[ \t]*=[ \t]*)'([^'\r\n]{1,200})'`, 'dgi'), accept: flagValue },
  // PuTTY's plink/pscp/psftp -pw PASS, psexec/paexec -p PASS, openssl enc -k PASS, lftp -u user,PASS,
  // -auth/--auth user:PASS (jenkins-cli and others), gh secret set NAME --body VALUE
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:plink|pscp|psftp|putty|kitty)(?:\.exe)?(?![\w-])${SAME_LINE}[ \t]-pw[ \t]+${ARG}`, 'dgi'), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:psexec|psexec64|paexec)(?:\.exe)?(?![\w-])${SAME_LINE}[ \t]-p[ \t]+${ARG}`, 'dgi'), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}net[ \t]+use[ \t]+(?:[A-Za-z]:[ \t]+)?\\{2,4}[^\s]{1,200}[ \t]+["']?([^\s'"/][^\s'"]{0,199})["']?(?=[ \t]+/u(?:ser)?:)`, 'dgi'), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}openssl(?![\w-])${SAME_LINE}[ \t]-k[ \t]+${ARG}`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}lftp(?![\w-])${SAME_LINE}[ \t]-u[ \t]+["']?[^\s,'"]{1,200},([^\s'"\x60;&|]{1,200})`), accept: flagValue },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}(?:-auth|--auth|--basic-auth|--http-auth)(?:[ \t]+|=)["']?[^\s:'"@]{1,200}:([^\s'"\x60;&|@]{1,200})`), accept: (v) => flagValue(v) && !v.startsWith('//') },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}gh(?![\w-])${SAME_LINE}[ \t]secret[ \t]+set(?![\w-])${SAME_LINE}[ \t](?:-b|--body)(?:[ \t]+|=)${QARG}`), accept: flagValue },
  // `config set KEY VALUE` where KEY names a secret (wp-cli, npm, git and other config commands)
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}config[ \t]+set[ \t]+(?:--?[a-z-]{1,30}[ \t]+){0,3}[A-Za-z0-9_.:-]{0,60}?(?:password|passwd|secret|token|api[_-]?key|auth)[A-Za-z0-9_.-]{0,30}[ \t]+${ARG}`, 'dgi'), accept: flagValue },
  // echo 'VALUE' | docker login --password-stdin (any command that reads a password from stdin)
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}(?:echo|printf)[ \t]+(?:-[neE]{1,3}[ \t]+)?(?:\\?["'])?([^\s'"|;&\x60\\]{3,200})(?:\\?["'])?[ \t]*\|[^\r\n|;&]{0,200}?--password-stdin`), accept: flagValue },
  // XML: <password>VALUE</password>, .NET app settings <add key="DbPassword" value="VALUE" />
  { kind: 'password', priority: STRUCTURE, group: 2, re: rx(String.raw`<((?:[A-Za-z]{1,20}[_-]?)?(?:password|passwd|secret|token|api[_-]?key|client[_-]?secret|access[_-]?key|private[_-]?key))>([^<\s]{1,200})</\1>`, 'dgi'), accept: (v) => v.length >= 3 && !isReference(v) },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}key=\\?["']?[^"'\s\\]{0,60}?(?:password|passwd|pwd|secret|token|api[_-]?key)[^"'\s\\]{0,30}\\?["']?[ \t]+value=(?:\\?["'])?([^"'\s\\]{1,200})`, 'dgi'), accept: (v) => !isReference(v) },
  // Session cookies: the value of a session-named cookie (the token-named ones are assignments)
  { kind: 'session-cookie', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}(?:session(?:id|_id|-id)?|sid|sessid|phpsessid|jsessionid|asp\.net_sessionid|connect\.sid|laravel_session|_[a-z0-9_]{1,30}_session)=([^;\s"'\x60]{16,400})`, 'dgi'), accept: (v) => !isReference(v) },
  // AWS Signature Version 4: a request signature (a presigned URL replays it until it expires)
  { kind: 'aws-signature', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}(?:Signature=|X-Amz-Signature=)([0-9a-f]{64})${END}`) },
  // openssl's `-passin pass:VALUE` (env:, file: and fd: name where the password is, not the password)
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}-(?:passin|passout|pass|password)[ \t]+["']?pass:([^\s'"\x60;&|]{1,200})`), accept: flagValue },
  // PowerShell: ConvertTo-SecureString "VALUE" -AsPlainText
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}ConvertTo-SecureString(?:[ \t]+-String)?[ \t]+\\?["']([^"'\r\n\x60$\\]{1,200})\\?["']`, 'dgi'), accept: flagValue },
  // PHP: define('DB_PASSWORD', 'VALUE'), wp-config's keys and salts; quotes optional (a shell that
  // echoed the line took them off)
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}define\([ \t]*["']?[A-Z0-9_]{0,40}(?:PASSWORD|PASSWD|PASS|SECRET|TOKEN|KEY|SALT)[A-Z0-9_]{0,40}["']?[ \t]*,[ \t]*(?:["']([^"'\r\n]{4,200})["']|([^\s"'(),;]{4,200})[ \t]*\))`), accept: (v) => !isReference(v) && !/^(?:true|false|null)$/i.test(v) },
  // .netrc: `machine host login user password value`
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NWD}machine[ \t]+\S{1,200}[ \t]+login[ \t]+\S{1,200}[ \t]+password[ \t]+(\S{1,200})`), accept: (v) => !isReference(v) },
  // "the db password:\nZxcv1234Qwer", "password is Zxcv1234Qwer": a value on the same or the next
  // line, in prose. Only values that look like a credential (a digit or symbol beside letters).
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}(?:password|passwd|passphrase|passcode|pwd|pw|secret|token|api[ _-]?key|credentials?)(?![A-Za-z0-9_])(?:[ \t]*(?:\bis\b|:|=)[ \t]*(?:\r?\n|(?:\\r)?\\n)?|[ \t]*(?:\r?\n|(?:\\r)?\\n))[ \t]*(?:["'\x60]|\\["'])?([^\s'"\x60\\(){}[\];,<>]{6,200})`, 'dgi'), accept: credentialLike },
  // "pw for the admin panel: VALUE", "the key is VALUE", "use the token VALUE for ...": a few words
  // between, or none after "token"/"password"; only values that mix letters and digits.
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}(?:password|passwd|passphrase|pwd|pw|secret|token|api[ _-]?key|key)(?![A-Za-z0-9_])[ \t]+(?:for[ \t]+[^\r\n:]{1,40}?:|is)[ \t]+["'\x60]?([^\s'"\x60\\(){}[\];,<>]{8,200})`, 'dgi'), accept: (v) => credentialLike(v) && /\d/.test(v) && !/^\d+(?:[.,]\d+)*[a-z%]{0,3}$/i.test(v) },
  { kind: 'password', priority: STRUCTURE, group: 1, re: rx(String.raw`${NW}(?:the|this|that|my|our|your|a|an|new)[ \t]+(?:password|passphrase|token|api[ _-]?key|secret)[ \t]+["'\x60]?([A-Za-z0-9_\-.+/=!@#$%^&*~]{8,200})(?=["'\x60]?(?:[\s,;.)]|$))`, 'dgi'), accept: (v) => credentialLike(v) && /\d/.test(v) && mixedCase(v) },
];

export function findPatternSecrets(text: string, rules: readonly PatternRule[] = PATTERN_RULES): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      if (m[0] === '') rule.re.lastIndex += 1; // a user pattern that can match nothing must still advance
      const span = spanOf(m, rule.group);
      if (!span || span[1] <= span[0]) continue;
      if (rule.accept && !rule.accept(text.slice(span[0], span[1]))) continue;
      out.push({ kind: rule.kind, start: span[0], end: span[1], priority: rule.priority });
    }
  }
  return out;
}

function spanOf(m: RegExpExecArray, group: number | undefined): [number, number] | undefined {
  if (group === undefined || group === 0) return m.indices?.[0];
  for (let g = group; g < (m.indices?.length ?? 0); g++) if (m.indices?.[g]) return m.indices[g];
  return undefined;
}
