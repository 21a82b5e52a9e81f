import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The work tree's top folder found by looking for `.git` (a folder, or a file in worktrees and
 * submodules) upwards from `cwd`, without starting git: for the hot paths (`check`, post-commit)
 * where a process start costs more than the rest of the command. Callers that need git's exact
 * view (bare repositories, GIT_DIR set on purpose) use repoInfo instead.
 */
export function findRepoTop(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    try {
      statSync(join(dir, '.git'));
      return dir;
    } catch {
      // not here; climb
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
