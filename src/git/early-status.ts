import { git, type GitResult } from './git.js';
import { statusArgs } from './status-args.js';

// The invalidation rule: a status describes the work tree as it was when git ran. One older than
// this (its hook waited for the lock, or resumed a run first) no longer counts and git runs again.
const FRESH_MS = 1_000;

/**
 * The `git status` a hook starts before its handler's modules are loaded, so git and the loading
 * overlap. It is handed to where it is read (HookInput.status, then Project.earlyStatus) instead of
 * sitting in a global cache, and it answers once: for exactly the folder and exclusions it was
 * started with, while fresh. Any other question gets undefined, and the caller runs git itself.
 */
export class EarlyStatus {
  private result: Promise<GitResult> | undefined;
  private readonly args: string[];
  private readonly startedAt = Date.now();

  constructor(readonly cwd: string, exclude: string[]) {
    this.args = statusArgs(exclude);
    this.result = git(cwd, this.args, { okCodes: [128] });
    // Read or not, a failure must not become an unhandled rejection; take() hands it on.
    this.result.catch(() => undefined);
  }

  take(cwd: string, exclude: string[]): Promise<GitResult> | undefined {
    const result = this.result;
    this.result = undefined;
    if (!result || cwd !== this.cwd || Date.now() - this.startedAt > FRESH_MS) return undefined;
    return statusArgs(exclude).join('\0') === this.args.join('\0') ? result : undefined;
  }
}
