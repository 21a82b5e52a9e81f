import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './git.js';

export type BusyReason =
  | 'merge-in-progress' | 'rebase-in-progress' | 'am-in-progress' | 'cherry-pick-in-progress'
  | 'revert-in-progress' | 'sequencer-in-progress' | 'bisect-in-progress' | 'index-locked';

// Marker files git itself uses for each operation. Checked in this order so the most specific
// reason wins (a stopped `cherry-pick A B` has both CHERRY_PICK_HEAD and sequencer/).
const MARKERS: Array<[string, BusyReason | ((dir: string) => BusyReason)]> = [
  ['rebase-merge', 'rebase-in-progress'],
  // `git am` and `git rebase --apply` share rebase-apply/; am leaves an `applying` file.
  ['rebase-apply', (dir) => (existsSync(join(dir, 'applying')) ? 'am-in-progress' : 'rebase-in-progress')],
  ['MERGE_HEAD', 'merge-in-progress'],
  ['CHERRY_PICK_HEAD', 'cherry-pick-in-progress'],
  ['REVERT_HEAD', 'revert-in-progress'],
  ['sequencer', 'sequencer-in-progress'],
  ['BISECT_START', 'bisect-in-progress'],
  ['index.lock', 'index-locked'],
];

// Where a repository keeps its markers does not change while we run: resolve it once per process.
const markerPaths = new Map<string, Promise<string[]>>();

/**
 * Why committing now would disturb the user's git, or undefined when it is safe. Every marker is
 * per work tree, so with the work tree's git folder known (`gitDir`) they are plain file checks;
 * without it their paths come from `rev-parse --git-path`, which honours linked worktrees and a
 * relocated git dir.
 */
export async function repoBusyReason(cwd: string, env?: Record<string, string>, gitDir?: string): Promise<BusyReason | undefined> {
  let pending = gitDir ? Promise.resolve(MARKERS.map(([name]) => join(gitDir, name))) : markerPaths.get(cwd);
  if (!pending) {
    const args = ['rev-parse', '--path-format=absolute'];
    for (const [name] of MARKERS) args.push('--git-path', name);
    pending = git(cwd, args, { env }).then((r) => r.stdout.split('\n'));
    pending.catch(() => markerPaths.delete(cwd));
    markerPaths.set(cwd, pending);
  }
  const paths = await pending;
  for (const [i, [, reason]] of MARKERS.entries()) {
    const p = paths[i];
    if (p && existsSync(p)) return typeof reason === 'function' ? reason(p) : reason;
  }
  return undefined;
}
