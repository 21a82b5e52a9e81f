import type { HookPayload } from './payload.js';

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
}

export interface HookOutput {
  stdout?: string;
  /** 0 always, except a deliberate Stop block (Claude Code reads `decision: block` on exit 0 too). */
  exitCode: 0;
}

/** The folder the hook acts on: the payload's cwd, else $CLAUDE_PROJECT_DIR, else the process cwd. */
export function projectDirOf(input: HookInput): string {
  return input.payload.cwd ?? input.env.CLAUDE_PROJECT_DIR ?? input.cwd;
}
