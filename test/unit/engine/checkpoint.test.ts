import { describe, expect, test } from 'vitest';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint, CHECKPOINT_VERSION, type CheckpointData } from '../../../src/engine/checkpoint.js';
import { checkExitCode } from '../../../src/cli/exit-codes.js';
import { CheckpointError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/repo.js';

function valid(over: Partial<CheckpointData> = {}): CheckpointData {
  return {
    version: CHECKPOINT_VERSION,
    run_id: '20260301T101010-abcd1234',
    status: 'in_progress',
    started_at: '2026-03-01T10:10:10.000Z',
    finished_at: null,
    tag: 'handover',
    session: 's1',
    steps: { collect: 'done', note: 'pending' },
    step_info: { collect: { attempts: 1 }, note: { attempts: 0 } },
    meta: {},
    ...over,
  };
}

function cpWith(text: string): Checkpoint {
  const p = join(tempDir(), 'checkpoint.json');
  writeFileSync(p, text);
  return new Checkpoint(p);
}

async function expectUnreadable(cp: Checkpoint): Promise<CheckpointError> {
  const err = await cp.status().then(
    (s) => {
      throw new Error(`expected CheckpointError, got status ${s}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CheckpointError);
  const ce = err as CheckpointError;
  expect(ce.code).toBe('CHECKPOINT_UNREADABLE');
  expect(ce.path).toBe(cp.path);
  expect(ce.message).toContain(cp.path);
  return ce;
}

describe('Checkpoint status and check exit codes', () => {
  test('an absent file is none, exit 0', async () => {
    const cp = new Checkpoint(join(tempDir(), 'nope', 'checkpoint.json'));
    expect(await cp.read()).toBeUndefined();
    expect(await cp.status()).toBe('none');
    expect(checkExitCode('none')).toBe(0);
  });

  test('in_progress is RESUME, exit 1', async () => {
    const cp = cpWith(JSON.stringify(valid()));
    expect(await cp.status()).toBe('in_progress');
    expect(checkExitCode(await cp.status())).toBe(1);
  });

  test('completed is exit 2', async () => {
    const cp = cpWith(JSON.stringify(valid({ status: 'completed', finished_at: '2026-03-01T10:11:00.000Z' })));
    expect(await cp.status()).toBe('completed');
    expect(checkExitCode(await cp.status())).toBe(2);
  });

  test('begin writes an in_progress run with every step pending', async () => {
    const cp = new Checkpoint(join(tempDir(), 'checkpoint.json'));
    await cp.begin({ runId: 'r1', startedAt: '2026-03-01T00:00:00.000Z', tag: 't', session: 's', steps: ['a', 'b'] });
    const d = await cp.read();
    expect(d).toMatchObject({ version: CHECKPOINT_VERSION, run_id: 'r1', status: 'in_progress', tag: 't', session: 's', steps: { a: 'pending', b: 'pending' }, finished_at: null });
    expect(d?.step_info.a?.attempts).toBe(0);
  });
});

describe('an unreadable or malformed checkpoint is a CheckpointError naming the path', () => {
  const cases: Array<[string, string]> = [
    ['malformed JSON', '{"version": 1, "status": "in_progress",'],
    ['empty file', ''],
    ['JSON array', '[]'],
    ['JSON null', 'null'],
    ['wrong version', JSON.stringify(valid({ version: 99 }))],
    ['missing version', JSON.stringify({ ...valid(), version: undefined })],
    ['bad status', JSON.stringify({ ...valid(), status: 'running' })],
    ['status none written out', JSON.stringify({ ...valid(), status: 'none' })],
    ['bad step state', JSON.stringify({ ...valid(), steps: { collect: 'finished' } })],
    ['steps as an array', JSON.stringify({ ...valid(), steps: ['collect'] })],
    ['missing run_id', JSON.stringify({ ...valid(), run_id: '' })],
    ['invalid started_at', JSON.stringify({ ...valid(), started_at: 'yesterday' })],
    ['missing step_info', JSON.stringify({ ...valid(), step_info: undefined })],
    ['step_info entry without attempts', JSON.stringify({ ...valid(), step_info: { note: 'x' } })],
    ['step_info entry with negative attempts', JSON.stringify({ ...valid(), step_info: { note: { attempts: -1 } } })],
    ['finished_at of the wrong type', JSON.stringify({ ...valid(), finished_at: 5 })],
    ['run_id that climbs out of runs/', JSON.stringify({ ...valid(), run_id: '../../etc' })],
  ];
  for (const [name, text] of cases) {
    test(name, async () => {
      const cp = cpWith(text);
      await expectUnreadable(cp);
      await expect(cp.read()).rejects.toBeInstanceOf(CheckpointError);
    });
  }

  test('a directory at the path', async () => {
    const p = join(tempDir(), 'checkpoint.json');
    mkdirSync(p);
    await expectUnreadable(new Checkpoint(p));
  });

  test('an unreadable file (chmod 000)', async (ctx) => {
    if (process.getuid?.() === 0) ctx.skip('running as root: chmod 000 does not stop root from reading');
    const cp = cpWith(JSON.stringify(valid()));
    chmodSync(cp.path, 0o000);
    try {
      await expectUnreadable(cp);
    } finally {
      chmodSync(cp.path, 0o600);
    }
  });

  test('the error carries a fix hint naming the file', async () => {
    const e = await expectUnreadable(cpWith('{'));
    expect(e.hint).toContain(e.path!);
  });
});

describe('atomic writes', () => {
  test('temp files live in the checkpoint folder and none remain after writes', async () => {
    const dir = tempDir();
    const other = tempDir();
    const cp = new Checkpoint(join(dir, 'checkpoint.json'));
    const before = readdirSync(other);
    // Watch the folder while writing: any temp file must appear beside the checkpoint.
    const { watch } = await import('node:fs');
    const seen = new Set<string>();
    const w = watch(dir, (_e, f) => f && seen.add(f.toString()));
    try {
      for (let i = 0; i < 20; i++) await cp.write(valid({ run_id: `r${i}` }));
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      w.close();
    }
    expect(readdirSync(dir)).toEqual(['checkpoint.json']);
    expect(readdirSync(other)).toEqual(before);
    expect([...seen].some((f) => f !== 'checkpoint.json' && f.startsWith('.checkpoint.json.') && f.endsWith('.tmp'))).toBe(true);
    expect(JSON.parse(readFileSync(cp.path, 'utf8')).run_id).toBe('r19');
  });

  test('a failing write leaves the previous checkpoint intact', async (ctx) => {
    if (process.getuid?.() === 0) ctx.skip('running as root: a read-only folder does not stop root from writing');
    const dir = tempDir();
    const cp = new Checkpoint(join(dir, 'checkpoint.json'));
    await cp.write(valid({ run_id: 'first' }));
    chmodSync(dir, 0o500);
    try {
      await expect(cp.write(valid({ run_id: 'second' }))).rejects.toThrow();
    } finally {
      chmodSync(dir, 0o700);
    }
    expect((await cp.read())?.run_id).toBe('first');
  });
});
