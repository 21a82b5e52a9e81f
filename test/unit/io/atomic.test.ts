import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { removeStaleTemps, writeFileAtomic } from '../../../src/io/atomic.js';
import { tempDir } from '../../helpers/repo.js';

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file behind', async () => {
    const dir = tempDir();
    const f = join(dir, 'a', 'b.md');
    await writeFileAtomic(f, 'one');
    await writeFileAtomic(f, 'two', { durable: false });
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.md']);
  });

  it('a failed write leaves the old content and no temp file', async () => {
    const dir = tempDir();
    const f = join(dir, 'x.md');
    writeFileSync(f, 'old');
    mkdirSync(join(dir, 'x.md.dir'));
    // Renaming a file over a folder fails: the target stays and the temp is removed.
    await expect(writeFileAtomic(join(dir, 'x.md.dir'), 'new')).rejects.toThrow();
    expect(readFileSync(f, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['x.md', 'x.md.dir']);
  });
});

describe('removeStaleTemps', () => {
  it('removes temp files of dead writers and keeps live ones and real files', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    mkdirSync(join(dir, 'layer1', '2026-01'), { recursive: true });
    const stale = join(dir, 'layer1', '2026-01', `.note.md.${dead}.0a1b2c3d.tmp`);
    const live = join(dir, `.current-state.md.${process.pid}.0a1b2c3d.tmp`);
    const real = join(dir, 'layer1', '2026-01', 'note.md');
    for (const f of [stale, live, real]) writeFileSync(f, 'x');
    expect(await removeStaleTemps(dir)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(real)).toBe(true);
  });
});

describe('writeFileAtomic modes', () => {
  it('keeps the mode of the file it replaces, and applies an explicit one exactly', async () => {
    const { chmodSync, statSync } = await import('node:fs');
    const dir = tempDir();
    const hook = join(dir, 'post-commit');
    writeFileSync(hook, '#!/bin/sh\n');
    chmodSync(hook, 0o755);
    await writeFileAtomic(hook, '#!/bin/sh\necho hi\n');
    expect(statSync(hook).mode & 0o777).toBe(0o755);
    await writeFileAtomic(join(dir, 'x'), 'x', { mode: 0o600 });
    expect(statSync(join(dir, 'x')).mode & 0o777).toBe(0o600);
  });
});
