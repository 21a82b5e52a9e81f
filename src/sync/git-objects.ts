import { casRefTransaction, git, splitZ } from '../git/git.js';

// Plumbing over git's object database for the memory ref: list a tree, read and write blobs.
// Nothing here touches HEAD, the user's index or the work tree.

export async function readRef(root: string, ref: string): Promise<string | undefined> {
  const r = await git(root, ['rev-parse', '-q', '--verify', `${ref}^{commit}`], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** Moves `ref` to `next` only if it still points at `expected` (undefined: must not exist). True when it moved. */
export async function casRef(root: string, ref: string, next: string, expected: string | undefined, reason: string, proceed?: () => boolean): Promise<boolean> {
  // With a last-moment check (PAUSE), the check runs while git holds the ref's lock.
  if (proceed) return casRefTransaction(root, ref, next, expected, reason, proceed);
  const r = await git(root, ['update-ref', '-m', reason, ref, next, expected ?? ''], { okCodes: [1, 128] });
  return r.code === 0;
}

export async function isAncestor(root: string, a: string, b: string): Promise<boolean> {
  const r = await git(root, ['merge-base', '--is-ancestor', a, b], { okCodes: [1] });
  return r.code === 0;
}

export async function hasCommit(root: string, oid: string): Promise<boolean> {
  const r = await git(root, ['cat-file', '-e', `${oid}^{commit}`], { okCodes: [1, 128] });
  return r.code === 0;
}

/** Blob ids under `prefix/` in a commit's tree, keyed by the path below the prefix. */
export async function listTree(root: string, commit: string | undefined, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!commit) return out;
  const r = await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', prefix]);
  for (const rec of splitZ(r.stdout)) {
    const tab = rec.indexOf('\t');
    const [, type, oid] = rec.slice(0, tab).split(' ');
    const path = rec.slice(tab + 1);
    if (type === 'blob' && oid && path.startsWith(`${prefix}/`)) out.set(path.slice(prefix.length + 1), oid);
  }
  return out;
}

/** The texts under `prefix/` in a commit's tree (those `keep` accepts), keyed by the path below the prefix. */
export async function treeFiles(
  root: string, commit: string | undefined, prefix: string, keep: (rel: string) => boolean = () => true,
): Promise<Map<string, string>> {
  const listing = [...(await listTree(root, commit, prefix))].filter(([rel]) => keep(rel));
  const blobs = await readBlobs(root, listing.map(([, oid]) => oid));
  return new Map(listing.map(([rel, oid]) => [rel, blobs.get(oid)!]));
}

/** Texts of blobs, in one `cat-file --batch`. */
export async function readBlobs(root: string, oids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(oids)];
  const out = new Map<string, string>();
  if (!list.length) return out;
  const r = await git(root, ['cat-file', '--batch'], { input: list.join('\n') + '\n' });
  const buf = Buffer.from(r.stdout, 'utf8');
  let pos = 0;
  for (const oid of list) {
    const nl = buf.indexOf(10, pos);
    const size = Number(buf.subarray(pos, nl).toString('latin1').split(' ')[2]);
    const end = nl + 1 + size;
    // Framing only holds for valid UTF-8 (our notes are); anything else is read one by one.
    if (nl < 0 || !Number.isFinite(size) || buf[end] !== 10) return readOneByOne(root, list);
    out.set(oid, buf.subarray(nl + 1, end).toString('utf8'));
    pos = end + 1;
  }
  return out;
}

async function readOneByOne(root: string, oids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const oid of oids) out.set(oid, (await git(root, ['cat-file', 'blob', oid])).stdout);
  return out;
}

/** Stores texts as blobs, each set in `changes` as `prefix/rel`. */
export async function writeBlobs(
  root: string, prefix: string, texts: Array<[string, string]>, changes: Map<string, string | null>,
): Promise<void> {
  for (const [rel, text] of texts) {
    const r = await git(root, ['hash-object', '-w', '--no-filters', '--stdin'], { input: text });
    changes.set(`${prefix}/${rel}`, r.stdout.trim());
  }
}

/** Blob ids of files (paths relative to root), optionally stored; one git call. No filters: the blob is the file's bytes. */
export async function hashFiles(root: string, rels: string[], write: boolean): Promise<string[]> {
  if (!rels.length) return [];
  const r = await git(root, ['hash-object', ...(write ? ['-w'] : []), '--no-filters', '--stdin-paths'], { input: rels.join('\n') + '\n' });
  return r.stdout.trim().split('\n');
}

export async function commitTree(root: string, tree: string, parents: string[], message: string, opts: { env: Record<string, string>; sign: boolean }): Promise<string> {
  const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), opts.sign ? '-S' : '--no-gpg-sign', '-F', '-'];
  return (await git(root, args, { env: opts.env, input: message })).stdout.trim();
}
