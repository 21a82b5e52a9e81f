import { anchors, cmp, contentWords, jaccard, SUPERSEDE_CUE } from './text.js';
import type { RefinedItem } from './types.js';

const CUE_WORDS = new Set(contentWords('instead longer switch switched back revert reverted replace replaced rather drop dropped supersede superseded stop stopped move moved away undo undid go went'));

function subjectWords(text: string): Set<string> {
  return new Set(contentWords(text).filter((w) => !CUE_WORDS.has(w)));
}

/** How much a later reversal and an earlier decision share a subject: a shared file or code anchor, else key words. */
export function subjectScore(later: string, earlier: string): number {
  const a = anchors(later);
  const b = anchors(earlier);
  const wa = subjectWords(later);
  const wb = subjectWords(earlier);
  const shared = [...wa].filter((w) => wb.has(w)).length;
  const j = jaccard(wa, wb);
  if ([...a].some((x) => b.has(x))) return 1 + j;
  return shared >= 2 && j >= 0.2 ? j : 0;
}

/**
 * A later decision that says it reverses something ("instead", "no longer", "switch to",
 * "revert", ...) supersedes the earlier, not yet superseded decision it shares the most subject
 * with; both are linked. Decisions without a cue are never superseded: alike ones were merged by
 * dedupe, different ones both stand.
 */
export function supersede(decisions: RefinedItem[]): void {
  const ordered = [...decisions].sort((a, b) => cmp(a.firstDate, b.firstDate) || a.occurrences[0]!.seq - b.occurrences[0]!.seq);
  for (let i = 0; i < ordered.length; i++) {
    const later = ordered[i]!;
    const cueText = later.occurrences.find((o) => SUPERSEDE_CUE.test(o.text.toLowerCase()))?.text;
    if (!cueText) continue;
    let best: RefinedItem | undefined;
    let bestScore = 0;
    for (let j = 0; j < i; j++) {
      const earlier = ordered[j]!;
      if (earlier.supersededBy) continue;
      const raw = Math.max(...earlier.occurrences.map((o) => subjectScore(cueText, o.text)));
      // A decision of the reversal's own session was made alongside it, seldom the thing it reverses.
      const s = earlier.occurrences.every((o) => o.session === later.occurrences[0]!.session) ? raw / 2 : raw;
      // Ties go to the most recent earlier decision: the one a reversal most likely answers.
      if (s > 0 && s >= bestScore) {
        best = earlier;
        bestScore = s;
      }
    }
    if (!best) continue;
    best.supersededBy = later.id;
    later.supersedes = [...(later.supersedes ?? []), best.id];
  }
}
