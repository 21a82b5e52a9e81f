import { realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoInfo } from './git.js';
import { gitDirsOf, readText } from './loose-objects.js';

export interface RepoLocation {
  top: string;
  gitDir: string;
  commonDir: string;
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

/**
 * The repository around `cwd` (undefined when there is none): from disk when the layout is
 * ordinary (every hook saves a git process start), else from git itself.
 */
export async function locateRepo(cwd: string): Promise<RepoLocation | undefined> {
  return locateRepoOnDisk(cwd) ?? (await repoInfo(cwd).catch(() => undefined));
}
