import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { shared } from '../messages/shared.js';
import type { HookPayload } from './payload.js';
import type { EarlyStatus } from '../git/early-status.js';

export const HOOK_NAMES = ['session-start', 'stop', 'session-end', 'pre-compact', 'post-compact', 'post-commit'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

export interface HookInput {
  payload: HookPayload;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Extra argv after the event name (the detached SessionEnd worker uses it). */
  args: string[];
  /** Path of the script that runs hooks, for detaching a worker. */
  entryScript?: string;
  /** Which agent runs the hook (`--agent <name>` on the hook command; Claude Code when absent). */
  agent?: string;
  /** The `git status` started before the handler loaded (hooks/early-status.ts), for the project's first status. */
  status?: EarlyStatus;
}

export interface HookOutput {
  stdout?: string;
  /** 0 always, except a deliberate Stop block (Claude Code reads `decision: block` on exit 0 too). */
  exitCode: 0;
}

/** The agents' project variables (AGENTS.md): the project is the only place a hook writes. */
const PROJECT_VARS = ['CLAUDE_PROJECT_DIR', 'GEMINI_PROJECT_DIR', 'FACTORY_PROJECT_DIR'] as const;

function realDir(path: string): string | undefined {
  try {
    const real = realpathSync.native(path);
    return statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

function inside(dir: string, parent: string): boolean {
  const rel = relative(parent, dir);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * The folder the hook acts on, and why a payload cwd was not used. The agent's project variable
 * names the project; the payload's cwd only narrows it (a sub-folder), never leaves it: a cwd in
 * another repository or a path that does not exist is ignored, so nothing is created or written
 * there. Without a project variable, the payload's cwd (when it exists), else the process folder.
 */
export function resolveProjectDir(input: HookInput): { dir: string; ignored?: string } {
  const varName = PROJECT_VARS.find((v) => input.env[v]);
  const projectVar = varName ? input.env[varName] : undefined;
  const base = projectVar ?? input.cwd;
  const cwd = input.payload.cwd;
  if (cwd === undefined) return { dir: base };
  const real = realDir(resolve(base, cwd));
  if (!real) return { dir: base, ignored: shared.missingCwd(cwd, base) };
  if (projectVar === undefined) return { dir: real };
  const project = realDir(projectVar) ?? resolve(projectVar);
  return inside(real, project) ? { dir: real } : { dir: projectVar, ignored: shared.foreignCwd(cwd, project) };
}

export function projectDirOf(input: HookInput): string {
  return resolveProjectDir(input).dir;
}
