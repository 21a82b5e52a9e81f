import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ranOf, type Ran } from './installed-project.js';

type Json = Record<string, unknown>;

/** How an agent finds and runs one of its hooks: the command as installed, its shell, folder, env and timeout unit. */
export interface AgentHook {
  /** What the agent runs (a command string, or an executable file for Cline). */
  command: string;
  /** The timeout as written in the agent's config, in the agent's unit. */
  timeout: number;
  timeoutMs: number;
  run(payload: unknown, opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Ran;
}

const read = (dir: string, rel: string) => JSON.parse(readFileSync(join(dir, rel), 'utf8')) as Json;

function ours<T extends Json>(list: unknown, agent: string, field = 'command'): T {
  const all = (Array.isArray(list) ? list : []) as Json[];
  const flat = all.flatMap((g) => (Array.isArray(g.hooks) ? (g.hooks as Json[]) : [g]));
  const hit = flat.find((h) => typeof h[field] === 'string' && (h[field] as string).includes(`--agent ${agent}`));
  if (!hit) throw new Error(`no ${agent} hook of ours in ${JSON.stringify(list)}`);
  return hit as T;
}

function shRun(command: string, timeoutMs: number, base: { cwd: string; env: NodeJS.ProcessEnv }) {
  return (payload: unknown, o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Ran => {
    return ranOf(spawnSync('sh', ['-c', command], { cwd: o.cwd ?? base.cwd, env: { ...base.env, ...o.env }, input: typeof payload === 'string' ? payload : JSON.stringify(payload), encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' }));
  };
}

/**
 * The hook `agent` runs for `event`, read from the files install-hooks wrote, run as that agent
 * runs it: `sh -c` with the command (Copilot: its `bash` field), from the project folder, with the
 * agent's own environment (Gemini: GEMINI_PROJECT_DIR and its CLAUDE_PROJECT_DIR alias; Droid:
 * FACTORY_PROJECT_DIR), killed after the configured timeout in the agent's unit (Gemini: ms;
 * Copilot: timeoutSec; Cline: the file itself, 30 s fixed).
 */
export function agentHook(dir: string, env: NodeJS.ProcessEnv, agent: string, event: string): AgentHook {
  const base = { cwd: dir, env };
  switch (agent) {
    case 'codex':
    case 'droid': {
      const h = ours<{ command: string; timeout: number }>((read(dir, agent === 'codex' ? '.codex/hooks.json' : '.factory/hooks.json').hooks as Json)[event], agent);
      const extra = agent === 'droid' ? { FACTORY_PROJECT_DIR: dir } : {};
      return { ...h, timeoutMs: h.timeout * 1000, run: shRun(h.command, h.timeout * 1000, { cwd: dir, env: { ...env, ...extra } }) };
    }
    case 'gemini': {
      const h = ours<{ command: string; timeout: number }>((read(dir, '.gemini/settings.json').hooks as Json)[event], agent);
      return { ...h, timeoutMs: h.timeout, run: shRun(h.command, h.timeout, { cwd: dir, env: { ...env, GEMINI_PROJECT_DIR: dir, GEMINI_CWD: dir, CLAUDE_PROJECT_DIR: dir } }) };
    }
    case 'cursor': {
      const h = ours<{ command: string; timeout: number }>((read(dir, '.cursor/hooks.json').hooks as Json)[event], agent);
      return { ...h, timeoutMs: h.timeout * 1000, run: shRun(h.command, h.timeout * 1000, base) };
    }
    case 'copilot': {
      const h = ours<{ bash: string; timeoutSec: number }>((read(dir, '.github/hooks/agent-handover.json').hooks as Json)[event], agent, 'bash');
      return { command: h.bash, timeout: h.timeoutSec, timeoutMs: h.timeoutSec * 1000, run: shRun(h.bash, h.timeoutSec * 1000, base) };
    }
    case 'cline': {
      const file = join(dir, '.clinerules', 'hooks', event);
      return {
        command: file,
        timeout: 30,
        timeoutMs: 30_000,
        run: (payload, o = {}) => {
          return ranOf(spawnSync(file, [], { cwd: o.cwd ?? dir, env: { ...env, ...o.env }, input: JSON.stringify(payload), encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' }));
        },
      };
    }
    default:
      throw new Error(`no hook runner for ${agent}`);
  }
}
