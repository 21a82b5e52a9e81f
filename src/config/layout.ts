import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Config } from './types.js';

/** Where everything lives for one project. Defaults follow DESIGN.md; config may override. */
export interface Layout {
  root: string;
  memoryDir: string;
  stateDir: string;
  checkpointPath: string;
  runsDir: string;
  sessionsDir: string;
  lockPath: string;
  logPath: string;
  pauseFiles: string[];
  configPath: string;
}

export function expandHome(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return p;
}

export function defaultPauseFiles(root: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const files = [join(root, 'PAUSE'), join(homedir(), '.agent_handover', 'PAUSE')];
  if (env.AGENT_HANDOVER_PAUSE) files.push(resolve(root, expandHome(env.AGENT_HANDOVER_PAUSE)));
  return files;
}

export function layoutFor(root: string, overrides: Partial<Omit<Layout, 'root'>> = {}, env: NodeJS.ProcessEnv = process.env): Layout {
  const abs = resolve(root);
  const stateDir = overrides.stateDir ?? join(abs, '.agent-handover');
  return {
    root: abs,
    memoryDir: overrides.memoryDir ?? join(abs, 'memory'),
    stateDir,
    checkpointPath: overrides.checkpointPath ?? (env.AGENT_HANDOVER_CHECKPOINT ? resolve(abs, expandHome(env.AGENT_HANDOVER_CHECKPOINT)) : join(stateDir, 'checkpoint.json')),
    runsDir: overrides.runsDir ?? join(stateDir, 'runs'),
    sessionsDir: overrides.sessionsDir ?? join(stateDir, 'sessions'),
    lockPath: overrides.lockPath ?? join(stateDir, 'lock'),
    logPath: overrides.logPath ?? join(stateDir, 'log'),
    pauseFiles: overrides.pauseFiles ?? defaultPauseFiles(abs, env),
    configPath: overrides.configPath ?? join(abs, '.agent-handover.yml'),
  };
}

/** The folder inside .agent-handover/ where shared mode materialises its readable copy of the memory. */
export const SHARED_VIEW_PARENT = '.agent-handover';

/**
 * Where the memory's Markdown lives on disk. Branch mode: memory_root itself (committed on the
 * branch). Shared mode: .agent-handover/<memory_root>, our own machine-local folder, so the
 * readable copy can never collide with a user's file of the same name, and never shows in status.
 */
export function memoryDirFor(root: string, config: Config): string {
  const rel = expandHome(config.memoryRoot);
  return config.git.mode === 'shared' ? resolve(root, SHARED_VIEW_PARENT, rel) : resolve(root, rel);
}

/** The Layout a config describes; $AGENT_HANDOVER_PAUSE and $AGENT_HANDOVER_CHECKPOINT still apply. */
export function layoutFromConfig(root: string, config: Config, env: NodeJS.ProcessEnv = process.env): Layout {
  const abs = resolve(root);
  const at = (p: string) => resolve(abs, expandHome(p));
  const pauseFiles = config.pauseFiles.map(at);
  if (env.AGENT_HANDOVER_PAUSE) pauseFiles.push(at(env.AGENT_HANDOVER_PAUSE));
  return layoutFor(
    abs,
    {
      memoryDir: memoryDirFor(abs, config),
      checkpointPath: env.AGENT_HANDOVER_CHECKPOINT ? at(env.AGENT_HANDOVER_CHECKPOINT) : at(config.checkpoint),
      pauseFiles,
      ...(config.source ? { configPath: config.source } : {}),
    },
    env,
  );
}
