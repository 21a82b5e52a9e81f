/**
 * One test per fault DESIGN.md lists for the seed (agent-handover 0.1.0) where it concerns the core
 * engine and store. Each test would fail on the seed's behaviour.
 */
import { describe, expect, test } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { useEngineChild } from '../fixtures/bundle.js';
import fg from 'fast-glob';
import { Checkpoint, type CheckpointData } from '../../src/engine/checkpoint.js';
import { checkExitCode } from '../../src/cli/exit-codes.js';
import { HandoverEngine } from '../../src/engine/engine.js';
import { Step } from '../../src/engine/step.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { parseFrontMatter } from '../../src/store/frontmatter.js';
import { utcDate } from '../../src/store/validate.js';
import { CheckpointError, ValidationError } from '../../src/errors.js';
import { tempDir } from '../helpers/repo.js';

const execFileP = promisify(execFile);
const engineChild = useEngineChild();

const counter = () => {
  const counts: Record<string, number> = {};
  const step = (name: string, fn: () => unknown = () => undefined) =>
    new Step(name, async () => {
      counts[name] = (counts[name] ?? 0) + 1;
      return (await fn()) as boolean | void;
    });
  return { counts, step };
};
const layer1Files = (root: string) => fg.sync('layer1/**/*', { cwd: root, dot: true }).sort();

