// Scores a context (any text) against hand-written ground truth, one fact at a time (0 or 1).
// The rules, per kind, are the (#11 item 4):
//   last_request, failed_commands, commits: the first N characters (60, 40, 40) are present,
//     starting at a word boundary (and ending at one when that is the whole text);
//   files: the basename is present as a name (not inside a longer name);
//   open_tasks: 60% of the subject's key words are present (or of its listed `keywords`);
//   decisions, last_message: 60% of the hand-picked `keywords` are present.
// Matching is on normalised text: lower case, whitespace collapsed, Markdown marks (` * _ > #)
// and typographic quotes dropped, so formatting choices do not count as misses.

export const KINDS = ['last_request', 'files', 'failed_commands', 'open_tasks', 'commits', 'decisions', 'last_message'];
export const PREFIX = { last_request: 60, failed_commands: 40, commits: 40 };
export const KEYWORD_SHARE = 0.6;
export const BASELINE_CHARS = 8000;

const STOP = new Set('the a an and or of to in on for with at by from into onto is are be was were it its this that these those as not no do does did done has have had will would should can could may might must we you i our your their them they he she his her which what when where why how all any each every some more most other such only own same so than too very just also then there here out up down over under again once about after before both few nor via per use using make add new file files need needs fix update check run'.split(' '));

