import { hookMain } from '../cli/hook-entry.js';
import { prefetchStatus } from './prefetch-status.js';
import { sessionStartHook } from './session-start.js';
import { handoverHook } from './stop.js';
import { sessionEndHook } from './session-end.js';
import type { HookHandler } from './run-handler.js';

/** The agent hook events the bundle serves (post-commit has its own small entry). */
export type AgentHookEvent = 'session-start' | 'stop' | 'pre-compact' | 'post-compact' | 'session-end';

// The turn-ending hooks and SessionStart always need `git status`: it starts first and runs while
// the handler does its file work.
const handlers: Record<AgentHookEvent, HookHandler> = {
  'session-start': (input) => (prefetchStatus(input), sessionStartHook(input)),
  stop: (input) => (prefetchStatus(input), handoverHook(input, 'stop')),
  'pre-compact': (input) => (prefetchStatus(input), handoverHook(input, 'pre_compact')),
  'post-compact': (input) => (prefetchStatus(input), handoverHook(input, 'post_compact')),
  'session-end': sessionEndHook,
};

/**
 * What dist/hooks/agent-hooks.cjs exports: every agent hook in one CommonJS bundle, which the small
 * hooks/<event>.js entries load with a V8 code cache (see cli/cached-bundle.ts).
 */
export function runAgentHook(event: AgentHookEvent, entryUrl: string): Promise<void> {
  return hookMain(event, entryUrl, handlers[event]);
}
