import { createHash } from 'node:crypto';
import { anchors, cmp, contentWords, jaccard, negated, normalise, shingles, stem, REVERSAL_CUE, withoutPaths } from './text.js';
import type { Occurrence } from './types.js';

/**
 * Similarity over which two items of a kind are one fact. Chosen by measurement on the planted
 * fixture (test/refine/fixture.ts; the sweep is printed by test/unit/refine.test.ts): from 0.45 to
 * 0.6 precision is 0.966 and recall 0.933; below 0.45 look-alikes merge, at 0.7 recall falls to 0.7.
 * 0.5 sits in the middle of the flat range.
 */
export const DEDUPE_THRESHOLD = 0.5;

/** Bump with any change to how texts are compared or grouped: saved cluster states of another version are ignored. */
export const DEDUPE_VERSION = 2;


/** Verbs and modifiers items open with ("Add ...", "Support ...", "Always ..."): a head is what comes after them. */
const HEAD_SKIP = new Set(
  'add support handle make fix implement allow ensure show print keep write read run create remove delete update document test check set get need try move put let always never single one new better'
    .split(' ')
    // Compared with the words of a text, which are stemmed: "writes" and "keeps" are skipped too.
    .map(stem),
);

/**
 * `things`: words right after an article ("the bundle", "a lock"), what the text is about, not what
 * it does. `cue`: says it reverses something, never the same fact as the thing it reverses.
 */
function featuresOf(text: string) {
  // A shared path says where, not what: "keep the lock logic in a.ts" and "keep the index logic
  // in a.ts" are two facts, so words and 4-grams leave paths out (they are anchors instead).
  const said = withoutPaths(text);
  const words = contentWords(said);
  return { norm: normalise(text), words: new Set(words), head: words.find((w) => !HEAD_SKIP.has(w)), grams: shingles(said), anchors: anchors(text), things: thingsIn(said), neg: negated(text), cue: REVERSAL_CUE.test(text.toLowerCase()) };
}

type Features = ReturnType<typeof featuresOf>;

const cache = new Map<string, Features>();

export function features(text: string): Features {
  let f = cache.get(text);
  if (!f) {
    f = featuresOf(text);
    if (cache.size > 50_000) cache.clear();
    cache.set(text, f);
  }
  return f;
}

const ARTICLE = /\b(?:the|a|an|this|that|our|its|their)\s+([a-z0-9][a-z0-9-]*)/g;

/** The content words of each word that follows an article. */
function thingsIn(said: string): Set<string> {
  const out = new Set<string>();
  for (const m of normalise(said).matchAll(ARTICLE)) for (const w of contentWords(m[1]!)) if (!HEAD_SKIP.has(w)) out.add(w);
  return out;
}

/**
 * The same sentence about another thing ("the bundle is slow on big repositories" / "the archive
 * is slow on big repositories"): each text names, after an article, a thing the other never
 * mentions. A rewording changes the verbs and the order around the same things; it rarely swaps
 * the thing itself, and when it does ("the lock" / "the lockfile") the words are related.
 */
function otherThing(a: Features, b: Features): boolean {
  const onlyA = [...a.things].filter((w) => !b.words.has(w) && ![...b.words].some((x) => related(w, x)));
  if (!onlyA.length) return false;
  return [...b.things].some((w) => !a.words.has(w) && ![...a.words].some((x) => related(w, x)));
}

