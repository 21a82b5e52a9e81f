import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArchive } from '../store/archive.js';
import { pausedBy } from '../pause.js';
import { memoryRel, type Project } from '../project/project.js';
import type { StateItem } from '../render/current-state.js';

/**
 * One session's note as Markdown: by id (its layer1 note, else its entry in a layer3 archive) or
 * "last" (the most recent layer1 note). `note` is the file, relative to the project.
 */
export async function readSessionNote(p: Project, id: string): Promise<{ session: string; note: string; text: string } | undefined> {
  const want = id.trim();
  if (want === 'last' || want === 'latest') {
    const last = await p.store.readLatest();
    if (!last) return undefined;
    return { session: last.ref.session ?? String(last.meta.session ?? ''), note: `${memoryRel(p)}/${last.ref.rel}`, text: await readFile(last.ref.path, 'utf8') };
  }
  const layer1 = (await p.store.list({ layer: 1 })).find((r) => r.session === want);
  if (layer1) return { session: want, note: `${memoryRel(p)}/${layer1.rel}`, text: await readFile(layer1.path, 'utf8') };
  for (const ref of (await p.store.list({ layer: 3 })).reverse()) {
    const entry = parseArchive(await readFile(ref.path, 'utf8')).find((e) => e.id === want || e.meta.session === want);
    if (entry) return { session: want, note: `${memoryRel(p)}/${ref.rel}`, text: entry.body };
  }
  return undefined;
}

/** The follow-ups still open across every session (as the current state derives them), newest first. */
export async function openFollowups(p: Project): Promise<StateItem[]> {
  const { deriveState } = await import('../render/current-state.js');
  const state = await deriveState(p.store, { uncommitted: [] }, {
    indexPath: join(p.layout.stateDir, 'index.json'),
    now: new Date().toISOString(),
    staleAfterDays: p.config.staleAfterDays,
    writeIndex: !pausedBy(p.layout.pauseFiles),
  });
  return state.openFollowups;
}
