import { describe, it, expect } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { GitBackend, HANDOVER_TRAILER } from '../../../src/git/git-backend.js';
import { FALLBACK_IDENTITY } from '../../../src/git/identity.js';
import { loadProject } from '../../../src/project/project.js';
import { publishMemory } from '../../../src/pipeline/publish.js';
import { buildCorpus } from '../../fixtures/secrets-corpus.js';
import { locateRepoWithGit } from '../../../src/git/locate-repo.js';
import { makeTempRepo, tempDir, type TempRepo } from '../../helpers/repo.js';

/** Everything a user could see of their own work: index, work tree, status, stash, branch. */
function userView(repo: TempRepo) {
  return {
    cached: repo.git('diff', '--cached', '--binary'),
    unstaged: repo.git('diff', '--binary'),
    status: repo.git('status', '--porcelain=v2', '-z', '--untracked-files=all'),
    branch: repo.git('symbolic-ref', 'HEAD'),
    stash: repo.git('stash', 'list'),
  };
}

const head = (repo: TempRepo) => repo.git('rev-parse', 'HEAD').trim();
const filesIn = (repo: TempRepo, rev = 'HEAD') => repo.git('diff-tree', '--no-commit-id', '--name-status', '-r', '--root', rev).trim().split('\n').filter(Boolean);

