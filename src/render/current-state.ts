import type { MemoryStore } from '../store/memory-store.js';
import type { Meta } from '../store/frontmatter.js';
import { render as msg } from '../messages/render.js';
import { capLines, cmp, demoteHeadings, inlineCode, isoDay, normaliseText, oneLine, uniqueBy } from './markdown.js';
import { dirname, join } from 'node:path';
import { folderStamps, refreshIndex, summaryBlockOf, workOf, type IndexedNote, type RefreshOptions } from './note-index.js';
import type { SessionWork } from './note-work.js';
import { readDerivedCache, writeDerivedCache, type NotesState } from './derived-cache.js';
import type { ItemKind } from './session-note.js';

export interface GitState {
  branch?: string;
  head?: string;
  uncommitted: string[];
}

/** A decision, gotcha or follow-up with where it came from. */
export interface StateItem {
  id: string;
  text: string;
  session: string;
  /** YYYY-MM-DD the item was captured. */
  at: string;
  ageDays: number;
  stale: boolean;
  /** The session's note, relative to the memory root (layer1/YYYY-MM/...). */
  noteRel: string;
}

export interface SessionEntry {
  session: string;
  /** The agent that ran the session (claude-code, codex, gemini…), from its note. */
  agent?: string;
  date: string;
  summary: string;
  status: 'active' | 'ended';
  /** The note relative to the memory root. */
  noteRel: string;
  /** Relative link from layer2/current-state.md to the note. */
  link: string;
  branch?: string;
}

/** A recent session with its work, for the context's lead. */
export interface SessionWithWork extends SessionEntry {
  work: SessionWork;
}

export interface DerivedState {
  /** YYYY-MM-DD ages are counted from. */
  asOf: string;
  branch?: string;
  head?: string;
  interrupted?: string;
  lastSession?: SessionEntry & { summaryBlock: string };
  openFollowups: StateItem[];
  decisions: StateItem[];
  gotchas: StateItem[];
  uncommitted: string[];
  recentSessions: SessionEntry[];
  /** The newest sessions' work, newest first, a few per branch (see WORK_SESSIONS). */
  recentWork: SessionWithWork[];
  /** Totals before the caps above, so readers can say what was left out. */
  totals: { sessions: number; decisions: number; gotchas: number };
}

export interface DeriveOptions extends RefreshOptions {
  /** .agent-handover/index.json */
  indexPath: string;
  /** ISO instant ages are computed from; passed in so the result never depends on the clock. */
  now: string;
  staleAfterDays?: number;
  tag?: string;
  interrupted?: string;
}

/** How many recent notes are read again for their work: a bound, so SessionStart never reads every note. */
export const WORK_SESSIONS = { perBranch: 3, total: 8 } as const;

export const STATE_LIMITS = { decisions: 20, gotchas: 20, recentSessions: 10, followupLines: 200, uncommitted: 100 } as const;

const DAY_MS = 86_400_000;

/** Whole days from `date` to `asOf` (0 when either does not parse), and whether that is past `staleAfter`. */
function age(date: string, asOf: string, staleAfter: number): { ageDays: number; stale: boolean } {
  const d = Date.parse(`${date}T00:00:00Z`);
  const n = Date.parse(`${asOf}T00:00:00Z`);
  const days = Number.isNaN(d) || Number.isNaN(n) ? 0 : Math.max(0, Math.round((n - d) / DAY_MS));
  return { ageDays: days, stale: days > staleAfter };
}

/** Sessions oldest first: by last update, then start, then file name. */
export function sessionOrder(a: IndexedNote, b: IndexedNote): number {
  const ka = a.note.updatedAt ?? a.note.startedAt ?? a.note.date;
  const kb = b.note.updatedAt ?? b.note.startedAt ?? b.note.date;
  return cmp(ka, kb) || cmp(a.ref.rel, b.ref.rel);
}

function entry(n: IndexedNote): SessionEntry {
  return { session: n.note.session, ...(n.note.agent ? { agent: n.note.agent } : {}), date: n.note.date, summary: n.note.summary, status: n.note.status, noteRel: n.ref.rel, link: `../${n.ref.rel}`, ...(n.note.branch ? { branch: n.note.branch } : {}) };
}

/** Every item of a kind, oldest first (by date; the stable sort keeps session order, then position in the note). */
function collect(notes: IndexedNote[], kind: ItemKind, asOf: string, staleAfter: number): StateItem[] {
  const out: StateItem[] = [];
  for (const n of notes) {
    for (const it of n.note.items) {
      if (it.kind === kind) out.push({ id: it.id, text: it.text, session: n.note.session, at: it.date, ...age(it.date, asOf, staleAfter), noteRel: n.ref.rel });
    }
  }
  return out.sort((a, b) => cmp(a.at, b.at));
}

