// Word-level features of an item's text, shared by dedupe, closure, supersession and topics.
// Everything is locale-free (no toLocaleLowerCase, no Intl) so every machine gets the same tokens.

const STOP = new Set(
  ('a an the and or but if then else of to in on at by for from with without into onto over under as is are was were be been being ' +
    'it its this that these those there here we you they i he she our your their my me us them so do does did done ' +
    'can could should would will shall may might must have has had having not no nor than too very just also only ' +
    'when where which who whom what why how all any each every some more most other such same own again once ' +
    'about after before because while until up down out off via per use used using uses').split(' '),
);

/** Words that set a polarity or a contrast: "use X" and "do not use X" are not the same fact, "X instead of Y" and "X, not Y" may be. */
const NEGATION = /\b(?:not|no|never|don't|dont|doesn't|isn't|aren't|won't|cannot|can't|without|avoid|stop|nor|instead|rather than)\b/;

/** Reversal cues without the plain contrasts (instead, rather than): what makes a text a reversal rather than a restatement. */
export const REVERSAL_CUE = /\b(?:no longer|switch(?:ed|ing)? (?:to|back)|revert(?:ed|s|ing)?|replac(?:e|es|ed|ing)|drop(?:ped|s)?|supersed(?:e|es|ed)|stop(?:ped)? using|moved? (?:away )?from|undo|undid|back out|go back to|went back to)\b/;

/** Cue words of a reversal: a later decision with one of them on the same subject supersedes. */
export const SUPERSEDE_CUE = /\b(?:instead|no longer|switch(?:ed|ing)? (?:to|back)|revert(?:ed|s|ing)?|replac(?:e|es|ed|ing)|rather than|drop(?:ped|s)?|supersed(?:e|es|ed)|stop(?:ped)? using|moved? (?:away )?from|undo|undid|back out|go back to|went back to)\b/;

/** Ids of captured items: f-xxxxxx (follow-up), d-, g-, c-, x-. */
export const ITEM_ID_RE = /\b([dgfcx]-[a-z0-9]{6})\b/g;

/** A path-looking token: has a slash or a file extension (src/render/context.ts, package.json). */
const PATH_RE = /(?:[A-Za-z0-9_.@-]+\/)+[A-Za-z0-9_.@-]+|[A-Za-z0-9_-]+\.(?:ts|tsx|js|mjs|cjs|jsx|json|ya?ml|md|toml|py|rs|go|sh|css|html|lock|txt)\b/g;

/** The text without the paths it names: what is said, apart from where (paths are anchors, see below). */
export function withoutPaths(text: string): string {
  return text.replace(PATH_RE, (p) => (looksLikePath(p) ? ' ' : p));
}

/** Lower case, code marks and punctuation gone, spacing collapsed: exact duplicates compare equal. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_"'\u2018\u2019\u201c\u201d()[\]{}<>]/g, ' ')
    .replace(/[.!?;:,]+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A crude suffix strip: "caching", "caches" and "cached" meet at "cach". Deterministic, not linguistic. */
export function stem(w: string): string {
  if (/\d/.test(w)) return w;
  if (w.length <= 4) return w.length >= 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
  for (const suf of ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's']) {
    if (w.endsWith(suf) && w.length - suf.length >= 3) return suf === 'ies' || suf === 'ied' ? `${w.slice(0, -3)}y` : w.slice(0, -suf.length);
  }
  // The bare form meets its inflections: "write" / "writes" / "writing" all give "writ", "cache"
  // / "caching" give "cach". Without it a verb and its third person were two different words.
  return w.endsWith('e') && !w.endsWith('ee') ? w.slice(0, -1) : w;
}

/** Content words of a text, stemmed, in order (stop words and one-letter words dropped). */
export function contentWords(text: string): string[] {
  const words = normalise(text).split(/[^a-z0-9/._-]+/).flatMap((w) => w.split(/[/._-]+/));
  return words.filter((w) => w.length > 1 && !STOP.has(w)).map(stem);
}

/** File paths named in a text, as written. */
export function pathsIn(text: string): string[] {
  return [...new Set(text.match(PATH_RE) ?? [])].filter(looksLikePath).sort();
}

const CODE_ROOTS = new Set(['src', 'lib', 'test', 'tests', 'scripts', 'docs', 'app', 'packages', 'bin', 'cmd', 'pkg', 'internal', 'memory', 'config']);

/** "and/or" and "1.2.3" match the pattern but are not paths. */
function looksLikePath(p: string): boolean {
  if (/^\d+(?:\.\d+)+$/.test(p)) return false;
  const parts = p.split('/');
  const last = parts[parts.length - 1]!;
  return /\.[a-z]{1,5}$/i.test(last) || parts.length >= 3 || CODE_ROOTS.has(parts[0]!.toLowerCase());
}

/**
 * Anchors: the tokens that pin a fact to one thing (numbers, versions, paths, code in backticks,
 * ids). Two texts that differ in an anchor ("port 8080" / "port 3000") are different facts however
 * alike the rest reads.
 */
export function anchors(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/`([^`]+)`/g)) out.add(m[1]!.toLowerCase());
  for (const p of pathsIn(text)) out.add(p.toLowerCase());
  // Numbers as numbers: "30s" and "30 seconds" agree, "port 8080" and "port 3000" do not.
  for (const m of text.replace(ITEM_ID_RE, ' ').matchAll(/\d+(?:[.,]\d+)*/g)) out.add(m[0].replace(/,/g, ''));
  // Names: CamelCase (SessionStart) and capitals (SIGKILL, CRLF) pin a fact to one thing.
  for (const m of text.matchAll(/\b(?:[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][A-Z0-9]{2,})\b/g)) out.add(m[0].toLowerCase());
  // A capitalised word inside a sentence is a name (Windows, Gemini); the first word is just capitalised.
  for (const m of text.matchAll(/(?<=[a-z0-9,;)] )[A-Z][a-z]{2,}\b/g)) out.add(m[0].toLowerCase());
  return out;
}

export function negated(text: string): boolean {
  return NEGATION.test(text.toLowerCase().replace(/\u2019/g, "'"));
}

export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter += 1;
  return inter / (a.size + b.size - inter);
}

/** Character 4-gram shingles of the normalised text (catches "re-run"/"rerun", typos, plurals). */
export function shingles(text: string, k = 4): Set<string> {
  const s = ` ${normalise(text).replace(/[^a-z0-9 ]+/g, '')} `;
  const out = new Set<string>();
  for (let i = 0; i + k <= s.length; i++) out.add(s.slice(i, i + k));
  return out;
}

export { cmp } from '../render/markdown.js';
