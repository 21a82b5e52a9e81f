import { existsSync, lstatSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pidAlive } from '../io/pid.js';
import { git } from './git.js';

const NULL_OID = '0000000000000000000000000000000000000000';

export interface TreeChanges {
  /** Blobs already in the object database, by path: an oid adds or replaces the path, null removes it. */
  blobs?: Map<string, string | null>;
  /** Work-tree files, by path: added by `git add` (filters, modes, sparse checkout as git has them); a missing one is removed. */
  files?: string[];
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The one way this package builds a tree: `base`'s tree (or the empty tree) with `changes` applied,
 * in a private index file that starts empty and is filled by read-tree, never a copy of the user's
 * index (so no stat data is inherited and no racy-git timestamp trick is needed: only the paths
 * named are hashed). Paths are relative to the repository's top. Nothing here touches HEAD, the
 * user's index or the work tree.
 */
export async function buildTree(top: string, gitDir: string, base: string | undefined, changes: TreeChanges, env: Record<string, string> = {}): Promise<string> {
  const indexFile = join(gitDir, `agent-handover-index-${process.pid}-${randomBytes(6).toString('hex')}`);
  const withIndex = { ...env, GIT_INDEX_FILE: indexFile };
  try {
    await git(top, base ? ['read-tree', base] : ['read-tree', '--empty'], { env: withIndex });
    const blobs = [...(changes.blobs ?? [])];
    if (blobs.length) {
      const lines = blobs.map(([path, oid]) => (oid ? `100644 ${oid}\t${path}` : `0 ${NULL_OID}\t${path}`));
      await git(top, ['update-index', '-z', '--index-info'], { env: withIndex, input: lines.join('\0') + '\0' });
    }
    const present: string[] = [];
    const gone: string[] = [];
    for (const f of changes.files ?? []) (existsSync(join(top, f)) || isSymlink(join(top, f)) ? present : gone).push(f);
    // `add` of the named files only (git's own filters, modes and sparse-checkout refusal), then the removals.
    if (present.length) await git(top, ['add', '--pathspec-from-file=-', '--pathspec-file-nul'], { env: withIndex, input: present.join('\0') + '\0' });
    if (gone.length) await git(top, ['update-index', '--force-remove', '-z', '--stdin'], { env: withIndex, input: gone.join('\0') + '\0' });
    return (await git(top, ['write-tree'], { env: withIndex })).stdout.trim();
  } finally {
    await rm(indexFile, { force: true });
    await rm(`${indexFile}.lock`, { force: true });
  }
}

/** Our private index files (buildTree above) and their locks: `<name>-<pid>-<12 hex>`; `memory-` is the older name sync used. */
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