function subset<T>(a: Set<T>, b: Set<T>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** 1 for the same text after normalisation; 0 when polarity or an anchor conflicts; else the better of word and 4-gram Jaccard. */
export function similarity(a: string, b: string): number {
  const fa = features(a);
  const fb = features(b);
  if (fa.norm === fb.norm) return 1;
  if (fa.neg !== fb.neg || fa.cue !== fb.cue) return 0;
  if (fa.anchors.size && fb.anchors.size && !subset(fa.anchors, fb.anchors) && !subset(fb.anchors, fa.anchors)) return 0;
  if (!sameHead(fa.head, fb.words) && !sameHead(fb.head, fa.words)) return 0;
  if (shortSwap(fa.words, fb.words) || otherThing(fa, fb)) return 0;
  const words = relatedJaccard(fa.words, fb.words);
  // 4-grams rescue spelling variants of a text already alike in words; far apart in words, they never do.
  return words >= 0.25 ? Math.max(words, jaccard(fa.grams, fb.grams)) : words;
}

/**
 * A short text with a word or two exchanged ("atomic writes for the cache" / "... the bundle") is
 * another fact: with at most two telling words in common, what differs is what the text is about.
 * Longer texts that swap a word are usually rewordings ("left behind" / "stays behind") and are
 * left to Jaccard; generic verbs (add, support) never count.
 */
function shortSwap(a: Set<string>, b: Set<string>): boolean {
  const onlyA = [...a].filter((w) => !b.has(w));
  const onlyB = [...b].filter((w) => !a.has(w));
  if (!onlyA.length || !onlyB.length || onlyA.length > 2 || onlyB.length > 2) return false;
  if ([...a].filter((w) => b.has(w) && !HEAD_SKIP.has(w)).length > 2) return false;
  if (onlyA.every((w) => HEAD_SKIP.has(w)) && onlyB.every((w) => HEAD_SKIP.has(w))) return false;
  return !onlyA.some((x) => onlyB.some((y) => related(x, y)));
}

/** Jaccard where related words count as one ("atomic" / "atomically", "compact" / "compaction"). */
function relatedJaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x) || [...b].some((y) => related(x, y))) inter += 1;
  return a.size + b.size - inter <= 0 ? 1 : Math.min(1, inter / (a.size + b.size - inter));
}

/** Related words: equal, or one a prefix of the other (compact / compaction). */
function related(a: string, b: string): boolean {
  return a === b || (a.length >= 5 && b.length >= 5 && (a.startsWith(b) || b.startsWith(a)));
}

/**
 * The first content word says what a text is about ("npm ci fails offline" / "pnpm install fails
 * offline"): two texts about different things are different facts, however alike the rest reads.
 * A paraphrase moves words around, so either head only has to appear somewhere in the other text.
 */
function sameHead(head: string | undefined, other: Set<string>): boolean {
  return head === undefined || [...other].some((w) => related(head, w));
}

/** Candidate groups checked per occurrence, most shared words first: a big note set stays near-linear. */
const CANDIDATES = 12;
/** Word-index entries read per occurrence. */
const VISIT_BUDGET = 400;
/** Members a candidate is compared with: its first and its latest ones. */
const MEMBERS = 6;

/**
 * What finds candidate groups: the words, and the anchors (paths, numbers, names) under a prefix no
 * word has. Words leave paths out, so without the anchors "atomic writes for the cache (src/a.ts)"
 * would look for its group among every cache item of every file, oldest first, and give up after
 * CANDIDATES of them; its file is the rare key that finds it.
 */
function indexKeys(f: Features): string[] {
  return [...f.words, ...[...f.anchors].map((a) => `\u0001${a}`)];
}

function sample<T>(xs: T[]): T[] {
  return xs.length <= MEMBERS ? xs : [...xs.slice(0, MEMBERS / 2), ...xs.slice(-MEMBERS / 2)];
}

/**
 * Groups occurrences of one kind into facts, oldest first. An occurrence joins the candidate group
 * it is most alike (at least `threshold` with one member, conflicting with none of those compared);
 * candidates come from a word index, best-overlapping first and capped, so the cost grows with the
 * number of items, not with its square. Deterministic: input order is fixed by (date, seq), ties go
 * to the older group, and nothing iterates a hash order.
 */
export function clusterOccurrences(occs: Occurrence[], threshold = DEDUPE_THRESHOLD): Occurrence[][] {
  return clusterResumable(occs, threshold).groups;
}