describe('seed regressions (core)', () => {
  test('a corrupt checkpoint is an error naming the file, never RESUME (seed: exit 1 with a traceback)', async () => {
    const dir = tempDir();
    const p = join(dir, 'checkpoint.json');
    for (const text of ['{"status": "in_progress", "steps": {', '{"status": "in_progress"}', '']) {
      writeFileSync(p, text);
      const got = await new Checkpoint(p).status().then(checkExitCode, (e: unknown) => e);
      expect(got).toBeInstanceOf(CheckpointError);
      expect((got as CheckpointError).path).toBe(p);
    }
  });

  test('concurrent checkpoint writes never share a temp file (seed: one `<stem>.tmp`, no fsync)', async () => {
    const dir = tempDir();
    const cp = new Checkpoint(join(dir, 'checkpoint.json'));
    const base = await cp.begin({ runId: 'r0', startedAt: '2026-03-01T00:00:00.000Z', tag: 't', session: 's', steps: ['a'] });
    const datas: CheckpointData[] = Array.from({ length: 25 }, (_, i) => ({ ...base, run_id: `r${i}`, meta: { pad: 'x'.repeat(20_000 + i) } }));
    await Promise.all(datas.map((d) => cp.write(d)));
    const final = await cp.read();
    expect(datas.map((d) => d.run_id)).toContain(final?.run_id);
    expect(readdirSync(dir)).toEqual(['checkpoint.json']);
  });

  test('two processes on one checkpoint do not corrupt it (seed: corrupted 3 of 3 times)', async () => {
    const dir = tempDir();
    const checkpoint = join(dir, 'checkpoint.json');
    const log = join(dir, 'log');
    const startGate = Date.now() + 1000;
    const out = await Promise.all(
      ['x', 'y'].map(async (id) => JSON.parse((await execFileP(process.execPath, [engineChild(), JSON.stringify({ mode: 'engine', checkpoint, log, id, steps: 4, startGate })])).stdout) as { status: string }),
    );
    expect(out.map((o) => o.status)).toEqual(['completed', 'completed']);
    expect(await new Checkpoint(checkpoint).status()).toBe('completed');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(16);
  });

  test('a crash between the last step and complete() re-runs nothing (seed: re-ran every step)', async () => {
    const dir = tempDir();
    const cp = new Checkpoint(join(dir, 'checkpoint.json'));
    const d = await cp.begin({ runId: 'r', startedAt: '2026-03-01T00:00:00.000Z', tag: 't', session: 's', steps: ['collect', 'note', 'publish'] });
    for (const k of Object.keys(d.steps)) d.steps[k] = 'done';
    await cp.write(d);
    expect(checkExitCode(await cp.status())).toBe(1);
    const { counts, step } = counter();
    const r = await new HandoverEngine({ steps: [step('collect'), step('note'), step('publish')], checkpoint: cp }).run();
    expect(r.status).toBe('completed');
    expect(counts).toEqual({});
    expect(checkExitCode(await cp.status())).toBe(2);
  });

  test('a step list changed mid-run runs the new steps (seed: skipped them)', async () => {
    const dir = tempDir();
    const cpPath = join(dir, 'checkpoint.json');
    const { counts, step } = counter();
    await new HandoverEngine({ steps: [step('collect'), step('note', () => false)], checkpoint: cpPath }).run();
    const r = await new HandoverEngine({ steps: [step('collect'), step('redact'), step('note'), step('publish')], checkpoint: cpPath }).run();
    expect(r.status).toBe('completed');
    expect(counts).toEqual({ collect: 1, note: 2, redact: 1, publish: 1 });
  });

  test('a resumed layer1 write on a later day does not make a second note (seed: a second note)', async () => {
    const dir = tempDir();
    const root = join(dir, 'memory');
    const store = new MemoryStore(root);
    const cpPath = join(dir, 'checkpoint.json');
    let failPublish = true;
    const steps = [
      new Step('note', async (ctx) => void (await store.writeSessionNote({ tag: ctx.tag, date: utcDate(ctx.startedAt), session: ctx.session, body: `run ${ctx.runId}\n` }))),
      new Step('publish', () => !failPublish),
    ];
    const e = new HandoverEngine({ steps, checkpoint: cpPath });
    expect((await e.run({ tag: 'handover', session: 'sess', startedAt: '2026-03-31T23:50:00.000Z' })).status).toBe('failed');
    failPublish = false;
    // The resume happens "the next day": the run record's date is used, not the clock.
    expect((await e.run({ tag: 'handover', session: 'sess', startedAt: '2026-04-01T08:00:00.000Z' })).status).toBe('completed');
    // A later handover of the same session on a later day rewrites the same note.
    const later = await e.run({ tag: 'handover', session: 'sess', startedAt: '2026-04-02T10:00:00.000Z' });
    expect(later.status).toBe('completed');
    expect(layer1Files(root)).toEqual(['layer1/2026-03/handover-2026-03-31-sess.md']);
    expect(parseFrontMatter(readFileSync(join(root, 'layer1/2026-03/handover-2026-03-31-sess.md'), 'utf8'))?.body).toBe(`run ${later.runId}\n`);
  });

  test('a failed step is not marked done (seed: a failed publish was marked done)', async () => {
    const dir = tempDir();
    const cp = new Checkpoint(join(dir, 'checkpoint.json'));
    for (const fail of [() => false, () => Promise.reject(new Error('push rejected'))]) {
      const r = await new HandoverEngine({ steps: [new Step('note', () => true), new Step('publish', fail)], checkpoint: cp }).run();
      expect(r.status).toBe('failed');
      const d = await cp.read();
      expect(d?.steps.publish).toBe('pending');
      expect(d?.status).toBe('in_progress');
      expect(checkExitCode(await cp.status())).toBe(1);
      await new HandoverEngine({ steps: [new Step('note', () => true), new Step('publish', () => true)], checkpoint: cp }).run();
    }
  });

  test('tags, dates and sessions cannot traverse out of memory/ (seed: date_str and tags allowed it)', async () => {
    const dir = tempDir();
    const root = join(dir, 'memory');
    const store = new MemoryStore(root);
    const attempts: Array<[string, string, string]> = [
      ['../../outside', '2026-03-01', 's'],
      ['t', '../../../outside', 's'],
      ['t', '2026-03-01', '../../../outside'],
      ['a/b', '2026-03-01', 's'],
      ['t', '2026-03-01/../..', 's'],
    ];
    for (const [tag, date, session] of attempts) {
      await expect(store.writeSessionNote({ tag, date, session, body: 'x' })).rejects.toBeInstanceOf(ValidationError);
    }
    expect(fg.sync('**/*', { cwd: dir, dot: true, onlyFiles: false })).toEqual([]);
  });

  test('the tag filter is exact (seed: matched substrings)', async () => {
    const store = new MemoryStore(join(tempDir(), 'memory'));
    await store.writeSessionNote({ tag: 'api', date: '2026-03-01', session: 's1', body: 'api' });
    await store.writeSessionNote({ tag: 'api-v2', date: '2026-03-02', session: 's2', body: 'api-v2' });
    await store.writeSessionNote({ tag: 'rapid', date: '2026-03-03', session: 's3', body: 'rapid' });
    expect((await store.list({ tag: 'api' })).map((n) => n.tag)).toEqual(['api']);
    expect((await store.readLatest('api'))?.body).toBe('api');
    expect(await store.counts('api')).toMatchObject({ layer1: 1 });
    expect((await store.list({ tag: 'api-v2' })).map((n) => n.tag)).toEqual(['api-v2']);
  });

  test('memory dates use UTC like the checkpoint, whatever TZ says (seed: local time)', async () => {
    const dir = tempDir();
    const memory = join(dir, 'memory');
    const { stdout } = await execFileP(process.execPath, [engineChild(), JSON.stringify({ mode: 'note', checkpoint: join(dir, 'checkpoint.json'), memory, startedAt: '2026-03-31T23:30:00Z', tag: 'handover', session: 'tz' })], {
      env: { ...process.env, TZ: 'Pacific/Auckland' },
    });
    const r = JSON.parse(stdout) as { status: string; path: string; localDate: number };
    expect(r.localDate).toBe(1); // in Auckland it is already 1 April: the child really ran in that zone
    expect(r.status).toBe('completed');
    expect(relative(memory, r.path)).toBe('layer1/2026-03/handover-2026-03-31-tz.md');
    const cp = await new Checkpoint(join(dir, 'checkpoint.json')).read();
    expect(utcDate(cp!.started_at)).toBe('2026-03-31');
  });

  describe('current-state writes are atomic (seed: not atomic)', () => {
    test('many rewrites leave no temp files', async () => {
      const store = new MemoryStore(join(tempDir(), 'memory'));
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.writeCurrentState(`state ${i}\n`.repeat(1000))));
      expect(readdirSync(join(store.root, 'layer2'))).toEqual(['current-state.md']);
      expect(parseFrontMatter((await store.readCurrentState())!)?.body).toMatch(/^(state \d\n){1000}$/);
    });

    test('a process killed in the middle of the write leaves the previous content whole', (ctx) => {
      const probe = spawnSync('bash', ['-c', 'ulimit -f 64'], { encoding: 'utf8' });
      if (probe.status !== 0) ctx.skip('bash with `ulimit -f` is not available here');
      const memory = join(tempDir(), 'memory');
      const ok = spawnSync(process.execPath, [engineChild(), JSON.stringify({ mode: 'current-state', memory, bytes: 100 })], { encoding: 'utf8' });
      expect(ok.status).toBe(0);
      const before = readFileSync(join(memory, 'layer2', 'current-state.md'), 'utf8');
      // A 64 KiB file-size limit kills the writer (SIGXFSZ) part-way through a 2 MB write.
      const job = JSON.stringify({ mode: 'current-state', memory, bytes: 2_000_000 });
      const killed = spawnSync('bash', ['-c', 'ulimit -f 64; exec "$0" "$1" "$2"', process.execPath, engineChild(), job], { encoding: 'utf8' });
      expect(killed.status === 0 && killed.signal === null).toBe(false);
      expect(readFileSync(join(memory, 'layer2', 'current-state.md'), 'utf8')).toBe(before);
    });

    test('a write that fails (read-only folder) keeps the previous content', async (ctx) => {
      if (process.getuid?.() === 0) ctx.skip('running as root: a read-only folder does not stop root (the kill test above covers this)');
      const store = new MemoryStore(join(tempDir(), 'memory'));
      await store.writeCurrentState('previous\n');
      chmodSync(join(store.root, 'layer2'), 0o500);
      try {
        await expect(store.writeCurrentState('next\n')).rejects.toThrow();
      } finally {
        chmodSync(join(store.root, 'layer2'), 0o700);
      }
      expect(parseFrontMatter((await store.readCurrentState())!)?.body).toBe('previous\n');
    });
  });
});