/** Keeps the first item per id and per normalised text. */
function dedupe(items: StateItem[]): StateItem[] {
  const ids = new Set<string>();
  const texts = new Set<string>();
  return items.filter((it) => {
    const t = normaliseText(it.text);
    if (ids.has(it.id) || texts.has(t)) return false;
    ids.add(it.id);
    texts.add(t);
    return true;
  });
}

/**
 * The current state as a pure function of the layer1 notes and the git state (the notes are read
 * through the incremental index). Ordering never depends on the file system or on Map order.
 * When no note folder changed since the last derivation, the notes' share comes from a small cache
 * next to the index (`full` skips it, as it skips the index's folder shortcut).
 */
export async function deriveState(store: MemoryStore, git: GitState, opts: DeriveOptions): Promise<DerivedState> {
  // derived.json is the one cache of derived state. The invalidation rule it relies on: it is
  // taken only while every note folder's mtime (each layer1 month, layer3) is what it was when the
  // cache was written, for the same memory root, tag and format versions. That holds because every
  // note is written by an atomic rename inside its folder (io/atomic.ts), which moves the folder's
  // mtime; a note edited in place by hand is seen at the next write in its folder, or by `agent-handover regenerate`.
  // The stamps are taken before the notes are read, so a write during this derivation is never
  // hidden. Git and the clock are not in the cache: they are applied after (withContext, reage).
  const cachePath = join(dirname(opts.indexPath), 'derived.json');
  const key = { root: store.root, tag: opts.tag, stamps: await folderStamps(store.root) };
  const cached = opts.full ? undefined : await readDerivedCache(cachePath, key);
  if (cached) return withContext(reage(cached, isoDay(opts.now, '1970-01-01'), opts.staleAfterDays ?? 30), git, opts);
  const { notes: all } = await refreshIndex(store, opts.indexPath, opts);
  const state = deriveFromNotes(all, { uncommitted: [] }, { ...opts, interrupted: undefined });
  if (state.lastSession && !state.lastSession.summaryBlock) {
    const last = all.find((n) => n.ref.rel === state.lastSession!.noteRel && n.note.session === state.lastSession!.session);
    if (last) state.lastSession.summaryBlock = await summaryBlockOf(last);
  }
  // The recent notes' work, read again from their files (a bounded number) when the index left it out.
  const recent = pickRecent(all, opts.tag);
  state.recentWork = withWork(recent, await Promise.all(recent.map((n) => workOf(n, opts.read))));
  if (opts.writeIndex !== false) {
    const { openFollowups, decisions, gotchas, recentSessions, totals, lastSession, recentWork: rw } = state;
    await writeDerivedCache(cachePath, key, { openFollowups, decisions, gotchas, recentSessions, totals, recentWork: rw, ...(lastSession ? { lastSession } : {}) });
  }
  return withContext(state, git, opts);
}

/** The newest notes, up to WORK_SESSIONS.perBranch per branch and .total in all. */
function pickRecent(all: IndexedNote[], tag: string | undefined): IndexedNote[] {
  const notes = all.filter((n) => tag === undefined || (n.note.tag ?? n.ref.tag) === tag).sort(sessionOrder).reverse();
  const perBranch = new Map<string, number>();
  const picked: IndexedNote[] = [];
  for (const n of notes) {
    if (picked.length >= WORK_SESSIONS.total) break;
    const b = n.note.branch ?? '';
    const count = perBranch.get(b) ?? 0;
    if (count >= WORK_SESSIONS.perBranch) continue;
    perBranch.set(b, count + 1);
    picked.push(n);
  }
  return picked;
}

function withWork(picked: IndexedNote[], works: Array<SessionWork | undefined>): SessionWithWork[] {
  return picked.map((n, i) => ({ ...entry(n), work: works[i] })).filter((w): w is SessionWithWork => w.work !== undefined);
}

/** Ages and staleness as of another day (what a cached state needs; everything else is unchanged). */
function reage(s: NotesState, asOf: string, staleAfter: number): DerivedState {
  const item = (it: StateItem): StateItem => ({ ...it, ...age(it.at, asOf, staleAfter) });
  return { ...s, asOf, openFollowups: s.openFollowups.map(item), decisions: s.decisions.map(item), gotchas: s.gotchas.map(item), uncommitted: [] };
}

function withContext(s: DerivedState, git: GitState, opts: { interrupted?: string | undefined }): DerivedState {
  const { branch: _branch, head: _head, interrupted: _interrupted, ...rest } = s;
  const out: DerivedState = { ...rest, uncommitted: [...git.uncommitted].sort() };
  if (git.branch) out.branch = git.branch;
  if (git.head) out.head = git.head;
  if (opts.interrupted) out.interrupted = opts.interrupted;
  return out;
}

