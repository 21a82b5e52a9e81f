import { runHandler } from './run-handler.js';
import { HOOK_NAMES, type HookInput, type HookName, type HookOutput } from './hook-types.js';

async function dispatch(event: HookName, input: HookInput): Promise<HookOutput> {
  switch (event) {
    case 'session-start': return (await import('./session-start.js')).sessionStartHook(input);
    case 'stop': return (await import('./stop.js')).handoverHook(input, 'stop');
    case 'pre-compact': return (await import('./stop.js')).handoverHook(input, 'pre_compact');
    case 'post-compact': return (await import('./stop.js')).handoverHook(input, 'post_compact');
    case 'session-end': return (await import('./session-end.js')).sessionEndHook(input);
    case 'post-commit': return (await import('./post-commit.js')).postCommitHook(input);
  }
}

/** A hook by its event name (`agent-handover hook <event>`): parse stdin, act, fail open. */
export async function runHook(event: string, stdin: string, ctx: { cwd: string; env: NodeJS.ProcessEnv; args?: string[]; entryScript?: string }): Promise<HookOutput> {
  const known = (HOOK_NAMES as readonly string[]).includes(event);
  return runHandler(event, stdin, ctx, known ? (input) => dispatch(event as HookName, input) : undefined);
}