/**
 * Where a clustering ended: for each occurrence in processing order its key (id and a hash of its
 * text) and the group it joined. Lets a later run skip the comparisons for the same occurrences.
 */
export interface ClusterState {
  /** DEDUPE_VERSION of the run that saved it: another version's groups are not replayed. */
  version?: number;
  threshold: number;
  keys: string[];
  groups: number[];
}

/** The occurrence as the clustering saw it: a changed text is another input. */
export function occurrenceKey(o: Occurrence): string {
  return `${o.id}:${createHash('sha1').update(o.text).digest('hex').slice(0, 12)}`;
}

/**
 * clusterOccurrences, resumed from `prior` when the occurrences it saw are, in order, the first
 * ones of this run (new notes come after the old ones): each occurrence's group depends only on
 * the ones before it, so those keep the group they had and are only replayed into the word index,
 * and the rest are compared as in a full run. The result is the full run's (tested). Anything else
 * (a note edited, an older note arriving, another threshold) is clustered from scratch.
 */
export function clusterResumable(occs: Occurrence[], threshold = DEDUPE_THRESHOLD, prior?: ClusterState): { groups: Occurrence[][]; state: ClusterState; resumed: number } {
  const sorted = [...occs].sort((a, b) => cmp(a.date, b.date) || a.seq - b.seq);
  const keys = sorted.map(occurrenceKey);
  let known = 0;
  if (prior && prior.version === DEDUPE_VERSION && prior.threshold === threshold && prior.keys.length <= keys.length && prior.groups.length === prior.keys.length) {
    while (known < prior.keys.length && prior.keys[known] === keys[known]) known++;
    if (known < prior.keys.length) known = 0;
  }
  const joined: number[] = [];
  const groups: Occurrence[][] = [];
  const byWord = new Map<string, number[]>();
  const byNorm = new Map<string, number>();
  const inList = new Set<string>();
  for (const [i, o] of sorted.entries()) {
    const f = features(o.text);
    let target = i < known ? prior!.groups[i] : byNorm.get(f.norm);
    if (target !== undefined && (!Number.isInteger(target) || target < 0 || target > groups.length)) {
      // A state that does not describe a clustering (hand-edited, truncated): start over.
      return clusterResumable(occs, threshold);
    }
    if (target === undefined) {
      // The rarer half of the words (plus one) find the candidates: a text at least half alike shares
      // most of its words, and a word in a thousand groups says little about which one is meant.
      const words = indexKeys(f).sort((a, b) => (byWord.get(a)?.length ?? 0) - (byWord.get(b)?.length ?? 0) || cmp(a, b));
      const shared = new Map<number, number>();
      let visited = 0;
      for (const w of words.slice(0, Math.ceil(words.length / 2) + 1)) {
        const list = byWord.get(w) ?? [];
        // Past a few hundred entries the common words add cost and no candidate the rare ones missed.
        if (visited > 0 && visited + list.length > VISIT_BUDGET) break;
        visited += list.length;
        for (const g of list) shared.set(g, (shared.get(g) ?? 0) + 1);
      }
      const candidates = [...shared.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, CANDIDATES);
      let best = 0;
      for (const [g] of candidates) {
        const scores = sample(groups[g]!).map((m) => similarity(m.text, o.text));
        const top = Math.max(...scores);
        if (top >= threshold && top > best && scores.every((x) => x > 0)) {
          target = g;
          best = top;
        }
      }
    }
    target ??= groups.length;
    if (target === groups.length) groups.push([]);
    groups[target]!.push(o);
    joined.push(target);
    if (!byNorm.has(f.norm)) byNorm.set(f.norm, target);
    for (const w of indexKeys(f)) {
      const key = `${w}\0${target}`;
      if (inList.has(key)) continue;
      inList.add(key);
      const list = byWord.get(w);
      if (list) list.push(target);
      else byWord.set(w, [target]);
    }
  }
  return { groups, state: { version: DEDUPE_VERSION, threshold, keys, groups: joined }, resumed: known };
}
