import { enableCompileCache } from './cli/compile-cache.js';
import type { AgentHookEvent } from './hooks/agent-hooks.js';

/**
 * The body of each hooks/<event>.js: the compile cache first, then the agent hooks' code (imported
 * only now, so Node can take it from the cache), then the event. If that code cannot be loaded
 * the hook still exits 0: it never breaks the agent.
 */
export async function runBundledHook(event: AgentHookEvent, entryUrl: string): Promise<void> {
  enableCompileCache();
  try {
    const { runAgentHook } = await import('./core.js');
    await runAgentHook(event, entryUrl);
  } catch (err) {
    process.stderr.write(`agent-handover: the ${event} hook could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(0);
  }
}
