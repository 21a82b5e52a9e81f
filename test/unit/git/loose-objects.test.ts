import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  EMPTY_TREE, envIsPlain, firstCommitWithoutLine, gitDirsOf, isPlainRepo, readHead, readLooseCommit, readLooseObject, resolveRef,
} from '../../../src/git/loose-objects.js';
import { lastUserCommit, headOf } from '../../../src/session/git-facts.js';
import { makeTempRepo, tempDir, type TempRepo } from '../../helpers/repo.js';

const TRAILER = 'Agent-Handover: yes';

/** What git itself says HEAD is: the commit (undefined when unborn) and the branch (undefined when detached). */
function headFromGit(repo: TempRepo, cwd = repo.dir) {
  const run = (...args: string[]) => {
    try {
      return repo.git('-C', cwd, ...args).trim();
    } catch {
      return undefined;
    }
  };
  return { oid: run('rev-parse', '-q', '--verify', 'HEAD^{commit}'), ref: run('symbolic-ref', '-q', 'HEAD') };
}

const dirsOf = (repo: TempRepo, cwd = repo.dir) => {
  const d = gitDirsOf(cwd);
  if (!d) throw new Error(`no git dirs for ${cwd}`);
  return d;
};

function gitLastUser(repo: TempRepo, rev: string): string | undefined {
  const out = repo.git('log', '-1', '--format=%H', '--invert-grep', `--grep=^${TRAILER}$`, rev, '--').trim();
  return out || undefined;
}

function handoverCommit(repo: TempRepo, n: number, message = `agent-handover: stop s${n}\n\n${TRAILER}`): string {
  repo.write(`memory/n${n}.md`, `${n}\n`);
  repo.git('add', '-A');
  repo.git('commit', '-q', '--cleanup=verbatim', '-m', message);
  return repo.git('rev-parse', 'HEAD').trim();
}

describe('readHead agrees with rev-parse and symbolic-ref', () => {
  it('on a branch, with loose and then packed refs', () => {
    const repo = makeTempRepo();
    expect(readHead(dirsOf(repo))).toEqual(headFromGit(repo));
    repo.git('pack-refs', '--all');
    expect(readFileSync(join(repo.dir, '.git', 'packed-refs'), 'utf8')).toContain('refs/heads/main');
    expect(readHead(dirsOf(repo))).toEqual(headFromGit(repo));
    // A loose ref newer than its packed line wins, as in git.
    repo.write('x.txt', 'x\n');
    repo.commitAll('after pack');
    expect(readHead(dirsOf(repo))).toEqual(headFromGit(repo));
  });

  it('on a detached HEAD', () => {
    const repo = makeTempRepo();
    repo.git('checkout', '-q', '--detach');
    const fast = readHead(dirsOf(repo));
    expect(fast).toEqual(headFromGit(repo));
    expect(fast?.ref).toBeUndefined();
  });

  it('on an unborn branch of a fresh repository: a branch and no commit', () => {
    const repo = makeTempRepo({ initialCommit: false });
    expect(readHead(dirsOf(repo))).toEqual({ oid: undefined, ref: 'refs/heads/main' });
    expect(headFromGit(repo)).toEqual({ oid: undefined, ref: 'refs/heads/main' });
  });

  it('in a linked worktree (HEAD per worktree, branches shared)', () => {
    const repo = makeTempRepo();
    const wt = join(repo.dir, '..', 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', wt);
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'on side'], { cwd: wt, env: repo.env });
    const dirs = dirsOf(repo, wt);
    expect(dirs.commonDir).toBe(join(repo.dir, '.git'));
    expect(dirs.gitDir).not.toBe(dirs.commonDir);
    expect(readHead(dirs)).toEqual(headFromGit(repo, wt));
    expect(readHead(dirs)?.oid).not.toBe(headFromGit(repo).oid);
    expect(readHead(dirsOf(repo))).toEqual(headFromGit(repo));
  });

  it('gives up (undefined) on reftable, replace refs, grafts, a SHA-256 repository, an odd HEAD', () => {
    const repo = makeTempRepo();
    const dirs = dirsOf(repo);
    expect(isPlainRepo(dirs)).toBe(true);
    mkdirSync(join(dirs.commonDir, 'reftable'));
    expect(readHead(dirs)).toBeUndefined();

    const replaced = makeTempRepo();
    replaced.write('a.txt', 'a\n');
    replaced.commitAll('second');
    replaced.git('replace', replaced.git('rev-parse', 'HEAD').trim(), replaced.git('rev-parse', 'HEAD~1').trim());
    expect(readHead(dirsOf(replaced))).toBeUndefined();
    replaced.git('pack-refs', '--all');
    expect(isPlainRepo(dirsOf(replaced))).toBe(false);

    const grafted = makeTempRepo();
    mkdirSync(join(grafted.dir, '.git', 'info'), { recursive: true });
    writeFileSync(join(grafted.dir, '.git', 'info', 'grafts'), '');
    expect(readHead(dirsOf(grafted))).toBeUndefined();

    const odd = makeTempRepo();
    writeFileSync(join(odd.dir, '.git', 'HEAD'), 'ref: refs/tags/v1\n');
    expect(readHead(dirsOf(odd))).toBeUndefined();
    writeFileSync(join(odd.dir, '.git', 'HEAD'), 'ref: refs/heads/other\n');
    writeFileSync(join(odd.dir, '.git', 'refs', 'heads', 'other'), 'ref: refs/heads/main\n');
    expect(readHead(dirsOf(odd))).toBeUndefined();
    expect(resolveRef(dirsOf(odd), 'refs/heads/../../config')).toBeUndefined();
  });

  it('gives up on a SHA-256 repository when this git can make one', (ctx) => {
    const base = tempDir();
    try {
      execFileSync('git', ['init', '-q', '--object-format=sha256', '-b', 'main', base], { stdio: 'ignore' });
    } catch {
      ctx.skip();
    }
    expect(readHead(dirsOf({ dir: base } as TempRepo))).toBeUndefined();
  });
});

