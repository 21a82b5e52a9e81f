import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HandoverEngine } from '../../../src/engine/engine.js';
import { Checkpoint } from '../../../src/engine/checkpoint.js';
import { Step, type StepContext } from '../../../src/engine/step.js';
import { tempDir } from '../../helpers/repo.js';

type Counter = Record<string, number>;

function counted(names: string[], counts: Counter, behave: Record<string, (ctx: StepContext) => unknown> = {}): Step[] {
  return names.map(
    (n) =>
      new Step(n, async (ctx) => {
        counts[n] = (counts[n] ?? 0) + 1;
        const b = behave[n];
        return b ? ((await b(ctx)) as boolean | void) : undefined;
      }),
  );
}

function setup() {
  const dir = tempDir();
  const state = join(dir, '.agent-handover');
  return { dir, state, cpPath: join(state, 'checkpoint.json') };
}

describe('HandoverEngine', () => {
  test('runs steps in order and completes; result lists what ran', async () => {
    const { cpPath } = setup();
    const order: string[] = [];
    const steps = ['a', 'b', 'c'].map((n) => new Step(n, () => void order.push(n)));
    const r = await new HandoverEngine({ steps, checkpoint: cpPath }).run({ tag: 't', session: 's' });
    expect(order).toEqual(['a', 'b', 'c']);
    expect(r).toMatchObject({ status: 'completed', resumed: false, ran: ['a', 'b', 'c'], skipped: [] });
    const cp = await new Checkpoint(cpPath).read();
    expect(cp?.status).toBe('completed');
    expect(cp?.steps).toEqual({ a: 'done', b: 'done', c: 'done' });
    expect(cp?.finished_at).toBeTypeOf('string');
  });

  for (const [how, fail] of [
    ['throws', () => {
      throw new Error('boom');
    }],
    ['returns false', () => false],
  ] as const) {
    test(`a step that ${how} stays pending, the run fails, last_error and attempts are recorded`, async () => {
      const { cpPath } = setup();
      const counts: Counter = {};
      const r = await new HandoverEngine({ steps: counted(['a', 'b', 'c'], counts, { b: fail }), checkpoint: cpPath }).run();
      expect(r.status).toBe('failed');
      expect(r.failedStep).toBe('b');
      expect(r.ran).toEqual(['a']);
      expect(counts).toEqual({ a: 1, b: 1 });
      const cp = await new Checkpoint(cpPath).read();
      expect(cp?.status).toBe('in_progress');
      expect(cp?.steps).toEqual({ a: 'done', b: 'pending', c: 'pending' });
      expect(cp?.step_info.b?.attempts).toBe(1);
      expect(cp?.step_info.b?.last_error).toMatch(how === 'throws' ? /boom/ : /b/);
    });
  }

  test('resume skips done steps, runs pending ones, and keeps the original run record', async () => {
    const { cpPath } = setup();
    const counts: Counter = {};
    const seen: StepContext[] = [];
    let failB = true;
    const steps = counted(['a', 'b', 'c'], counts, {
      b: () => !failB,
      c: (ctx) => void seen.push(ctx),
    });
    const engine = new HandoverEngine({ steps, checkpoint: cpPath });
    const first = await engine.run({ tag: 'orig-tag', session: 'orig-session', startedAt: '2026-01-15T08:00:00.000Z' });
    expect(first.status).toBe('failed');
    failB = false;
    const second = await engine.run({ tag: 'other', session: 'other', startedAt: '2026-03-01T00:00:00.000Z', runId: 'other-run' });
    expect(second).toMatchObject({ status: 'completed', resumed: true, runId: first.runId, ran: ['b', 'c'], skipped: ['a'] });
    expect(counts).toEqual({ a: 1, b: 2, c: 1 });
    expect(seen[0]).toMatchObject({ runId: first.runId, startedAt: '2026-01-15T08:00:00.000Z', tag: 'orig-tag', session: 'orig-session' });
    expect((await new Checkpoint(cpPath).read())?.step_info.b?.attempts).toBe(2);
  });

  test('a resume in a new process uses the run record, not the clock', async () => {
    const { cpPath } = setup();
    await new Checkpoint(cpPath).begin({ runId: 'r-old', startedAt: '2025-12-31T23:59:00.000Z', tag: 'tg', session: 'sx', steps: ['a'], meta: { k: 1 } });
    const seen: StepContext[] = [];
    const r = await new HandoverEngine({ steps: [new Step('a', (ctx) => void seen.push(ctx))], checkpoint: cpPath }).run();
    expect(r).toMatchObject({ status: 'completed', resumed: true, runId: 'r-old' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ runId: 'r-old', startedAt: '2025-12-31T23:59:00.000Z', tag: 'tg', session: 'sx', meta: { k: 1 }, attempt: 1 });
    expect(seen[0]!.runDir).toBe(join(cpPath, '..', 'runs', 'r-old'));
  });

  test('a step added to the pipeline mid-run runs on resume', async () => {
    const { cpPath } = setup();
    const counts: Counter = {};
    await new HandoverEngine({ steps: counted(['a', 'b'], counts, { b: () => false }), checkpoint: cpPath }).run();
    const r = await new HandoverEngine({ steps: counted(['a', 'b', 'new'], counts), checkpoint: cpPath }).run();
    expect(r).toMatchObject({ status: 'completed', resumed: true, ran: ['b', 'new'], skipped: ['a'] });
    expect(counts).toEqual({ a: 1, b: 2, new: 1 });
    expect((await new Checkpoint(cpPath).read())?.steps).toEqual({ a: 'done', b: 'done', new: 'done' });
  });

  test('all steps done but still in_progress (crash before complete) finishes without re-running anything', async () => {
    const { cpPath } = setup();
    const cp = new Checkpoint(cpPath);
    const d = await cp.begin({ runId: 'r1', startedAt: '2026-02-01T00:00:00.000Z', tag: 't', session: 's', steps: ['a', 'b'] });
    d.steps = { a: 'done', b: 'done' };
    await cp.write(d);
    const counts: Counter = {};
    const r = await new HandoverEngine({ steps: counted(['a', 'b'], counts), checkpoint: cpPath }).run();
    expect(r).toMatchObject({ status: 'completed', resumed: true, ran: [], skipped: ['a', 'b'] });
    expect(counts).toEqual({});
    expect(await cp.status()).toBe('completed');
  });

  test('a completed checkpoint starts a fresh run', async () => {
    const { cpPath } = setup();
    const counts: Counter = {};
    const e = new HandoverEngine({ steps: counted(['a'], counts), checkpoint: cpPath });
    const r1 = await e.run();
    const r2 = await e.run();
    expect(r2).toMatchObject({ status: 'completed', resumed: false });
    expect(r2.runId).not.toBe(r1.runId);
    expect(counts).toEqual({ a: 2 });
  });

  for (const where of ['the project folder', '~/ (home)']) {
    test(`PAUSE in ${where} before start: nothing runs and nothing is written, not even the checkpoint or the lock`, async () => {
      const { dir, state, cpPath } = setup();
      let pauseSpec: string;
      if (where.startsWith('~')) {
        mkdirSync(join(homedir(), '.agent_handover'), { recursive: true });
        writeFileSync(join(homedir(), '.agent_handover', 'PAUSE'), '');
        pauseSpec = '~/.agent_handover/PAUSE';
      } else {
        writeFileSync(join(dir, 'PAUSE'), '');
        pauseSpec = join(dir, 'PAUSE');
      }
      try {
        const counts: Counter = {};
        const r = await new HandoverEngine({ steps: counted(['a'], counts), checkpoint: cpPath, pauseFiles: [join(dir, 'absent'), pauseSpec] }).run();
        expect(r.status).toBe('paused');
        expect(r.pausedBy).toBe(where.startsWith('~') ? join(homedir(), '.agent_handover', 'PAUSE') : join(dir, 'PAUSE'));
        expect(counts).toEqual({});
        expect(existsSync(state)).toBe(false);
        expect(readdirSync(dir).sort()).toEqual(where.startsWith('~') ? [] : ['PAUSE']);
      } finally {
        if (where.startsWith('~')) (await import('node:fs')).rmSync(join(homedir(), '.agent_handover'), { recursive: true, force: true });
      }
    });
  }

  test('PAUSE created by step 1: step 2 does not run and the checkpoint stays in_progress', async () => {
    const { dir, cpPath } = setup();
    const pause = join(dir, 'PAUSE');
    const counts: Counter = {};
    const steps = counted(['a', 'b'], counts, { a: () => writeFileSync(pause, '') });
    const r = await new HandoverEngine({ steps, checkpoint: cpPath, pauseFiles: [pause] }).run();
    expect(r).toMatchObject({ status: 'paused', ran: ['a'], pausedBy: pause });
    expect(counts).toEqual({ a: 1 });
    const cp = await new Checkpoint(cpPath).read();
    expect(cp?.status).toBe('in_progress');
    expect(cp?.steps).toEqual({ a: 'done', b: 'pending' });
  });

  test('PAUSE created by the last step: the run is not marked completed', async () => {
    const { dir, cpPath } = setup();
    const pause = join(dir, 'PAUSE');
    const r = await new HandoverEngine({ steps: [new Step('a', () => writeFileSync(pause, ''))], checkpoint: cpPath, pauseFiles: [pause] }).run();
    expect(r.status).toBe('paused');
    expect(await new Checkpoint(cpPath).status()).toBe('in_progress');
  });

  test('a step failing maxAttempts times is abandoned on its last attempt and later runs are not wedged', async () => {
    const { cpPath } = setup();
    const counts: Counter = {};
    const told: string[] = [];
    const e = new HandoverEngine({ steps: counted(['a', 'bad', 'c'], counts, { bad: () => false }), checkpoint: cpPath, maxAttempts: 2, onAbandon: (run, why) => void told.push(`${run.run_id}:${why.step}`) });
    expect((await e.run()).status).toBe('failed');
    const second = await e.run();
    expect(second).toMatchObject({ status: 'abandoned', failedStep: 'bad', resumed: true });
    expect(counts).toEqual({ a: 1, bad: 2 });
    expect(told).toEqual([`${second.runId}:bad`]);
    const cp = await new Checkpoint(cpPath).read();
    expect(cp?.status).toBe('completed');
    expect(cp?.abandoned?.step).toBe('bad');
    // The next call starts afresh instead of retrying the broken run forever.
    const fourth = await e.run();
    expect(fourth.resumed).toBe(false);
    expect(fourth.status).toBe('failed');
    expect(counts.a).toBe(2);
  });

  test('runAfterResume finishes the interrupted run, then runs a fresh one with the new params', async () => {
    const { cpPath } = setup();
    await new Checkpoint(cpPath).begin({ runId: 'old', startedAt: '2026-01-01T00:00:00.000Z', tag: 't', session: 'old-s', steps: ['a'] });
    const sessions: string[] = [];
    const e = new HandoverEngine({ steps: [new Step('a', (ctx) => void sessions.push(ctx.session))], checkpoint: cpPath });
    const { resumed, result } = await e.runAfterResume({ session: 'new-s', tag: 't' });
    expect(resumed).toMatchObject({ status: 'completed', runId: 'old', resumed: true });
    expect(result).toMatchObject({ status: 'completed', resumed: false });
    expect(sessions).toEqual(['old-s', 'new-s']);
  });

  test('duplicate step names are rejected', () => {
    const { cpPath } = setup();
    expect(() => new HandoverEngine({ steps: [new Step('a', () => {}), new Step('a', () => {})], checkpoint: cpPath })).toThrow(/Duplicate step name/);
  });

  test('an unsafe run id is refused before anything is written', async () => {
    const { state, cpPath } = setup();
    await expect(new HandoverEngine({ steps: [new Step('a', () => {})], checkpoint: cpPath }).run({ runId: '../escape' })).rejects.toThrow(/run id/);
    expect(existsSync(cpPath)).toBe(false);
    expect(existsSync(join(state, 'runs'))).toBe(false);
  });

  test('a corrupt checkpoint stops the run with a CheckpointError and runs nothing', async () => {
    const { state, cpPath } = setup();
    mkdirSync(state, { recursive: true });
    writeFileSync(cpPath, '{"status": "in_progress"');
    const counts: Counter = {};
    await expect(new HandoverEngine({ steps: counted(['a'], counts), checkpoint: cpPath }).run()).rejects.toMatchObject({ code: 'CHECKPOINT_UNREADABLE', path: cpPath });
    expect(counts).toEqual({});
  });

  test('the lock is released after a run, also after a failed one', async () => {
    const { state, cpPath } = setup();
    await new HandoverEngine({ steps: [new Step('a', () => false)], checkpoint: cpPath, lock: { waitMs: 0 } }).run();
    expect(readdirSync(state).sort()).toEqual(['checkpoint.json']);
    const r = await new HandoverEngine({ steps: [new Step('a', () => true)], checkpoint: cpPath, lock: { waitMs: 0 } }).run();
    expect(r.status).toBe('completed');
  });
});
