import { join } from 'node:path';
import { Lock } from '../engine/lock.js';
import { LockTimeoutError } from '../errors.js';
import { refine as msg } from '../messages/refine.js';
import { refineDue, runRefine, type RefineInput } from './run-refine.js';

/**
 * `refine --if-due`, the worker the hooks start (schedule.ts): one at a time (a second finds the
 * lock taken and exits), only when due by the precise rule, resuming the last clustering. It has
 * no terminal: what it did, or why it failed, goes to the hook log.
 */
export async function refineInBackground(p: { layout: { stateDir: string; logPath: string } }, input: RefineInput): Promise<void> {
  const lock = new Lock(join(p.layout.stateDir, 'refine.lock'));
  try {
    await lock.acquire({ waitMs: 0 });
  } catch (err) {
    if (err instanceof LockTimeoutError) return;
    throw err;
  }
  const { appendLog } = await import('../io/log.js');
  const log = (line: string) => appendLog(p.layout.logPath, 'refine', line).catch(() => undefined);
  try {
    if (!(await refineDue(input))) return;
    const t0 = performance.now();
    const r = await runRefine(input);
    if (!r.written) return;
    const written = r.pages.filter((pg) => pg.state !== 'unchanged').length;
    await log(msg.background.done(r.refined.before, r.refined.items.length, written, r.removed.length, r.refined.resumed ?? 0, performance.now() - t0));
  } catch (err) {
    await log(msg.background.failed(err instanceof Error ? err.message : String(err)));
  } finally {
    await lock.releaseLock();
  }
}
