import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readHeadCommit } from '../../src/git/read-head-commit.js';
import { makeTempRepo } from '../helpers/repo.js';

function fromGit(repo: ReturnType<typeof makeTempRepo>, cwd = repo.dir) {
  const [hash, subject, at, ours] = repo.git('-C', cwd, 'log', '-1', '--format=%H%x1f%s%x1f%cI%x1f%(trailers:key=Agent-Handover,valueonly)').replace(/\n$/, '').split('\x1f');
  return { hash, subject, at, ours: !!ours?.trim() };
}

describe('readHeadCommit', () => {
  it('agrees with git log on hash, subject (first paragraph), committer date and our trailer', () => {
    const repo = makeTempRepo();
    repo.write('a.txt', '1');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'first line\nsecond line of the subject\n\nbody text');
    expect(readHeadCommit(repo.dir)).toEqual(fromGit(repo));
    repo.write('b.txt', '2');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'agent-handover: stop s1\n\nAgent-Handover: yes');
    const ours = readHeadCommit(repo.dir);
    expect(ours).toEqual(fromGit(repo));
    expect(ours?.ours).toBe(true);
  });

  it('follows packed refs and linked worktrees', () => {
    const repo = makeTempRepo();
    repo.git('pack-refs', '--all');
    expect(readHeadCommit(repo.dir)).toEqual(fromGit(repo));
    const wt = join(repo.dir, '..', 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', wt);
    expect(readHeadCommit(wt)).toEqual(fromGit(repo, wt));
  });

  it('gives up (undefined) where git must answer: packed objects, no commits, not a repo', () => {
    const repo = makeTempRepo();
    repo.git('gc', '-q');
    expect(readHeadCommit(repo.dir)).toBeUndefined();
    const empty = makeTempRepo({ initialCommit: false });
    expect(readHeadCommit(empty.dir)).toBeUndefined();
    expect(readHeadCommit(join(repo.dir, '..', 'home'))).toBeUndefined();
  });
});
