import { copyFile, lstat, rm, stat, utimes } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HandoverError, ValidationError } from '../errors.js';
import { git as msg } from '../messages/git.js';
import { cleanGitEnv, git, repoInfo, splitZ } from './git.js';
import { withIdentity } from './identity.js';
import { EMPTY_TREE, envIsPlain, readHead, readLooseCommit, type GitDirs } from './loose-objects.js';
import { removeDeadPrivateIndexes } from './private-index.js';
import { repoBusyReason } from './repo-state.js';
import { pushCurrentBranch } from './upstream-push.js';
import { injectFault } from '../engine/engine.js';

/** Every commit we make carries this trailer so our post-commit hook and others can recognise it. */
export const HANDOVER_TRAILER = 'Agent-Handover: yes';

export interface GitBackendOptions {
  /** Files or folders relative to repoRoot: the only things a handover commit contains. */
  paths: string[];
  push?: boolean;
  /** Remote for a branch without an upstream (default 'origin'). */
  remote?: string;
  sign?: boolean;
  identity?: { name: string; email: string };
  /** Extra environment for every git call (tests; merged over a cleaned process.env). */
  env?: Record<string, string>;
  /** How long a held index.lock may take to clear before the commit is deferred (default 250 ms). */
  lockWaitMs?: number;
  pushTimeoutMs?: number;
  /** The repository's folders when the caller already knows them (saves a `rev-parse`). */
  repo?: { top: string; gitDir: string; commonDir: string };
}

export interface PublishHooks {
  /**
   * Awaited right before the commit object is made (never when nothing changed); a rejection
   * aborts the publish with HEAD and the user's index untouched. Runs while the tree is built.
   */
  beforeCommit?: () => Promise<void>;
  /** Asked immediately before HEAD moves: a PAUSE file that exists by then stops the commit. */
  pausedBy?: () => string | undefined;
}

export type PublishStatus = 'committed' | 'unchanged' | 'deferred';

export interface PublishResult {
  status: PublishStatus;
  commit?: string;
  /** Why a publish was deferred: 'merge-in-progress', 'rebase-in-progress', 'index-locked', … */
  reason?: string;
  pushed?: boolean;
  pushError?: string;
  message: string;
}

interface Repo extends GitDirs {
  top: string;
  paths: string[];
  /** Refs, objects and markers may be read from the file system (no variable relocates them). */
  direct: boolean;
}
interface Head { oid: string | undefined; ref: string | undefined }

const CAS_ATTEMPTS = 6;

/**
 * Commits only our own paths, never the user's work: the tree is built in a private index seeded
 * from HEAD, committed with commit-tree (which runs no hooks), and HEAD is moved with a
 * compare-and-swap so a concurrent commit is never lost. The user's index is then refreshed for
 * our paths alone, so their staged and unstaged changes elsewhere stay exactly as they were.
 */
export class GitBackend {
  private readonly repoRoot: string;
  private readonly opts: GitBackendOptions;
  private readonly env: Record<string, string>;
  private repo: Promise<Repo> | undefined;
  /** The environment commit-tree last succeeded with (git's identity, or the fallback). */
  private commitEnv: Record<string, string> | undefined;

  constructor(repoRoot: string, opts: GitBackendOptions) {
    if (!opts.paths.length) throw new ValidationError(msg.noPaths, { hint: msg.pathFix });
    this.repoRoot = resolve(repoRoot);
    this.opts = opts;
    // Literal pathspecs: a memory file named `*.md` or `:x` must mean itself.
    this.env = { ...opts.env, GIT_LITERAL_PATHSPECS: '1' };
  }

  /** Why a commit would be deferred right now, or undefined. */
  async busyReason(): Promise<string | undefined> {
    return this.busy(await this.resolveRepo());
  }