describe('GitBackend.publish: only our paths', () => {
  it('commits memory files and leaves staged, unstaged and untracked user work exactly as it was', async () => {
    const repo = makeTempRepo();
    repo.write('src/a.ts', 'a1\n');
    repo.write('src/b.ts', 'b1\n');
    repo.commitAll('user work');
    repo.write('src/a.ts', 'a2 staged\n');
    repo.git('add', 'src/a.ts');
    repo.write('src/a.ts', 'a3 unstaged on top\n');
    repo.write('src/b.ts', 'b2 unstaged\n');
    repo.write('src/new.ts', 'staged new file\n');
    repo.git('add', 'src/new.ts');
    repo.write('scratch.txt', 'untracked\n');
    const before = userView(repo);
    const oldHead = head(repo);

    repo.write('memory/layer1/2026-08/a.md', '# note\n');
    repo.write('memory/layer2/current-state.md', '# state\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('handover: session a');

    expect(r.status).toBe('committed');
    expect(r.commit).toBe(head(repo));
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(oldHead);
    expect(filesIn(repo).sort()).toEqual(['A\tmemory/layer1/2026-08/a.md', 'A\tmemory/layer2/current-state.md']);
    expect(userView(repo)).toEqual(before);
  });

  it('writes the message, a blank line and the trailer, and a recognisable reflog entry', async () => {
    const repo = makeTempRepo();
    repo.write('memory/x.md', 'x\n');
    await new GitBackend(repo.dir, { paths: ['memory'] }).publish('handover: one\n\nbody line');
    expect(repo.git('log', '-1', '--format=%B')).toBe(`handover: one\n\nbody line\n\n${HANDOVER_TRAILER}\n\n`);
    expect(repo.git('log', '-1', '--format=%(trailers:key=Agent-Handover,valueonly)').trim()).toBe('yes');
    expect(repo.git('reflog', '-1', '--format=%gs').trim()).toBe('agent-handover: handover: one');
  });

  it('makes no commit when nothing changed, and includes deletions when something did', async () => {
    const repo = makeTempRepo();
    const backend = new GitBackend(repo.dir, { paths: ['memory', 'no-such-folder', 'also/missing.md'] });
    expect((await backend.publish('empty')).status).toBe('unchanged');
    repo.write('memory/a.md', 'a\n');
    repo.write('memory/b.md', 'b\n');
    expect((await backend.publish('first')).status).toBe('committed');
    const after = head(repo);
    const again = await backend.publish('again');
    expect(again).toMatchObject({ status: 'unchanged' });
    expect(again.commit).toBeUndefined();
    expect(head(repo)).toBe(after);

    rmSync(join(repo.dir, 'memory/b.md'));
    expect((await backend.publish('delete b')).status).toBe('committed');
    expect(filesIn(repo)).toEqual(['D\tmemory/b.md']);
    rmSync(join(repo.dir, 'memory'), { recursive: true });
    expect((await backend.publish('delete all')).status).toBe('committed');
    expect(filesIn(repo)).toEqual(['D\tmemory/a.md']);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('takes the user\'s staged changes inside our paths and leaves our paths clean in status', async () => {
    const repo = makeTempRepo();
    repo.write('memory/a.md', 'v1\n');
    repo.commitAll('memory v1');
    repo.write('memory/a.md', 'v2 staged\n');
    repo.git('add', 'memory/a.md');
    repo.write('memory/a.md', 'v3 worktree\n');
    repo.write('memory/b.md', 'b\n');
    repo.git('add', 'memory/b.md');
    repo.write('other.txt', 'user staged\n');
    repo.git('add', 'other.txt');
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('take ours');
    expect(r.status).toBe('committed');
    expect(repo.git('show', 'HEAD:memory/a.md')).toBe('v3 worktree\n');
    expect(repo.git('show', 'HEAD:memory/b.md')).toBe('b\n');
    expect(filesIn(repo).sort()).toEqual(['A\tmemory/b.md', 'M\tmemory/a.md']);
    expect(repo.git('status', '--porcelain', '--', 'memory')).toBe('');
    expect(repo.git('diff', '--cached', '--name-only')).toBe('other.txt\n');
  });

  it('treats paths literally: a path with glob characters never touches the user\'s files', async () => {
    const repo = makeTempRepo();
    repo.write('notes-user', 'v1\n');
    repo.write('notes-other', 'o1\n');
    repo.commitAll('user files');
    repo.write('notes-user', 'v2 staged\n');
    repo.git('add', 'notes-user');
    repo.write('notes-other', 'o2 unstaged\n');
    const before = userView(repo);
    repo.write('notes*', 'ours\n');
    const r = await new GitBackend(repo.dir, { paths: ['notes*'] }).publish('literal');
    expect(r.status).toBe('committed');
    expect(filesIn(repo)).toEqual(['A\tnotes*']);
    expect(userView(repo)).toEqual(before);
  });

  it('accepts a repoRoot below the top level, resolving paths from it', async () => {
    const repo = makeTempRepo();
    repo.write('pkg/memory/a.md', 'a\n');
    repo.write('memory/top.md', 'not ours\n');
    const r = await new GitBackend(join(repo.dir, 'pkg'), { paths: ['memory'] }).publish('sub');
    expect(r.status).toBe('committed');
    expect(filesIn(repo)).toEqual(['A\tpkg/memory/a.md']);
  });

  it('lands every commit when several publishes race (compare-and-swap on HEAD)', async () => {
    const repo = makeTempRepo();
    const n = 5;
    for (let i = 0; i < n; i++) repo.write(`memory/s${i}/note.md`, `session ${i}\n`);
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => new GitBackend(repo.dir, { paths: [`memory/s${i}`] }).publish(`session ${i}`)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(n).fill('committed'));
    expect(Number(repo.git('rev-list', '--count', 'HEAD').trim())).toBe(n + 1);
    const tree = repo.git('ls-tree', '-r', '--name-only', 'HEAD', 'memory').trim().split('\n');
    expect(tree.sort()).toEqual(Array.from({ length: n }, (_, i) => `memory/s${i}/note.md`));
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('repairs the user index when a previous run died between moving HEAD and refreshing it', async () => {
    const repo = makeTempRepo();
    const backend = new GitBackend(repo.dir, { paths: ['memory'] });
    repo.write('memory/a.md', 'a\n');
    await backend.publish('first');
    // The state a kill right after update-ref leaves: the index still has the old memory entries.
    repo.git('reset', '-q', 'HEAD~1', '--', 'memory');
    expect(repo.git('diff', '--cached', '--name-only')).toBe('memory/a.md\n');
    const r = await backend.publish('after crash');
    expect(r.status).toBe('unchanged');
    expect(repo.git('diff', '--cached', '--name-only')).toBe('');
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});

describe('GitBackend.publish: the private index', () => {
  it('sees a same-size edit made in the same second as the user index was written (racy git)', async () => {
    const repo = makeTempRepo();
    const backend = new GitBackend(repo.dir, { paths: ['memory'] });
    const index = join(repo.dir, '.git', 'index');
    const file = join(repo.dir, 'memory/a.md');
    let edited = '';
    let raced = false;
    for (let attempt = 0; attempt < 20 && !raced; attempt++) {
      // Our publish leaves the user index with HEAD's entry and the file's stat data cached...
      repo.write('memory/a.md', `a${String(attempt).padStart(2, '0')}\n`);
      expect((await backend.publish(`a${attempt}`)).status).toBe('committed');
      // ...and the file changes, same size, within the same second: only a content check sees it.
      edited = `b${String(attempt).padStart(2, '0')}\n`;
      repo.write('memory/a.md', edited);
      raced = statDataHidesEdit(repo, index, file);
    }
    // The race really happened: the cached entry's stat data match the edited file to the second,
    // in the second the index was written, so only git's racy-entry content check can see the edit.
    expect(raced).toBe(true);
    // The next publish comes in a later second than the index was written.
    await sleep(1100 - (Date.now() % 1000));
    expect(repo.git('--no-optional-locks', 'status', '--porcelain', '--', 'memory')).toBe(' M memory/a.md\n');
    const r = await backend.publish('edited');
    expect(r.status).toBe('committed');
    expect(repo.git('show', 'HEAD:memory/a.md')).toBe(edited);
  });
});

/**
 * True when the user index's entry for `file` cannot tell the file's current content from the
 * cached one by stat data (size, mtime and ctime to the second, as git compares them without
 * USE_NSEC) and the index was written in that same second: the racy-git case.
 */
function statDataHidesEdit(repo: TempRepo, index: string, file: string): boolean {
  const debug = repo.git('ls-files', '--debug', '--', 'memory/a.md');
  const num = (key: string) => Number(new RegExp(`${key}: (\\d+)`).exec(debug)?.[1]);
  const st = statSync(file);
  const sec = (ms: number) => Math.floor(ms / 1000);
  return num('size') === st.size && num('mtime') === sec(st.mtimeMs) && num('ctime') === sec(st.ctimeMs) && sec(statSync(index).mtimeMs) === sec(st.mtimeMs);
}

describe('GitBackend.publish: beforeCommit', () => {
  it('a rejection stops the commit: HEAD, the user index and the refs stay exactly as they were', async () => {
    const repo = makeTempRepo();
    repo.write('src/a.ts', 'staged\n');
    repo.git('add', 'src/a.ts');
    repo.write('memory/a.md', 'a secret\n');
    const before = { ...userView(repo), head: head(repo), refs: repo.git('for-each-ref'), index: repo.git('ls-files', '-s', '--debug') };
    const stop = new Error('secret found');
    await expect(new GitBackend(repo.dir, { paths: ['memory'] }).publish('blocked', { beforeCommit: () => Promise.reject(stop) })).rejects.toBe(stop);
    expect({ ...userView(repo), head: head(repo), refs: repo.git('for-each-ref'), index: repo.git('ls-files', '-s', '--debug') }).toEqual(before);
    expect(repo.git('reflog', '--format=%gs')).not.toContain('blocked');
  });

  it('publishMemory: a secret in a memory file is redacted in place before the commit; the user index stays as it was', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('src/a.ts', 'staged\n');
    repo.git('add', 'src/a.ts');
    const p = await loadProject(repo.dir);
    repo.write('memory/layer1/2026-08/handover-2026-08-01-clean.md', '# fine\n');
    expect((await publishMemory(p, 'agent-handover: clean')).status).toBe('committed');
    const leaked = buildCorpus().find((c) => c.kind === 'github-token') ?? buildCorpus()[0]!;
    repo.write('memory/layer1/2026-08/handover-2026-08-01-clean.md', '# fine, edited\n');
    repo.write('memory/layer1/2026-08/handover-2026-08-01-hand.md', `# hand edit\n${leaked.snippet}\n`);
    const mine = () => ({ cached: repo.git('diff', '--cached', '--binary', '--', 'src'), branch: repo.git('symbolic-ref', 'HEAD'), stash: repo.git('stash', 'list') });
    const before = mine();
    expect((await publishMemory(p, 'agent-handover: leaked')).status).toBe('committed');
    expect(mine()).toEqual(before);
    expect(repo.git('show', 'HEAD:memory/layer1/2026-08/handover-2026-08-01-hand.md')).toContain('[REDACTED:');
    for (const s of leaked.secrets) expect(repo.git('log', '--all', '-p')).not.toContain(s);
  });

  it('is awaited before a commit and not called at all when nothing changed', async () => {
    const repo = makeTempRepo();
    const calls: string[] = [];
    const backend = new GitBackend(repo.dir, { paths: ['memory'] });
    const hooks = { beforeCommit: async () => { await sleep(30); calls.push(head(repo)); } };
    expect((await backend.publish('nothing', hooks)).status).toBe('unchanged');
    expect(calls).toEqual([]);
    const old = head(repo);
    repo.write('memory/a.md', 'a\n');
    expect((await backend.publish('one', hooks)).status).toBe('committed');
    expect(calls).toEqual([old]);
  });
});

describe('GitBackend.publish: repository shapes the file-system readers hand to git', () => {
  it('commits in a linked worktree with the folders given, on its own branch only', async () => {
    const repo = makeTempRepo();
    const wt = join(repo.dir, '..', 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', wt);
    const mainBefore = head(repo);
    const info = await locateRepoWithGit(wt);
    expect(info?.gitDir).not.toBe(info?.commonDir);
    mkdirSync(join(wt, 'memory'));
    writeFileSync(join(wt, 'memory', 'a.md'), 'wt\n');
    const r = await new GitBackend(wt, { paths: ['memory'], repo: info! }).publish('in worktree');
    expect(r.status).toBe('committed');
    expect(r.message).toContain('side');
    expect(repo.git('rev-parse', 'refs/heads/side').trim()).toBe(r.commit);
    expect(repo.git('rev-parse', 'refs/heads/side~1').trim()).toBe(mainBefore);
    expect(head(repo)).toBe(mainBefore);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: wt, env: repo.env, encoding: 'utf8' })).toBe('');
  });

  it('commits after pack-refs and gc (packed refs and objects) and on top of a commit git made', async () => {
    const repo = makeTempRepo();
    repo.write('memory/a.md', 'a\n');
    const backend = new GitBackend(repo.dir, { paths: ['memory'] });
    await backend.publish('first');
    repo.git('gc', '-q');
    repo.git('pack-refs', '--all');
    const packed = head(repo);
    repo.write('memory/a.md', 'b\n');
    const r = await backend.publish('second');
    expect(r.status).toBe('committed');
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(packed);
    expect((await backend.publish('third')).status).toBe('unchanged');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('commits in a SHA-256 repository through git alone', async (ctx) => {
    const repo = makeTempRepo({ initialCommit: false });
    rmSync(join(repo.dir, '.git'), { recursive: true });
    try {
      repo.git('init', '-q', '--object-format=sha256', '-b', 'main');
    } catch {
      ctx.skip();
    }
    repo.write('memory/a.md', 'a\n');
    const backend = new GitBackend(repo.dir, { paths: ['memory'] });
    expect((await backend.publish('root')).status).toBe('committed');
    repo.write('memory/a.md', 'b\n');
    const r = await backend.publish('second');
    expect(r.commit).toMatch(/^[0-9a-f]{64}$/);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
    expect((await backend.publish('again')).status).toBe('unchanged');
  });
});

describe('GitBackend.publish: branch shapes', () => {
  it('makes the root commit on an unborn branch and keeps the user\'s staged files out of it', async () => {
    const repo = makeTempRepo({ initialCommit: false });
    repo.write('app.py', 'print(1)\n');
    repo.git('add', 'app.py');
    repo.write('memory/a.md', 'a\n');
    const before = repo.git('diff', '--cached', '--name-status');
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('root');
    expect(r.status).toBe('committed');
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
    expect(filesIn(repo)).toEqual(['A\tmemory/a.md']);
    expect(repo.git('diff', '--cached', '--name-status')).toBe(before);
    expect(repo.git('status', '--porcelain')).toBe('A  app.py\n');
  });

  it('reports unchanged on an unborn branch with no memory yet', async () => {
    const repo = makeTempRepo({ initialCommit: false });
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('nothing');
    expect(r.status).toBe('unchanged');
    expect(repo.git('rev-list', '--all')).toBe('');
  });

  it('commits on a detached HEAD without moving any branch', async () => {
    const repo = makeTempRepo();
    const mainBefore = repo.git('rev-parse', 'refs/heads/main').trim();
    repo.git('checkout', '-q', '--detach');
    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('detached');
    expect(r.status).toBe('committed');
    expect(r.message).toContain('detached');
    expect(repo.git('rev-parse', 'refs/heads/main').trim()).toBe(mainBefore);
    expect(head(repo)).toBe(r.commit);
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(mainBefore);
    // Still detached: HEAD is not a symbolic ref.
    expect(() => repo.git('symbolic-ref', '-q', 'HEAD')).toThrow();
  });
});

describe('GitBackend.publish: hooks, signing, identity', () => {
  it('runs none of the user\'s commit hooks (a failing pre-commit, a post-commit that writes a file)', async () => {
    const repo = makeTempRepo();
    const hooks = repo.git('rev-parse', '--path-format=absolute', '--git-path', 'hooks').trim();
    mkdirSync(hooks, { recursive: true });
    const marker = join(repo.dir, 'post-commit-ran');
    for (const [name, body] of [
      ['pre-commit', 'exit 1'], ['commit-msg', 'exit 1'], ['prepare-commit-msg', 'exit 1'],
      ['post-commit', `touch "${marker}"`], ['reference-transaction', `touch "${marker}.ref"`],
    ] as const) {
      writeFileSync(join(hooks, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(hooks, name), 0o755);
    }
    // Prove the hooks are live for an ordinary commit.
    repo.write('x.txt', 'x\n');
    expect(() => repo.commitAll('blocked')).toThrow();
    repo.git('reset', '-q');
    rmSync(join(repo.dir, 'x.txt'));

    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('no hooks');
    expect(r.status).toBe('committed');
    expect(existsSync(marker)).toBe(false);
  });

  it('does not sign when sign is off, even with commit.gpgSign set and no working gpg', async () => {
    const repo = makeTempRepo();
    repo.git('config', 'commit.gpgSign', 'true');
    repo.git('config', 'gpg.program', 'false');
    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('unsigned');
    expect(r.status).toBe('committed');
    expect(repo.git('cat-file', '-p', 'HEAD')).not.toContain('gpgsig');
    // sign: true really asks gpg (which fails here), proving the flag is passed through.
    repo.write('memory/b.md', 'b\n');
    await expect(new GitBackend(repo.dir, { paths: ['memory'], sign: true }).publish('signed')).rejects.toThrow(/commit-tree/);
    expect(head(repo)).toBe(r.commit);
  });

  it('keeps the configured identity', async () => {
    const repo = makeTempRepo();
    repo.write('memory/a.md', 'a\n');
    await new GitBackend(repo.dir, { paths: ['memory'] }).publish('who');
    expect(repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>').trim()).toBe('Test User <test@example.com>|Test User <test@example.com>');
  });

  it('uses an explicit identity when given', async () => {
    const repo = makeTempRepo();
    repo.write('memory/a.md', 'a\n');
    await new GitBackend(repo.dir, { paths: ['memory'], identity: { name: 'Bot', email: 'bot@x.test' } }).publish('who');
    expect(repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>').trim()).toBe('Bot <bot@x.test>|Bot <bot@x.test>');
  });

  it('falls back to agent-handover <agent-handover@localhost> when git has no identity at all', async () => {
    const repo = makeTempRepo();
    repo.git('config', '--unset', 'user.name');
    repo.git('config', '--unset', 'user.email');
    // Without this, a host with a fully qualified name lets git invent an identity; with it the
    // "no identity" case is the same on every machine.
    repo.git('config', 'user.useConfigOnly', 'true');
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(process.env)) if (/^GIT_(AUTHOR|COMMITTER)_|^EMAIL$/.test(k)) delete process.env[k];
      const emptyHome = tempDir('ah-nohome-');
      repo.write('memory/a.md', 'a\n');
      const r = await new GitBackend(repo.dir, { paths: ['memory'], env: { HOME: emptyHome, XDG_CONFIG_HOME: emptyHome } }).publish('fallback');
      expect(r.status).toBe('committed');
    } finally {
      process.env = saved;
    }
    const who = `${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>`;
    expect(repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>').trim()).toBe(`${who}|${who}`);
  });
});

describe('GitBackend: errors and state', () => {
  it('rejects no paths, paths outside the repository, empty messages and non-repositories', async () => {
    const repo = makeTempRepo();
    expect(() => new GitBackend(repo.dir, { paths: [] })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    await expect(new GitBackend(repo.dir, { paths: ['../elsewhere'] }).publish('x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(new GitBackend(repo.dir, { paths: ['/etc'] }).publish('x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(new GitBackend(repo.dir, { paths: ['memory'] }).publish('  \n')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(new GitBackend(tempDir(), { paths: ['memory'] }).publish('x')).rejects.toMatchObject({ code: 'NOT_A_REPO' });
  });

  it('busyReason is undefined in a quiet repository and names a held index.lock', async () => {
    const repo = makeTempRepo();
    const backend = new GitBackend(repo.dir, { paths: ['memory'] });
    expect(await backend.busyReason()).toBeUndefined();
    writeFileSync(join(repo.dir, '.git', 'index.lock'), '');
    expect(await backend.busyReason()).toBe('index-locked');
  });

  it('a committing branch-mode publish: one git status for guard, scan and commit, and no copy of the user index', async () => {
    const repo = makeTempRepo();
    repo.write('.agent-handover.yml', 'git:\n  mode: branch\n');
    repo.write('memory/layer2/current-state.md', 'state 1\n');
    repo.commitAll('init');
    const p = await loadProject(repo.dir);
    repo.write('memory/layer2/current-state.md', 'state 2\n');
    repo.write('memory/layer3/2026-01-main-archive.md', 'archive\n');
    const gits = countingGit();
    const r = await publishMemory(p, 'counted');
    const calls = gits.stop();
    expect(r.status).toBe('committed');
    // Before: status twice (guard, scan), read-tree -m over a back-dated copy of the user index, add -A of the folder: 9 processes.
    expect(calls).toEqual(['status', 'check-ignore', 'read-tree', 'add', 'write-tree', 'commit-tree', 'update-ref', 'reset']);
    expect(repo.git('show', 'HEAD:memory/layer3/2026-01-main-archive.md')).toBe('archive\n');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('leaves no temporary index files behind', async () => {
    const repo = makeTempRepo();
    repo.write('memory/a.md', 'a\n');
    await new GitBackend(repo.dir, { paths: ['memory'] }).publish('tidy');
    expect(readdirSync(join(repo.dir, '.git')).filter((f) => f.startsWith('agent-handover-index'))).toEqual([]);
  });
});

/** A `git` first on PATH that logs each start and runs the real git (counts processes, mocks nothing). */
function countingGit(): { stop: () => string[] } {
  const dir = tempDir('ah-gitshim-');
  const log = join(dir, 'starts.log');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(dir, 'git'), 0o755);
  const saved = process.env.PATH;
  process.env.PATH = `${dir}:${saved ?? ''}`;
  return {
    stop: () => {
      process.env.PATH = saved;
      // The package's own calls start with its fixed flags; the subcommand follows them.
      const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
      return lines.filter((l) => l.startsWith('-c color.ui=false')).map((l) => l.split(' ').filter((w, i, all) => w !== '-c' && all[i - 1] !== '-c')[0]!);
    },
  };
}
