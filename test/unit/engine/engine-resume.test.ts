// SessionStart's catch-up sees a run in progress, then waits for the lock; by then the run's own
// process (a detached SessionEnd worker) may have finished it. resume() must then do nothing, where
// run() would start a new handover for an invented "manual" session.
import { expect, test } from 'vitest';
import { join } from 'node:path';
import { HandoverEngine } from '../../../src/engine/engine.js';
import { Checkpoint } from '../../../src/engine/checkpoint.js';
import { Step } from '../../../src/engine/step.js';
import { tempDir } from '../../helpers/repo.js';

test('resume() finishes an interrupted run, and starts nothing once there is none', async () => {
  const cp = join(tempDir(), '.agent-handover', 'checkpoint.json');
  let fail = true;
  const ran: string[] = [];
  const steps = [new Step('a', () => void ran.push('a')), new Step('b', () => {
    ran.push('b');
    if (fail) throw new Error('killed');
  })];
  const engine = new HandoverEngine({ steps, checkpoint: cp, maxAttempts: 5 });
  await engine.run({ session: 'real-session', tag: 't' });
  expect((await new Checkpoint(cp).read())?.status).toBe('in_progress');
  fail = false;
  const resumed = await engine.resume();
  expect(resumed).toMatchObject({ status: 'completed', resumed: true });
  const done = await new Checkpoint(cp).read();
  expect(done?.session).toBe('real-session');
  ran.length = 0;
  const again = await engine.resume();
  expect(again).toMatchObject({ status: 'completed', resumed: false, ran: [] });
  expect(ran).toEqual([]);
  expect((await new Checkpoint(cp).read())?.run_id).toBe(done?.run_id);
});
