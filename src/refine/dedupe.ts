import { anchors, cmp, contentWords, jaccard, negated, normalise, shingles, REVERSAL_CUE } from './text.js';
import type { Occurrence } from './types.js';

/**
 * Similarity over which two items of a kind are one fact. Chosen by measurement on the planted
 * fixture set (test/refine/fixture.ts; the sweep is in test/unit/refine-dedupe.test.ts): 0.5 keeps
 * precision at 1 there while recall stays above 0.8; below 0.4 look-alikes start merging.
 */
export const DEDUPE_THRESHOLD = 0.5;

interface Features {
  norm: string;
  words: Set<string>;
  grams: Set<string>;
  anchors: Set<string>;
  neg: boolean;
  /** Says it reverses something: never the same fact as the thing it reverses. */
  cue: boolean;
  head?: string;
}

const cache = new Map<string, Features>();

/** Verbs and modifiers items open with ("Add ...", "Support ...", "Always ..."): a head is what comes after them. */
const HEAD_SKIP = new Set(
  'add support handle make fix implement allow ensure show print keep write read run create remove delete update document test check set get need try move put let always never single one new better'.split(' '),
);

export function features(text: string): Features {
  let f = cache.get(text);
  if (!f) {
    const words = contentWords(text);
    f = { norm: normalise(text), words: new Set(words), head: words.find((w) => !HEAD_SKIP.has(w)), grams: shingles(text), anchors: anchors(text), neg: negated(text), cue: REVERSAL_CUE.test(text.toLowerCase()) };
    if (cache.size > 50_000) cache.clear();
    cache.set(text, f);
  }
  return f;
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
  return Math.max(jaccard(fa.words, fb.words), jaccard(fa.grams, fb.grams));
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
  if (head === undefined) return true;
  for (const w of other) if (related(head, w)) return true;
  return false;
}

function order(a: Occurrence, b: Occurrence): number {
  return cmp(a.date, b.date) || a.seq - b.seq;
}

/**
 * Groups occurrences of one kind into facts, oldest first. An occurrence joins the first group
 * (in order of creation) holding a member at least `threshold` alike and conflicting with none;
 * candidates come from a word index, so the cost grows with the overlap, not with n².
 * Deterministic: input order is fixed by (date, seq) and nothing iterates a hash order.
 */
export function clusterOccurrences(occs: Occurrence[], threshold = DEDUPE_THRESHOLD): Occurrence[][] {
  const groups: Occurrence[][] = [];
  const byWord = new Map<string, number[]>();
  const byNorm = new Map<string, number>();
  for (const o of [...occs].sort(order)) {
    const f = features(o.text);
    let target = byNorm.get(f.norm);
    if (target === undefined) {
      const seen = new Set<number>();
      const candidates: number[] = [];
      for (const w of f.words) for (const g of byWord.get(w) ?? []) if (!seen.has(g) && seen.add(g)) candidates.push(g);
      candidates.sort((x, y) => x - y);
      for (const g of candidates) {
        const members = groups[g]!;
        const scores = members.map((m) => similarity(m.text, o.text));
        if (Math.max(...scores) >= threshold && scores.every((s) => s > 0)) {
          target = g;
          break;
        }
      }
    }
    if (target === undefined) {
      target = groups.length;
      groups.push([]);
    }
    groups[target]!.push(o);
    byNorm.set(f.norm, byNorm.get(f.norm) ?? target);
    for (const w of f.words) {
      const list = byWord.get(w) ?? [];
      if (list[list.length - 1] !== target) list.push(target);
      byWord.set(w, list);
    }
  }
  return groups;
}
