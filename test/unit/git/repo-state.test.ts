import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoBusyReason } from '../../../src/git/repo-state.js';
import { gitDirsOf } from '../../../src/git/loose-objects.js';
import { makeTempRepo } from '../../helpers/repo.js';

const gitDir = (cwd: string) => gitDirsOf(cwd)!.gitDir;

describe('repoBusyReason from the file system agrees with rev-parse --git-path', () => {
  it('reports a conflicted merge in a linked worktree there, and not in the main work tree', async () => {
    const repo = makeTempRepo();
    repo.write('f.txt', 'base\n');
    repo.commitAll('base');
    const wt = join(repo.dir, '..', 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', wt);
    const inWt = (...args: string[]) => execFileSync('git', args, { cwd: wt, env: repo.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    repo.write('f.txt', 'main\n');
    repo.commitAll('main change');
    writeFileSync(join(wt, 'f.txt'), 'side\n');
    inWt('commit', '-q', '-am', 'side change');
    expect(() => inWt('merge', '-q', 'main')).toThrow();

    expect(gitDir(wt)).not.toBe(gitDir(repo.dir));
    expect(await repoBusyReason(wt, undefined, gitDir(wt))).toBe('merge-in-progress');
    expect(await repoBusyReason(wt)).toBe('merge-in-progress');
    expect(await repoBusyReason(repo.dir, undefined, gitDir(repo.dir))).toBeUndefined();
    expect(await repoBusyReason(repo.dir)).toBeUndefined();
  });

  it('names each marker the same way with and without the git dir', async () => {
    const repo = makeTempRepo();
    const dir = gitDir(repo.dir);
    const cases: Array<[string, string, boolean]> = [
      ['rebase-merge', 'rebase-in-progress', true], ['MERGE_HEAD', 'merge-in-progress', false],
      ['CHERRY_PICK_HEAD', 'cherry-pick-in-progress', false], ['REVERT_HEAD', 'revert-in-progress', false],
      ['sequencer', 'sequencer-in-progress', true], ['BISECT_START', 'bisect-in-progress', false], ['index.lock', 'index-locked', false],
    ];
    for (const [name, reason, folder] of cases) {
      const p = join(dir, name);
      if (folder) mkdirSync(p);
      else writeFileSync(p, '');
      expect(await repoBusyReason(repo.dir, undefined, dir)).toBe(reason);
      expect(await repoBusyReason(repo.dir)).toBe(reason);
      rmSync(p, { recursive: true, force: true });
    }
    mkdirSync(join(dir, 'rebase-apply'));
    writeFileSync(join(dir, 'rebase-apply', 'applying'), '');
    expect(await repoBusyReason(repo.dir, undefined, dir)).toBe('am-in-progress');
    expect(await repoBusyReason(repo.dir, undefined, gitDir(repo.dir))).toBe(await repoBusyReason(repo.dir));
  });
});
