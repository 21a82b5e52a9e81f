import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { compileCacheDir, enableCompileCache, type EnableCompileCache } from '../../../src/cli/compile-cache.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

const HOOK = resolve('dist/hooks/session-start.js');
const BIN = resolve('dist/cli.js');

describe('compileCacheDir', () => {
  it('a private folder under the cache home; none when switched off or when others could write there', () => {
    const base = tempDir();
    expect(compileCacheDir({ XDG_CACHE_HOME: base })).toBe(join(base, 'agent-handover', 'compile'));
    expect((statSync(join(base, 'agent-handover', 'compile')).mode & 0o777).toString(8)).toBe('700');
    expect(compileCacheDir({ HOME: base })).toBe(join(base, '.cache', 'agent-handover', 'compile'));
    expect(compileCacheDir({ XDG_CACHE_HOME: base, AGENT_HANDOVER_COMPILE_CACHE: '0' })).toBeUndefined();
    chmodSync(join(base, 'agent-handover', 'compile'), 0o777);
    expect(compileCacheDir({ XDG_CACHE_HOME: base })).toBeUndefined();
  });

  it('none under /proc, /sys or /dev (directly or through a symlink), or when a folder of ours is a symlink', () => {
    for (const x of ['/proc', '/proc/self', '/proc/1', '/sys', '/dev/shm']) expect(compileCacheDir({ XDG_CACHE_HOME: x }), x).toBeUndefined();
    const base = tempDir();
    // A relative $XDG_CACHE_HOME is invalid (XDG spec): the default under HOME is used.
    expect(compileCacheDir({ XDG_CACHE_HOME: 'relative/cache', HOME: base })).toBe(join(base, '.cache', 'agent-handover', 'compile'));
    symlinkSync('/proc', join(base, 'to-proc'));
    expect(compileCacheDir({ XDG_CACHE_HOME: join(base, 'to-proc') })).toBeUndefined();
    // Our folder swapped for a link to someone else's: not used.
    const other = tempDir();
    mkdirSync(join(base, 'c', 'agent-handover'), { recursive: true });
    symlinkSync(other, join(base, 'c', 'agent-handover', 'compile'));
    expect(compileCacheDir({ XDG_CACHE_HOME: join(base, 'c') })).toBeUndefined();
    chmodSync(join(base, 'c', 'agent-handover'), 0o777);
    rmSync(join(base, 'c', 'agent-handover', 'compile'));
    expect(compileCacheDir({ XDG_CACHE_HOME: join(base, 'c') })).toBeUndefined();
  });
});

describe('enableCompileCache', () => {
  const recorder = () => {
    const calls: Array<string | undefined> = [];
    const enable: EnableCompileCache = (dir) => (calls.push(dir), { status: 1, directory: dir });
    return { calls, enable };
  };

  it("hands Node's compile cache the private folder, and nothing else", () => {
    const repo = makeTempRepo();
    const home = tempDir();
    const { calls, enable } = recorder();
    expect(enableCompileCache({ XDG_CACHE_HOME: home }, repo.dir, enable)).toBe(join(home, 'agent-handover', 'compile'));
    expect(calls).toEqual([join(home, 'agent-handover', 'compile')]);
  });

  it('is not switched on under PAUSE, when switched off, for an unsafe folder, or where Node has none (Node 20)', () => {
    const repo = makeTempRepo();
    const home = tempDir();
    const { calls, enable } = recorder();
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    expect(enableCompileCache({ XDG_CACHE_HOME: home, CLAUDE_PROJECT_DIR: repo.dir }, repo.dir, enable)).toBeUndefined();
    rmSync(join(repo.dir, 'PAUSE'));
    expect(enableCompileCache({ XDG_CACHE_HOME: home, AGENT_HANDOVER_COMPILE_CACHE: '0' }, repo.dir, enable)).toBeUndefined();
    expect(enableCompileCache({ XDG_CACHE_HOME: '/proc' }, repo.dir, enable)).toBeUndefined();
    expect(calls).toEqual([]);
    expect(existsSync(join(home, 'agent-handover'))).toBe(false);
    expect(enableCompileCache({ XDG_CACHE_HOME: home }, repo.dir, null)).toBeUndefined();
  });

  it('a failing Node call only costs the speed-up', () => {
    const home = tempDir();
    const enable: EnableCompileCache = () => {
      throw new Error('ENOSPC');
    };
    expect(enableCompileCache({ XDG_CACHE_HOME: home }, home, enable)).toBeUndefined();
  });
});

describe('the entries with the compile cache (real processes)', () => {
  const hasCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const startHook = (repo: ReturnType<typeof makeTempRepo>, extra: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [HOOK], {
      cwd: repo.dir,
      env: { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir, ...extra },
      input: JSON.stringify({ session_id: `s-${Math.random().toString(36).slice(2)}`, cwd: repo.dir, hook_event_name: 'SessionStart', source: 'startup' }),
      encoding: 'utf8',
      timeout: 15_000,
      killSignal: 'SIGKILL',
    });
  const cached = (home: string) => {
    const dir = join(home, 'agent-handover', 'compile');
    return existsSync(dir) ? readdirSync(dir, { recursive: true }).length : 0;
  };

  it('a hook with $XDG_CACHE_HOME under /proc starts and exits 0 instead of hanging', () => {
    const repo = makeTempRepo();
    const r = startHook(repo, { XDG_CACHE_HOME: '/proc' });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
  });

  it(`the hook and the bin fill the private folder where Node has a compile cache (here: ${hasCache ? 'yes' : 'no, Node 20'}), and answer the same with it or without`, () => {
    const repo = makeTempRepo();
    const home = tempDir();
    const first = startHook(repo, { XDG_CACHE_HOME: home });
    expect(first.status, first.stderr).toBe(0);
    const check = spawnSync(process.execPath, [BIN, 'check'], { cwd: repo.dir, env: { ...repo.env, XDG_CACHE_HOME: home }, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    if (hasCache) expect(cached(home)).toBeGreaterThan(0);
    else expect(existsSync(join(home, 'agent-handover'))).toBe(false);
    const second = startHook(repo, { XDG_CACHE_HOME: home });
    const off = startHook(repo, { XDG_CACHE_HOME: home, AGENT_HANDOVER_COMPILE_CACHE: '0' });
    for (const r of [second, off]) {
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).hookSpecificOutput.additionalContext).toBe(JSON.parse(first.stdout).hookSpecificOutput.additionalContext);
    }
  });

  it('under PAUSE the hook writes no compile cache', () => {
    const repo = makeTempRepo();
    const home = tempDir();
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const paused = startHook(repo, { XDG_CACHE_HOME: home });
    expect(paused.status, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout).hookSpecificOutput.additionalContext).toContain('paused');
    expect(cached(home)).toBe(0);
  });
});
