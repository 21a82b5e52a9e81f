// Text for the repository-safety side of shared mode: the local exclude file, the pre-push hook,
// migration from branch mode, foreign project folders and memory folders that hold user files.
export const shared = {
  excludeComment: '# agent-handover: machine-local state, the readable memory copy and the PAUSE switch (never committed)',
  excludeAdded: 'keeps .agent-handover/ and PAUSE out of git status and commits (this clone only, never a tracked file)',
  excludeUnchanged: 'already keeps .agent-handover/ and PAUSE out of git',
  prePushAdded: 'pushes the memory ref along with your pushes (in the background, bounded; never blocks or fails your push)',
  prePushUnchanged: 'the pre-push hook already pushes the memory ref',
  prePushPreCommit: 'the pre-commit framework manages the pre-push hook here; add our entry as shown',
  prePushPreCommitFix: (line: string) => `To push memory with your pushes, add a local hook with stages: [pre-push] to .pre-commit-config.yaml running: sh -c '${line.replace(/'/g, `'\\''`)}' and run \`pre-commit install --hook-type pre-push\` (or push memory with \`agent-handover sync\`).`,
  prePushSkippedFlag: 'pre-push hook not installed (--no-pre-push): push memory with `agent-handover sync`.',
  prePushBranchMode: 'pre-push hook not installed: git.mode is "branch", memory travels with your branch.',
  foreignCwd: (cwd: string, project: string) => `ignored the payload's cwd ${cwd}: it is outside the project ${project} (CLAUDE_PROJECT_DIR); acting on the project.`,
  missingCwd: (cwd: string, dir: string) => `ignored the payload's cwd ${cwd}: it does not exist (nothing is created there); acting on ${dir}.`,
  memoryRootForeign: (dir: string, files: string[]) =>
    `Refusing to commit memory: ${dir} holds files agent-handover did not write (${files.slice(0, 3).join(', ')}${files.length > 3 ? `, ${files.length - 3} more` : ''}).`,
  memoryRootForeignFix: 'Set memory_root in .agent-handover.yml to a folder of its own (e.g. docs/agent-memory), or use git.mode: shared (the default), whose copy lives in .agent-handover/.',
  deferredDetached: 'HEAD is detached: the handover commit waits until a branch is checked out (branch mode never moves a detached HEAD).',
  deferredUnborn: 'the branch has no commit yet: the handover commit waits for your first commit (branch mode never makes the first commit of a branch).',
  branchIgnored: (rel: string) => `${rel}/ is gitignored, so branch mode cannot commit it on your branch: this handover went to the memory ref instead (git.mode: shared keeps it there for good).`,
  branchSparse: (rel: string) => `${rel}/ is outside your sparse checkout, so branch mode cannot commit it on your branch: this handover went to the memory ref instead (git.mode: shared keeps it there for good).`,
  signingFailed: (detail: string) => `git.sign is on but signing the handover commit failed; the memory is safe on disk and the commit waits for a working signer (or set git.sign: false). ${detail}`,
  onlyTimestamps: 'only timestamps changed in memory: no commit.',
  branchModeCaveats:
    'git.mode is "branch": handover commits land on your branch in your name; `git commit --amend` right after a Stop amends our commit, and a commit of yours racing a Stop can fail with "cannot lock ref" (retry it). Shared mode has none of this: it never touches HEAD, your index or your files.',
  branchModeCaveatsFix: 'Delete the git.mode line in .agent-handover.yml (shared is the default), then run `agent-handover migrate`.',
  onBranch: (branch: string) => `, on ${branch}`,
  migrate: {
    nothing: 'No branch-mode memory found (no memory folder with session notes on any local branch): nothing to migrate.',
    done: (notes: number, branches: number, commit: string, ref: string) =>
      `Migrated ${notes} session note(s) from ${branches} branch(es) to ${ref} (${commit.slice(0, 12)}). memory/ on your branches is left as it is: remove it in a commit of your own when you like.`,
    unchanged: (ref: string) => `Every branch-mode note is already on ${ref}; nothing to migrate.`,
    branchMode: 'git.mode is "branch" in .agent-handover.yml: set it to shared (or delete the line) first, then run migrate.',
    doctor: (n: number) => `${n} session note(s) of branch-mode memory are not on the memory ref yet`,
    doctorOk: (ref: string) => `shared mode: memory lives on ${ref}, readable in .agent-handover/; no branch holds notes that are not on it`,
    doctorFix: 'Run `agent-handover migrate` (copies every note from memory/ on your local branches to the memory ref; your branches are not touched).',
  },
} as const;
