import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readHeadCommit } from '../../../src/git/read-head-commit.js';
import { makeTempRepo } from '../../helpers/repo.js';

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

  it('reads a detached HEAD, and gives up on a SHA-256 repository and a commit in another encoding', () => {
    const repo = makeTempRepo();
    repo.git('checkout', '-q', '--detach');
    expect(readHeadCommit(repo.dir)).toEqual(fromGit(repo));
    repo.write('a.txt', '1');
    repo.git('add', '-A');
    repo.git('-c', 'i18n.commitEncoding=ISO-8859-1', 'commit', '-q', '-m', 'latin');
    expect(readHeadCommit(repo.dir)).toBeUndefined();
    const sha256 = makeTempRepo({ initialCommit: false });
    rmSync(join(sha256.dir, '.git'), { recursive: true });
    try {
      sha256.git('init', '-q', '--object-format=sha256', '-b', 'main');
    } catch {
      return; // this git cannot make one
    }
    sha256.write('a.txt', '1');
    sha256.commitAll('first');
    expect(sha256.git('rev-parse', 'HEAD').trim()).toHaveLength(64);
    expect(readHeadCommit(sha256.dir)).toBeUndefined();
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