export function normalise(text) {
  return String(text ?? '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201f]/g, '"')
    .replace(/[`*_>#]/g, ' ')
    .replace(/\\(.)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Key words of a phrase: normalised words of 3+ letters that are not stop words, each once. */
export function keyWords(text) {
  const words = normalise(text).split(/[^a-z0-9]+/).filter((w) => w.length >= 3 && !STOP.has(w));
  return [...new Set(words)];
}

/**
 * A key word is present when some word of the context starts with it ("test" finds "tests"); a
 * short one (3 letters or fewer: "red", "dev", "#51") only as a whole word.
 */
function hasWord(ctx, word) {
  const w = normalise(word);
  const end = w.replace(/[^a-z0-9]/g, '').length <= 3 ? '($|[^a-z0-9])' : '';
  return new RegExp(`(^|[^a-z0-9])${escape(w)}${end}`).test(ctx);
}

export function keywordShare(ctx, words) {
  if (!words.length) return 0;
  return words.filter((w) => hasWord(ctx, w)).length / words.length;
}

const basename = (p) => String(p).replace(/\\/g, '/').replace(/\/+$/, '').split('/').pop();

/**
 * Scores one fact of `kind` against a normalised context: 1 (present) or 0.
 * A fact is a string, or { text, keywords? } where keywords override the automatic key words.
 */
export function scoreFact(kind, fact, normalisedCtx) {
  const text = typeof fact === 'string' ? fact : fact.text;
  const ctx = normalisedCtx;
  if (kind === 'files') {
    const name = normalise(basename(text));
    return new RegExp(`(^|[^a-z0-9_.-])${escape(name)}($|[^a-z0-9_-])`).test(ctx) ? 1 : 0;
  }
  if (kind in PREFIX) {
    // Word-bounded, so "push" is not found in "pushed" (nor a subject inside a longer word).
    const full = normalise(text);
    const want = full.slice(0, PREFIX[kind]).trim();
    if (!want) return 0;
    const start = /^[a-z0-9]/.test(want) ? '(^|[^a-z0-9])' : '';
    const end = want === full && /[a-z0-9]$/.test(want) ? '($|[^a-z0-9])' : '';
    return new RegExp(`${start}${escape(want)}${end}`).test(ctx) ? 1 : 0;
  }
  const words = typeof fact === 'object' && Array.isArray(fact.keywords) && fact.keywords.length ? fact.keywords : keyWords(text);
  return keywordShare(ctx, words) >= KEYWORD_SHARE - 1e-9 ? 1 : 0;
}

/** Every fact of a ground-truth file scored against `context`: { kind: [{fact, hit}] }. */
export function scoreContext(truth, context) {
  const ctx = normalise(context);
  const out = {};
  for (const kind of KINDS) {
    const facts = truth.facts?.[kind] ?? [];
    out[kind] = (Array.isArray(facts) ? facts : [facts]).map((fact) => ({ fact, hit: scoreFact(kind, fact, ctx) }));
  }
  return out;
}

/** The baseline a reader would get without us: the last 8,000 characters of the conversation text. */
export function baselineText(conversation) {
  return conversation.length > BASELINE_CHARS ? conversation.slice(-BASELINE_CHARS) : conversation;
}

// ── noise ───────────────────────────────────────────────────────────────────────────────────────
// Noise = share of the context's non-blank lines that a next session gains nothing from. A line's
// content is its normalised text without list marks, a leading "Label:", session ids (UUIDs),
// dates and status words in parentheses. A line is noise when (first rule that applies):
//   duplicate  its content (12+ chars) appeared on an earlier line, or, for prose (6+ words), its
//              first 40 characters did (a request repeated in "Recent sessions", a prompt re-sent);
//   id-repeat  it names only session ids already shown, with fewer than 3 words of its own
//              ("Session 3f2a… ended"); a fact that carries its provenance is not noise;
//   chatter    its content is a greeting/ack/"clear"/"continue", or a bare slash command ("/plan", <command-name>);
//   hook       a hook's message or harness text ("Operation stopped by hook", <system-reminder>,
//              "[Request interrupted by user]", <local-command-stdout>, "Caveat: The messages below");
//   home-path  it shows an absolute home or temp path (/Users/…, /home/…, /root/…, C:\Users\…, /tmp/…, /var/folders/…);
//   raw-output tool-output framing ("Chunk ID:", "Wall time:", "Process exited with code", "Exit code: N" alone).
const CHATTER = /^(hi|hey|hello|yo|thanks|thank you|thx|ok|okay|k|yes|no|y|n|sure|go|go on|continue|proceed|clear|cool|great|nice|done)[\s.!?]*$/;
// A bare slash command is chatter; one with arguments ("/review <url>") carries a request.
const SLASH = /^(\/[a-z][\w:-]*$|<command-(name|message|args)>)/;
const HOOK = /(operation stopped by hook|stop hook|<system-reminder>|\[request interrupted|<local-command-std|caveat: the messages below|hook (blocked|feedback|error))/i;
const HOME = /(\/users\/[^/\s]+|\/home\/[^/\s]+|\/root\/|c:\\users\\|\/tmp\/|\/private\/var\/|\/var\/folders\/)/i;
const RAW = /^(chunk id:|wall time:|process exited with code|original token count:|exit code: -?\d+$)/;
const ID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const DATE = /\b\d{4}-\d{2}-\d{2}(t[\d:.]+z?)?\b/g;
const LIST = /^([-+•]|\d+[.)])\s*/;

function content(line) {
  return normalise(line)
    .replace(LIST, '')
    .replace(/^\[[ x]\]\s*/, '')
    .replace(ID, ' ')
    .replace(DATE, ' ')
    .replace(/\((ended|active|open|done|closed|running|interrupted)\)/g, ' ')
    .replace(/^[\s,:;()-]+/, '')
    .replace(/^[a-z][a-z /-]{0,30}:\s+/, '')
    .replace(/^["']|["']$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ownWords = (c) => c.split(/[^a-z0-9]+/).filter((w) => w.length >= 3 && !['session', 'sessions', 'last', 'ended', 'id'].includes(w)).length;

/** { share, lines, noisy: [{line, why}] } for a context. */
export function noise(context) {
  const lines = String(context ?? '').split('\n').filter((l) => l.trim());
  const seen = new Set();
  const prefixes = new Set();
  const ids = new Set();
  const noisy = [];
  for (const line of lines) {
    const c = content(line);
    const n = normalise(line);
    let why;
    const lineIds = n.match(ID) ?? [];
    // The prefix rule is for prose (6+ words): paths in a file list share long prefixes.
    const prose = c.length >= 40 && c.split(' ').length >= 6;
    if (c.length >= 12 && (seen.has(c) || (prose && prefixes.has(c.slice(0, 40))))) why = 'duplicate';
    else if (lineIds.length && lineIds.every((id) => ids.has(id)) && ownWords(c) < 3) why = 'id-repeat';
    else if (CHATTER.test(c) || SLASH.test(c)) why = 'chatter';
    else if (HOOK.test(line)) why = 'hook';
    else if (HOME.test(line)) why = 'home-path';
    else if (RAW.test(n.replace(LIST, ''))) why = 'raw-output';
    if (c.length >= 12) seen.add(c);
    if (prose) prefixes.add(c.slice(0, 40));
    for (const id of lineIds) ids.add(id);
    if (why) noisy.push({ line, why });
  }
  return { share: lines.length ? noisy.length / lines.length : 0, lines: lines.length, noisy };
}

export function median(xs) {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}
