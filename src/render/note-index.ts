import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { readJson } from './json-file.js';
import type { MemoryStore, NoteRef } from '../store/memory-store.js';
import { parseSessionNote, type ParsedNote } from './session-note.js';
import { parseArchive } from '../store/archive.js';
import { renderFrontMatter, type Meta } from '../store/frontmatter.js';

/** Bump when ParsedNote or the note format changes: an index of another version is rebuilt. */
export const INDEX_VERSION = 5;

export interface IndexEntry {
  mtimeMs: number;
  size: number;
  ino: number;
  /** A layer1 file holds one note (none when it has no metadata header: remembered so it is not
   * re-read); a layer3 archive holds the notes compacted into it. */
  notes: ParsedNote[];
  ref: NoteRef;
}

interface IndexFile {
  version: number;
  root: string;
  notes: Record<string, IndexEntry>;
  /** mtime of each layer1 month folder and of layer3: every atomic write renames inside its folder,
   * so an unchanged folder mtime means none of its files was written, added or removed. */
  dirs?: Record<string, number>;
}

export interface IndexStats {
  /** Files (layer1 notes, layer3 archives) read and parsed this time. */
  parsed: number;
  /** Files taken from the index unchanged. */
  cached: number;
  /** Index entries dropped because their note is gone. */
  dropped: number;
  /** True when the index was missing, corrupt or of another version. */
  rebuilt: boolean;
  written: boolean;
}

export interface IndexedNote {
  ref: NoteRef;
  note: ParsedNote;
}

export interface RefreshOptions {
  /** Reads a note's text; injectable so tests can count reads. */
  read?: (path: string) => Promise<string>;
  /** False leaves index.json untouched (read-only callers, PAUSE): the result is the same, only slower next time. */
  writeIndex?: boolean;
  /** Stat every file even in folders whose mtime did not change (`regenerate`: catches in-place edits). */
  full?: boolean;
}

/**
 * Brings the layer1 index up to date: each note is keyed by its path relative to the memory root
 * and cached with its mtime, size and inode, so only notes that changed since the last run are
 * read again (an atomic rewrite always gets a new inode). Notes that disappeared are dropped; a
 * missing, corrupt or outdated index is rebuilt without complaint. Written atomically, and only
 * when something changed.
 */
export async function refreshIndex(store: MemoryStore, indexPath: string, opts: RefreshOptions = {}): Promise<{ notes: IndexedNote[]; stats: IndexStats }> {
  const read = opts.read ?? ((p: string) => readFile(p, 'utf8'));
  const old = await readJson<IndexFile>(indexPath, (d) => d.version === INDEX_VERSION && d.root === store.root && typeof d.notes === 'object' && d.notes !== null);
  const stats: IndexStats = { parsed: 0, cached: 0, dropped: 0, rebuilt: old === undefined, written: false };
  const stamps = await folderStamps(store.root);
  const next: IndexFile = { version: INDEX_VERSION, root: store.root, notes: {}, dirs: stamps };
  const notes: IndexedNote[] = [];
  // Archived notes still count: a follow-up raised in a compacted month stays open until closed.
  const refs: NoteRef[] = [];
  for (const [folder, mtime] of Object.entries(stamps)) {
    if (!opts.full && old?.dirs?.[folder] === mtime) {
      for (const [rel, entry] of Object.entries(old.notes)) {
        if (!rel.startsWith(`${folder}/`)) continue;
        next.notes[rel] = entry;
        stats.cached += 1;
        for (const note of entry.notes) notes.push({ ref: entry.ref, note });
      }
      continue;
    }
    const month = folder.startsWith('layer1/') ? folder.slice(7) : undefined;
    refs.push(...(month ? await store.list({ layer: 1, months: (m) => m === month }) : await store.list({ layer: 3 })));
  }

  // Stats are cheap and independent: run them in small batches rather than one by one.
  const BATCH = 64;
  for (let i = 0; i < refs.length; i += BATCH) {
    const batch = refs.slice(i, i + BATCH);
    const results = await Promise.all(
      batch.map(async (ref): Promise<IndexEntry | undefined> => {
        const st = await stat(ref.path).catch(() => undefined);
        if (!st) return undefined;
        const prev = old?.notes[ref.rel];
        if (prev && prev.mtimeMs === st.mtimeMs && prev.size === st.size && prev.ino === st.ino) {
          stats.cached += 1;
          return prev;
        }
        let text: string;
        try {
          text = await read(ref.path);
        } catch {
          return undefined;
        }
        stats.parsed += 1;
        return { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, notes: parseFile(ref, text), ref };
      }),
    );
    results.forEach((entry, j) => {
      const ref = batch[j]!;
      if (!entry) return;
      next.notes[ref.rel] = entry;
      for (const note of entry.notes) notes.push({ ref, note });
    });
  }
  if (old) stats.dropped = Object.keys(old.notes).filter((rel) => !(rel in next.notes)).length;
  const dirsMoved = JSON.stringify(next.dirs) !== JSON.stringify(old?.dirs ?? {});
  if (opts.writeIndex !== false && (stats.rebuilt || stats.parsed > 0 || stats.dropped > 0 || dirsMoved)) {
    // The index is only a cache: a state folder that cannot be written costs speed, not correctness.
    stats.written = await writeFileAtomic(indexPath, `${JSON.stringify(lean(next))}\n`, { durable: false }).then(() => true, () => false);
  }
  return { notes: preferLayer1(notes), stats };
}

