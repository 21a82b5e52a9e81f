// git pre-push: starts the memory push in the background and returns at once. Whatever happens,
// the user's push never sees it (exit 0, nothing printed).
import { join } from 'node:path';
import { prePushHook } from '../src/hooks/pre-push.js';
import { findRepoTop } from '../src/git/find-top.js';

prePushHook(process.argv.slice(2), process.cwd(), process.env, process.argv[1])
  .catch(async (err: unknown) => {
    const top = findRepoTop(process.cwd());
    if (!top) return;
    const { appendLog } = await import('../src/hooks/log.js');
    const { describeError } = await import('../src/errors.js');
    await appendLog(join(top, '.agent-handover', 'log'), 'pre-push', describeError(err));
  })
  .catch(() => undefined)
  .finally(() => {
    process.exitCode = 0;
  });
