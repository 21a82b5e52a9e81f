import type { IndexedNote } from '../render/note-index.js';
import type { ItemKind } from '../render/session-note.js';
import { sessionOrder } from '../render/current-state.js';
import { clusterResumable, DEDUPE_THRESHOLD, type ClusterState } from './dedupe.js';
import { closeFollowups } from './close.js';
import { supersede } from './supersede.js';
import { buildTopics } from './topics.js';
import { cmp } from './text.js';
import type { CommitInfo, Occurrence, Refined, RefinedItem } from './types.js';

export interface RefineOptions {
  /** Dedupe similarity threshold (default DEDUPE_THRESHOLD). */
  threshold?: number;
  tag?: string;
  /** Where the last run's clustering ended, per kind (see clusterResumable): same result, less work. */
  prior?: Partial<Record<string, ClusterState>>;
}

/** Kinds refined: context items are notes to the next session, not facts to keep. */
export const REFINED_KINDS: readonly ItemKind[] = ['decision', 'gotcha', 'followup'];

/** Oldest first, as current-state.md orders sessions (by last update, start, then file name), then by session. */
export function noteOrder(a: IndexedNote, b: IndexedNote): number {
  return sessionOrder(a, b) || cmp(a.note.session, b.note.session);
}

/** Every refined-kind item of the notes, once per id, in note order. */
export function occurrencesOf(notes: IndexedNote[]): Occurrence[] {
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  let seq = 0;
  for (const n of notes) {
    for (const it of n.note.items) {
      if (!REFINED_KINDS.includes(it.kind) || !it.text.trim() || seen.has(it.id)) continue;
      seen.add(it.id);
      out.push({ kind: it.kind, id: it.id, text: it.text, date: it.date, session: n.note.session, ...(n.note.agent ? { agent: n.note.agent } : {}), noteRel: n.ref.rel, seq: seq++ });
    }
  }
  return out;
}

function toItem(group: Occurrence[]): RefinedItem {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  return { kind: first.kind, id: first.id, text: last.text, count: group.length, firstDate: first.date, latestDate: last.date, occurrences: group, topics: [] };
}

/**
 * Refinement as a pure function of the notes and the commits: duplicates become one item with
 * every provenance, follow-ups named by a later commit or note are closed, reversed decisions are
 * linked to their reversal, and everything is grouped by area. Nothing is read or written here, and
 * nothing depends on the clock, the file system order or the machine: same input, same output.
 */
export function refineNotes(all: IndexedNote[], commits: CommitInfo[], opts: RefineOptions = {}): Refined {
  const notes = all.filter((n) => opts.tag === undefined || (n.note.tag ?? n.ref.tag) === opts.tag).sort(noteOrder);
  const occs = occurrencesOf(notes);
  const items: RefinedItem[] = [];
  const clusters: Record<string, ClusterState> = {};
  let resumed = 0;
  for (const kind of REFINED_KINDS) {
    const c = clusterResumable(occs.filter((o) => o.kind === kind), opts.threshold ?? DEDUPE_THRESHOLD, opts.prior?.[kind]);
    clusters[kind] = c.state;
    resumed += c.resumed;
    for (const g of c.groups) items.push(toItem(g));
  }
  const sortedCommits = [...commits].sort((a, b) => cmp(a.date, b.date) || cmp(a.hash, b.hash));
  closeFollowups(items.filter((i) => i.kind === 'followup'), notes, sortedCommits);
  supersede(items.filter((i) => i.kind === 'decision'));
  const topics = buildTopics(items, notes, sortedCommits);
  items.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.firstDate, b.firstDate) || a.occurrences[0]!.seq - b.occurrences[0]!.seq);
  return { items, topics, before: occs.length, clusters, resumed };
}

/**
 * The refined facts the context shows, one line each (text, count, latest date, id, sessions),
 * newest first: decisions that are not superseded, gotchas, and follow-ups that are neither
 * closed by id nor closed in current-state's sense.
 */
export function refinedLines(r: Refined, kind: ItemKind) {
  return r.items
    .filter((i) => i.kind === kind && !i.supersededBy && !i.closed)
    .sort((a, b) => cmp(b.latestDate, a.latestDate) || b.occurrences[b.occurrences.length - 1]!.seq - a.occurrences[a.occurrences.length - 1]!.seq)
    .map((i) => ({ kind: i.kind, id: i.id, text: i.text, count: i.count, latestDate: i.latestDate, sessions: [...new Set(i.occurrences.map((o) => o.session))] }));
}
