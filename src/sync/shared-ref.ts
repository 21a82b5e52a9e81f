import { readdir, readFile, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HandoverError, SecretDetectedError } from '../errors.js';
import { locateRepo } from '../git/locate-repo.js';
import { HANDOVER_TRAILER, type PublishResult } from '../git/git-backend.js';
import { identityEnv } from '../git/identity.js';
import { buildTree, removeDeadPrivateIndexes } from '../git/private-index.js';
import { writeFileAtomic } from '../io/atomic.js';
import { sync as msg } from '../messages/sync.js';
import { pausedBy } from '../pause.js';
import type { Project } from '../project/project.js';
import { casRef, commitTree, hashFiles, listTree, readBlobs, readRef, writeBlobs } from './git-objects.js';
import { archivedBodies, isCompacted, kindOf, overlayLocal, pickLocal, type MemoryFiles } from './merge-memory.js';

export interface SharedContext {
  root: string;
  /** This work tree's git dir (private index files go here). */
  gitDir: string;
  /** The repository's common dir (info/exclude lives here, shared by all work trees). */
  commonDir: string;
  /** memory_root: the prefix of every path in the memory ref's tree (as memory/ is on a branch in branch mode). */
  prefix: string;
  /** The readable copy (the view), absolute. */
  memoryDir: string;
  /** The view relative to root, forward slashes (for git's path arguments). */
  viewRel: string;
  ref: string;
  pauseFiles: string[];
  sign: boolean;
}

export async function sharedContext(p: Project): Promise<SharedContext> {
  const info = p.git ?? (await locateRepo(p.root));
  if (!info) throw new HandoverError('NOT_A_REPO', msg.notARepo, { path: p.root });
  const dir = p.layout.memoryDir;
  if (!dir.startsWith(`${info.top}/`)) throw new HandoverError('MEMORY_OUTSIDE_REPO', msg.memoryOutside(dir), { path: dir, hint: msg.memoryOutsideFix });
  const prefix = posix.normalize(p.config.memoryRoot.split('\\').join('/')).replace(/\/+$/, '');
  return {
    root: info.top, gitDir: info.gitDir, commonDir: info.commonDir, prefix, memoryDir: dir, viewRel: dir.slice(info.top.length + 1).split('\\').join('/'),
    ref: p.config.git.ref, pauseFiles: p.layout.pauseFiles, sign: p.config.git.sign,
  };
}

/** Markdown files of the memory view, relative to the memory folder. Temp files of atomic writes do not end in .md. */
async function listView(dir: string, rel = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(dir, rel), { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listView(dir, r)));
    else if (e.isFile() && e.name.endsWith('.md')) out.push(r);
  }
  return out.sort();
}

/** The memory view's files with their blob ids (not stored). */
export async function viewListing(ctx: SharedContext): Promise<Map<string, string>> {
  const rels = await listView(ctx.memoryDir);
  const oids = await hashFiles(ctx.root, rels.map((r) => `${ctx.viewRel}/${r}`), false);
  return new Map(rels.map((r, i) => [r, oids[i]!]));
}

async function readView(ctx: SharedContext, rels: Iterable<string>): Promise<MemoryFiles> {
  const out: MemoryFiles = new Map();
  for (const rel of rels) out.set(rel, await readFile(join(ctx.memoryDir, rel), 'utf8'));
  return out;
}

export async function readTreeFiles(ctx: SharedContext, listing: Map<string, string>, rels: Iterable<string>): Promise<MemoryFiles> {
  const want = [...rels].filter((r) => listing.has(r));
  const blobs = await readBlobs(ctx.root, want.map((r) => listing.get(r)!));
  return new Map(want.map((r) => [r, blobs.get(listing.get(r)!)!]));
}

/** Keeps our state folder (the memory view is inside it) and PAUSE out of the user's commits: .git/info/exclude. */
export async function ensureExcluded(ctx: SharedContext): Promise<void> {
  const { ensureInfoExclude, excludeLines } = await import('../user-files/info-exclude.js');
  await ensureInfoExclude(ctx.root, excludeLines(ctx.root, ctx.pauseFiles), false, join(ctx.commonDir, 'info', 'exclude'));
}

