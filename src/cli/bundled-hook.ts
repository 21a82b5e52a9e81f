import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCachedBundle } from './cached-bundle.js';
import { bundleHash } from './bundle-hash.js';

/**
 * The body of each hooks/<event>.js: load the agent-hooks bundle next to it (code-cached) and run
 * the event. If the bundle itself cannot be loaded the hook still exits 0: it never breaks the agent.
 */
export async function runBundledHook(event: string, entryUrl: string): Promise<void> {
  try {
    const bundle = loadCachedBundle(join(dirname(fileURLToPath(entryUrl)), 'agent-hooks.cjs'), event, entryUrl, process.env, bundleHash());
    await (bundle.exports.runAgentHook as (e: string, url: string) => Promise<void>)(event, entryUrl);
  } catch (err) {
    process.stderr.write(`agent-handover: the ${event} hook could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(0);
  }
}
