// git pre-push: starts the memory push in the background and returns at once. Whatever happens,
// the user's push never sees it (exit 0, nothing printed).
import { join } from 'node:path';
import { prePushHook, WORKER_DEADLINE_MS } from '../src/handlers/pre-push.js';
import { locateRepoOnDisk } from '../src/git/locate-repo.js';

// The detached worker never outlives its deadline, whatever the network does.
if (process.argv[2] === '--worker') setTimeout(() => process.exit(0), WORKER_DEADLINE_MS).unref();

prePushHook(process.argv.slice(2), process.cwd(), process.env, process.argv[1])
  .catch(async (err: unknown) => {
    const top = locateRepoOnDisk(process.cwd())?.top;
    if (!top) return;
    const { appendLog } = await import('../src/io/log.js');
    const { describeError } = await import('../src/errors.js');
    await appendLog(join(top, '.agent-handover', 'log'), 'pre-push', describeError(err));
  })
  .catch(() => undefined)
  .finally(() => {
    process.exitCode = 0;
  });