const WRITE_BATCH = 16;

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export interface MaterialiseResult {
  written: number;
  removed: number;
}

/**
 * Makes the memory view show a commit of the memory ref. Files are written atomically one by
 * one; a session note the view holds in a newer copy is kept (the next publish sends it), and a
 * note is removed only when the commit's archives hold it (compaction), never otherwise.
 */
export async function materialise(ctx: SharedContext, commit: string | undefined): Promise<MaterialiseResult> {
  const result = { written: 0, removed: 0 };
  if (!commit || pausedBy(ctx.pauseFiles)) return result;
  const target = await listTree(ctx.root, commit, ctx.prefix);
  const view = await viewListing(ctx);
  const differ = [...target].filter(([rel, oid]) => view.get(rel) !== oid).map(([rel]) => rel);
  const archives = [...target.keys()].filter((r) => kindOf(r) === 'layer3');
  const texts = await readTreeFiles(ctx, target, [...differ, ...archives]);
  // Each write is atomic and fsynced on its own; running a few at once lets the file system batch the syncs.
  await inBatches(differ, WRITE_BATCH, async (rel) => {
    const text = texts.get(rel)!;
    if (kindOf(rel) === 'layer1' && view.has(rel)) {
      const local = await readFile(join(ctx.memoryDir, rel), 'utf8').catch(() => undefined);
      if (local !== undefined && local !== text && pickLocal(text, local) === local) return;
    }
    await writeFileAtomic(join(ctx.memoryDir, rel), text);
    result.written += 1;
  });
  const archived = archivedBodies(new Map(archives.map((r) => [r, texts.get(r)!])));
  for (const rel of view.keys()) {
    if (target.has(rel) || kindOf(rel) !== 'layer1') continue;
    const local = await readFile(join(ctx.memoryDir, rel), 'utf8').catch(() => undefined);
    if (local !== undefined && isCompacted(rel, local, archived)) {
      await rm(join(ctx.memoryDir, rel), { force: true });
      result.removed += 1;
    }
  }
  return result;
}

/** Test seam: called between plumbing steps so a test can stop a publish or sync at each one. */
export type StepHook = (step: string) => void | Promise<void>;

export interface PublishSharedOptions {
  onStep?: StepHook;
  /** Scan committed text for secrets (default true; the handover already redacted it). */
  scan?: boolean;
}

const CAS_ATTEMPTS = 6;

/**
 * Shared mode's publish: commits the memory view to the memory ref with plumbing (a private
 * index, commit-tree, a compare-and-swap update-ref), so the user's branch, HEAD, index, work tree
 * and stash are never touched. The view is laid over the ref's tree (overlayLocal), so a view left
 * behind by an interrupted sync can neither delete nor revert what the ref holds; then the view is
 * brought up to the new commit.
 */
