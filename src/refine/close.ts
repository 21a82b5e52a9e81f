import type { IndexedNote } from '../render/note-index.js';
import { isoDay } from '../render/markdown.js';
import { anchors, cmp, contentWords, ITEM_ID_RE, pathsIn } from './text.js';
import type { Closure, CommitInfo, RefinedItem } from './types.js';

const MAYBE_MAX = 3;

function idsIn(text: string): string[] {
  return [...text.matchAll(ITEM_ID_RE)].map((m) => m[1]!).filter((id) => id.startsWith('f-'));
}

/**
 * Every closure by id: a `done` capture (the note's closes), an id named in a note's summary or in
 * one of its decisions, gotchas or context items, or an id named in a commit subject.
 * A follow-up item naming another follow-up's id does not close it ("after f-1, also ...").
 */
function closuresById(notes: IndexedNote[], commits: CommitInfo[]): Map<string, Closure[]> {
  const out = new Map<string, Closure[]>();
  const add = (id: string, c: Closure) => out.set(id, [...(out.get(id) ?? []), c]);
  for (const n of notes) {
    const day = isoDay(n.note.updatedAt ?? n.note.endedAt ?? n.note.startedAt, n.note.date);
    const named = new Set<string>([...n.note.closes, ...idsIn(`${n.note.summary}\n${n.note.summaryBlock}`)]);
    for (const it of n.note.items) if (it.kind !== 'followup') for (const id of idsIn(it.text)) named.add(id);
    for (const id of named) add(id, { by: 'id', source: 'note', ref: n.ref.rel, date: day });
  }
  for (const c of commits) for (const id of idsIn(c.subject)) add(id, { by: 'id', source: 'commit', ref: c.hash, date: c.date });
  return out;
}

/** A commit that looks like the follow-up's work: its files (when the follow-up names any) and most of its key words. */
function looksDone(f: RefinedItem, c: CommitInfo): number {
  const paths = pathsIn(f.text);
  if (paths.length && !paths.some((p) => c.files.some((file) => file === p || file.endsWith(`/${p}`) || file.startsWith(`${p.replace(/\/$/, '')}/`)))) return 0;
  // A name or number the follow-up pins ("SessionEnd", "port 8080") must be in the commit too.
  const where = `${c.subject}\n${c.files.join('\n')}`.toLowerCase();
  for (const a of anchors(f.text)) if (!where.includes(a)) return 0;
  const want = new Set(contentWords(f.text));
  if (!want.size) return 0;
  const have = new Set([...contentWords(c.subject), ...c.files.flatMap((file) => contentWords(file))]);
  const shared = [...want].filter((w) => have.has(w)).length;
  const share = shared / want.size;
  const enough = paths.length ? shared >= 2 && share >= 0.4 : shared >= 3 && share >= 0.6;
  return enough ? share : 0;
}

/**
 * Closes follow-ups named by id after (or on the day of) their latest raising; a follow-up raised
 * again after its closure stays open. Others get the commits that look like their work as
 * "maybe done by", which never closes anything.
 */
export function closeFollowups(followups: RefinedItem[], notes: IndexedNote[], commits: CommitInfo[]): void {
  const byId = closuresById(notes, commits);
  for (const f of followups) {
    const raisedIn = new Set(f.occurrences.map((o) => o.noteRel));
    const ids = new Set(f.occurrences.map((o) => o.id));
    const closures = [...ids]
      .flatMap((id) => byId.get(id) ?? [])
      // A summary of the raising note that mentions its own follow-up is not a closure; a `done` in it is.
      .filter((c) => c.date >= f.latestDate && !(c.source === 'note' && raisedIn.has(c.ref) && !notes.some((n) => n.ref.rel === c.ref && f.occurrences.some((o) => n.note.closes.includes(o.id)))))
      .sort((a, b) => cmp(a.date, b.date) || cmp(a.source, b.source) || cmp(a.ref, b.ref));
    if (closures.length) {
      f.closed = closures[0]!;
      continue;
    }
    const maybe = commits
      .filter((c) => c.date >= f.firstDate)
      .map((c) => ({ c, score: looksDone(f, c) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || cmp(b.c.date, a.c.date) || cmp(a.c.hash, b.c.hash))
      .slice(0, MAYBE_MAX)
      .map((x) => x.c.hash);
    if (maybe.length) f.maybeDoneBy = maybe;
  }
}
