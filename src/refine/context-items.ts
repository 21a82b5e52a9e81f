import { writeFileAtomic } from '../io/atomic.js';
import { readJson } from '../render/json-file.js';
import type { DerivedState, StateItem } from '../render/current-state.js';
import type { Refined } from './types.js';

/** What the context needs of a refine, small enough to read at every SessionStart. */
export interface RefinedCache {
  version: number;
  /** Every occurrence id to the id of the fact it belongs to. */
  ids: Record<string, string>;
  facts: Record<string, { text: string; count: number; latestDate: string; session: string; noteRel: string; drop: boolean }>;
}

const VERSION = 1;

export function refinedCache(r: Refined): RefinedCache {
  const ids: Record<string, string> = {};
  const facts: RefinedCache['facts'] = {};
  for (const it of r.items) {
    // A fact seen once and still current shows as it is: only merged or dropped ones need an entry,
    // which keeps the file SessionStart reads small.
    if (it.count === 1 && !it.closed && !it.supersededBy) continue;
    const last = it.occurrences[it.occurrences.length - 1]!;
    for (const o of it.occurrences) ids[o.id] = it.id;
    facts[it.id] = { text: it.text, count: it.count, latestDate: it.latestDate, session: last.session, noteRel: last.noteRel, drop: Boolean(it.closed || it.supersededBy) };
  }
  return { version: VERSION, ids, facts };
}

export async function writeRefinedCache(path: string, r: Refined): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(refinedCache(r))}\n`, { durable: false });
}

export async function readRefinedCache(path: string): Promise<RefinedCache | undefined> {
  return readJson<RefinedCache>(path, (c) => c?.version === VERSION && typeof c.ids === 'object' && c.ids !== null && typeof c.facts === 'object' && c.facts !== null);
}

/**
 * The state's decisions, gotchas and open follow-ups with the last refine applied: duplicates
 * become one line with its count and latest date, follow-ups closed by id and superseded decisions
 * are gone. Items newer than the refine pass through unchanged, so a refine a few notes old is
 * still safe to use; the lines freed leave budget for the work itself.
 */
export function withRefined(s: DerivedState, cache: RefinedCache, staleAfterDays = 30): DerivedState {
  const apply = (items: StateItem[]): StateItem[] => {
    const seen = new Set<string>();
    const out: StateItem[] = [];
    for (const it of items) {
      const id = cache.ids[it.id];
      const fact = id === undefined ? undefined : cache.facts[id];
      if (!fact) {
        out.push(it);
        continue;
      }
      if (fact.drop || seen.has(id!)) continue;
      seen.add(id!);
      const newer = fact.latestDate > it.at ? Math.round((Date.parse(fact.latestDate) - Date.parse(it.at)) / 86_400_000) : 0;
      const age = Math.max(0, it.ageDays - (Number.isFinite(newer) ? newer : 0));
      const moved = newer > 0 ? { at: fact.latestDate, session: fact.session, noteRel: fact.noteRel, ageDays: age, stale: age > staleAfterDays } : {};
      out.push({ ...it, id: id!, text: fact.count > 1 ? `${fact.text} (\u00d7${fact.count})` : fact.text, ...moved });
    }
    return out;
  };
  const decisions = apply(s.decisions);
  const gotchas = apply(s.gotchas);
  const dropped = (before: StateItem[], after: StateItem[]) => before.length - after.length;
  return {
    ...s,
    openFollowups: apply(s.openFollowups),
    decisions,
    gotchas,
    totals: { ...s.totals, decisions: Math.max(decisions.length, s.totals.decisions - dropped(s.decisions, decisions)), gotchas: Math.max(gotchas.length, s.totals.gotchas - dropped(s.gotchas, gotchas)) },
  };
}
