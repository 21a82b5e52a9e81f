import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Reads refs and loose objects straight from `.git`: on the hooks' hot path a git process start
 * costs more than the whole read. Every reader answers undefined for anything it does not fully
 * understand (reftable, SHA-256, replace refs, grafts, packed objects, odd HEAD), and the caller
 * then asks git, so a fast answer is never a different answer.
 */
export interface GitDirs {
  /** This work tree's git folder (HEAD, index, per-worktree refs). */
  gitDir: string;
  /** The repository's shared folder (objects, branches, packed-refs, config). */
  commonDir: string;
}

export interface HeadState {
  /** The commit HEAD names; undefined on an unborn branch. */
  oid: string | undefined;
  /** The branch HEAD points at (`refs/heads/main`); undefined when detached. */
  ref: string | undefined;
}

export interface LooseCommit {
  oid: string;
  tree: string;
  parents: string[];
  /** The header lines (tree, parent, author, committer, …), joined by newlines. */
  headers: string;
  message: string;
}

const OID = /^[0-9a-f]{40}$/;
/** The empty tree of a SHA-1 repository (what `git hash-object -t tree /dev/null` prints). */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
// Refs git keeps per work tree (path.c); every other ref lives in the common folder.
const PER_WORKTREE = /^refs\/(bisect|worktree|rewritten)\//;

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The git folders of a work tree whose top is `top` (a `.git` folder, or a `.git` file naming one). */
export function gitDirsOf(top: string): GitDirs | undefined {
  const dotGit = join(top, '.git');
  let gitDir = dotGit;
  const file = readText(dotGit);
  if (file !== undefined) {
    const m = /^gitdir: (.+)$/m.exec(file);
    if (!m) return undefined;
    const named = m[1]!.trim();
    gitDir = isAbsolute(named) ? named : resolve(top, named);
  }
  if (!existsSync(join(gitDir, 'HEAD'))) return undefined;
  const c = readText(join(gitDir, 'commondir'))?.trim();
  return { gitDir, commonDir: c ? (isAbsolute(c) ? c : resolve(gitDir, c)) : gitDir };
}

/**
 * True when refs and objects are plain files this module reads exactly as git would: SHA-1, files
 * ref storage, no replace refs or grafts (which change what a commit's parents and tree are).
 */
export function isPlainRepo(dirs: GitDirs): boolean {
  if (['reftable', 'refs/replace', 'info/grafts'].some((p) => existsSync(join(dirs.commonDir, p)))) return false;
  const config = readText(join(dirs.commonDir, 'config'));
  if (config === undefined || /^\s*(objectformat|refstorage)\s*=/im.test(config)) return false;
  return !/ refs\/replace\//.test(readText(join(dirs.commonDir, 'packed-refs')) ?? '');
}

/**
 * A ref's commit: its loose file, else its packed-refs line. Null when the ref does not exist at
 * all (an unborn branch), undefined when git must answer (a symbolic ref, an odd value).
 */
export function resolveRef(dirs: GitDirs, ref: string): string | null | undefined {
  if (!ref.startsWith('refs/') || ref.split('/').some((part) => part === '' || part === '.' || part === '..')) return undefined;
  const loose = join(PER_WORKTREE.test(ref) ? dirs.gitDir : dirs.commonDir, ref);
  try {
    const oid = readFileSync(loose, 'utf8').trim();
    return OID.test(oid) ? oid : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  }
  let packed: string;
  try {
    packed = readFileSync(join(dirs.commonDir, 'packed-refs'), 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
  for (const line of packed.split('\n')) {
    if (line.length > 41 && line[40] === ' ' && line.slice(41) === ref) {
      const oid = line.slice(0, 40);
      return OID.test(oid) ? oid : undefined;
    }
  }
  return null;
}

/** HEAD's commit and branch, like `rev-parse HEAD` plus `symbolic-ref HEAD`. */
export function readHead(dirs: GitDirs): HeadState | undefined {
  if (!isPlainRepo(dirs)) return undefined;
  const head = readText(join(dirs.gitDir, 'HEAD'))?.trim();
  if (!head) return undefined;
  if (OID.test(head)) return { oid: head, ref: undefined };
  if (!head.startsWith('ref: refs/heads/')) return undefined;
  const ref = head.slice(5);
  const oid = resolveRef(dirs, ref);
  if (oid === undefined) return undefined;
  return { oid: oid ?? undefined, ref };
}

/**
 * A loose object's type and content; undefined when it is not loose or does not read back whole.
 * zlib's checksum and the size in the object's header catch a damaged file; hashing the content
 * against its name as well would load node:crypto into the post-commit hook for no real gain.
 */
export function readLooseObject(dirs: GitDirs, oid: string): { type: string; body: Buffer } | undefined {
  if (!OID.test(oid)) return undefined;
  try {
    const raw = inflateSync(readFileSync(join(dirs.commonDir, 'objects', oid.slice(0, 2), oid.slice(2))));
    const nul = raw.indexOf(0);
    const header = /^([a-z]+) (\d+)$/.exec(raw.subarray(0, Math.max(nul, 0)).toString('latin1'));
    if (nul < 0 || !header || Number(header[2]) !== raw.length - nul - 1) return undefined;
    return { type: header[1]!, body: raw.subarray(nul + 1) };
  } catch {
    return undefined;
  }
}

/** A loose commit's tree, parents and message (UTF-8 only: an `encoding` header means ask git). */
export function readLooseCommit(dirs: GitDirs, oid: string): LooseCommit | undefined {
  const obj = readLooseObject(dirs, oid);
  if (!obj || obj.type !== 'commit') return undefined;
  const text = obj.body.toString('utf8');
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const headers = head.split('\n');
  const tree = /^tree ([0-9a-f]{40})$/.exec(headers[0] ?? '')?.[1];
  if (!tree) return undefined;
  const parents: string[] = [];
  for (const h of headers.slice(1)) {
    if (h.startsWith('encoding ')) return undefined;
    const p = /^parent ([0-9a-f]{40})$/.exec(h);
    if (p) parents.push(p[1]!);
  }
  return { oid, tree, parents, headers: head, message: split < 0 ? '' : text.slice(split + 2) };
}

/**
 * The first commit from `rev` down its single parents whose message has no line exactly `line`:
 * what `git log -1 --invert-grep --grep=^line$ rev` prints on a history where every commit with
 * that line has one parent. Null when every commit down to the root has it; undefined when git
 * must answer (an object that is not loose, a merge, a shallow or unusual repository, a long run).
 */
export function firstCommitWithoutLine(dirs: GitDirs, rev: string, line: string, limit = 50): string | null | undefined {
  if (!isPlainRepo(dirs) || existsSync(join(dirs.commonDir, 'shallow'))) return undefined;
  let oid = rev;
  for (let step = 0; step < limit; step++) {
    const c = readLooseCommit(dirs, oid);
    if (!c) return undefined;
    if (!c.message.split('\n').includes(line)) return oid;
    if (c.parents.length !== 1) return c.parents.length === 0 ? null : undefined;
    oid = c.parents[0]!;
  }
  return undefined;
}

// Variables that move the repository, its index or its objects, or change which commits git sees.
const RELOCATING = new Set([
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE', 'GIT_REPLACE_REF_BASE', 'GIT_NO_REPLACE_OBJECTS', 'GIT_GRAFT_FILE', 'GIT_SHALLOW_FILE',
]);

/** True when git, run with `env`, would look at the repository exactly where these readers do. */
export function envIsPlain(env: NodeJS.ProcessEnv): boolean {
  return !Object.keys(env).some((k) => RELOCATING.has(k));
}
