import type { IndexedNote } from '../render/note-index.js';
import { cmp, contentWords, normalise, pathsIn, stem } from './text.js';
import type { CommitInfo, RefinedItem, TopicPage } from './types.js';

/** Limits that keep topic pages readable and the set of pages small. */
export const TOPIC_LIMITS = { minItems: 2, terms: 12, termMinItems: 4, termMinSessions: 2, termMaxShare: 0.25, sessions: 30, commits: 30 } as const;

/** The area of a path: its first two folders (src/render), one for a top-level folder (scripts), none for a root file. */
export function areaOf(path: string): string | undefined {
  const parts = path.replace(/^\.\//, '').split('/').filter(Boolean);
  if (parts.length < 2) return undefined;
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/');
}

/** Words too general to name an area, however often they recur. */
const NOT_TOPICS = new Set(
  contentWords(
    'instead longer switch revert replace rather drop fail fails file files make need needs run runs add adds support handle keep show print write read ' +
      'json yaml md ts js mjs txt lock true false null default always never again still already every time times way thing things work works done',
  ),
);

export function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'topic';
}

/** The surface word most often seen for each stem, so a term page reads "caching", not "cach". */
function surfaceForms(items: RefinedItem[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const it of items) {
    for (const w of normalise(it.text).split(/[^a-z0-9]+/)) {
      if (w.length < 4) continue;
      const s = stem(w);
      const m = counts.get(s) ?? new Map<string, number>();
      m.set(w, (m.get(w) ?? 0) + 1);
      counts.set(s, m);
    }
  }
  const out = new Map<string, string>();
  for (const [s, m] of counts) out.set(s, [...m.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0]);
  return out;
}

/**
 * Areas the items touch: the folders of the paths they name, and the recurring terms (a word in
 * several items from several sessions, but not in so many that it says nothing). Each item gets its
 * areas' slugs; each page lists its items, the sessions they came from and the commits that
 * touched its folder (or name its term).
 */
export function buildTopics(items: RefinedItem[], notes: IndexedNote[], commits: CommitInfo[]): TopicPage[] {
  const members = new Map<string, { title: string; items: RefinedItem[]; folder: boolean }>();
  const join = (title: string, it: RefinedItem, folder: boolean) => {
    const slug = slugOf(title);
    const m = members.get(slug) ?? { title, items: [], folder };
    if (m.folder !== folder) return;
    if (!m.items.includes(it)) m.items.push(it);
    members.set(slug, m);
  };
  for (const it of items) for (const p of pathsIn(it.occurrences.map((o) => o.text).join('\n'))) {
    const a = areaOf(p);
    if (a) join(a, it, true);
  }

  const forms = surfaceForms(items);
  const termItems = new Map<string, RefinedItem[]>();
  for (const it of items) for (const w of new Set(it.occurrences.flatMap((o) => contentWords(o.text)))) {
    if (w.length < 4 || /\d/.test(w) || NOT_TOPICS.has(w)) continue;
    termItems.set(w, [...(termItems.get(w) ?? []), it]);
  }
  const terms = [...termItems.entries()]
    .filter(([, its]) => its.length >= TOPIC_LIMITS.termMinItems && its.length <= Math.max(TOPIC_LIMITS.termMinItems, items.length * TOPIC_LIMITS.termMaxShare))
    .filter(([, its]) => new Set(its.flatMap((i) => i.occurrences.map((o) => o.session))).size >= TOPIC_LIMITS.termMinSessions)
    .sort((a, b) => b[1].length - a[1].length || cmp(a[0], b[0]))
    .slice(0, TOPIC_LIMITS.terms);
  for (const [w, its] of terms) for (const it of its) join(forms.get(w) ?? w, it, false);

  const noteByRel = new Map(notes.map((n) => [n.ref.rel, n]));
  const pages: TopicPage[] = [];
  for (const [slug, m] of [...members.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    if (m.items.length < TOPIC_LIMITS.minItems) continue;
    for (const it of m.items) it.topics.push(slug);
    const sessions = new Map<string, TopicPage['sessions'][number]>();
    for (const it of m.items) for (const o of it.occurrences) {
      const n = noteByRel.get(o.noteRel);
      if (!sessions.has(o.noteRel)) sessions.set(o.noteRel, { session: o.session, date: n?.note.date ?? o.date, noteRel: o.noteRel, summary: n?.note.summary ?? '' });
    }
    const termStem = stem(m.title.toLowerCase());
    const touched = commits.filter((c) => (m.folder ? c.files.some((f) => f.startsWith(`${m.title}/`)) : contentWords(c.subject).includes(termStem)));
    pages.push({
      slug,
      title: m.title,
      items: m.items.map((i) => i.id),
      sessions: [...sessions.values()].sort((a, b) => cmp(b.date, a.date) || cmp(a.noteRel, b.noteRel)).slice(0, TOPIC_LIMITS.sessions),
      commits: [...touched].reverse().slice(0, TOPIC_LIMITS.commits),
    });
  }
  for (const it of items) it.topics.sort();
  return pages;
}
