import { writeFileAtomic } from '../io/atomic.js';
import { readJson } from './json-file.js';
import { INDEX_VERSION } from './note-index.js';
import type { DerivedState } from './current-state.js';

/** The part of the derived state that comes from the notes alone (no git, no clock). */
export type NotesState = Pick<DerivedState, 'openFollowups' | 'decisions' | 'gotchas' | 'recentSessions' | 'totals' | 'lastSession' | 'recentWork'>;

export interface CacheKey {
  root: string;
  tag: string | undefined;
  /** folderStamps() taken before the notes were read. */
  stamps: Record<string, number>;
}

/** Bump when NotesState or how it is derived changes. */
// 3: recent sessions carry their work (the context leads with it) and their branch (this branch's first).
const VERSION = 3;

interface CacheFile extends Omit<CacheKey, 'tag'> {
  version: number;
  indexVersion: number;
  tag: string | null;
  state: NotesState;
}

function sameStamps(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

function wellFormed(s: unknown): s is NotesState {
  const o = s as Partial<NotesState> | null;
  return !!o && Array.isArray(o.openFollowups) && Array.isArray(o.decisions) && Array.isArray(o.gotchas) && Array.isArray(o.recentSessions) && Array.isArray(o.recentWork) && typeof o.totals === 'object' && o.totals !== null;
}

/**
 * The notes' share of the state as last derived, when no note folder changed since (same folder
 * mtimes as the index uses, see note-index.ts): SessionStart then reads a few kilobytes instead of
 * the whole note index. Anything unexpected is a miss, never an error.
 */
export async function readDerivedCache(path: string, key: CacheKey): Promise<NotesState | undefined> {
  const ok = (f: Partial<CacheFile>) => f.version === VERSION && f.indexVersion === INDEX_VERSION && f.root === key.root && f.tag === (key.tag ?? null);
  const c = await readJson<Partial<CacheFile>>(path, (d) => ok(d) && !!d.stamps && sameStamps(d.stamps, key.stamps) && wellFormed(d.state));
  return c?.state;
}

/** Best effort, like the index: a state folder that cannot be written costs speed, not correctness. */
export async function writeDerivedCache(path: string, key: CacheKey, state: NotesState): Promise<void> {
  const file: CacheFile = { version: VERSION, indexVersion: INDEX_VERSION, root: key.root, tag: key.tag ?? null, stamps: key.stamps, state };
  await writeFileAtomic(path, `${JSON.stringify(file)}\n`, { durable: false }).catch(() => undefined);
}