describe('readLooseCommit', () => {
  it('reads the tree and parents git reports, and nothing once objects are packed', () => {
    const repo = makeTempRepo();
    repo.write('a.txt', 'a\n');
    const oid = repo.commitAll('second\n\nbody');
    const c = readLooseCommit(dirsOf(repo), oid);
    expect(c?.tree).toBe(repo.git('rev-parse', `${oid}^{tree}`).trim());
    expect(c?.parents).toEqual([repo.git('rev-parse', `${oid}~1`).trim()]);
    expect(c?.message).toBe('second\n\nbody\n');
    expect(readLooseObject(dirsOf(repo), c!.tree)?.type).toBe('tree');
    repo.git('gc', '-q');
    expect(readLooseCommit(dirsOf(repo), oid)).toBeUndefined();
  });

  it('refuses a commit in another encoding, a damaged object, and a non-commit', () => {
    const repo = makeTempRepo();
    repo.write('a.txt', 'a\n');
    repo.git('add', '-A');
    repo.git('-c', 'i18n.commitEncoding=ISO-8859-1', 'commit', '-q', '-m', 'latin');
    const dirs = dirsOf(repo);
    expect(repo.git('cat-file', '-p', 'HEAD')).toContain('encoding ISO-8859-1');
    expect(readLooseCommit(dirs, repo.git('rev-parse', 'HEAD').trim())).toBeUndefined();

    const fake = 'ab'.repeat(20);
    mkdirSync(join(dirs.commonDir, 'objects', 'ab'), { recursive: true });
    const at = join(dirs.commonDir, 'objects', 'ab', fake.slice(2));
    // Cut short: the size in the header no longer matches; then not zlib at all.
    writeFileSync(at, deflateSync(Buffer.from('commit 9\0tree ')));
    expect(readLooseObject(dirs, fake)).toBeUndefined();
    writeFileSync(at, 'not compressed');
    expect(readLooseObject(dirs, fake)).toBeUndefined();
    writeFileSync(at, deflateSync(Buffer.from('commit 5\0tree ')));
    expect(readLooseObject(dirs, fake)).toEqual({ type: 'commit', body: Buffer.from('tree ') });
    expect(readLooseCommit(dirs, repo.git('rev-parse', 'HEAD^{tree}').trim())).toBeUndefined();
    expect(repo.git('hash-object', '-t', 'tree', '/dev/null').trim()).toBe(EMPTY_TREE);
  });
});

