import { git } from '../git/git.js';
import { HANDOVER_TRAILER } from '../git/git-backend.js';
import { identityEnv } from '../git/identity.js';
import { buildTree } from '../git/private-index.js';
import { shared as msg } from '../messages/shared.js';
import { pausedBy } from '../pause.js';
import type { Project } from '../project/project.js';
import { casRef, commitTree, listTree, readRef, treeFiles, writeBlobs } from './git-objects.js';
import { kindOf, mergeMemory } from './merge-memory.js';
import { materialise, sharedContext, type SharedContext } from './shared-ref.js';

export interface MigrateResult {
  status: 'migrated' | 'unchanged' | 'nothing' | 'paused' | 'branch-mode';
  /** Session notes the memory ref gained. */
  notes: number;
  branches: number;
  commit?: string;
  message: string;
}

/** Every local and remote-tracking branch tip (never our memory ref), once per commit. */
async function branchTips(ctx: SharedContext): Promise<string[]> {
  const r = await git(ctx.root, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads', 'refs/remotes']);
  const tips = new Set<string>();
  for (const line of r.stdout.split('\n')) {
    const [oid, name] = line.split(' ');
    if (!oid || !name || name === ctx.ref || name.endsWith('/agent-handover/memory') || name.endsWith('/HEAD')) continue;
    tips.add(oid);
  }
  return [...tips];
}

/** What migrate would add: the notes on branches that the memory ref lacks, by path. */
export async function unmigratedNotes(p: Project): Promise<string[]> {
  const ctx = await sharedContext(p);
  const onRef = await listTree(ctx.root, await readRef(ctx.root, ctx.ref), ctx.prefix);
  const missing = new Set<string>();
  for (const tip of await branchTips(ctx)) for (const rel of (await listTree(ctx.root, tip, ctx.prefix)).keys()) if (kindOf(rel) === 'layer1' && !onRef.has(rel)) missing.add(rel);
  return [...missing].sort();
}

/**
 * Moves branch-mode memory to shared mode without losing a note: the notes and archives under
 * memory_root on every local and remote-tracking branch are merged (union by note, the newer copy
 * of a note wins, current-state regenerated) into one commit on the memory ref, whose parent is the
 * ref's old tip only: no user commit becomes part of the memory's history. The branches are not
 * touched, so nothing can conflict in a later rebase; memory/ on them simply stops changing.
 */
export async function migrateToShared(p: Project): Promise<MigrateResult> {
  if (p.config.git.mode !== 'shared') return { status: 'branch-mode', notes: 0, branches: 0, message: msg.migrate.branchMode };
  const ctx = await sharedContext(p);
  const opts = { staleAfterDays: p.config.staleAfterDays, toolVersion: p.store.toolVersion };
  // A branch's notes and archives only: current-state is regenerated.
  const notesAndArchives = (rel: string) => kindOf(rel) === 'layer1' || kindOf(rel) === 'layer3';
  for (let attempt = 0; attempt < 4; attempt++) {
    if (pausedBy(ctx.pauseFiles)) return { status: 'paused', notes: 0, branches: 0, message: `Paused by ${pausedBy(ctx.pauseFiles)}: nothing migrated.` };
    const tip = await readRef(ctx.root, ctx.ref);
    const current = await treeFiles(ctx.root, tip, ctx.prefix);
    let merged = current;
    let branches = 0;
    for (const commit of await branchTips(ctx)) {
      const files = await treeFiles(ctx.root, commit, ctx.prefix, notesAndArchives);
      if (![...files.keys()].some((rel) => kindOf(rel) === 'layer1')) continue;
      branches++;
      merged = mergeMemory(merged, files, opts);
    }
    if (branches === 0) return { status: 'nothing', notes: 0, branches: 0, message: msg.migrate.nothing };
    const fresh = [...merged].filter(([rel, text]) => current.get(rel) !== text);
    if (!fresh.length) return { status: 'unchanged', notes: 0, branches, message: msg.migrate.unchanged(ctx.ref) };
    const changes = new Map<string, string | null>();
    await writeBlobs(ctx.root, ctx.prefix, fresh, changes);
    const notes = fresh.filter(([rel]) => kindOf(rel) === 'layer1' && !current.has(rel)).length;
    const tree = await buildTree(ctx.root, ctx.gitDir, tip, { blobs: changes });
    const env = await identityEnv(ctx.root, {});
    const commit = await commitTree(ctx.root, tree, tip ? [tip] : [], `agent-handover: migrate branch-mode memory (${notes} notes)\n\n${HANDOVER_TRAILER}\n`, { env, sign: ctx.sign });
    if (await casRef(ctx.root, ctx.ref, commit, tip, 'agent-handover: migrate', () => !pausedBy(ctx.pauseFiles))) {
      await materialise(ctx, commit);
      return { status: 'migrated', notes, branches, commit, message: msg.migrate.done(notes, branches, commit, ctx.ref) };
    }
  }
  return { status: 'unchanged', notes: 0, branches: 0, message: 'The memory ref kept moving; run `agent-handover migrate` again (nothing was lost).' };
}
