import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { git, prefetchGit, splitZ } from '../../src/git/git.js';
import { prefetchStatus } from '../../src/hooks/prefetch-status.js';
import { statusFacts } from '../../src/session/git-facts.js';
import { makeTempRepo, tempDir } from '../helpers/repo.js';

// A `git` first on PATH that records each start and runs the real git: counts processes, mocks nothing.
let log = '';
let savedPath: string | undefined;
beforeEach(() => {
  const dir = tempDir('ah-gitshim-');
  log = join(dir, 'starts.log');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(dir, 'git'), 0o755);
  savedPath = process.env.PATH;
  process.env.PATH = `${dir}:${savedPath ?? ''}`;
});
afterEach(() => {
  process.env.PATH = savedPath;
});
// Only the package's own calls (the test helpers run git too): ours always begin with these flags.
const starts = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.startsWith('-c color.ui=false')) : []);

describe('git', () => {
  it('answers with the exit code, and throws for one that is not expected', async () => {
    const r = makeTempRepo();
    expect((await git(r.dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).stdout.trim()).toBe('main');
    expect((await git(r.dir, ['rev-parse', '-q', '--verify', 'nope'], { okCodes: [1] })).code).toBe(1);
    await expect(git(r.dir, ['rev-parse', '-q', '--verify', 'nope'])).rejects.toThrow(/exit 1/);
    expect(splitZ('a\0b\0')).toEqual(['a', 'b']);
  });

  it('a prefetched call is taken once, by the same folder and arguments only', async () => {
    const r = makeTempRepo();
    const head = r.git('rev-parse', 'HEAD').trim();
    prefetchGit(r.dir, ['rev-parse', 'HEAD']);
    expect((await git(r.dir, ['rev-parse', 'HEAD'])).stdout.trim()).toBe(head);
    expect(starts()).toHaveLength(1);
    // Taken: the next identical call runs git again.
    await git(r.dir, ['rev-parse', 'HEAD']);
    expect(starts()).toHaveLength(2);
    // Other arguments, input or environment never take a prefetched answer.
    prefetchGit(r.dir, ['rev-parse', 'HEAD']);
    await git(r.dir, ['rev-parse', '--verify', 'HEAD']);
    await git(r.dir, ['rev-parse', 'HEAD'], { env: { GIT_TERMINAL_PROMPT: '0' } });
    expect(starts()).toHaveLength(5);
    await git(r.dir, ['rev-parse', 'HEAD']);
    expect(starts()).toHaveLength(5);
  });

  it('a prefetched answer that waited too long is dropped and git runs again', async () => {
    const r = makeTempRepo();
    prefetchGit(r.dir, ['rev-parse', 'HEAD']);
    await sleep(1_200);
    r.write('new.txt', 'x');
    r.commitAll('moved on');
    const now = r.git('rev-parse', 'HEAD').trim();
    expect((await git(r.dir, ['rev-parse', 'HEAD'])).stdout.trim()).toBe(now);
    expect(starts()).toHaveLength(2);
  });

  it('an exit code the caller does not expect still throws when it comes from a prefetch', async () => {
    const r = makeTempRepo();
    prefetchGit(r.dir, ['rev-parse', '-q', '--verify', 'nope']);
    await expect(git(r.dir, ['rev-parse', '-q', '--verify', 'nope'])).rejects.toThrow(/exit 1/);
  });
});

describe('prefetchStatus', () => {
  const input = (dir: string) => ({ payload: { cwd: dir }, cwd: dir, env: {}, args: [] });

  it('with the default layout, the hook\'s status comes from the one process started early', async () => {
    const r = makeTempRepo();
    r.write('work.txt', 'changed');
    prefetchStatus(input(r.dir));
    // What the handover asks: the default (shared) layout's own exclusions.
    const { loadProject, memoryRel } = await import('../../src/project/project.js');
    const facts = await statusFacts(r.dir, [memoryRel(await loadProject(r.dir)), '.agent-handover']);
    expect(facts.uncommitted).toEqual(['?? work.txt']);
    expect(starts().filter((s) => s.includes(' status '))).toHaveLength(1);
  });

  it('with a config file (which may move the memory folder), nothing is started early', async () => {
    const r = makeTempRepo();
    r.write('.agent-handover.yml', 'memory_root: notes\n');
    prefetchStatus(input(r.dir));
    expect(starts()).toEqual([]);
    prefetchStatus(input(tempDir()));
    expect(starts()).toEqual([]);
  });
});
