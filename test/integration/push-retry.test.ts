import { describe, it, expect } from 'vitest';
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitBackend } from '../../src/git/git-backend.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

// A real bare remote in a temp folder; "unreachable" is the folder renamed away, "restored" renamed back.

function withRemote(): { repo: TempRepo; remote: TempRepo; remoteRef(ref: string): string } {
  const remote = makeTempRepo({ bare: true });
  const repo = makeTempRepo();
  repo.git('remote', 'add', 'origin', remote.dir);
  repo.git('push', '-q', '-u', 'origin', 'main');
  const remoteRef = (ref: string) => {
    try { return remote.git('rev-parse', '-q', '--verify', ref).trim(); } catch { return ''; }
  };
  return { repo, remote, remoteRef };
}

const head = (repo: TempRepo) => repo.git('rev-parse', 'HEAD').trim();

describe('push', () => {
  it('is off unless asked for', async () => {
    const { repo, remoteRef } = withRemote();
    const before = remoteRef('refs/heads/main');
    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'] }).publish('local only');
    expect(r.status).toBe('committed');
    expect(r.pushed).toBeUndefined();
    expect(remoteRef('refs/heads/main')).toBe(before);
  });

  it('pushes the commit to the current branch\'s upstream', async () => {
    const { repo, remoteRef } = withRemote();
    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'], push: true }).publish('pushed');
    expect(r).toMatchObject({ status: 'committed', pushed: true });
    expect(r.pushError).toBeUndefined();
    expect(remoteRef('refs/heads/main')).toBe(head(repo));
  });

  it('retries a failed push on the next publish, even with nothing new to commit', async () => {
    const { repo, remote, remoteRef } = withRemote();
    const backend = new GitBackend(repo.dir, { paths: ['memory'], push: true });
    const before = remoteRef('refs/heads/main');
    renameSync(remote.dir, `${remote.dir}.away`);
    repo.write('memory/a.md', 'a\n');
    const failed = await backend.publish('while offline');
    expect(failed).toMatchObject({ status: 'committed', pushed: false });
    expect(failed.pushError).toBeTruthy();
    expect(head(repo)).toBe(failed.commit);

    // Still offline: still committed locally, still not pushed, nothing lost.
    const again = await backend.publish('still offline');
    expect(again).toMatchObject({ status: 'unchanged', pushed: false });
    expect(again.pushError).toBeTruthy();

    renameSync(`${remote.dir}.away`, remote.dir);
    expect(remoteRef('refs/heads/main')).toBe(before);
    const retry = await backend.publish('back online');
    expect(retry).toMatchObject({ status: 'unchanged', pushed: true });
    expect(remoteRef('refs/heads/main')).toBe(failed.commit);
    expect(repo.git('rev-list', '--count', '@{upstream}..HEAD').trim()).toBe('0');

    // Up to date now: a further publish does not push again.
    const idle = await backend.publish('idle');
    expect(idle).toMatchObject({ status: 'unchanged', pushed: false });
    expect(idle.pushError).toBeUndefined();
  });

  it('goes to the checked-out branch\'s upstream, whatever its name, never a fixed branch', async () => {
    const { repo, remoteRef } = withRemote();
    const mainBefore = remoteRef('refs/heads/main');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.git('push', '-q', '-u', 'origin', 'feature:team/feature-x');
    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'], push: true }).publish('on feature');
    expect(r).toMatchObject({ status: 'committed', pushed: true });
    expect(remoteRef('refs/heads/team/feature-x')).toBe(head(repo));
    expect(remoteRef('refs/heads/main')).toBe(mainBefore);
    expect(remoteRef('refs/heads/feature')).toBe('');
  });

  it('without an upstream, pushes the same branch name to opts.remote and leaves the user\'s config alone', async () => {
    const { repo, remoteRef } = withRemote();
    const backup = makeTempRepo({ bare: true });
    repo.git('remote', 'add', 'backup', backup.dir);
    repo.git('checkout', '-q', '-b', 'topic');
    const config = repo.git('config', '--local', '--list');
    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'], push: true, remote: 'backup' }).publish('topic');
    expect(r).toMatchObject({ status: 'committed', pushed: true });
    expect(backup.git('rev-parse', 'refs/heads/topic').trim()).toBe(head(repo));
    expect(remoteRef('refs/heads/topic')).toBe('');
    expect(repo.git('config', '--local', '--list')).toBe(config);
  });

  it('does not push the user\'s own unpushed commits when it has nothing of its own to push', async () => {
    const { repo, remoteRef } = withRemote();
    const before = remoteRef('refs/heads/main');
    repo.write('src/wip.ts', 'wip\n');
    repo.commitAll('user wip, not for pushing yet');
    const r = await new GitBackend(repo.dir, { paths: ['memory'], push: true }).publish('nothing');
    expect(r).toMatchObject({ status: 'unchanged', pushed: false });
    expect(remoteRef('refs/heads/main')).toBe(before);
  });

  it('does not run the user\'s pre-push hook', async () => {
    const { repo, remoteRef } = withRemote();
    const hook = join(repo.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(hook, '#!/bin/sh\nexit 1\n');
    chmodSync(hook, 0o755);
    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'], push: true }).publish('hookless push');
    expect(r).toMatchObject({ status: 'committed', pushed: true });
    expect(remoteRef('refs/heads/main')).toBe(head(repo));
  });

  it('reports, without failing, that a detached HEAD has nowhere to push', async () => {
    const { repo } = withRemote();
    repo.git('checkout', '-q', '--detach');
    repo.write('memory/a.md', 'a\n');
    const r = await new GitBackend(repo.dir, { paths: ['memory'], push: true }).publish('detached');
    expect(r).toMatchObject({ status: 'committed', pushed: false });
    expect(r.pushError).toBeTruthy();
  });
});
