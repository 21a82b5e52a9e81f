import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { folderStamps } from '../render/note-index.js';

/** When the refine step is due: this many new notes since the last refine, or this long. */
export const REFINE_DUE = { newNotes: 5, afterMs: 86_400_000 } as const;

/** Session notes under layer1/, by name only. */
export async function countLayer1Files(root: string): Promise<number> {
  const months = await readdir(join(root, 'layer1')).then((ms) => ms.filter((m) => /^\d{4}-\d{2}$/.test(m)), () => []);
  const counts = await Promise.all(months.map((m) => readdir(join(root, 'layer1', m)).then((fs) => fs.filter((f) => f.endsWith('.md')).length, () => 0)));
  return counts.reduce((a, n) => a + n, 0);
}

/** Due as far as a hook can tell cheaply: never refined, `newNotes` more notes, or `afterMs` since the last refine. */
export async function refineLooksDue(root: string, checkpointPath: string, now: string, due: { newNotes: number; afterMs: number } = REFINE_DUE): Promise<boolean> {
  const files = await countLayer1Files(root);
  if (files === 0) return false;
  // The refine checkpoint (.agent-handover/refine.json) as far as this check reads it.
  let last: { at?: unknown; layer1Files?: unknown; stamps?: unknown };
  try {
    last = JSON.parse(await readFile(checkpointPath, 'utf8')) as typeof last;
  } catch {
    return true;
  }
  if (typeof last.at !== 'string' || typeof last.layer1Files !== 'number') return true;
  if (files - last.layer1Files >= due.newNotes) return true;
  // A day on, refine is due only if some note changed: the same folders are the same notes.
  if (Date.parse(now) - Date.parse(last.at) < due.afterMs) return false;
  return JSON.stringify(await folderStamps(root)) !== JSON.stringify(last.stamps);
}

