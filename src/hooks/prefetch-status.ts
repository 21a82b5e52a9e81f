import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prefetchGit } from '../git/git.js';
import { locateRepoOnDisk } from '../git/locate-repo.js';
import { CONFIG_FILE, DEFAULT_CONFIG } from '../config/defaults.js';
import { statusArgs } from '../git/status-args.js';
import { SHARED_VIEW_PARENT } from '../config/layout.js';
import { projectDirOf, type HookInput } from '../handlers/hook-types.js';

/**
 * Starts the `git status` a SessionStart or Stop always needs before their modules are loaded,
 * so git and the module loading overlap. Only for the default layout (no config file that could
 * move the memory folder): anywhere else the call simply does not match and git runs as usual.
 */
export function prefetchStatus(input: HookInput): void {
  try {
    const repo = locateRepoOnDisk(projectDirOf(input));
    if (!repo || existsSync(join(repo.top, CONFIG_FILE))) return;
    // The same exclusions the handover's own status uses (memoryRel of the default layout).
    const memory = DEFAULT_CONFIG.git.mode === 'shared' ? `${SHARED_VIEW_PARENT}/${DEFAULT_CONFIG.memoryRoot}` : DEFAULT_CONFIG.memoryRoot;
    prefetchGit(repo.top, statusArgs([memory, '.agent-handover']));
  } catch {
    // An optimisation only.
  }
}