/**
 * The index on disk without each note's summary block, two thirds of its size: only the last
 * session's block is ever shown, and summaryBlockOf reads that one note again.
 */
function lean(index: IndexFile): IndexFile {
  const notes: Record<string, IndexEntry> = {};
  for (const [rel, e] of Object.entries(index.notes)) notes[rel] = { ...e, notes: e.notes.map(({ work: _work, ...n }) => (n.summaryBlock ? { ...n, summaryBlock: '' } : n)) };
  return { ...index, notes };
}

/** A note read again from its file, for what the index does not keep (summary block, work). */
async function reread(n: IndexedNote, read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8')): Promise<ParsedNote | undefined> {
  try {
    return parseFile(n.ref, await read(n.ref.path)).find((x) => x.session === n.note.session && (x.tag ?? '') === (n.note.tag ?? ''));
  } catch {
    return undefined;
  }
}

/** A note's work (what was done, failed, open, said), read from its file when the index left it out. */
export async function workOf(n: IndexedNote, read?: (path: string) => Promise<string>): Promise<NonNullable<ParsedNote['work']> | undefined> {
  return n.note.work ?? (await reread(n, read))?.work;
}

/** A note's summary block, read from its file (the index does not keep it); '' when it has none. */
export async function summaryBlockOf(n: IndexedNote): Promise<string> {
  if (n.note.summaryBlock) return n.note.summaryBlock;
  return (await reread(n))?.summaryBlock ?? '';
}

function parseFile(ref: NoteRef, text: string): ParsedNote[] {
  if (ref.layer === 1) {
    const note = parseSessionNote(text, { ...(ref.session ? { session: ref.session } : {}), ...(ref.date ? { date: ref.date } : {}), ...(ref.tag ? { tag: ref.tag } : {}) });
    return note ? [note] : [];
  }
  const out: ParsedNote[] = [];
  for (const e of parseArchive(text)) {
    const meta = Object.fromEntries(Object.entries(e.meta).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v))) as Meta;
    const note = parseSessionNote(renderFrontMatter(meta) + e.body, ref.tag ? { tag: ref.tag } : {});
    if (note?.session) out.push(note);
  }
  return out;
}

/** A note both archived and still in layer1 (compaction between its two steps) counts once, as layer1. */
function preferLayer1(notes: IndexedNote[]): IndexedNote[] {
  const inLayer1 = new Set(notes.filter((n) => n.ref.layer === 1).map((n) => `${n.note.tag ?? ''}/${n.note.session}`));
  return notes.filter((n) => n.ref.layer === 1 || !inLayer1.has(`${n.note.tag ?? ''}/${n.note.session}`));
}

/**
 * The mtime of each layer1 month folder and of layer3, by folder relative to the memory root: the
 * fingerprint of everything the index holds (see IndexFile.dirs). Missing folders are left out.
 */
export async function folderStamps(root: string): Promise<Record<string, number>> {
  const folders = [...(await subfolders(join(root, 'layer1'))).map((m) => `layer1/${m}`), 'layer3'];
  const times = await Promise.all(folders.map((f) => stat(join(root, f)).then((st) => st.mtimeMs, () => undefined)));
  return Object.fromEntries(folders.map((f, i) => [f, times[i]]).filter(([, t]) => t !== undefined));
}

function subfolders(dir: string): Promise<string[]> {
  return readdir(dir, { withFileTypes: true }).then((ds) => ds.filter((d) => d.isDirectory() && /^\d{4}-\d{2}$/.test(d.name)).map((d) => d.name).sort(), () => []);
}
