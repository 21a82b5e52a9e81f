import { hookMain } from '../src/cli/hook-entry.js';
import { prefetchStatus } from '../src/hooks/prefetch-status.js';

// git status starts first; the handler's modules load while it runs.
void hookMain('pre-compact', import.meta.url, async (input) => {
  prefetchStatus(input);
  const { handoverHook } = await import('../src/hooks/stop.js');
  return handoverHook(input, 'pre_compact');
});