  async publish(message: string, hooks: PublishHooks = {}): Promise<PublishResult> {
    if (!message.trim()) throw new ValidationError(msg.emptyMessage);
    const repo = await this.resolveRepo();
    // Copies left by killed publishes: removed before this one makes its own.
    await removeDeadPrivateIndexes(repo.gitDir);
    const initialBusy = await this.waitUntilFree(repo);
    if (initialBusy) return { status: 'deferred', reason: initialBusy, message: msg.deferred(initialBusy) };

    const body = `${message.trim()}\n\n${HANDOVER_TRAILER}\n`;
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const head = await this.readHead(repo);
      const [tree, headTree] = await Promise.all([this.buildTree(repo, head.oid), this.treeOf(repo, head.oid)]);
      if (tree === headTree) {
        await this.repairIndex(repo);
        return this.withPush(repo, { status: 'unchanged', message: msg.unchanged }, false);
      }
      const sign = this.opts.sign ? '-S' : '--no-gpg-sign';
      const parent = head.oid ? ['-p', head.oid] : [];
      await hooks.beforeCommit?.();
      const commit = await this.commitTree(repo, [tree, ...parent, sign], body);
      // Re-check just before moving HEAD: a rebase or merge may have started while we built the tree.
      // A held index.lock does not matter here (moving HEAD does not touch the index).
      const busy = await this.busy(repo);
      if (busy && busy !== 'index-locked') return { status: 'deferred', reason: busy, message: msg.deferred(busy) };
      const subject = message.trim().split('\n')[0] ?? '';
      // Old value '' means "must not exist yet" (unborn branch); a mismatch exits non-zero.
      injectFault('before:update-ref');
      const paused = hooks.pausedBy?.();
      if (paused) return { status: 'deferred', reason: 'paused', message: msg.deferred('paused') };
      const cas = await git(repo.top, ['update-ref', '-m', subject.startsWith('agent-handover') ? subject : `agent-handover: ${subject}`, 'HEAD', commit, head.oid ?? ''], { env: this.env, okCodes: [1, 128] });
      if (cas.code === 0) {
        // The window a crash test needs most: HEAD moved, the user's index not yet refreshed.
        injectFault('after:update-ref');
        await this.refreshIndex(repo, commit);
        const branch = head.ref?.replace(/^refs\/heads\//, '');
        return this.withPush(repo, { status: 'committed', commit, message: msg.committed(commit, branch) }, true);
      }
      await sleep(20 * 2 ** attempt + Math.floor(Math.random() * 20));
    }
    throw new HandoverError('GIT_REF_RACE', msg.refRaced, { hint: msg.refRacedFix });
  }

