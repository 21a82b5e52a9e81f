import { hookMain } from '../cli/hook-entry.js';
import { prefetchStatus } from './prefetch-status.js';
import type { HookHandler } from './run-handler.js';

/** The agent hook events the bundle serves (post-commit has its own small entry). */
export type AgentHookEvent = 'session-start' | 'stop' | 'pre-compact' | 'post-compact' | 'session-end';

// The turn-ending hooks and SessionStart always need `git status`: it starts first and runs while
// the handler loads and does its file work. Handlers are imported lazily so that the bundle only
// initialises the modules of the event at hand.
const handlers: Record<AgentHookEvent, HookHandler> = {
  'session-start': async (input) => (prefetchStatus(input), (await import('./session-start.js')).sessionStartHook(input)),
  stop: async (input) => (prefetchStatus(input), (await import('./stop.js')).handoverHook(input, 'stop')),
  'pre-compact': async (input) => (prefetchStatus(input), (await import('./stop.js')).handoverHook(input, 'pre_compact')),
  'post-compact': async (input) => (prefetchStatus(input), (await import('./stop.js')).handoverHook(input, 'post_compact')),
  'session-end': async (input) => (await import('./session-end.js')).sessionEndHook(input),
};

/**
 * What dist/hooks/agent-hooks.cjs exports: every agent hook in one CommonJS bundle, which the small
 * hooks/<event>.js entries load with a V8 code cache (see cli/cached-bundle.ts).
 */
export function runAgentHook(event: AgentHookEvent, entryUrl: string): Promise<void> {
  return hookMain(event, entryUrl, handlers[event]);
}
