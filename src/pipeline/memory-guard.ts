import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { kindOf } from '../sync/merge-memory.js';
import type { Project } from '../project/project.js';

/** Temp files of our atomic writes (io/atomic.ts) and topic pages (refine). */
const OUR_TEMP = /(^|\/)\.[^/]+\.\d+\.[0-9a-f]{8}\.tmp$/;
const TOPIC = /^topics\/[^/]+\.md$/;
/** Enough to name the problem; a memory_root such as `src` is not walked to the end. */
const LIMIT = 20;

/** True for a path (relative to the memory folder) of a file this package writes there. */
export function isOurMemoryPath(rel: string): boolean {
  return kindOf(rel) !== 'other' || TOPIC.test(rel) || OUR_TEMP.test(rel);
}

/**
 * Files in the memory folder that we did not write (the user's own: tracked, untracked or ignored
 * alike, since all of them are on disk): a memory_root over a folder of the user's, such as an
 * existing memory/ or src/. A handover refuses to commit while there are any.
 */
export async function foreignMemoryFiles(p: Project): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(p.layout.memoryDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= LIMIT) return;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (!isOurMemoryPath(r)) out.push(r);
    }
  };
  await walk('');
  return out.sort();
}
