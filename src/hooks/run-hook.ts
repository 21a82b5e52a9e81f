import { runHandler } from './run-handler.js';
import { HOOK_HANDLERS } from './hook-handlers.js';
import type { HookName, HookOutput } from '../handlers/hook-types.js';

/** A hook by its event name (`agent-handover hook <event>`): parse stdin, act, fail open. */
export async function runHook(event: string, stdin: string, ctx: { cwd: string; env: NodeJS.ProcessEnv; args?: string[]; entryScript?: string }): Promise<HookOutput> {
  return runHandler(event, stdin, ctx, Object.hasOwn(HOOK_HANDLERS, event) ? HOOK_HANDLERS[event as HookName] : undefined);
}
