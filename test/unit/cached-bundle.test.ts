import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileCacheDir, loadCachedBundle } from '../../src/cli/cached-bundle.js';
import { makeTempRepo, tempDir } from '../helpers/repo.js';

const HOOK = resolve('dist/hooks/session-start.js');

describe('compileCacheDir', () => {
  it('a private folder under the cache home; none when switched off or when others could write there', () => {
    const base = tempDir();
    expect(compileCacheDir({ XDG_CACHE_HOME: base })).toBe(join(base, 'agent-handover', 'v8'));
    expect((statSync(join(base, 'agent-handover', 'v8')).mode & 0o777).toString(8)).toBe('700');
    expect(compileCacheDir({ HOME: base })).toBe(join(base, '.cache', 'agent-handover', 'v8'));
    expect(compileCacheDir({ XDG_CACHE_HOME: base, AGENT_HANDOVER_COMPILE_CACHE: '0' })).toBeUndefined();
    chmodSync(join(base, 'agent-handover', 'v8'), 0o777);
    expect(compileCacheDir({ XDG_CACHE_HOME: base })).toBeUndefined();
  });

  it('none under /proc, /sys or /dev (directly or through a symlink), or when a folder of ours is a symlink', () => {
    for (const x of ['/proc', '/proc/self', '/proc/1', '/sys', '/dev/shm']) expect(compileCacheDir({ XDG_CACHE_HOME: x }), x).toBeUndefined();
    const base = tempDir();
    // A relative $XDG_CACHE_HOME is invalid (XDG spec): the default under HOME is used.
    expect(compileCacheDir({ XDG_CACHE_HOME: 'relative/cache', HOME: base })).toBe(join(base, '.cache', 'agent-handover', 'v8'));
    symlinkSync('/proc', join(base, 'to-proc'));
    expect(compileCacheDir({ XDG_CACHE_HOME: join(base, 'to-proc') })).toBeUndefined();
    // Our folder swapped for a link to someone else's: not used.
    const other = tempDir();
    mkdirSync(join(base, 'c', 'agent-handover'), { recursive: true });
    symlinkSync(other, join(base, 'c', 'agent-handover', 'v8'));
    expect(compileCacheDir({ XDG_CACHE_HOME: join(base, 'c') })).toBeUndefined();
    chmodSync(join(base, 'c', 'agent-handover'), 0o777);
    rmSync(join(base, 'c', 'agent-handover', 'v8'));
    expect(compileCacheDir({ XDG_CACHE_HOME: join(base, 'c') })).toBeUndefined();
  });

  it('a hook with $XDG_CACHE_HOME under /proc starts and exits 0 instead of hanging', () => {
    const repo = makeTempRepo();
    const r = spawnSync(process.execPath, [HOOK], { cwd: repo.dir, input: '{}', env: { ...repo.env, XDG_CACHE_HOME: '/proc', CLAUDE_PROJECT_DIR: repo.dir }, encoding: 'utf8', timeout: 8_000, killSignal: 'SIGKILL' });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
  });
});

