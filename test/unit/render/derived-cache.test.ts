import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Capture, SessionFacts } from '../../../src/session/facts.js';
import { renderSessionNote } from '../../../src/render/session-note.js';
import { deriveState, type GitState } from '../../../src/render/current-state.js';
import { readDerivedCache } from '../../../src/render/derived-cache.js';
import { folderStamps } from '../../../src/render/note-index.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { tempDir } from '../../helpers/repo.js';
import { sessionFacts } from '../../helpers/facts.js';

const GIT: GitState = { branch: 'main', head: '0123456789abcdef0123456789abcdef01234567', uncommitted: ['?? b.txt', ' M a.txt'] };

function facts(session: string, day: string, captures: Array<[Capture['kind'], string, string]>, tag = 'main'): SessionFacts {
  return sessionFacts(session, day, { tag, captures: captures.map(([kind, id, text]) => ({ id, kind, text, at: `${day}T09:30:00Z`, session })), manualNote: `Work of ${session}` });
}

async function put(store: MemoryStore, f: SessionFacts): Promise<void> {
  const { body, meta } = renderSessionNote(f);
  await store.writeSessionNote({ tag: f.tag, date: f.startedAt.slice(0, 10), session: f.session, body, meta });
}

async function setup() {
  const dir = tempDir();
  const store = new MemoryStore(join(dir, 'memory'), { toolVersion: '0.0.0-test' });
  await put(store, facts('s-one', '2026-06-01', [['followup', 'f-aaaa', 'Write the README'], ['decision', 'd-aaaa', 'Use vitest']]));
  await put(store, facts('s-two', '2026-06-10', [['gotcha', 'g-aaaa', 'Node 18 lacks fetch flags']]));
  const stateDir = join(dir, '.agent-handover');
  return { store, indexPath: join(stateDir, 'index.json'), cachePath: join(stateDir, 'derived.json') };
}

const opts = (indexPath: string, now: string, extra: Record<string, unknown> = {}) => ({ indexPath, now, staleAfterDays: 30, ...extra });

describe('derived-state cache', () => {
  it('a second derive with no note folder changed does not read the note index at all', async () => {
    const { store, indexPath, cachePath } = await setup();
    const first = await deriveState(store, GIT, opts(indexPath, '2026-06-12T00:00:00Z'));
    expect(existsSync(cachePath)).toBe(true);
    // A garbage index would be rebuilt (and rewritten) by any read of it.
    writeFileSync(indexPath, 'garbage');
    const second = await deriveState(store, GIT, opts(indexPath, '2026-06-12T00:00:00Z'));
    expect(readFileSync(indexPath, 'utf8')).toBe('garbage');
    expect(second).toEqual(first);
    expect(second.decisions.map((d) => d.id)).toEqual(['d-aaaa']);
    expect(second.uncommitted).toEqual([' M a.txt', '?? b.txt']);
  });

  it('ages and staleness are those of the day asked for, exactly as a full derive gives them', async () => {
    const { store, indexPath } = await setup();
    await deriveState(store, GIT, opts(indexPath, '2026-06-12T00:00:00Z'));
    const later = await deriveState(store, GIT, opts(indexPath, '2026-08-01T00:00:00Z'));
    const full = await deriveState(store, GIT, opts(indexPath, '2026-08-01T00:00:00Z', { full: true }));
    expect(later).toEqual(full);
    expect(later.asOf).toBe('2026-08-01');
    expect(later.openFollowups[0]).toMatchObject({ id: 'f-aaaa', ageDays: 61, stale: true });
  });

  it('a new note, a new month and another tag each give a fresh derivation', async () => {
    const { store, indexPath } = await setup();
    await deriveState(store, GIT, opts(indexPath, '2026-07-12T00:00:00Z'));
    await put(store, facts('s-three', '2026-06-11', [['decision', 'd-bbbb', 'Use esbuild']]));
    const a = await deriveState(store, GIT, opts(indexPath, '2026-07-12T00:00:00Z'));
    expect(a.decisions.map((d) => d.id)).toEqual(['d-bbbb', 'd-aaaa']);
    await put(store, facts('s-four', '2026-07-02', [['followup', 'f-bbbb', 'Add CI']]));
    const b = await deriveState(store, GIT, opts(indexPath, '2026-07-12T00:00:00Z'));
    expect(b.openFollowups.map((f) => f.id)).toEqual(['f-bbbb', 'f-aaaa']);
    await put(store, facts('s-other', '2026-07-03', [['decision', 'd-cccc', 'Other tag']], 'other'));
    const main = await deriveState(store, GIT, opts(indexPath, '2026-07-12T00:00:00Z', { tag: 'main' }));
    const other = await deriveState(store, GIT, opts(indexPath, '2026-07-12T00:00:00Z', { tag: 'other' }));
    expect(main.decisions.map((d) => d.id)).toEqual(['d-bbbb', 'd-aaaa']);
    expect(other.decisions.map((d) => d.id)).toEqual(['d-cccc']);
    for (const tag of ['main', 'other', undefined]) {
      const o = opts(indexPath, '2026-07-12T00:00:00Z', tag ? { tag } : {});
      expect(await deriveState(store, GIT, o)).toEqual(await deriveState(store, GIT, { ...o, full: true }));
    }
  });

  it('a corrupt or foreign cache is ignored and replaced', async () => {
    const { store, indexPath, cachePath } = await setup();
    const good = await deriveState(store, GIT, opts(indexPath, '2026-06-12T00:00:00Z'));
    const key = { root: store.root, tag: undefined, stamps: await folderStamps(store.root) };
    for (const bad of ['{', 'null', '{"version":1}', JSON.stringify({ ...JSON.parse(readFileSync(cachePath, 'utf8')), root: '/elsewhere' }), JSON.stringify({ ...JSON.parse(readFileSync(cachePath, 'utf8')), state: { decisions: 'x' } })]) {
      writeFileSync(cachePath, bad);
      expect(await readDerivedCache(cachePath, key)).toBeUndefined();
      expect(await deriveState(store, GIT, opts(indexPath, '2026-06-12T00:00:00Z'))).toEqual(good);
      expect(await readDerivedCache(cachePath, key)).toBeDefined();
    }
  });

  it('writeIndex: false (PAUSE) writes no cache', async () => {
    const { store, indexPath, cachePath } = await setup();
    await deriveState(store, GIT, opts(indexPath, '2026-06-12T00:00:00Z', { writeIndex: false }));
    expect(existsSync(cachePath)).toBe(false);
    expect(existsSync(indexPath)).toBe(false);
  });
});