describe('firstCommitWithoutLine and lastUserCommit agree with git log --invert-grep', () => {
  it('skips a run of handover commits down to the user commit below them', async () => {
    const repo = makeTempRepo();
    repo.write('src/a.ts', 'a\n');
    const user = repo.commitAll('user work\n\nmentions Agent-Handover: yes inside a line');
    let head = user;
    for (let i = 0; i < 4; i++) head = handoverCommit(repo, i);
    const dirs = dirsOf(repo);
    expect(firstCommitWithoutLine(dirs, head, TRAILER)).toBe(user);
    expect(gitLastUser(repo, head)).toBe(user);
    expect(await lastUserCommit(repo.dir, head)).toBe(user);
    expect(await headOf(repo.dir)).toBe(user);
    // A user commit on top is its own answer.
    repo.write('src/b.ts', 'b\n');
    const top = repo.commitAll('more user work');
    expect(firstCommitWithoutLine(dirs, top, TRAILER)).toBe(top);
    expect(await headOf(repo.dir)).toBe(gitLastUser(repo, top));
  });

  it('a trailer line with trailing space or another value is not ours; all ours down to the root is null', async () => {
    const repo = makeTempRepo({ initialCommit: false });
    const root = handoverCommit(repo, 0);
    const almost = handoverCommit(repo, 1, `x\n\n${TRAILER} \n`);
    handoverCommit(repo, 2, `y\n\nAgent-Handover: no\n ${TRAILER}\n${TRAILER}\n`);
    const head = handoverCommit(repo, 3);
    expect(firstCommitWithoutLine(dirsOf(repo), head, TRAILER)).toBe(almost);
    expect(gitLastUser(repo, head)).toBe(almost);
    expect(firstCommitWithoutLine(dirsOf(repo), root, TRAILER)).toBeNull();
    expect(gitLastUser(repo, root)).toBeUndefined();
    expect(await lastUserCommit(repo.dir, root)).toBeUndefined();
  });

  it('hands anything unusual to git and still gets its answer: packed objects, a merge, a long run', async () => {
    const repo = makeTempRepo();
    const user = repo.git('rev-parse', 'HEAD').trim();
    for (let i = 0; i < 3; i++) handoverCommit(repo, i);
    repo.git('gc', '-q');
    const head = handoverCommit(repo, 3);
    expect(firstCommitWithoutLine(dirsOf(repo), head, TRAILER)).toBeUndefined();
    expect(await lastUserCommit(repo.dir, head)).toBe(user);

    expect(firstCommitWithoutLine(dirsOf(repo), head, TRAILER, 1)).toBeUndefined();
    repo.git('checkout', '-q', '-b', 'side', 'HEAD~1');
    handoverCommit(repo, 4);
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', `merge\n\n${TRAILER}`, 'side');
    const merge = repo.git('rev-parse', 'HEAD').trim();
    expect(firstCommitWithoutLine(dirsOf(repo), merge, TRAILER)).toBeUndefined();
    expect(await lastUserCommit(repo.dir, merge)).toBe(gitLastUser(repo, merge));
  });
});

describe('envIsPlain', () => {
  it('rejects variables that relocate the repository or change which commits git sees', () => {
    expect(envIsPlain({ HOME: '/x', GIT_AUTHOR_NAME: 'a', GIT_CONFIG_NOSYSTEM: '1' })).toBe(true);
    for (const k of ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_NO_REPLACE_OBJECTS']) expect(envIsPlain({ [k]: 'x' })).toBe(false);
  });
});
