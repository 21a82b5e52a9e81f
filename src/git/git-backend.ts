import { isAbsolute, relative, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HandoverError, ValidationError } from '../errors.js';
import { git as msg } from '../messages/git.js';
import { cleanGitEnv, git, splitZ } from './git.js';
import { locateRepo, type RepoLocation } from './locate-repo.js';
import { withIdentity } from './identity.js';
import { EMPTY_TREE, envIsPlain, readHead, readLooseCommit, type HeadState } from './loose-objects.js';
import { buildTree, removeDeadPrivateIndexes } from './private-index.js';
import { repoBusyReason } from './repo-state.js';
import { pushCurrentBranch } from './upstream-push.js';
import { injectFault } from '../io/fault.js';

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
  repo?: RepoLocation;
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

/** One record of `git status --porcelain=v1` for our paths: its two status letters and its path. */
export interface OwnChange {
  xy: string;
  path: string;
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

interface Repo extends RepoLocation {
  paths: string[];
  /** Refs, objects and markers may be read from the file system (no variable relocates them). */
  direct: boolean;
}

const CAS_ATTEMPTS = 6;
const HEAD_COMMIT = ['rev-parse', '-q', '--verify', 'HEAD^{commit}'];

/**
 * Commits only our own paths, never the user's work: the tree is HEAD's with the paths `git
 * status` lists for our pathspec taken from the work tree, built in a private index, committed with commit-tree (which runs no hooks), and HEAD is moved with a
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
  /** The status ownChanges() took, for the next publish attempt only. */
  private changes: Promise<OwnChange[]> | undefined;

  constructor(repoRoot: string, opts: GitBackendOptions) {
    if (!opts.paths.length) throw new ValidationError(msg.noPaths, { hint: msg.pathFix });
    this.repoRoot = resolve(repoRoot);
    this.opts = opts;
    // Literal pathspecs: a memory file named `*.md` or `:x` must mean itself.
    this.env = { ...opts.env, GIT_LITERAL_PATHSPECS: '1' };
  }

  /**
   * Makes the user's index agree with HEAD for our paths, for a caller that decided there is
   * nothing to commit without asking publish (branch mode's timestamp-only turn): a publish killed
   * between moving HEAD and refreshing the index is otherwise never repaired, and `git status`
   * shows our files as staged reverts (MM) for good.
   */
  async repairUserIndex(): Promise<void> {
    await this.repairIndex(await this.resolveRepo());
  }

  /**
   * Our paths that differ from HEAD or the user's index (modified, new, deleted; ignored files
   * left out, as `git add` leaves them): the one `git status` a publish needs. The caller's guards
   * and scan read the same answer the commit is then built from; nothing of ours writes between.
   */
  ownChanges(): Promise<OwnChange[]> {
    this.changes ??= this.statusOfPaths();
    return this.changes;
  }

  private async statusOfPaths(): Promise<OwnChange[]> {
    const repo = await this.resolveRepo();
    const r = await git(repo.top, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...repo.paths], { env: this.env });
    return splitZ(r.stdout).map((rec) => ({ xy: rec.slice(0, 2), path: rec.slice(3) }));
  }

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
      // The status the caller took for this publish (ownChanges), once; a retry or a later publish asks again.
      const taken = this.changes;
      this.changes = undefined;
      const changed = (await (taken ?? this.statusOfPaths())).map((c) => c.path);
      // Nothing listed: work tree, index and HEAD agree on our paths, so there is nothing to build or repair.
      if (!changed.length) return this.withPush(repo, { status: 'unchanged', message: msg.unchanged }, false);
      const [tree, headTree] = await Promise.all([buildTree(repo.top, repo.gitDir, head.oid, { files: changed }, this.env), this.treeOf(repo, head.oid)]);
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
      const info = this.opts.repo ?? (await locateRepo(this.repoRoot));
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

  private async readHead(repo: Repo): Promise<HeadState> {
    const fast = repo.direct ? readHead(repo) : undefined;
    if (fast) return fast;
    const [oid, ref] = await Promise.all([
      this.answer(repo, HEAD_COMMIT),
      this.answer(repo, ['symbolic-ref', '-q', 'HEAD']),
    ]);
    return { oid, ref };
  }

  /** git's answer, or undefined when it exits 1 (no such ref for `-q --verify` and `symbolic-ref -q`). */
  private async answer(repo: Repo, args: string[]): Promise<string | undefined> {
    const r = await git(repo.top, args, { env: this.env, okCodes: [1] });
    return r.code === 0 ? r.stdout.trim() : undefined;
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
    const oid = fast ? fast.oid : await this.answer(repo, HEAD_COMMIT);
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
