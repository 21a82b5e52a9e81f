// .dbg.ts
import { readFileSync, readdirSync } from "node:fs";

// src/redact/rules.ts
var PROVIDER = 3;
var STRUCTURE = 2;
var hasDigit = (v) => /\d/.test(v);
var mixedCase = (v) => /[a-z]/.test(v) && /[A-Z]/.test(v);
function isReference(v) {
  return /^(?:\$|%[sd]|<[^>]*>$|\{\{|\*{3,}|x{3,}$|\.{3}|\[REDACTED)/i.test(v.trim());
}
var PEM_BODY = String.raw`(?:\\+[nr]|[A-Za-z0-9+/=\r\n \t]|(?:Proc-Type|DEK-Info|Comment):[^\r\n\\]*)`;
var PEM_END = String.raw`-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----`;
var URL_PASSWORD_RULE = { kind: "url-password", priority: STRUCTURE, group: 1, re: /\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/[^\s:/?#@'"`]*:([^\s/?#'"`]+?)@(?=[^\s@/?#'"`\\]*(?:$|[\s/?#'"`\\]))/dg, accept: (v) => !isReference(v) };
function escapeAwareStart(rule) {
  if (!rule.re.source.startsWith("\\b")) return rule;
  const start = String.raw`(?:(?<=\\[nrt])|(?<![A-Za-z0-9_]))`;
  return { ...rule, re: new RegExp(start + rule.re.source.slice(2), rule.re.flags) };
}
var PATTERN_RULES = [
  // Whole block, including a block cut short (no END line) as in a truncated tool output.
  { kind: "private-key", priority: PROVIDER, re: new RegExp(String.raw`-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----${PEM_BODY}*?(?:${PEM_END}|(?!${PEM_BODY}))`, "dg") },
  { kind: "aws-access-key", priority: PROVIDER, re: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/dg },
  { kind: "github-token", priority: PROVIDER, re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{40,255})\b/dg },
  { kind: "gitlab-token", priority: PROVIDER, re: /\b(?:glpat|gldt|glrt|glptt|glft|glsoat|glcbt|gloas)-[A-Za-z0-9_-]{20,}/dg },
  { kind: "slack-webhook", priority: PROVIDER, re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/dg },
  { kind: "slack-token", priority: PROVIDER, re: /\b(?:xox[abposre]|xapp)-(?:\d+-)?[A-Za-z0-9-]{10,}/dg },
  { kind: "stripe-key", priority: PROVIDER, re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/dg },
  { kind: "stripe-webhook-secret", priority: PROVIDER, re: /\bwhsec_[A-Za-z0-9]{20,}/dg },
  { kind: "google-api-key", priority: PROVIDER, re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/dg },
  { kind: "google-oauth-secret", priority: PROVIDER, re: /\bGOCSPX-[A-Za-z0-9_-]{20,}/dg },
  { kind: "anthropic-api-key", priority: PROVIDER, re: /\bsk-ant-[A-Za-z0-9_-]{20,}/dg },
  { kind: "openai-api-key", priority: PROVIDER, re: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/dg, accept: (v) => hasDigit(v) && /[A-Za-z]/.test(v.slice(3)) },
  { kind: "npm-token", priority: PROVIDER, re: /\bnpm_[A-Za-z0-9]{36}\b/dg },
  { kind: "huggingface-token", priority: PROVIDER, re: /\bhf_[A-Za-z0-9]{30,}\b/dg, accept: mixedCase },
  { kind: "sendgrid-api-key", priority: PROVIDER, re: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/dg },
  { kind: "twilio-api-key", priority: PROVIDER, re: /\bSK[0-9a-fA-F]{32}\b/dg },
  { kind: "shopify-token", priority: PROVIDER, re: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32,64}\b/dg },
  { kind: "linear-api-key", priority: PROVIDER, re: /\blin_(?:api|oauth)_[A-Za-z0-9]{40}\b/dg },
  { kind: "1password-token", priority: PROVIDER, re: /\bops_eyJ[A-Za-z0-9+/=_-]{50,}/dg },
  { kind: "pypi-token", priority: PROVIDER, re: /\bpypi-AgE[A-Za-z0-9_-]{50,}/dg },
  { kind: "digitalocean-token", priority: PROVIDER, re: /\bdo[opr]_v1_[a-f0-9]{64}\b/dg },
  { kind: "age-secret-key", priority: PROVIDER, re: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/dg },
  { kind: "azure-storage-key", priority: PROVIDER, group: 1, re: /\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,}={0,2})/dg },
  { kind: "azure-sas-signature", priority: PROVIDER, group: 1, re: /[?&]sig=([A-Za-z0-9%+/=]{20,})/dg },
  { kind: "jwt", priority: STRUCTURE, re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/dg },
  { kind: "basic-auth", priority: STRUCTURE, group: 1, re: /\bAuthorization[ \t]*[:=][ \t]*["']?Basic[ \t]+([A-Za-z0-9+/]{8,}={0,2})/dgi },
  { kind: "authorization-header", priority: STRUCTURE, group: 1, re: /\bAuthorization[ \t]*[:=][ \t]*["']?(?:token|apikey|key|digest)[ \t]+([^\s"'`,;\\]{8,})/dgi, accept: (v) => !isReference(v) },
  // Prose says "Bearer token"; a credential has digits, symbols or mixed case.
  { kind: "bearer-token", priority: STRUCTURE, group: 1, re: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{8,}=*)/dgi, accept: (v) => /[0-9._~+/=-]/.test(v) || mixedCase(v) },
  { kind: "api-key", priority: STRUCTURE, group: 1, re: /\b(?:x-api-key|api-key|x-auth-token|x-access-token|private-token)[ \t]*:[ \t]*([^\s"'`,;\\]{8,})/dgi, accept: (v) => !isReference(v) },
  URL_PASSWORD_RULE,
  // curl -u user:pass
  { kind: "password", priority: STRUCTURE, group: 1, re: /(?<![\w-])(?:-u|--user)[ \t]+["']?[^\s:'"]+:([^\s'"]+)/dg, accept: (v) => !isReference(v) }
].map(escapeAwareStart);
function findPatternSecrets(text, rules = PATTERN_RULES) {
  const out = [];
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const span = m.indices?.[rule.group ?? 0];
      if (!span || span[1] <= span[0]) continue;
      if (rule.accept && !rule.accept(text.slice(span[0], span[1]))) continue;
      out.push({ kind: rule.kind, start: span[0], end: span[1], priority: rule.priority });
    }
  }
  return out;
}

// src/redact/assign.ts
var PRIORITY = 2;
var SECRET_KEY_RE = /(?:^|_)(password|passwd|pwd|pass|passphrase|secret|token|api_?key|apikey|access_?key|secret_?key|private_?key|client_?secret|auth|auth_?token|credentials?)$/;
function secretKeyKind(key) {
  const norm = key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[.-]+/g, "_");
  const m = SECRET_KEY_RE.exec(norm);
  if (!m) return void 0;
  if (/aws_?secret/.test(norm)) return "aws-secret-access-key";
  if (/^pass|pwd/.test(m[1] ?? "")) return "password";
  return "secret";
}
var KEY = String.raw`[A-Za-z_][\w.-]{0,80}`;
var QUOTED = new RegExp(String.raw`(?<![\w.-])(?<kq>\\*["'\x60]?)(?<key>${KEY})\k<kq>[ \t]*(?::=|=>|[:=])[ \t]*(?<q>\\*["'\x60])(?<v>[^\r\n]{1,500}?)(?<!\\)\k<q>`, "dg");
var ENV = new RegExp(String.raw`(?<![\w.$/-])(?:export[ \t]+)?(?<key>${KEY})=(?<v>(?:(?!\\[nrt"'])[^\s'"\x60;&|,)}\]\\])+)`, "dg");
var SPACED = new RegExp(String.raw`(?<![\w.$/-])(?<key>${KEY})(?:[ \t]*=[ \t]*|:[ \t]+)(?<v>[^\s'"\x60,;()[\]{}\\]+)(?=[ \t]*(?:$|[\r\n#]|\\[nr]))`, "dgm");
var FLAG = new RegExp(String.raw`(?<![\w-])--(?<key>[A-Za-z][\w-]{0,60})(?:=|[ \t]+)["']?(?<v>[^\s'"\x60;&|\\]+)`, "dg");
var TYPE_WORDS = /* @__PURE__ */ new Set(["string", "number", "boolean", "bool", "any", "unknown", "object", "null", "none", "nil", "undefined", "true", "false", "str", "int", "bytes", "optional", "required", "secret", "password", "token", "redacted", "hidden", "env", "yes", "no"]);
function plausibleValue(v, quoted) {
  const t = v.trim();
  if (t === "" || isReference(t) || /^\\*$/.test(t)) return false;
  if (/\\[nr]|^\s*\+|\+\s*$/.test(v)) return false;
  if (quoted) return true;
  if (TYPE_WORDS.has(t.toLowerCase())) return false;
  if (/^[a-z_$][\w$]*[A-Z][\w$]*$/.test(t) && !/\d/.test(t)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(t)) return false;
  return true;
}
function findAssignments(text) {
  const out = [];
  const scan = (re, quoted) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const span = m.indices?.groups?.v;
      if (!span) continue;
      const kind = secretKeyKind(m.groups?.key ?? "");
      if (kind && plausibleValue(text.slice(span[0], span[1]), quoted)) {
        out.push({ kind, start: span[0], end: span[1], priority: PRIORITY });
      } else {
        re.lastIndex = span[0];
      }
    }
  };
  if (!/[=:-]/.test(text)) return out;
  scan(QUOTED, true);
  scan(ENV, false);
  scan(SPACED, false);
  scan(FLAG, false);
  return out;
}

// src/redact/entropy.ts
var PRIORITY2 = 1;
var MIN_LENGTH = 20;
var MIN_BITS_PER_CHAR = 3.5;
var MAX_AVG_CHUNK = 2.6;
var TOKEN_RE = /(?:(?<=\\[nrt])|(?<![A-Za-z0-9+/_\\-]))[A-Za-z0-9+/_-]{20,}={0,3}/g;
var SAFE_PREFIX_RE = /^(?:sha(?:1|224|256|384|512)-|(?:srv)?toolu_|msg_|req_|call_|chatcmpl-|file_|run_|thread_|[a-z]+(?:_[a-z]+)*_01[A-Za-z0-9]{20,}$)/;
function shannonEntropy(s) {
  const counts = /* @__PURE__ */ new Map();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
function averageChunk(s) {
  const chunks = s.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g);
  if (!chunks) return Infinity;
  return chunks.reduce((n, c) => n + c.length, 0) / chunks.length;
}
function looksRandom(token) {
  if (SAFE_PREFIX_RE.test(token)) return false;
  const core = token.replace(/=+$/, "");
  const alnum = core.replace(/[^A-Za-z0-9]/g, "");
  if (alnum.length < MIN_LENGTH) return false;
  if (/^[0-9a-fA-F]+$/.test(alnum)) return false;
  if (!/[a-z]/.test(alnum) || !/[A-Z]/.test(alnum) || !/[0-9]/.test(alnum)) return false;
  if (averageChunk(core) > MAX_AVG_CHUNK) return false;
  return shannonEntropy(core) >= MIN_BITS_PER_CHAR;
}
function findHighEntropy(text) {
  const out = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    if (looksRandom(m[0])) out.push({ kind: "high-entropy", start: m.index, end: m.index + m[0].length, priority: PRIORITY2 });
  }
  return out;
}

// src/errors.ts
var HandoverError = class extends Error {
  code;
  hint;
  path;
  constructor(code, message, opts = {}) {
    super(message, opts.cause === void 0 ? void 0 : { cause: opts.cause });
    this.name = "HandoverError";
    this.code = code;
    this.hint = opts.hint;
    this.path = opts.path;
  }
};
var ValidationError = class extends HandoverError {
  constructor(message, opts = {}) {
    super("INVALID_INPUT", message, opts);
    this.name = "ValidationError";
  }
};

// src/messages/redact.ts
var redactMsg = {
  badPattern: (name, why) => `The redaction pattern ${JSON.stringify(name)} is not a valid regular expression: ${why}.`,
  badPatternFix: "Fix or remove it under `redact.extraPatterns` in .agent-handover.yml (JavaScript regex syntax, no slashes or flags)."
};

// src/redact/placeholder.ts
function placeholder(kind) {
  return `[REDACTED:${kind}]`;
}
function normalizeKind(name) {
  const kind = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return kind === "" ? "custom" : kind;
}
var PLACEHOLDER_RE = /\[REDACTED:[a-z0-9][a-z0-9-]*\]/g;
function placeholderSpans(text) {
  if (!text.includes("[REDACTED:")) return [];
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => [m.index, m.index + m[0].length]);
}

// src/redact/extra.ts
function compileExtraPatterns(opts) {
  return (opts?.extraPatterns ?? []).map(({ name, pattern }) => {
    let re;
    try {
      re = new RegExp(pattern, "dg");
    } catch (err) {
      throw new ValidationError(redactMsg.badPattern(name, err.message), { hint: redactMsg.badPatternFix });
    }
    const groups = new RegExp(`${pattern}|`).exec("")?.length ?? 1;
    return { kind: normalizeKind(name), re, priority: 3, ...groups > 1 ? { group: 1 } : {} };
  });
}

// src/redact/secretlint.ts
var loading;
async function load() {
  try {
    const [{ lintSource }, preset] = await Promise.all([import("@secretlint/core"), import("@secretlint/secretlint-rule-preset-recommend")]);
    const rules = preset.rules.filter((rule) => rule.meta.id !== "@secretlint/secretlint-rule-filter-comments").map((rule) => ({ id: rule.meta.id, rule }));
    const config = { rules };
    return async (text) => {
      const result = await lintSource({ source: { content: text, filePath: "memory.txt", contentType: "text" }, options: { config, noPhysicFilePath: true } });
      return result.messages;
    };
  } catch {
    return null;
  }
}
var KINDS = {
  AWSSecretAccessKey: "aws-secret-access-key",
  AWSAccessKeyID: "aws-access-key",
  AWSAccountID: "aws-account-id",
  GITHUB_TOKEN: "github-token",
  SLACK_TOKEN: "slack-token",
  OPENAI_TOKEN: "openai-api-key",
  ANTHROPIC_API_KEY: "anthropic-api-key",
  NPM_ACCESS_TOKEN: "npm-token"
};
var RULE_KINDS = {
  github: "github-token",
  slack: "slack-token",
  openai: "openai-api-key",
  anthropic: "anthropic-api-key",
  npm: "npm-token",
  privatekey: "private-key",
  sendgrid: "sendgrid-api-key",
  shopify: "shopify-token",
  linear: "linear-api-key",
  "1password": "1password-token",
  basicauth: "url-password",
  "database-connection-string": "url-password",
  gcp: "gcp-service-account"
};
function kindOf(m) {
  const rule = m.ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
  if (/webhook/i.test(m.messageId)) return "slack-webhook";
  return KINDS[m.messageId] ?? RULE_KINDS[rule] ?? `secretlint-${rule}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}
function spanOf(text, m, kind) {
  let [start, end] = m.range;
  const values = Object.values(m.data ?? {}).filter((v) => typeof v === "string" && v.length >= 8).sort((a, b) => b.length - a.length);
  for (const v of values) {
    const at = text.indexOf(v, start);
    if (at >= 0 && at <= end + 256) {
      [start, end] = [at, at + v.length];
      break;
    }
  }
  if (kind === "url-password") {
    const pass = findPatternSecrets(text.slice(start, end), [URL_PASSWORD_RULE])[0];
    if (pass) return [start + pass.start, start + pass.end];
  }
  if (start === 0 && end === text.length && text.length > 200) return void 0;
  return [start, end];
}
async function findSecretlintSecrets(text) {
  loading ??= load();
  const lint = await loading;
  if (!lint) return null;
  try {
    const messages = await lint(text);
    const out = [];
    for (const m of messages) {
      const kind = kindOf(m);
      const span = spanOf(text, m, kind);
      if (span && span[1] > span[0]) out.push({ kind, start: span[0], end: span[1], priority: 3 });
    }
    return out;
  } catch {
    return null;
  }
}

// src/redact/spans.ts
function allowMatcher(allow = []) {
  if (allow.length === 0) return () => false;
  const exact = new Set(allow);
  const res = [];
  for (const src of allow) {
    try {
      res.push(new RegExp(`^(?:${src})$`));
    } catch {
    }
  }
  return (value) => exact.has(value) || res.some((re) => re.test(value));
}
function mergeCandidates(text, found, isAllowed) {
  const marks = placeholderSpans(text);
  const kept = found.filter((c) => c.end > c.start && !marks.some(([s, e]) => c.start < e && s < c.end) && !isAllowed(text.slice(c.start, c.end)));
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let cur;
  for (const c of kept) {
    if (cur && c.start < cur.end) {
      const better = c.priority > cur.priority || c.priority === cur.priority && c.end - c.start > cur.end - cur.start;
      cur = { kind: better ? c.kind : cur.kind, priority: Math.max(c.priority, cur.priority), start: cur.start, end: Math.max(cur.end, c.end) };
      continue;
    }
    if (cur) out.push({ kind: cur.kind, start: cur.start, end: cur.end });
    cur = { ...c };
  }
  if (cur) out.push({ kind: cur.kind, start: cur.start, end: cur.end });
  return out;
}
function applyRedactions(text, redactions) {
  const kinds = {};
  const parts = [];
  let at = 0;
  for (const r of redactions) {
    parts.push(text.slice(at, r.start), placeholder(r.kind));
    kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    at = r.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(""), count: redactions.length, kinds };
}

// src/redact/detect.ts
function detectSync(text, opts) {
  return mergeCandidates(text, ownFindings(text, opts), allowMatcher(opts?.allow));
}
async function detect(text, opts) {
  const own = ownFindings(text, opts);
  const theirs = await findSecretlintSecrets(text) ?? [];
  return mergeCandidates(text, [...theirs, ...own], allowMatcher(opts?.allow));
}
function ownFindings(text, opts) {
  const extra = compileExtraPatterns(opts);
  return [
    ...findPatternSecrets(text, extra.length ? [...PATTERN_RULES, ...extra] : PATTERN_RULES),
    ...findAssignments(text),
    ...findHighEntropy(text)
  ];
}

// src/redact/redact.ts
async function redact(text, opts) {
  return applyRedactions(text, await detect(text, opts));
}

// .dbg.ts
var dir = "../shared/fixtures/transcripts/claude-code/";
var t0 = performance.now();
await findSecretlintSecrets("warm");
console.log("secretlint cold load+first lint", (performance.now() - t0).toFixed(0), "ms");
var all = readdirSync(dir).map((f) => readFileSync(dir + f, "utf8")).join("\n");
var mb = all.length / 1e6;
var time = async (name, fn, reps = 3) => {
  await fn();
  const t = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  const ms = (performance.now() - t) / reps;
  console.log(name.padEnd(36), (ms / mb).toFixed(0).padStart(6), "ms/MB");
};
await time("own rules (redactSync path)", () => detectSync(all));
await time("secretlint only", () => findSecretlintSecrets(all));
await time("redact (both)", () => redact(all));
var small = all.slice(0, 5e3);
t0 = performance.now();
for (let i = 0; i < 100; i++) await redact(small);
console.log("redact 5 KB note", ((performance.now() - t0) / 100).toFixed(1), "ms");
var patho = {
  "a= x1M": "a=".repeat(5e5),
  "quote-sep x1M": '"token": "'.repeat(1e5),
  "pem no end": "-----BEGIN RSA PRIVATE KEY-----\n" + "QUJD".repeat(25e4),
  "many BEGIN": "-----BEGIN PRIVATE KEY-----".repeat(4e4),
  "url colon": "https://a:".repeat(1e5),
  "url at": "https://a:b@".repeat(8e4),
  "long token": "aB3".repeat(33e4),
  "password lines": "password: x\n".repeat(8e4),
  "backslashes": "\\".repeat(1e6),
  "bearer": "Bearer ".repeat(14e4)
};
for (const [k, v] of Object.entries(patho)) {
  const t = performance.now();
  detectSync(v);
  const a = performance.now() - t;
  const t2 = performance.now();
  await findSecretlintSecrets(v);
  const b = performance.now() - t2;
  console.log("pathological", k.padEnd(16), (v.length / 1e6).toFixed(2), "MB own", a.toFixed(0), "ms secretlint", b.toFixed(0), "ms");
}
