import { hookMain } from '../src/cli/hook-entry.js';
import { prefetchStatus } from '../src/hooks/prefetch-status.js';

// git status starts first; the handler's modules load while it runs.
void hookMain('session-start', import.meta.url, async (input) => {
  prefetchStatus(input);
  const { sessionStartHook } = await import('../src/hooks/session-start.js');
  return sessionStartHook(input);
});
