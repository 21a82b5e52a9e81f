import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EarlyStatus } from '../git/early-status.js';
import { locateRepoOnDisk } from '../git/locate-repo.js';
import { CONFIG_FILE, DEFAULT_CONFIG } from '../config/defaults.js';
import { SHARED_VIEW_PARENT } from '../config/layout.js';
import { projectDirOf, type HookInput } from '../handlers/hook-types.js';

/**
 * Starts the `git status` a SessionStart or Stop always needs, before their modules are loaded.
 * Only for the default layout (no config file that could move the memory folder): anywhere else
 * there is nothing to start, and the handover runs git as usual.
 */
export function earlyStatusFor(input: HookInput): EarlyStatus | undefined {
  try {
    const repo = locateRepoOnDisk(projectDirOf(input));
    if (!repo || existsSync(join(repo.top, CONFIG_FILE))) return undefined;
    // The same exclusions the handover's own status uses (memoryRel of the default layout).
    const memory = DEFAULT_CONFIG.git.mode === 'shared' ? `${SHARED_VIEW_PARENT}/${DEFAULT_CONFIG.memoryRoot}` : DEFAULT_CONFIG.memoryRoot;
    return new EarlyStatus(repo.top, [memory, '.agent-handover']);
  } catch {
    // An optimisation only.
    return undefined;
  }
}
