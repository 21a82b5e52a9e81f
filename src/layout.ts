import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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