export async function publishShared(p: Project, message: string, opts: PublishSharedOptions = {}): Promise<PublishResult & { materialised?: MaterialiseResult }> {
  const paused = pausedBy(p.layout.pauseFiles);
  if (paused) return { status: 'deferred', reason: 'paused', message: msg.paused(paused) };
  const ctx = await sharedContext(p);
  await Promise.all([ensureExcluded(ctx), removeDeadPrivateIndexes(ctx.gitDir)]);
  const env = await identityEnv(ctx.root, {});
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    const tip = await readRef(ctx.root, ctx.ref);
    const committedList = await listTree(ctx.root, tip, ctx.prefix);
    const viewList = await viewListing(ctx);
    const differ = [...viewList].filter(([rel, oid]) => committedList.has(rel) && committedList.get(rel) !== oid).map(([rel]) => rel);
    const viewOnly = [...viewList.keys()].filter((rel) => !committedList.has(rel));
    const committedOnly = [...committedList.keys()].filter((rel) => !viewList.has(rel) && kindOf(rel) === 'layer1');
    const isArchive = (rel: string) => kindOf(rel) === 'layer3';
    const committed = await readTreeFiles(ctx, committedList, [...differ, ...committedOnly, ...[...committedList.keys()].filter(isArchive)]);
    const local = await readView(ctx, new Set([...differ, ...viewOnly, ...[...viewList.keys()].filter(isArchive)]));
    await opts.onStep?.('read');
    const { files, removed } = overlayLocal(committed, local);

    const changes = new Map<string, string | null>();
    const fromView: string[] = [];
    const fresh: Array<[string, string]> = [];
    for (const [rel, text] of files) {
      if (committed.get(rel) === text) continue;
      if (local.get(rel) === text) fromView.push(rel);
      else fresh.push([rel, text]);
    }
    for (const rel of removed) changes.set(`${ctx.prefix}/${rel}`, null);
    if (opts.scan !== false) await scan(p, [...fromView.map((r) => [r, local.get(r)!] as [string, string]), ...fresh]);
    const viewOids = await hashFiles(ctx.root, fromView.map((r) => `${ctx.viewRel}/${r}`), true);
    fromView.forEach((rel, i) => changes.set(`${ctx.prefix}/${rel}`, viewOids[i]!));
    await writeBlobs(ctx.root, ctx.prefix, fresh, changes);
    if (!changes.size) return { status: 'unchanged', message: msg.result.unchanged, materialised: await materialise(ctx, tip) };

    const tree = await buildTree(ctx.root, ctx.gitDir, tip, { blobs: changes });
    const commit = await commitTree(ctx.root, tree, tip ? [tip] : [], `${message.trim()}\n\n${HANDOVER_TRAILER}\n`, { env, sign: ctx.sign });
    await opts.onStep?.('commit');
    const pausedNow = pausedBy(p.layout.pauseFiles);
    if (pausedNow) return { status: 'deferred', reason: 'paused', message: msg.paused(pausedNow) };
    // PAUSE is asked once more with the ref's lock held, so nothing lands once it exists.
    let pausedLate: string | undefined;
    const moved = await casRef(ctx.root, ctx.ref, commit, tip, message.trim().split('\n')[0] ?? 'agent-handover', () => !(pausedLate = pausedBy(p.layout.pauseFiles)));
    if (pausedLate) return { status: 'deferred', reason: 'paused', message: msg.paused(pausedLate) };
    if (moved) {
      await opts.onStep?.('update-ref');
      // The usual Stop: the new tree is the view itself (nothing merged in, nothing removed), so the view already shows it.
      const materialised = viewIsTree(ctx.prefix, committedList, changes, viewList) ? { written: 0, removed: 0 } : await materialise(ctx, commit);
      return { status: 'committed', commit, message: msg.result.committed(ctx.ref, commit), materialised };
    }
    await sleep(20 * 2 ** attempt + Math.floor(Math.random() * 20));
  }
  throw new HandoverError('GIT_REF_RACE', msg.refRaced, { hint: 'Run the handover again; nothing was lost.' });
}

/** True when the view holds exactly the blobs of the tree just committed: the listing after `changes`, no git call. */
function viewIsTree(prefix: string, committed: Map<string, string>, changes: Map<string, string | null>, view: Map<string, string>): boolean {
  const tree = new Map(committed);
  for (const [path, oid] of changes) {
    const rel = path.slice(prefix.length + 1);
    if (oid === null) tree.delete(rel);
    else tree.set(rel, oid);
  }
  if (tree.size !== view.size) return false;
  for (const [rel, oid] of tree) if (view.get(rel) !== oid) return false;
  return true;
}

async function scan(p: Project, files: Array<[string, string]>): Promise<void> {
  if (!files.length) return;
  const { scanForSecrets } = await import('../redact/scan.js');
  const opts = { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow };
  for (const [rel, text] of files) {
    const found = await scanForSecrets(text, opts);
    if (found.length) {
      const kinds = [...new Set(found.map((f) => f.kind))].join(', ');
      throw new SecretDetectedError(msg.secretFound(rel, kinds), { path: join(p.layout.memoryDir, rel), hint: msg.secretFix });
    }
  }
}