  private resolveRepo(): Promise<Repo> {
    this.repo ??= (async () => {
      const info = this.opts.repo ?? (await repoInfo(this.repoRoot));
      if (!info) throw new HandoverError('NOT_A_REPO', msg.notARepo(this.repoRoot), { hint: msg.notARepoFix, path: this.repoRoot });
      const paths = this.opts.paths.map((p) => {
        const rel = relative(info.top, resolve(this.repoRoot, p));
        if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) throw new ValidationError(msg.pathOutside(p), { hint: msg.pathFix, path: p });
        return rel === '' ? '.' : rel.split(sep).join('/');
      });
      return { top: info.top, gitDir: info.gitDir, commonDir: info.commonDir, paths, direct: envIsPlain(cleanGitEnv(this.env)) };
    })();
    return this.repo;
  }

  /** An index.lock is usually another git command finishing; give it a moment before deferring. */
  private async waitUntilFree(repo: Repo): Promise<string | undefined> {
    const deadline = Date.now() + (this.opts.lockWaitMs ?? 250);
    for (;;) {
      const reason = await this.busy(repo);
      if (reason !== 'index-locked' || Date.now() >= deadline) return reason;
      await sleep(25);
    }
  }

  private busy(repo: Repo): Promise<string | undefined> {
    return repoBusyReason(repo.top, this.env, repo.direct ? repo.gitDir : undefined);
  }

  private async readHead(repo: Repo): Promise<Head> {
    const fast = repo.direct ? readHead(repo) : undefined;
    if (fast) return fast;
    const [oid, ref] = await Promise.all([
      git(repo.top, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { env: this.env, okCodes: [1] }),
      git(repo.top, ['symbolic-ref', '-q', 'HEAD'], { env: this.env, okCodes: [1] }),
    ]);
    return { oid: oid.code === 0 ? oid.stdout.trim() : undefined, ref: ref.code === 0 ? ref.stdout.trim() : undefined };
  }

  private async treeOf(repo: Repo, oid: string | undefined): Promise<string> {
    if (oid) {
      const fast = repo.direct ? readLooseCommit(repo, oid)?.tree : undefined;
      return fast ?? (await git(repo.top, ['rev-parse', `${oid}^{tree}`], { env: this.env })).stdout.trim();
    }
    // readHead read a SHA-1 repository's unborn branch from disk: its empty tree is a constant.
    if (repo.direct && readHead(repo)) return EMPTY_TREE;
    return (await git(repo.top, ['hash-object', '-t', 'tree', '--stdin'], { env: this.env, input: '' })).stdout.trim();
  }

  /** commit-tree with git's own identity; `git var` and the fallback only when git has none. */
  private async commitTree(repo: Repo, args: string[], body: string): Promise<string> {
    const run = async (env: Record<string, string>) => {
      const out = (await git(repo.top, ['commit-tree', ...args, '-F', '-'], { env, input: body })).stdout.trim();
      this.commitEnv = env;
      return out;
    };
    return this.commitEnv ? run(this.commitEnv) : withIdentity(repo.top, this.env, this.opts.identity, run);
  }

  /** HEAD's tree with our paths taken from the work tree, built in a private index file. */
  private async buildTree(repo: Repo, headOid: string | undefined): Promise<string> {
    const indexFile = join(repo.gitDir, `agent-handover-index-${process.pid}-${randomBytes(6).toString('hex')}`);
    const env = { ...this.env, GIT_INDEX_FILE: indexFile };
    try {
      await this.seedIndex(repo, headOid, indexFile, env);
      const present = await this.presentPaths(repo, env);
      if (present.length) await git(repo.top, ['add', '-A', '--', ...present], { env });
      return (await git(repo.top, ['write-tree'], { env })).stdout.trim();
    } finally {
      await rm(indexFile, { force: true });
      await rm(`${indexFile}.lock`, { force: true });
    }
  }

  /** Our paths that exist on disk or are tracked (deleted ones); `git add` rejects any other. */
  /**
   * Fills the private index with HEAD's tree. Seeded from a copy of the user's index and read with
   * a one-tree `read-tree -m`, entries keep their cached stat data, so `add` below only hashes files
   * that really changed, not every note. The user's staged changes do not
   * survive the read: the result is HEAD exactly. Any trouble falls back to a plain read.
   */
  private async seedIndex(repo: Repo, headOid: string | undefined, indexFile: string, env: Record<string, string>): Promise<void> {
    if (!headOid) {
      await git(repo.top, ['read-tree', '--empty'], { env });
      return;
    }
    try {
      const userIndex = join(repo.gitDir, 'index');
      const { atime, mtime } = await stat(userIndex);
      await copyFile(userIndex, indexFile);
      // git trusts an entry's cached stat data only when the file is older than the index; a copy
      // stamped "now" would hide a same-size edit made in the index's last second (racy git).
      // The user index's own time, a second earlier to be safe, keeps that check intact.
      await utimes(indexFile, atime, new Date(mtime.getTime() - 1000));
      await git(repo.top, ['read-tree', '-m', headOid], { env });
      return;
    } catch {
      await rm(indexFile, { force: true });
    }
    await git(repo.top, ['read-tree', headOid], { env });
  }
  private async presentPaths(repo: Repo, env: Record<string, string>): Promise<string[]> {
    const missing: string[] = [];
    const present: string[] = [];
    for (const p of repo.paths) {
      const exists = await lstat(join(repo.top, p)).then(() => true, () => false);
      (exists ? present : missing).push(p);
    }
    if (missing.length) {
      const tracked = splitZ((await git(repo.top, ['ls-files', '-z', '--', ...missing], { env })).stdout);
      for (const p of missing) if (tracked.some((t) => t === p || t.startsWith(`${p}/`))) present.push(p);
    }
    return present;
  }

  /** Makes the user's index agree with the new HEAD for our paths only (so `git status` is quiet). */
  private async refreshIndex(repo: Repo, commit: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const r = await git(repo.top, ['reset', '-q', commit, '--', ...repo.paths], { env: this.env, okCodes: [1, 128] });
      // A lock held by the user's git at this instant: the commit has landed; repairIndex on the
      // next publish finishes the job if all retries lose.
      if (r.code === 0 || attempt >= 7) return;
      await sleep(10 * 2 ** attempt + Math.floor(Math.random() * 10));
    }
  }

  /** After a crash between moving HEAD and refreshing the index, the index would undo our commit. */
  private async repairIndex(repo: Repo): Promise<void> {
    const fast = repo.direct ? readHead(repo) : undefined;
    let oid = fast?.oid;
    if (!fast) {
      const head = await git(repo.top, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { env: this.env, okCodes: [1] });
      if (head.code === 0) oid = head.stdout.trim();
    }
    if (!oid) return;
    const diff = await git(repo.top, ['diff-index', '--cached', '--quiet', oid, '--', ...repo.paths], { env: this.env, okCodes: [1] });
    if (diff.code === 1) await this.refreshIndex(repo, oid);
  }

  private async withPush(repo: Repo, result: PublishResult, justCommitted: boolean): Promise<PublishResult> {
    if (!this.opts.push) return result;
    const out = await pushCurrentBranch(repo.top, {
      env: this.env, fallbackRemote: this.opts.remote ?? 'origin', trailer: HANDOVER_TRAILER, force: justCommitted, timeoutMs: this.opts.pushTimeoutMs ?? 60_000,
    });
    const message = [result.message, out.pushed && out.target ? msg.pushed(out.target) : out.error].filter(Boolean).join(' ');
    return { ...result, pushed: out.pushed, ...(out.error ? { pushError: out.error } : {}), message };
  }
}
