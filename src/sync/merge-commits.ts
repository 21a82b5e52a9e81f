import { HANDOVER_TRAILER } from '../git/git-backend.js';
import { identityEnv } from '../git/identity.js';
import { buildTree } from '../git/private-index.js';
import { sync as msg } from '../messages/sync.js';
import { commitTree, listTree, readBlobs, writeBlobs } from './git-objects.js';
import { mergeMemory, type MemoryFiles, type MergeOptions } from './merge-memory.js';
import type { SharedContext } from './shared-ref.js';

function filesOf(listing: Map<string, string>, blobs: Map<string, string>): MemoryFiles {
  return new Map([...listing].map(([rel, oid]) => [rel, blobs.get(oid)!]));
}

/**
 * A merge commit of two memory commits (parents: ours, theirs) whose tree is mergeMemory of
 * both: written with plumbing, moving no ref. Blobs either side already has are reused.
 */
export async function mergeCommits(ctx: SharedContext, ours: string, theirs: string, opts: MergeOptions): Promise<string> {
  const a = await listTree(ctx.root, ours, ctx.prefix);
  const b = await listTree(ctx.root, theirs, ctx.prefix);
  const blobs = await readBlobs(ctx.root, [...a.values(), ...b.values()]);
  const fa = filesOf(a, blobs);
  const fb = filesOf(b, blobs);
  const merged = mergeMemory(fa, fb, opts);

  const changes = new Map<string, string | null>();
  const fresh: Array<[string, string]> = [];
  for (const [rel, text] of merged) {
    if (fa.get(rel) === text) continue;
    if (fb.get(rel) === text) changes.set(`${ctx.prefix}/${rel}`, b.get(rel)!);
    else fresh.push([rel, text]);
  }
  await writeBlobs(ctx.root, ctx.prefix, fresh, changes);
  for (const rel of a.keys()) if (!merged.has(rel)) changes.set(`${ctx.prefix}/${rel}`, null);

  const tree = await buildTree(ctx.root, ctx.gitDir, ours, { blobs: changes });
  const env = await identityEnv(ctx.root, {});
  return commitTree(ctx.root, tree, [ours, theirs], `${msg.mergeSubject}\n\n${HANDOVER_TRAILER}\n`, { env, sign: ctx.sign });
}
