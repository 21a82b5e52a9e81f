import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitBackend } from '../../src/git/git-backend.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

// Each busy state is made for real with git itself, then cleared the way a user would clear it.

function tryGit(repo: TempRepo, ...args: string[]): void {
  try { repo.git(...args); } catch { /* an expected stop (conflict) */ }
}

/** A README change on `other` that conflicts with one on `main`. */
function conflictingBranches(repo: TempRepo): { theirs: string } {
  repo.git('checkout', '-q', '-b', 'other');
  repo.write('README.md', 'theirs\n');
  const theirs = repo.commitAll('theirs');
  repo.git('checkout', '-q', 'main');
  repo.write('README.md', 'ours\n');
  repo.commitAll('ours');
  return { theirs };
}

interface Scenario { reason: string; enter(repo: TempRepo): void; clear(repo: TempRepo): void }

const scenarios: Record<string, Scenario> = {
  merge: {
    reason: 'merge-in-progress',
    enter: (repo) => { conflictingBranches(repo); tryGit(repo, 'merge', '-q', 'other'); },
    clear: (repo) => repo.git('merge', '--abort'),
  },
  'rebase (merge backend)': {
    reason: 'rebase-in-progress',
    enter: (repo) => { conflictingBranches(repo); repo.git('checkout', '-q', 'other'); tryGit(repo, 'rebase', '--merge', 'main'); },
    clear: (repo) => repo.git('rebase', '--abort'),
  },
  'rebase (apply backend)': {
    reason: 'rebase-in-progress',
    enter: (repo) => { conflictingBranches(repo); repo.git('checkout', '-q', 'other'); tryGit(repo, 'rebase', '--apply', 'main'); },
    clear: (repo) => repo.git('rebase', '--abort'),
  },
  am: {
    reason: 'am-in-progress',
    enter: (repo) => {
      const { theirs } = conflictingBranches(repo);
      const patch = repo.git('format-patch', '-1', '--stdout', theirs);
      writeFileSync(join(repo.dir, '..', 'p.patch'), patch);
      tryGit(repo, 'am', join(repo.dir, '..', 'p.patch'));
    },
    clear: (repo) => repo.git('am', '--abort'),
  },
  'cherry-pick': {
    reason: 'cherry-pick-in-progress',
    enter: (repo) => { conflictingBranches(repo); tryGit(repo, 'cherry-pick', 'other'); },
    clear: (repo) => repo.git('cherry-pick', '--abort'),
  },
  revert: {
    reason: 'revert-in-progress',
    enter: (repo) => {
      repo.write('README.md', 'one\n');
      const one = repo.commitAll('one');
      repo.write('README.md', 'two\n');
      repo.commitAll('two');
      tryGit(repo, 'revert', '--no-edit', one);
    },
    clear: (repo) => repo.git('revert', '--abort'),
  },
  'stopped multi-commit cherry-pick': {
    reason: 'sequencer-in-progress',
    enter: (repo) => {
      conflictingBranches(repo);
      repo.git('checkout', '-q', 'other');
      repo.write('b.txt', 'b\n');
      repo.commitAll('b');
      repo.write('c.txt', 'c\n');
      repo.commitAll('c');
      repo.git('checkout', '-q', 'main');
      tryGit(repo, 'cherry-pick', 'other~2', 'other~1', 'other');
      // Resolve the first pick by hand; the sequencer still has two to go.
      repo.write('README.md', 'resolved\n');
      repo.git('add', 'README.md');
      repo.git('commit', '-q', '--no-edit');
    },
    clear: (repo) => repo.git('cherry-pick', '--quit'),
  },
  bisect: {
    reason: 'bisect-in-progress',
    enter: (repo) => { repo.write('f.txt', '1\n'); repo.commitAll('c1'); repo.write('f.txt', '2\n'); repo.commitAll('c2'); repo.git('bisect', 'start', 'HEAD', 'HEAD~2'); },
    clear: (repo) => repo.git('bisect', 'reset'),
  },
  'index.lock held': {
    reason: 'index-locked',
    enter: (repo) => writeFileSync(join(repo.dir, '.git', 'index.lock'), ''),
    clear: (repo) => rmSync(join(repo.dir, '.git', 'index.lock')),
  },
};

/** What "nothing written" means: refs, HEAD, index bytes, work tree status and the object store. */
function snapshot(repo: TempRepo) {
  const indexFile = join(repo.dir, '.git', 'index');
  return {
    head: readFileSync(join(repo.dir, '.git', 'HEAD'), 'utf8'),
    refs: repo.git('for-each-ref', '--format=%(refname) %(objectname)'),
    index: existsSync(indexFile) ? createHash('sha256').update(readFileSync(indexFile)).digest('hex') : '',
    status: repo.git('status', '--porcelain=v2', '-z', '--untracked-files=all'),
    objects: repo.git('count-objects', '-v'),
  };
}

describe('a busy repository defers, never loses', () => {
  for (const [name, s] of Object.entries(scenarios)) {
    it(`${name}: deferred with reason ${s.reason}, nothing written, committed once it clears`, async () => {
      const repo = makeTempRepo();
      s.enter(repo);
      const backend = new GitBackend(repo.dir, { paths: ['memory'], lockWaitMs: 0 });
      expect(await backend.busyReason()).toBe(s.reason);

      repo.write('memory/layer1/note.md', `# during ${name}\n`);
      const before = snapshot(repo);
      const r = await backend.publish(`handover during ${name}`);
      expect(r).toMatchObject({ status: 'deferred', reason: s.reason });
      expect(r.commit).toBeUndefined();
      expect(r.message.length).toBeGreaterThan(0);
      expect(snapshot(repo)).toEqual(before);

      s.clear(repo);
      expect(await backend.busyReason()).toBeUndefined();
      const after = await backend.publish(`handover after ${name}`);
      expect(after.status).toBe('committed');
      expect(repo.git('show', 'HEAD:memory/layer1/note.md')).toBe(`# during ${name}\n`);
      expect(repo.git('status', '--porcelain', '--', 'memory')).toBe('');
    });
  }

  it('waits out an index.lock that another git command releases, then commits', async () => {
    const repo = makeTempRepo();
    const lock = join(repo.dir, '.git', 'index.lock');
    writeFileSync(lock, '');
    repo.write('memory/a.md', 'a\n');
    const backend = new GitBackend(repo.dir, { paths: ['memory'], lockWaitMs: 30_000 });
    // Released a little later, as a finishing git command would; without the wait this defers.
    const release = new Promise<void>((done) => setTimeout(() => { rmSync(lock); done(); }, 400));
    const pending = backend.publish('after the lock');
    const r = await pending;
    await release;
    expect(r.status).toBe('committed');
  });
});
