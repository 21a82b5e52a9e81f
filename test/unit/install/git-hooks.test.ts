import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { gitHookCandidates, gitHooksDir, gitHookTarget, installGitHook, uninstallGitHook } from '../../../src/install/git-hooks.js';
import { makeTempRepo, tempDir } from '../../helpers/repo.js';

describe('gitHookTarget', () => {
  test('plain, core.hooksPath, husky v9, lefthook, pre-commit', async () => {
    const repo = makeTempRepo();
    expect(await gitHookTarget(repo.dir)).toMatchObject({ manager: 'plain', file: join(repo.dir, '.git', 'hooks', 'post-commit') });
    repo.git('config', 'core.hooksPath', 'my hooks');
    expect(await gitHookTarget(repo.dir)).toMatchObject({ manager: 'plain', file: join(repo.dir, 'my hooks', 'post-commit') });
    repo.write('.pre-commit-config.yaml', 'repos: []\n');
    expect((await gitHookTarget(repo.dir)).manager).toBe('pre-commit');
    repo.write('.lefthook.yml', '{}\n');
    expect(await gitHookTarget(repo.dir)).toMatchObject({ manager: 'lefthook', file: join(repo.dir, '.lefthook.yml') });
    execFileSync(process.execPath, [resolve('node_modules/husky/bin.js')], { cwd: repo.dir, env: repo.env, stdio: 'pipe' });
    expect(await gitHookTarget(repo.dir)).toMatchObject({ manager: 'husky', file: join(repo.dir, '.husky', 'post-commit') });
  });
  test('a worktree uses the shared hooks folder', async () => {
    const repo = makeTempRepo();
    const wt = join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'x', wt);
    expect(await gitHooksDir(wt)).toBe(join(repo.dir, '.git', 'hooks'));
  });
});

describe('install / uninstall one target', () => {
  test('dry run writes nothing; candidates find our hook where the manager no longer points', async () => {
    const repo = makeTempRepo();
    const target = await gitHookTarget(repo.dir);
    const dry = await installGitHook(target, { kind: 'dev', globalScript: '' }, true);
    expect(dry.action.action).toBe('would-create');
    expect(dry.action.diff).toContain('+#!/bin/sh');
    expect(await gitHookCandidates(repo.dir)).toEqual([]);
    await installGitHook(target, { kind: 'dev', globalScript: '' }, false);
    repo.git('config', 'core.hooksPath', '.githooks');
    const candidates = await gitHookCandidates(repo.dir);
    expect(candidates).toEqual([{ manager: 'plain', file: join(repo.dir, '.git', 'hooks', 'post-commit') }]);
    expect((await uninstallGitHook(candidates[0]!, false))?.action).toBe('removed');
    expect(await gitHookCandidates(repo.dir)).toEqual([]);
  });
});
