import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { git } from '../git/git.js';
import { writeFileAtomic } from '../io/atomic.js';
import { parseFrontMatter, type Meta } from '../store/frontmatter.js';
import { CURRENT_STATE } from '../store/memory-store.js';
import { readRef, treeFiles } from './git-objects.js';
import { layer1NotesOf, mergeArchiveText, mergeMemory, pickNewer } from './merge-memory.js';

// Branch mode's git merge drivers: a pull or merge that brings two versions of a derived memory
// file resolves itself (each drive* below says how).

export const DRIVERS = {
  state: 'agent-handover-state',
  archive: 'agent-handover-archive',
  note: 'agent-handover-note',
  topic: 'agent-handover-topic',
} as const;

// The commit being merged in, by operation; HEAD is always our side. A clean `git merge` names
// its heads only in GITHEAD_<oid> variables (MERGE_HEAD is written after the drivers ran), and a
// rebase only in the todo list's last done line.
const OTHER_HEADS = ['MERGE_HEAD', 'REBASE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD'];

/** The commits on the other side of the merge in progress (empty when none can be told). */
export async function otherHeads(root: string): Promise<string[]> {
  const out = new Set<string>();
  for (const k of Object.keys(process.env)) {
    const m = /^GITHEAD_([0-9a-f]{40,64})$/.exec(k);
    if (m) out.add(m[1]!);
  }
  for (const name of OTHER_HEADS) {
    const oid = await readRef(root, name);
    if (oid) out.add(oid);
  }
  const done = (await git(root, ['rev-parse', '--path-format=absolute', '--git-path', 'rebase-merge/done'])).stdout.trim();
  const last = (await readFile(done, 'utf8').catch(() => '')).trim().split('\n').pop() ?? '';
  const picked = /^\S+ ([0-9a-f]{7,64})\b/.exec(last)?.[1];
  const pickedOid = picked ? await readRef(root, picked) : undefined;
  if (pickedOid) out.add(pickedOid);
  const valid: string[] = [];
  for (const oid of out) if (await readRef(root, oid)) valid.push(oid);
  return valid.sort();
}

/** HEAD, the commits being merged in, and the memory of all of them merged as the memory merges. */
async function mergedFiles(root: string, prefix: string) {
  const head = await readRef(root, 'HEAD');
  const others = await otherHeads(root);
  let files = await treeFiles(root, head, prefix);
  for (const other of others) files = mergeMemory(files, await treeFiles(root, other, prefix));
  return { head, others, files };
}

/** The branch the merge lands on: HEAD's, or during a rebase (HEAD detached) the one being rebased. */
async function branchBeingMerged(root: string): Promise<string | undefined> {
  const sym = await git(root, ['symbolic-ref', '-q', '--short', 'HEAD'], { okCodes: [1, 128] });
  if (sym.code === 0 && sym.stdout.trim()) return sym.stdout.trim();
  for (const dir of ['rebase-merge', 'rebase-apply']) {
    const file = (await git(root, ['rev-parse', '--path-format=absolute', '--git-path', `${dir}/head-name`])).stdout.trim();
    const name = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (name) return name.replace(/^refs\/heads\//, '');
  }
  return undefined;
}

/** `merge-driver current-state %O %A %B %P`: the state regenerated from the notes of both sides over %A. */
export async function driveCurrentState(root: string, ours: string, prefix: string, opts: { staleAfterDays?: number } = {}): Promise<void> {
  const { head, files } = await mergedFiles(root, prefix);
  const branch = await branchBeingMerged(root);
  const merge = { ...opts, git: { ...(branch ? { branch } : {}), ...(head ? { head } : {}) } };
  const text = mergeMemory(files, new Map(), merge).get(CURRENT_STATE);
  if (text !== undefined) await writeFileAtomic(ours, text);
}

/**
 * `merge-driver topic %O %A %B %P`: over %A, the page as `refine` will write it after the merge:
 * refined from the layer1 notes of both sides (merged as the memory merges) and the commits of
 * both; our side stays when the merged notes no longer derive that page (the next refine removes
 * it). Topic pages are a pure function of notes and commits (see refine.ts), so both sides of any
 * merge order get the same bytes.
 */
export async function driveTopic(root: string, ours: string, pathname: string, prefix: string, topicFile: (body: string, meta: Meta) => string): Promise<void> {
  const slug = basename(pathname).replace(/\.md$/, '');
  const { head, others, files } = await mergedFiles(root, prefix);
  const { refineNotes } = await import('../refine/refine.js');
  const { readCommits, COMMIT_LIMIT } = await import('../refine/commits.js');
  const { renderTopicPage } = await import('../refine/render.js');
  const revs = [...(head ? [head] : []), ...others];
  const refined = refineNotes(layer1NotesOf(files), revs.length ? await readCommits(root, prefix, COMMIT_LIMIT, revs) : []);
  const page = refined.topics.find((t) => t.slug === slug);
  if (!page) return;
  const { body, meta } = renderTopicPage(page, new Map(refined.items.map((i) => [i.id, i])));
  await writeFileAtomic(ours, topicFile(body, meta));
}

/** `merge-driver archive %O %A %B [%P]`: the union of both archives by note id over %A. */
export async function driveArchive(ours: string, theirs: string, pathname?: string): Promise<void> {
  const a = await readFile(ours, 'utf8');
  const b = await readFile(theirs, 'utf8');
  const meta = pathname ? {} : (parseFrontMatter(a)?.meta ?? {});
  const rel = pathname ? `layer3/${basename(pathname)}` : `layer3/${String(meta.date)}-${String(meta.tag)}-archive.md`;
  await writeFileAtomic(ours, mergeArchiveText(rel, a, b));
}

/** `merge-driver note %O %A %B`: the newer copy of a session note over %A. */
export async function driveNote(ours: string, theirs: string): Promise<void> {
  const a = await readFile(ours, 'utf8');
  const next = pickNewer(a, await readFile(theirs, 'utf8'));
  if (next !== a) await writeFileAtomic(ours, next);
}
