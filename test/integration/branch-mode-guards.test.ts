// Branch mode, fixed where it can be: what it must never do to the user's branch, and the states
// in which a handover waits or goes to the memory ref instead of failing on every run.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHook } from '../../src/hooks/run-hook.js';
import { main } from '../../src/cli/main.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { claudeFixtures } from '../helpers/installed-project.js';

const fixtures = claudeFixtures();
const FIXTURE = 'files' in fixtures ? fixtures.files[0]! : undefined;
const REF = 'refs/heads/agent-handover/memory';

async function hook(repo: TempRepo, event: string, session: string, extra: Record<string, unknown> = {}): Promise<void> {
  const payload = { session_id: session, cwd: repo.dir, ...(FIXTURE ? { transcript_path: FIXTURE } : {}), stop_hook_active: false, ...extra };
  const out = await runHook(event, JSON.stringify(payload), { cwd: repo.dir, env: { ...repo.env, CLAUDE_PROJECT_DIR: repo.dir, AGENT_HANDOVER_NO_DETACH: '1' } });
  expect(out.exitCode).toBe(0);
}

async function check(repo: TempRepo): Promise<number> {
  const io = { cwd: repo.dir, env: repo.env, out: () => undefined, err: () => undefined };
  return main(['check'], io as never);
}

const log = (repo: TempRepo) => (existsSync(join(repo.dir, '.agent-handover', 'log')) ? readFileSync(join(repo.dir, '.agent-handover', 'log'), 'utf8') : '');
const handoverCommits = (repo: TempRepo, rev = 'HEAD') => repo.git('log', '--format=%s', '--grep=^Agent-Handover: yes$', rev).trim().split('\n').filter(Boolean);

describe('branch mode guards', () => {
  it('a detached HEAD gets no commit (deferred, logged); the handover lands once a branch is checked out', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.git('checkout', '-q', '--detach');
    const head = repo.git('rev-parse', 'HEAD').trim();
    await hook(repo, 'stop', 'detached-1');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(log(repo)).toContain('HEAD is detached');
    expect(await check(repo)).not.toBe(1);
    repo.git('checkout', '-q', 'main');
    await hook(repo, 'stop', 'detached-1');
    expect(handoverCommits(repo)).toHaveLength(1);
    expect(repo.git('ls-tree', '-r', '--name-only', 'HEAD', 'memory/layer1')).toContain('detached-1');
  });

  it('an unborn branch gets no first commit from us', async () => {
    const repo = makeTempRepo({ initialCommit: false });
    repo.write('.agent-handover.yml', 'git:\n  mode: branch\n');
    await hook(repo, 'stop', 'unborn-1');
    expect(() => repo.git('rev-parse', '--verify', '-q', 'HEAD^{commit}')).toThrow();
    expect(log(repo)).toContain('the branch has no commit yet');
  }, 60_000);

  it('only timestamps changed (PreCompact, PostCompact right after a Stop): no commit', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await hook(repo, 'stop', 'clock-1');
    const n = handoverCommits(repo).length;
    expect(n).toBe(1);
    await hook(repo, 'pre-compact', 'clock-1', { trigger: 'manual' });
    await hook(repo, 'stop', 'clock-1');
    const diff = repo.git('log', '-p', '--format=%s', '-n', '3');
    expect(handoverCommits(repo), diff).toHaveLength(n);
    // Nor is memory/ left modified: the committed copies are back.
    expect(repo.git('status', '--porcelain', '--', 'memory')).toBe('');
  });

  it('a handover killed between moving HEAD and refreshing the index: the next timestamp-only turn repairs the index', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    await hook(repo, 'stop', 'stale-1');
    await hook(repo, 'stop', 'stale-2');
    // What a kill right after update-ref leaves: HEAD and the files are the new commit's, the
    // user's index still holds the previous version of our file (git status: MM).
    repo.git('reset', '-q', 'HEAD~1', '--', 'memory/layer2/current-state.md');
    expect(repo.git('status', '--porcelain', '--', 'memory')).toMatch(/^MM /);
    const n = handoverCommits(repo).length;
    await hook(repo, 'stop', 'stale-2');
    expect(handoverCommits(repo)).toHaveLength(n);
    expect(repo.git('status', '--porcelain', '--', 'memory')).toBe('');
  });

  it('a gitignored memory/: one clear message, the handover lands on the memory ref, never a RESUME', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('.gitignore', 'memory/\n');
    repo.commitAll('keep notes local');
    const head = repo.git('rev-parse', 'HEAD').trim();
    await hook(repo, 'stop', 'ignored-1');
    await hook(repo, 'stop', 'ignored-2');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.git('ls-tree', '-r', '--name-only', REF)).toMatch(/ignored-1[\s\S]*ignored-2|ignored-2[\s\S]*ignored-1/);
    expect(log(repo)).toContain('memory/ is gitignored');
    expect(await check(repo)).toBe(2);
  });

  it('memory/ outside a sparse checkout: the handover lands on the memory ref, the branch is untouched', async () => {
    const repo = makeTempRepo({ mode: 'branch' });
    repo.write('src/app.ts', 'app\n');
    repo.write('memory/layer2/current-state.md', '---\nlayer: 2\n---\n# Current state\n');
    repo.commitAll('app and memory');
    repo.git('sparse-checkout', 'set', '--no-cone', '/*', '!/memory/');
    expect(existsSync(join(repo.dir, 'memory'))).toBe(false);
    const head = repo.git('rev-parse', 'HEAD').trim();
    await hook(repo, 'stop', 'sparse-1');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.git('ls-tree', '-r', '--name-only', REF)).toContain('sparse-1');
    expect(log(repo)).toContain('outside your sparse checkout');
    expect(await check(repo)).toBe(2);
  });

  it('a failing signer: the commit waits with a clear message, memory is on disk, never a RESUME', async () => {
    const repo = makeTempRepo();
    repo.write('.agent-handover.yml', 'git:\n  mode: branch\n  sign: true\n');
    repo.commitAll('signed handovers');
    repo.git('config', 'gpg.program', 'false');
    const head = repo.git('rev-parse', 'HEAD').trim();
    await hook(repo, 'stop', 'signer-1');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(log(repo)).toContain('signing the handover commit failed');
    expect(existsSync(join(repo.dir, 'memory', 'layer2', 'current-state.md'))).toBe(true);
    expect(await check(repo)).toBe(2);
  });
});
