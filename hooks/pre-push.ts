// git pre-push: starts the memory push in the background and returns at once. Whatever happens,
// the user's push never sees it (exit 0, nothing printed). Only the compile cache is imported up
// front; the handler comes after it.
import { join } from 'node:path';
import { enableCompileCache } from '../src/cli/compile-cache.js';

enableCompileCache();

import('../src/core.js')
  .then(({ prePushHook, WORKER_DEADLINE_MS }) => {
    // The detached worker never outlives its deadline, whatever the network does.
    if (process.argv[2] === '--worker') setTimeout(() => process.exit(0), WORKER_DEADLINE_MS).unref();
    return prePushHook(process.argv.slice(2), process.cwd(), process.env, process.argv[1]);
  })
  .catch(async (err: unknown) => {
    const { locateRepoOnDisk, appendLog, describeError } = await import('../src/core.js');
    const top = locateRepoOnDisk(process.cwd())?.top;
    if (!top) return;
    await appendLog(join(top, '.agent-handover', 'log'), 'pre-push', describeError(err));
  })
  .catch(() => undefined)
  .finally(() => {
    process.exitCode = 0;
  });
