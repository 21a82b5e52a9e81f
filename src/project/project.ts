import { resolve } from 'node:path';
import { locateRepo } from '../git/locate-repo.js';
import { loadConfig } from '../config/load.js';
import { DEFAULT_CONFIG } from '../config/defaults.js';
import { ConfigError } from '../errors.js';
import { layoutFromConfig } from '../config/layout.js';
import { MemoryStore } from '../store/memory-store.js';
import type { Config } from '../config/types.js';
import type { Layout } from '../config/layout.js';
import type { EarlyStatus } from '../git/early-status.js';

export interface Project {
  /** The work tree's top folder, or the folder itself when it is not in a git repository. */
  root: string;
  isGitRepo: boolean;
  /** Where git keeps this work tree's data, when it is a repository (found once per process). */
  git?: { top: string; gitDir: string; commonDir: string };
  config: Config;
  layout: Layout;
  store: MemoryStore;
  /** A `git status` a hook started before loading (taken once, by the project's first status). */
  earlyStatus?: EarlyStatus;
}

/**
 * Resolves the project for a folder: repository top, config (defaults when there is no file), layout and store.
 * `env` is the caller's environment ($AGENT_HANDOVER_PAUSE, $AGENT_HANDOVER_CHECKPOINT): the CLI's
 * and the hooks' own, which is not process.env when they run in-process.
 */
export async function loadProject(
  cwd: string,
  opts: { configPath?: string; checkpointPath?: string; env?: NodeJS.ProcessEnv; tolerateConfigError?: boolean; earlyStatus?: EarlyStatus } = {},
): Promise<Project & { configError?: ConfigError }> {
  const info = await locateRepo(resolve(cwd));
  const root = info?.top ?? resolve(cwd);
  let config: Config;
  let configError: ConfigError | undefined;
  try {
    config = await loadConfig(root, opts.configPath ? { path: opts.configPath } : {});
  } catch (err) {
    // Read-only reporters (status, doctor) still answer with the defaults and say what is wrong.
    if (!opts.tolerateConfigError || !(err instanceof ConfigError)) throw err;
    configError = err;
    config = structuredClone(DEFAULT_CONFIG) as Config;
  }
  const layout = layoutFromConfig(root, config, opts.env);
  if (opts.checkpointPath) layout.checkpointPath = resolve(cwd, opts.checkpointPath);
  return { root, isGitRepo: !!info, ...(info ? { git: info } : {}), config, layout, store: new MemoryStore(layout.memoryDir, { redaction: { extraPatterns: config.redaction.extraPatterns, allow: config.redaction.allow } }), ...(configError ? { configError } : {}), ...(opts.earlyStatus ? { earlyStatus: opts.earlyStatus } : {}) };
}

/** The memory folder relative to the root, with forward slashes (a git pathspec). */
export function memoryRel(p: Project): string {
  const rel = p.layout.memoryDir.startsWith(p.root + '/') ? p.layout.memoryDir.slice(p.root.length + 1) : p.layout.memoryDir;
  return rel.split('\\').join('/');
}
