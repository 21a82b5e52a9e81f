const BUSY_TEXT: Record<string, string> = {
  'merge-in-progress': 'a merge is in progress (finish it or run `git merge --abort`)',
  'rebase-in-progress': 'a rebase is in progress (finish it or run `git rebase --abort`)',
  'am-in-progress': '`git am` is in progress (finish it or run `git am --abort`)',
  'cherry-pick-in-progress': 'a cherry-pick is in progress (finish it or run `git cherry-pick --abort`)',
  'revert-in-progress': 'a revert is in progress (finish it or run `git revert --abort`)',
  'sequencer-in-progress': 'a multi-commit cherry-pick or revert is stopped (continue or abort it)',
  'bisect-in-progress': 'a bisect is in progress (run `git bisect reset` when done)',
  'index-locked': 'another git process holds .git/index.lock (if none is running, remove the stale lock)',
};

export const git = {
  committed: (commit: string, branch: string | undefined) => `Committed handover ${commit.slice(0, 12)}${branch ? ` on ${branch}` : ' (detached HEAD)'}.`,
  unchanged: 'Nothing changed in the memory paths; no commit.',
  deferred: (reason: string) => `Handover commit deferred: ${BUSY_TEXT[reason] ?? reason}. Nothing was written; the next run commits it.`,
  pushed: (target: string) => `Pushed to ${target}.`,
  pushFailed: (target: string) => `Push to ${target} failed; the commit is kept and the next run pushes it again.`,
  pushDetached: 'HEAD is detached: nothing to push to.',
  notARepo: (dir: string) => `${dir} is not inside a git work tree.`,
  notARepoFix: 'Run this inside your project (git init first), or disable commits.',
  noPaths: 'GitBackend needs at least one path to commit.',
  pathOutside: (p: string) => `Path ${JSON.stringify(p)} is outside the repository.`,
  pathFix: 'Give paths relative to the repository root, such as "memory".',
  emptyMessage: 'A handover commit needs a non-empty message.',
  refRaced: 'Another process kept moving HEAD while the handover commit was being made.',
  refRacedFix: 'Run the handover again; nothing was lost.',
} as const;
