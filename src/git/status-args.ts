/**
 * The arguments of the one `git status` that gives branch, HEAD and the user's uncommitted files
 * (session/git-facts.ts), in a module of its own so a hook can start it before loading anything else.
 */
export function statusArgs(exclude: string[]): string[] {
  return ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal', '--', '.', ...exclude.map((p) => `:(exclude)${p}`)];
}
