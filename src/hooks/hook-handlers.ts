import { earlyStatusFor } from './early-status.js';
import type { HookInput, HookName } from '../handlers/hook-types.js';
import type { HookHandler } from './run-handler.js';

/** The input with its `git status` already started (early-status.ts), before the handler's import. */
function withStatus(input: HookInput): HookInput {
  const status = earlyStatusFor(input);
  return status ? { ...input, status } : input;
}

function handover(event: 'stop' | 'pre_compact' | 'post_compact'): HookHandler {
  return async (input) => {
    const i = withStatus(input);
    return (await import('../handlers/stop.js')).handoverHook(i, event);
  };
}

// The one table of what each event runs, for the bundled hook entries and `agent-handover hook`.
// The turn-ending hooks and SessionStart always need `git status`: it starts first and runs while
// the handler loads and does its file work. Handlers are imported lazily so that only the modules
// of the event at hand are loaded.
export const HOOK_HANDLERS: Record<HookName, HookHandler> = {
  'session-start': async (input) => {
    const i = withStatus(input);
    return (await import('../handlers/session-start.js')).sessionStartHook(i);
  },
  stop: handover('stop'),
  'pre-compact': handover('pre_compact'),
  'post-compact': handover('post_compact'),
  'session-end': async (input) => (await import('../handlers/session-end.js')).sessionEndHook(input),
  'post-commit': async (input) => (await import('../handlers/post-commit.js')).postCommitHook(input),
};