/** deriveState without the I/O: exposed so callers holding the notes can reuse it. */
export function deriveFromNotes(all: IndexedNote[], git: GitState, opts: Omit<DeriveOptions, 'indexPath'>): DerivedState {
  const asOf = isoDay(opts.now, '1970-01-01');
  const staleAfter = opts.staleAfterDays ?? 30;
  const notes = all.filter((n) => opts.tag === undefined || (n.note.tag ?? n.ref.tag) === opts.tag).sort(sessionOrder);

  const closed = new Set(notes.flatMap((n) => n.note.closes));
  // A follow-up keeps the provenance of its first raising; once closed by id it is gone, but the
  // same text raised again later is a new, open follow-up.
  const raised = collect(notes, 'followup', asOf, staleAfter);
  const firstById = uniqueBy(raised, (f) => f.id);
  const open = dedupe(firstById.filter((f) => !closed.has(f.id))).reverse();
  // Decisions and gotchas newest first: the latest of repeated ones wins.
  const decisions = dedupe(collect(notes, 'decision', asOf, staleAfter).reverse());
  const gotchas = dedupe(collect(notes, 'gotcha', asOf, staleAfter).reverse());

  const last = notes[notes.length - 1];
  const recent = pickRecent(notes, undefined);
  const state: DerivedState = {
    asOf,
    openFollowups: open,
    decisions: decisions.slice(0, STATE_LIMITS.decisions),
    gotchas: gotchas.slice(0, STATE_LIMITS.gotchas),
    uncommitted: [],
    recentSessions: notes.slice(-STATE_LIMITS.recentSessions).reverse().map(entry),
    recentWork: withWork(recent, recent.map((n) => n.note.work)),
    totals: { sessions: notes.length, decisions: decisions.length, gotchas: gotchas.length },
  };
  if (last) state.lastSession = { ...entry(last), summaryBlock: last.note.summaryBlock };
  return withContext(state, git, opts);
}

function itemLine(it: StateItem, checkbox: boolean): string {
  const from = msg.state.provenance(`[${it.session}](../${it.noteRel})`, it.at, it.ageDays);
  return `- ${checkbox ? '[ ] ' : ''}${it.text} (id: ${it.id}; ${from})${it.stale ? ` ${msg.state.stale(it.ageDays)}` : ''}`;
}

/** layer2/current-state.md. Pure: the same state gives the same bytes. */
export function renderCurrentState(s: DerivedState): { body: string; meta: Meta } {
  const m = msg.state;
  const parts: string[] = [m.title, m.where(s.branch, s.head, s.asOf), `_${m.generated}_`];
  const section = (title: string, lines: string[]) => {
    if (lines.length) parts.push(`## ${title}\n\n${lines.join('\n')}`);
  };
  if (s.interrupted) section(m.interrupted, [oneLine(s.interrupted, 2000)]);
  if (s.lastSession) {
    const l = s.lastSession;
    section(m.lastSession, [m.lastSessionLine(l.session, l.date, l.link, l.status), ...(l.summaryBlock ? ['', demoteHeadings(l.summaryBlock)] : [])]);
  } else {
    parts.push(m.noSessions);
  }
  section(m.openFollowups(s.openFollowups.length), capLines(s.openFollowups.map((f) => itemLine(f, true)), STATE_LIMITS.followupLines, (n) => `- ${msg.more(n)}`));
  section(m.decisions, s.decisions.map((d) => itemLine(d, false)));
  section(m.gotchas, s.gotchas.map((g) => itemLine(g, false)));
  section(m.uncommitted(s.uncommitted.length), capLines(s.uncommitted.map((u) => `- ${inlineCode(oneLine(u, 300))}`), STATE_LIMITS.uncommitted, (n) => `- ${msg.more(n)}`));
  section(m.recentSessions, s.recentSessions.map((r) => `- ${r.date} [${r.session}](${r.link})${r.agent ? ` ${r.agent}` : ''} (${r.status}): ${r.summary}`));
  const meta: Meta = {
    as_of: s.asOf,
    branch: s.branch ?? null,
    head: s.head ?? null,
    sessions: s.totals.sessions,
    last_session: s.lastSession?.session ?? null,
    open_followups: s.openFollowups.map((f) => f.id),
    decisions: s.totals.decisions,
    gotchas: s.totals.gotchas,
    uncommitted: s.uncommitted.length,
  };
  return { body: `${parts.join('\n\n')}\n`, meta };
}

/** Derives the state and writes layer2/current-state.md (atomically, through the store); returns its path. */
export async function regenerateCurrentState(store: MemoryStore, git: GitState, opts: DeriveOptions): Promise<string> {
  const { body, meta } = renderCurrentState(await deriveState(store, git, opts));
  return store.writeCurrentState(body, meta);
}
