import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Lock } from '../../../src/engine/lock.js';
import { LockTimeoutError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/repo.js';

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((r) => child.on('exit', r));
  return pid;
}

function fakeLock(path: string, owner?: { pid: number; host?: string }, ageMs = 0): void {
  mkdirSync(path, { recursive: true });
  if (owner) writeFileSync(join(path, 'owner.json'), JSON.stringify({ pid: owner.pid, host: owner.host ?? hostname(), at: new Date().toISOString() }));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(path, t, t);
}

describe('Lock', () => {
  test('acquire then release leaves no lock behind, and the lock can be taken again at once', async () => {
    const path = join(tempDir(), 'state', 'lock');
    const a = new Lock(path);
    await a.acquire({ waitMs: 0 });
    expect(existsSync(join(path, 'owner.json'))).toBe(true);
    await a.releaseLock();
    expect(existsSync(path)).toBe(false);
    // Same instance and a fresh instance, both without waiting.
    await a.acquire({ waitMs: 0 });
    await a.releaseLock();
    const b = new Lock(path);
    await b.acquire({ waitMs: 0 });
    await b.releaseLock();
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  test('two acquires in one process serialize', async () => {
    const path = join(tempDir(), 'lock');
    const a = new Lock(path);
    const b = new Lock(path);
    const events: string[] = [];
    await a.acquire();
    events.push('a acquired');
    const bDone = b.acquire({ waitMs: 10_000 }).then(() => events.push('b acquired'));
    await new Promise((r) => setTimeout(r, 150));
    expect(events).toEqual(['a acquired']);
    events.push('a released');
    await a.releaseLock();
    await bDone;
    await b.releaseLock();
    expect(events).toEqual(['a acquired', 'a released', 'b acquired']);
  });

  test('a lock left by a dead pid on this host is recovered immediately', async () => {
    const path = join(tempDir(), 'lock');
    fakeLock(path, { pid: await deadPid() });
    const l = new Lock(path);
    await l.acquire({ waitMs: 0, staleMs: 60_000 });
    await l.releaseLock();
  });

  test('a lock with no owner is recovered once older than staleMs', async () => {
    const path = join(tempDir(), 'lock');
    fakeLock(path, undefined, 60 * 60_000);
    const l = new Lock(path);
    await l.acquire({ waitMs: 0, staleMs: 2_000 });
    await l.releaseLock();
  });

  test('a lock with no owner that is still fresh is recovered after staleMs, not before', async () => {
    const path = join(tempDir(), 'lock');
    fakeLock(path, undefined, 1_000);
    await expect(new Lock(path).acquire({ waitMs: 0, staleMs: 30_000 })).rejects.toBeInstanceOf(LockTimeoutError);
    const l = new Lock(path);
    await l.acquire({ waitMs: 15_000, staleMs: 2_000 });
    await l.releaseLock();
  });

  test('a stale lock whose dead owner was on another host is recovered by age', async () => {
    const path = join(tempDir(), 'lock');
    fakeLock(path, { pid: 1, host: 'some-other-host' }, 60 * 60_000);
    const l = new Lock(path);
    await l.acquire({ waitMs: 0, staleMs: 2_000 });
    await l.releaseLock();
  });

  test('a live holder makes waitMs time out with LockTimeoutError naming the lock', async () => {
    const path = join(tempDir(), 'lock');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      fakeLock(path, { pid: sleeper.pid! });
      const err = await new Lock(path).acquire({ waitMs: 300, staleMs: 60_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect((err as LockTimeoutError).path).toBe(path);
      expect((err as LockTimeoutError).message).toContain(String(sleeper.pid));
      expect(existsSync(join(path, 'owner.json'))).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  test('a holder in this process makes another acquire time out', async () => {
    const path = join(tempDir(), 'lock');
    const a = new Lock(path);
    await a.acquire();
    await expect(new Lock(path).acquire({ waitMs: 200 })).rejects.toBeInstanceOf(LockTimeoutError);
    await a.releaseLock();
  });

  test('a live holder on this host is not broken by age within LIVE_HOLDER_STALE_MS, even past staleMs', async () => {
    const path = join(tempDir(), 'lock');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      // Its refresh was held up for 30 s (a blocked event loop): with staleMs 2 s it used to be broken.
      fakeLock(path, { pid: sleeper.pid! }, 30_000);
      await expect(new Lock(path).acquire({ waitMs: 300, staleMs: 2_000 })).rejects.toBeInstanceOf(LockTimeoutError);
      expect(existsSync(join(path, 'owner.json'))).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  test('an unknown owner on another host is not broken while fresh', async () => {
    const path = join(tempDir(), 'lock');
    fakeLock(path, { pid: 1, host: 'some-other-host' });
    await expect(new Lock(path).acquire({ waitMs: 100, staleMs: 60_000 })).rejects.toBeInstanceOf(LockTimeoutError);
  });
});
