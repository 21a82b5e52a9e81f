import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { git, splitZ } from '../../../src/git/git.js';
import { EarlyStatus } from '../../../src/git/early-status.js';
import { earlyStatusFor } from '../../../src/hooks/early-status.js';
import { statusFacts } from '../../../src/session/git-facts.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

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

  it('an early status answers once, for its own folder and exclusions only', async () => {
    const r = makeTempRepo();
    r.write('work.txt', 'changed');
    const early = new EarlyStatus(r.dir, ['memory']);
    expect((await statusFacts(r.dir, ['memory'], early)).uncommitted).toEqual(['?? work.txt']);
    expect(starts()).toHaveLength(1);
    // Taken: the next status runs git again.
    await statusFacts(r.dir, ['memory'], early);
    expect(starts()).toHaveLength(2);
    // Other exclusions or another folder never take it (and it is spent by the question).
    const other = new EarlyStatus(r.dir, ['memory']);
    await statusFacts(r.dir, ['notes'], other);
    expect(other.take(r.dir, ['memory'])).toBeUndefined();
    expect(new EarlyStatus(r.dir, ['memory']).take(tempDir(), ['memory'])).toBeUndefined();
  });

  it('an early status that waited too long is dropped and git runs again', async () => {
    const r = makeTempRepo();
    const early = new EarlyStatus(r.dir, []);
    await sleep(1_200);
    r.write('new.txt', 'x');
    expect((await statusFacts(r.dir, [], early)).uncommitted).toEqual(['?? new.txt']);
    expect(starts()).toHaveLength(2);
  });
});

describe('earlyStatusFor', () => {
  const input = (dir: string) => ({ payload: { cwd: dir }, cwd: dir, env: {}, args: [] });

  it('with the default layout, the hook\'s status comes from the one process started early', async () => {
    const r = makeTempRepo();
    r.write('work.txt', 'changed');
    const early = earlyStatusFor(input(r.dir));
    // What the handover asks: the default (shared) layout's own exclusions.
    const { loadProject, memoryRel } = await import('../../../src/project/project.js');
    const facts = await statusFacts(r.dir, [memoryRel(await loadProject(r.dir)), '.agent-handover'], early);
    expect(facts.uncommitted).toEqual(['?? work.txt']);
    expect(starts().filter((s) => s.includes(' status '))).toHaveLength(1);
  });

  it('a Stop hook hands its early status to the handover: one `git status` for the whole turn', async () => {
    const r = makeTempRepo();
    r.write('work.txt', 'changed');
    const { runHook } = await import('../../../src/hooks/run-hook.js');
    const take = vi.spyOn(EarlyStatus.prototype, 'take');
    await runHook('stop', JSON.stringify({ session_id: 's1', cwd: r.dir }), { cwd: r.dir, env: process.env });
    const { Checkpoint } = await import('../../../src/engine/checkpoint.js');
    expect(await new Checkpoint(join(r.dir, '.agent-handover', 'checkpoint.json')).status()).toBe('completed');
    // The handover's status was the early one, not a second process.
    expect(take.mock.results.filter((x) => x.value !== undefined)).toHaveLength(1);
    take.mockRestore();
    expect(starts().filter((s) => s.includes(' status '))).toHaveLength(1);
  });

  it('with a config file (which may move the memory folder), nothing is started early', async () => {
    const r = makeTempRepo();
    r.write('.agent-handover.yml', 'memory_root: notes\n');
    expect(earlyStatusFor(input(r.dir))).toBeUndefined();
    expect(earlyStatusFor(input(tempDir()))).toBeUndefined();
    expect(starts()).toEqual([]);
  });
});
