import nodeModule from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { privateCacheDir } from '../io/private-dir.js';
import { defaultPauseFiles } from '../config/layout.js';
import { pausedBy } from '../pause.js';

/**
 * A private folder for Node's compile cache: ~/.cache/agent-handover (or $XDG_CACHE_HOME). Used
 * only when it is ours and nobody else can write to it, since what is in it gets executed.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AGENT_HANDOVER_COMPILE_CACHE === '0') return undefined;
  const home = env.HOME || homedir();
  // No home, no cache: a shared temp folder is not a safe place for code that gets executed.
  // (XDG: a relative $XDG_CACHE_HOME is invalid and ignored.)
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home ? join(home, '.cache') : undefined;
  return privateCacheDir(base, 'agent-handover', 'compile');
}

export type EnableCompileCache = (dir?: string) => { status: number; message?: string; directory?: string };

/**
 * Called first by every entry (the bin, each hook), before the rest of the code is imported, so
 * Node compiles it from its on-disk cache. module.enableCompileCache is Node 22.1+; on Node 20
 * this does nothing. Node writes the cache when the process exits; PAUSE means nothing is
 * written, and that includes this cache. Anything wrong with the cache only costs speed.
 */
export function enableCompileCache(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  enable: EnableCompileCache | null | undefined = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache,
): string | undefined {
  if (typeof enable !== 'function') return undefined;
  try {
    if (pausedBy(defaultPauseFiles(env.CLAUDE_PROJECT_DIR ?? cwd, env))) return undefined;
    const dir = compileCacheDir(env);
    return dir ? enable.call(nodeModule, dir).directory : undefined;
  } catch {
    return undefined;
  }
}
