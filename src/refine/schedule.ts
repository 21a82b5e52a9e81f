import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../io/package-root.js';
import { pausedBy } from '../pause.js';
import { REFINE_DUE, refineLooksDue } from './due.js';

/**
 * Refine between sessions without making a hook wait for it: at the end of a Stop (the handover
 * committed, its lock released) and at SessionStart's catch-up, a quick check (the checkpoint and
 * a listing of the layer1 month folders, no note read) decides whether refine is due, and if so a
 * detached `agent-handover refine --if-due` does the work after the hook has answered. That worker
 * takes its own lock (a second one exits at once), checks again precisely and resumes the last
 * clustering, so the hook pays a spawn only every few notes or once a day.
 */

/** Turns the background refine off (tests, whose temp folders a late worker would race): `off`. */
export const REFINE_ENV = 'AGENT_HANDOVER_REFINE';

export interface RefineProject {
  root: string;
  /** `refine.auto: false` in the config turns the background refine off. */
  config?: { refine: { auto: boolean } };
  layout: { pauseFiles: readonly string[]; stateDir: string };
  store: { root: string };
}

/**
 * Starts the detached refine worker when refine looks due; returns whether it did. Never throws:
 * refine only improves derived files, and a hook must not fail or slow down for it.
 */
export async function startRefineIfDue(p: RefineProject, env: NodeJS.ProcessEnv = process.env, now = new Date().toISOString()): Promise<boolean> {
  try {
    if (env[REFINE_ENV] === 'off' || p.config?.refine.auto === false || pausedBy(p.layout.pauseFiles)) return false;
    if (!(await refineLooksDue(p.store.root, join(p.layout.stateDir, 'refine.json'), now, REFINE_DUE))) return false;
    const root = findPackageRoot();
    const cli = root ? join(root, 'dist', 'cli.js') : undefined;
    if (!cli || !existsSync(cli)) return false;
    const child = spawn(process.execPath, [cli, 'refine', '--if-due'], { cwd: p.root, detached: true, stdio: 'ignore', env: { ...env, CLAUDE_PROJECT_DIR: p.root } });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
