import { describe, it, expect } from 'vitest';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GitBackend } from '../../src/git/git-backend.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

// A user in the middle of real work: every kind of index and work-tree state git has, a stash,
// and memory notes being published between their edits. None of it may move.

function userView(repo: TempRepo, outsideMemory = false) {
  const only = outsideMemory ? ['--', '.', ':(exclude)memory'] : [];
  return {
    cached: repo.git('diff', '--cached', '--binary', '-M', ...only),
    unstaged: repo.git('diff', '--binary', ...only),
    status: repo.git('status', '--porcelain=v2', '-z', '--untracked-files=all', '--ignored', ...only),
    stash: repo.git('stash', 'list', '--format=%H %s'),
    branch: repo.git('symbolic-ref', 'HEAD'),
    refs: repo.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags', 'refs/stash'),
  };
}

function midWork(repo: TempRepo) {
  repo.write('.gitignore', 'build/\n');
  repo.write('src/keep.ts', 'keep 1\n');
  repo.write('src/partial.ts', 'p1\n');
  repo.write('src/rename-me.ts', 'rename me, a file long enough for rename detection\n'.repeat(5));
  repo.write('src/delete-me.ts', 'gone\n');
  repo.write('src/unstaged-delete.ts', 'gone soon\n');
  repo.write('bin/tool.sh', '#!/bin/sh\necho hi\n');
  repo.write('memory/layer2/current-state.md', '# state v0\n');
  repo.commitAll('project');

  repo.write('src/stashed.ts', 'stashed work\n');
  repo.git('add', 'src/stashed.ts');
  repo.git('stash', 'push', '-q', '-m', 'user stash');

  repo.write('src/partial.ts', 'p2 staged\n');
  repo.git('add', 'src/partial.ts');
  repo.write('src/partial.ts', 'p3 unstaged\n');
  repo.git('mv', 'src/rename-me.ts', 'src/renamed.ts');
  repo.git('rm', '-q', 'src/delete-me.ts');
  rmSync(join(repo.dir, 'src/unstaged-delete.ts'));
  chmodSync(join(repo.dir, 'bin/tool.sh'), 0o755);
  repo.git('add', 'bin/tool.sh');
  repo.write('src/intent.ts', 'intent to add\n');
  repo.git('add', '-N', 'src/intent.ts');
  repo.write('src/keep.ts', 'keep 2 unstaged\n');
  repo.write('src/staged-new.ts', 'new\n');
  repo.git('add', 'src/staged-new.ts');
  repo.write('notes.txt', 'untracked\n');
  repo.write('build/out.js', 'ignored\n');
}

describe('user staged changes survive handover commits', () => {
  it('keeps index, work tree, stash and branch byte-identical across several publishes', async () => {
    const repo = makeTempRepo();
    midWork(repo);
    const before = userView(repo);
    const stagedNames = repo.git('diff', '--cached', '--name-status', '-M');
    const backend = new GitBackend(repo.dir, { paths: ['memory'] });

    for (let i = 1; i <= 3; i++) {
      repo.write(`memory/layer1/2026-08/s-${i}.md`, `# session ${i}\n`);
      repo.write('memory/layer2/current-state.md', `# state v${i}\n`);
      const r = await backend.publish(`handover ${i}`);
      expect(r.status).toBe('committed');
      const names = repo.git('diff-tree', '--no-commit-id', '--name-only', '-r', 'HEAD').trim().split('\n');
      expect(names.every((n) => n.startsWith('memory/'))).toBe(true);
      expect(userView(repo)).toEqual(before);
    }
    expect((await backend.publish('nothing new')).status).toBe('unchanged');
    expect(userView(repo)).toEqual(before);

    // The user's own next commit contains exactly what they had staged, and none of our notes undone.
    repo.git('commit', '-q', '-m', 'user commit');
    const theirs = repo.git('diff', '--name-status', '-M', 'HEAD~1', 'HEAD');
    expect(theirs).toBe(stagedNames);
    expect(repo.git('show', 'HEAD:memory/layer2/current-state.md')).toBe('# state v3\n');
    expect(repo.git('stash', 'list', '--format=%s')).toBe('On main: user stash\n');
  });

  it('leaves a user\'s half-staged memory edit committed from the work tree and the rest untouched', async () => {
    const repo = makeTempRepo();
    midWork(repo);
    repo.write('memory/layer2/current-state.md', '# hand edit, staged\n');
    repo.git('add', 'memory');
    repo.write('memory/layer2/current-state.md', '# regenerated\n');
    const before = userView(repo, true);
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('ours');
    expect(r.status).toBe('committed');
    expect(repo.git('show', 'HEAD:memory/layer2/current-state.md')).toBe('# regenerated\n');
    expect(repo.git('status', '--porcelain', '--', 'memory')).toBe('');
    expect(userView(repo, true)).toEqual(before);
    expect(repo.git('diff', '--cached', '--name-only')).not.toContain('memory/');
  });
});
