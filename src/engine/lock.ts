import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { LockTimeoutError } from '../errors.js';
import { core as msg } from '../messages/core.js';
import { pidAlive } from '../io/pid.js';

export interface LockOptions {
  waitMs?: number;
  /** A lock not refreshed for this long is stale even if its pid looks alive (pid reuse, hung). */
  staleMs?: number;
}

/**
 * A holder alive on this host is never taken for stale before this age, whatever staleMs says:
 * its refresh timer can be held up (a long synchronous piece of work blocks the event loop), and
 * breaking its lock would start a second run beside it. Every hook ends at its own deadline far
 * sooner, so only a hung process (or a reused pid) is ever this old.
 */
export const LIVE_HOLDER_STALE_MS = 10 * 60_000;

interface Owner {
  pid: number;
  host: string;
  at: string;
}

/**
 * A cross-process lock: proper-lockfile's mkdir lock (atomic on every filesystem, refreshed while
 * held, stale by age) plus an owner file so a lock left by a SIGKILLed process on this host is
 * recovered at once instead of after the stale age.
 */
export class Lock {
  private release: (() => Promise<void>) | undefined;
  constructor(readonly path: string) {}

  async acquire(opts: LockOptions = {}): Promise<void> {
    // CommonJS module: named exports exist under Node's loader but only `default` once bundled.
    const mod = await import('proper-lockfile');
    const lock = (mod as unknown as { default?: typeof mod }).default?.lock ?? mod.lock;
    const waitMs = opts.waitMs ?? 20_000;
    const staleMs = Math.max(opts.staleMs ?? 15_000, 2_000);
    await mkdir(dirname(this.path), { recursive: true });
    const deadline = Date.now() + waitMs;
    let delay = 10;
    for (;;) {
      try {
        // Keyed by our own path: proper-lockfile tracks held locks per `file`, and two locks in one
        // folder (handover and compaction) must not share an entry.
        // proper-lockfile's own stale rule would break a live holder whose refresh was held up;
        // staleness is judged below instead, where the owner's pid and host are known.
        this.release = await lock(this.path, {
          lockfilePath: this.path,
          realpath: false,
          stale: Math.max(staleMs, LIVE_HOLDER_STALE_MS),
          update: Math.min(10_000, staleMs / 2),
          retries: 0,
          // A compromised lock (someone broke it as stale) must not crash a hook from a timer.
          onCompromised: () => undefined,
        });
        await writeFile(join(this.path, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
        return;
      } catch (err) {
        // ENOTEMPTY: proper-lockfile tried to rmdir a stale lock that still holds our owner file.
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw err;
      }
      if (await this.breakIfStale(staleMs)) continue;
      if (Date.now() >= deadline) throw new LockTimeoutError(msg.lockTimeout(this.path, await this.describeHolder()), { path: this.path, hint: msg.lockFix });
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 200);
    }
  }

  async releaseLock(): Promise<void> {
    const r = this.release;
    this.release = undefined;
    if (!r) return;
    // proper-lockfile removes the lock with rmdir, which needs the folder empty; delete the owner
    // file only while it is still ours (someone may have broken a stale lock and retaken it).
    if ((await this.owner())?.pid === process.pid) await rm(join(this.path, 'owner.json'), { force: true }).catch(() => undefined);
    await r().catch(() => undefined);
  }

  private async owner(): Promise<Owner | undefined> {
    try {
      return JSON.parse(await readFile(join(this.path, 'owner.json'), 'utf8')) as Owner;
    } catch {
      return undefined;
    }
  }

  /** Removes a lock whose holder died on this host, or that nobody has refreshed for `staleMs`. */
  private async breakIfStale(staleMs: number): Promise<boolean> {
    const first = await this.owner();
    const here = !!first && first.host === hostname();
    const dead = here && !pidAlive(first.pid);
    let age: number;
    try {
      age = Date.now() - (await stat(this.path)).mtimeMs;
    } catch {
      return false;
    }
    const old = age > (here && !dead ? Math.max(staleMs, LIVE_HOLDER_STALE_MS) : staleMs);
    // A live holder writes its owner file right after mkdir; none after 2 s means it died in between.
    const orphan = !first && age > 2_000;
    if (!dead && !old && !orphan) return false;
    // Read again right before removing so we do not break a lock someone just took over.
    const again = await this.owner();
    if (first?.pid !== again?.pid || first?.at !== again?.at) return false;
    await rm(this.path, { recursive: true, force: true });
    return true;
  }

  private async describeHolder(): Promise<string> {
    const o = await this.owner();
    return o ? `pid ${o.pid} on ${o.host} since ${o.at}` : 'holder unknown';
  }
}
