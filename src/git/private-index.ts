import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pidAlive } from '../io/pid.js';

/** Our private index files (git-backend.ts, sync/git-objects.ts) and their locks: `<name>-<pid>-<12 hex>`. */
const PRIVATE_INDEX = /^agent-handover-(?:memory-)?index-(\d+)-[0-9a-f]{12}(?:\.lock)?$/;

/**
 * Removes the private index copies (and their locks) of processes that no longer run: a process
 * killed mid-publish cannot clean up, and each copy can be as large as the user's index. A live
 * process's files are left alone. Returns the names removed.
 */
export async function removeDeadPrivateIndexes(gitDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(gitDir);
  } catch {
    return [];
  }
  const dead = names.filter((n) => {
    const m = PRIVATE_INDEX.exec(n);
    return m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]));
  });
  await Promise.all(dead.map((n) => rm(join(gitDir, n), { force: true })));
  return dead;
}
