import { parseArchive, renderArchive, type ArchiveEntry } from '../store/archive.js';
import { parseFrontMatter, renderFrontMatter } from '../store/frontmatter.js';
import { CURRENT_STATE, parseLayer1Name } from '../store/memory-store.js';
import { deriveFromNotes, renderCurrentState } from '../render/current-state.js';
import { parseSessionNote } from '../render/session-note.js';
import type { IndexedNote } from '../render/note-index.js';
import { VERSION } from '../version.js';

/** Memory files by path relative to the memory root (`layer1/2026-08/x.md`), as text. */
export type MemoryFiles = Map<string, string>;

export interface MergeOptions {
  toolVersion?: string;
  staleAfterDays?: number;
  /** The branch and HEAD the regenerated current-state names (branch mode's merge driver). */
  git?: { branch?: string; head?: string };
}

const LAYER1_PATH = /^layer1\/(\d{4}-\d{2})\/([^/]+)\.md$/;
const LAYER3_PATH = /^layer3\/(\d{4}-\d{2})-(.+)-archive\.md$/;

export function kindOf(rel: string): 'layer1' | 'layer2' | 'layer3' | 'other' {
  if (rel === CURRENT_STATE) return 'layer2';
  if (LAYER1_PATH.test(rel) && parseLayer1Name(rel.slice(rel.lastIndexOf('/') + 1))) return 'layer1';
  if (LAYER3_PATH.test(rel)) return 'layer3';
  return 'other';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function updatedAt(text: string): string {
  const v = parseFrontMatter(text.replace(/\r\n/g, '\n'))?.meta.updated_at;
  return typeof v === 'string' ? v : '';
}

/**
 * The copy of a file both sides hold that survives a merge: the later `updated_at`, then the
 * longer text, then the larger one. Symmetric, so every machine picks the same copy whichever
 * side it merges from.
 */
export function pickNewer(a: string, b: string): string {
  if (a === b) return a;
  const byTime = cmp(updatedAt(a), updatedAt(b));
  if (byTime) return byTime > 0 ? a : b;
  if (a.length !== b.length) return a.length > b.length ? a : b;
  return cmp(a, b) > 0 ? a : b;
}

/** Like pickNewer, but a tie goes to the working tree: a hand edit that kept `updated_at` is the user's word. */
export function pickLocal(committed: string, local: string): string {
  return cmp(updatedAt(committed), updatedAt(local)) > 0 ? committed : local;
}

function entryKey(e: ArchiveEntry): string {
  const u = typeof e.meta.updated_at === 'string' ? e.meta.updated_at : '';
  return `${u}\u0000${String(e.body.length).padStart(12, '0')}\u0000${e.body}`;
}

function sameEntries(a: ArchiveEntry[], b: ArchiveEntry[]): boolean {
  if (a.length !== b.length) return false;
  const m = new Map(a.map((e) => [e.id, e.body]));
  return b.every((e) => m.get(e.id) === e.body);
}

/** Union of two archives by note id (the newer copy of an id wins); keeps a side's bytes when it already holds the union. */
export function mergeArchiveText(rel: string, a: string, b: string, opts: MergeOptions = {}): string {
  if (a === b) return a;
  const ea = parseArchive(a);
  const eb = parseArchive(b);
  const byId = new Map<string, ArchiveEntry>();
  for (const e of [...ea, ...eb]) {
    const have = byId.get(e.id);
    if (!have || cmp(entryKey(e), entryKey(have)) > 0) byId.set(e.id, e);
  }
  const merged = [...byId.values()];
  if (sameEntries(merged, ea) && (!sameEntries(merged, eb) || cmp(a, b) > 0)) return a;
  if (sameEntries(merged, eb)) return b;
  const m = LAYER3_PATH.exec(rel);
  const month = m?.[1] ?? '0000-00';
  const tag = m?.[2] ?? 'handover';
  const head = renderFrontMatter({ layer: 3, tag, date: month, tool_version: opts.toolVersion ?? VERSION, notes: merged.length });
  return head + renderArchive(`${month} ${tag} archive`, merged);
}

function bodyOf(text: string): string {
  const body = parseFrontMatter(text)?.body ?? text;
  return body.endsWith('\n') ? body : `${body}\n`;
}

/** Note id -> archived body, over every archive in `files`. */
export function archivedBodies(files: MemoryFiles): Map<string, string> {
  const out = new Map<string, string>();
  for (const [rel, text] of files) if (kindOf(rel) === 'layer3') for (const e of parseArchive(text)) out.set(e.id, e.body.endsWith('\n') ? e.body : `${e.body}\n`);
  return out;
}

/** A layer1 note compaction moved into an archive: its id is archived with exactly this body. */
export function isCompacted(rel: string, text: string, archived: Map<string, string>): boolean {
  const m = LAYER1_PATH.exec(rel);
  return !!m && archived.get(m[2]!) === bodyOf(text);
}

/** The layer1 session notes of a memory tree, parsed; files that are not notes are left out. */
export function layer1NotesOf(files: MemoryFiles): IndexedNote[] {
  const notes: IndexedNote[] = [];
  for (const [rel, text] of files) {
    const m = LAYER1_PATH.exec(rel);
    const name = m ? parseLayer1Name(`${m[2]!}.md`) : undefined;
    if (!m || !name) continue;
    const note = parseSessionNote(text, name);
    if (note) notes.push({ ref: { layer: 1, path: rel, rel, tag: name.tag, date: name.date, session: name.session, month: m[1]! }, note });
  }
  return notes;
}

/** layer2/current-state.md derived from the layer1 notes alone, dated by the newest note, so every machine renders the same bytes. */
export function currentStateFor(files: MemoryFiles, opts: MergeOptions = {}): string {
  const notes = layer1NotesOf(files);
  const stamps = notes.map(({ note }) => note.updatedAt ?? note.startedAt ?? note.date);
  const newest = stamps.reduce((a, t) => (t > a ? t : a), '');
  const state = deriveFromNotes(notes, { uncommitted: [], ...opts.git }, { now: newest || '1970-01-01', ...(opts.staleAfterDays === undefined ? {} : { staleAfterDays: opts.staleAfterDays }) });
  const { body, meta } = renderCurrentState(state);
  return renderFrontMatter({ layer: 2, tool_version: opts.toolVersion ?? VERSION, ...meta }) + body;
}

/** The paths of both trees, sorted, each with its one copy or, where both hold one, `pick`'s choice. */
function union(a: MemoryFiles, b: MemoryFiles, pick: (rel: string, a: string, b: string) => string): MemoryFiles {
  const out: MemoryFiles = new Map();
  for (const rel of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(rel);
    const y = b.get(rel);
    out.set(rel, x === undefined || y === undefined ? (x ?? y)! : pick(rel, x, y));
  }
  return out;
}

/**
 * Merges two memory trees without a human: layer1 is a union by path (newer copy on a clash),
 * layer3 a union by note id, notes already compacted into an archive are dropped, and layer2 is
 * regenerated from the result. Symmetric: merge(a, b) equals merge(b, a).
 */
export function mergeMemory(ours: MemoryFiles, theirs: MemoryFiles, opts: MergeOptions = {}): MemoryFiles {
  const out = union(ours, theirs, (rel, a, b) =>
    kindOf(rel) === 'layer3' ? mergeArchiveText(rel, a, b, opts) : pickNewer(a, b));
  out.delete(CURRENT_STATE);
  const archived = archivedBodies(out);
  for (const [rel, text] of out) if (kindOf(rel) === 'layer1' && isCompacted(rel, text, archived)) out.delete(rel);
  if (ours.has(CURRENT_STATE) || theirs.has(CURRENT_STATE) || [...out.keys()].some((r) => kindOf(r) === 'layer1')) out.set(CURRENT_STATE, currentStateFor(out, opts));
  return out;
}

/**
 * The working tree laid over the committed tree (a local publish): the working tree wins except
 * where it is behind (an older note, an archive missing entries), and a note missing from it is
 * kept unless compaction archived it, so a view left stale by a crash never deletes or reverts
 * anything. layer2 is the working tree's own (it was just regenerated with local git facts).
 * Either map may hold only the paths that differ; the result covers the paths given.
 */
export function overlayLocal(committed: MemoryFiles, local: MemoryFiles, opts: MergeOptions = {}): { files: MemoryFiles; removed: Set<string> } {
  const files = union(committed, local, (rel, c, l) => {
    const kind = kindOf(rel);
    return kind === 'layer1' ? pickLocal(c, l) : kind === 'layer3' ? mergeArchiveText(rel, l, c, opts) : l;
  });
  const removed = new Set<string>();
  const archived = archivedBodies(files);
  for (const [rel, text] of files) {
    if (kindOf(rel) === 'layer1' && !local.has(rel) && isCompacted(rel, text, archived)) {
      files.delete(rel);
      removed.add(rel);
    }
  }
  return { files, removed };
}