describe('loadCachedBundle', () => {
  it('runs a CommonJS file like Node: exports, require, __filename and the entry URL', () => {
    const dir = tempDir();
    const file = join(dir, 'b.cjs');
    writeFileSync(file, "const { join } = require('node:path');\nexports.info = { file: __filename, dir: __dirname, url: __ahEntryUrl, joined: join('a', 'b') };\nmodule.exports.answer = 42;\n");
    const r = loadCachedBundle(file, 'test', 'file:///entry.js', { XDG_CACHE_HOME: dir });
    expect(r.exports).toMatchObject({ answer: 42, info: { file, dir, url: 'file:///entry.js', joined: join('a', 'b') } });
    expect(r.cache).toBe('miss');
    expect(loadCachedBundle(file, 'test', 'file:///entry.js', { AGENT_HANDOVER_COMPILE_CACHE: '0', XDG_CACHE_HOME: dir }).cache).toBe('off');
  });

  it('a bundle replaced by another of the same size and time never runs the old cached code', () => {
    const dir = tempDir();
    const file = join(dir, 'b.cjs');
    writeFileSync(file, "exports.v = 'AAAA';\n");
    const t = new Date('2026-01-01T00:00:00Z');
    utimesSync(file, t, t);
    const before = new Set(process.listeners('exit'));
    expect(loadCachedBundle(file, 'swap', 'file:///e.js', { XDG_CACHE_HOME: dir }).exports.v).toBe('AAAA');
    // Write the cache now, as the process would at exit.
    for (const l of process.listeners('exit').filter((x) => !before.has(x))) {
      process.removeListener('exit', l);
      (l as () => void)();
    }
    expect(readdirSync(join(dir, 'agent-handover', 'v8'))).toHaveLength(1);
    expect(loadCachedBundle(file, 'swap', 'file:///e.js', { XDG_CACHE_HOME: dir }).cache).toBe('hit');
    // A package upgrade renames a new file in: same length, same mtime here, new content.
    writeFileSync(join(dir, 'new.cjs'), "exports.v = 'BBBB';\n");
    utimesSync(join(dir, 'new.cjs'), t, t);
    renameSync(join(dir, 'new.cjs'), file);
    const again = loadCachedBundle(file, 'swap', 'file:///e.js', { XDG_CACHE_HOME: dir });
    expect(again.exports.v).toBe('BBBB');
    expect(again.cache).toBe('miss');
    for (const l of process.listeners('exit').filter((x) => !before.has(x))) process.removeListener('exit', l);
  });

  it('a line number in an error is the line in the bundle', () => {
    const dir = tempDir();
    const file = join(dir, 'b.cjs');
    writeFileSync(file, "exports.f = 1;\n\nthrow new Error('on line three');\n");
    let stack = '';
    try {
      loadCachedBundle(file, 'test', pathToFileURL(file).href, { AGENT_HANDOVER_COMPILE_CACHE: '0' });
    } catch (err) {
      stack = (err as Error).stack ?? '';
    }
    expect(stack).toContain(`${file}:3:`);
  });
});

describe('the agent hooks through the cache (dist/hooks, real processes)', () => {
  const run = (repo: ReturnType<typeof makeTempRepo>, cacheHome: string, extra: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [HOOK], {
      cwd: repo.dir,
      env: { ...repo.env, XDG_CACHE_HOME: cacheHome, CLAUDE_PROJECT_DIR: repo.dir, ...extra },
      input: JSON.stringify({ session_id: `s-${Math.random().toString(36).slice(2)}`, cwd: repo.dir, hook_event_name: 'SessionStart', source: 'startup' }),
      encoding: 'utf8',
    });
  const cacheFiles = (home: string) => {
    const dir = join(home, 'agent-handover', 'v8');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bin')) : [];
  };

  it('the first start writes the cache, later starts use it unchanged, a damaged one is replaced', () => {
    const repo = makeTempRepo();
    const home = tempDir();
    const first = run(repo, home);
    expect(first.status, first.stderr).toBe(0);
    const files = cacheFiles(home);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/-session-start\.bin$/);
    const at = join(home, 'agent-handover', 'v8', files[0]!);
    const ino = statSync(at).ino;
    const second = run(repo, home);
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).hookSpecificOutput.additionalContext).toBe(JSON.parse(first.stdout).hookSpecificOutput.additionalContext);
    // Taken as it was: a hit writes nothing (a miss would rename a new file into place).
    expect(statSync(at).ino).toBe(ino);
    writeFileSync(at, 'garbage');
    const third = run(repo, home);
    expect(third.status, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout).hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(readFileSync(at).length).toBeGreaterThan(1000);
  });

  it('under PAUSE the hook writes no compile cache either', () => {
    const repo = makeTempRepo();
    const home = tempDir();
    writeFileSync(join(repo.dir, 'PAUSE'), '');
    const paused = run(repo, home);
    expect(paused.status, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout).hookSpecificOutput.additionalContext).toContain('paused');
    expect(cacheFiles(home)).toEqual([]);
  });

  it('switched off, or with a cache folder others can write to: no cache, same answer', () => {
    const repo = makeTempRepo();
    const home = tempDir();
    const off = run(repo, home, { AGENT_HANDOVER_COMPILE_CACHE: '0' });
    expect(off.status, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout).hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(existsSync(join(home, 'agent-handover'))).toBe(false);
    mkdirSync(join(home, 'agent-handover', 'v8'), { recursive: true });
    chmodSync(join(home, 'agent-handover', 'v8'), 0o777);
    const open = run(repo, home);
    expect(open.status, open.stderr).toBe(0);
    expect(cacheFiles(home)).toEqual([]);
  });
});
