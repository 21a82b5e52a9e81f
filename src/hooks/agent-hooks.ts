import { hookMain } from './hook-entry.js';
import { HOOK_HANDLERS } from './hook-handlers.js';

/** The agent hook events the bundle serves (post-commit has its own small entry). */
export type AgentHookEvent = 'session-start' | 'stop' | 'pre-compact' | 'post-compact' | 'session-end';

/** What the small hooks/<event>.js entries import once the compile cache is on (src/bundled-hook.ts). */
export function runAgentHook(event: AgentHookEvent, entryUrl: string): Promise<void> {
  return hookMain(event, entryUrl, HOOK_HANDLERS[event]);
}
