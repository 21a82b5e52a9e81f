// git post-commit: the one hook on the user's own commit path, so it calls its handler directly
// instead of going through the generic hook runner. Whatever happens, the commit never sees it.
// Only the compile cache is imported up front; the handler comes after it.
import { join } from 'node:path';
import { enableCompileCache } from '../src/cli/compile-cache.js';

enableCompileCache();

import('../src/core.js')
  .then(({ postCommitHook }) => postCommitHook({ payload: {}, cwd: process.cwd(), env: process.env, args: [] }))
  .catch(async (err: unknown) => {
    const { locateRepoOnDisk, appendLog, describeError } = await import('../src/core.js');
    const top = locateRepoOnDisk(process.cwd())?.top;
    if (!top) return;
    await appendLog(join(top, '.agent-handover', 'log'), 'post-commit', describeError(err));
  })
  .catch(() => undefined)
  .finally(() => {
    process.exitCode = 0;
  });
