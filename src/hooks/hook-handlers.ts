import { prefetchStatus } from './prefetch-status.js';
import type { HookName } from '../handlers/hook-types.js';
import type { HookHandler } from './run-handler.js';

// The one table of what each event runs, for the bundled hook entries and `agent-handover hook`.
// The turn-ending hooks and SessionStart always need `git status`: it starts first and runs while
// the handler loads and does its file work. Handlers are imported lazily so that only the modules
// of the event at hand are loaded.
export const HOOK_HANDLERS: Record<HookName, HookHandler> = {
  'session-start': async (input) => (prefetchStatus(input), (await import('../handlers/session-start.js')).sessionStartHook(input)),
  stop: async (input) => (prefetchStatus(input), (await import('../handlers/stop.js')).handoverHook(input, 'stop')),
  'pre-compact': async (input) => (prefetchStatus(input), (await import('../handlers/stop.js')).handoverHook(input, 'pre_compact')),
  'post-compact': async (input) => (prefetchStatus(input), (await import('../handlers/stop.js')).handoverHook(input, 'post_compact')),
  'session-end': async (input) => (await import('../handlers/session-end.js')).sessionEndHook(input),
  'post-commit': async (input) => (await import('../handlers/post-commit.js')).postCommitHook(input),
};
