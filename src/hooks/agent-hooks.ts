import { hookMain } from './hook-entry.js';
import { HOOK_HANDLERS } from './hook-handlers.js';

/** The agent hook events the bundle serves (post-commit has its own small entry). */
export type AgentHookEvent = 'session-start' | 'stop' | 'pre-compact' | 'post-compact' | 'session-end';

/**
 * What dist/hooks/agent-hooks.cjs exports: every agent hook in one CommonJS bundle, which the small
 * hooks/<event>.js entries load with a V8 code cache (see cli/cached-bundle.ts).
 */
export function runAgentHook(event: AgentHookEvent, entryUrl: string): Promise<void> {
  return hookMain(event, entryUrl, HOOK_HANDLERS[event]);
}
