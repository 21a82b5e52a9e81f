import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gitDirsOf, readText, type GitDirs } from './loose-objects.js';

/**
 * The one way this package finds the repository around a folder (CLI, hooks, post-commit alike),
 * so every entry agrees about which project, and so which checkpoint, it is looking at.
 */
export interface RepoLocation extends GitDirs {
  top: string;
}

/**
 * What `git rev-parse --show-toplevel --git-dir --git-common-dir` answers, read from the file
 * system for the common layouts (a `.git` folder, or a `.git` file naming the folder in linked
 * worktrees and submodules); undefined for anything git might see differently, so the caller asks
 * git: a file system boundary crossed on the way up, a folder owned by someone else
 * (safe.directory), core.worktree or core.bare in the config, a folder without HEAD.
 */
export function locateRepoOnDisk(cwd: string): RepoLocation | undefined {
  let dir = resolve(cwd);
  let dev: number | undefined;
  for (;;) {
    let here;
    try {
      here = statSync(dir);
    } catch {
      return undefined;
    }
    // git stops at a mount point unless told otherwise; let it decide.
    if (dev !== undefined && here.dev !== dev) return undefined;
    dev = here.dev;
    let dotGit;
    try {
      dotGit = statSync(join(dir, '.git'));
    } catch {
      dotGit = undefined;
    }
    // A `.git` folder git would not take for a repository (no HEAD, objects or refs: an empty
    // leftover) is skipped by git, which goes on upwards; so do we.
    if (dotGit?.isDirectory() && !['HEAD', 'objects', 'refs'].every((f) => existsSync(join(dir, '.git', f)))) dotGit = undefined;
    if (dotGit) {
      if (typeof process.getuid === 'function' && here.uid !== process.getuid()) return undefined;
      if (!dotGit.isFile() && !dotGit.isDirectory()) return undefined;
      const dirs = gitDirsOf(dir);
      if (!dirs) return undefined;
      const { gitDir, commonDir } = dirs;
      const config = readText(join(commonDir, 'config'));
      if (config === undefined || /^\s*worktree\s*=/im.test(config) || /^\s*bare\s*=\s*true\s*$/im.test(config)) return undefined;
      // git answers with real paths (symlinks resolved); so do we.
      try {
        return { top: realpathSync.native(dir), gitDir: realpathSync.native(gitDir), commonDir: realpathSync.native(commonDir) };
      } catch {
        return undefined;
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** git's own answer; undefined when `cwd` is not inside a work tree. Rejects (GitError) when git cannot start. */
export async function locateRepoWithGit(cwd: string): Promise<RepoLocation | undefined> {
  // Loaded only here: `check` finds a plain repository on disk and never starts child_process.
  const { git } = await import('./git.js');
  const r = await git(cwd, ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir'], { okCodes: [128] });
  if (r.code !== 0) return undefined;
  const [top, gitDir, commonDir] = r.stdout.split('\n');
  if (!top || !gitDir || !commonDir) return undefined;
  return { top, gitDir, commonDir };
}

/**
 * The repository around `cwd` (undefined when there is none): from disk when the layout is
 * ordinary (every hook saves a git process start), else from git itself.
 */
export async function locateRepo(cwd: string): Promise<RepoLocation | undefined> {
  return locateRepoOnDisk(cwd) ?? (await locateRepoWithGit(cwd).catch(() => undefined));
}

