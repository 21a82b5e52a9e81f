// For each way a repository runs its git hooks: `install-hooks` from the installed package, then a
// real `git commit` runs our post-commit (the journal gets the commit) and a Stop commits memory/
// without running anyone's hooks again.
import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { claudeFixtures, installedProject, type InstalledProject } from '../helpers/installed-project.js';
import { makeTempRepo, tempDir } from '../helpers/repo.js';

const fixtures = claudeFixtures();
if ('skip' in fixtures) console.warn(`e2e-install-layouts: Stops run without a transcript: ${fixtures.skip}`);
const HUSKY_BIN = resolve(process.cwd(), 'node_modules', 'husky', 'bin.js');
const YAML_MODULE = resolve(process.cwd(), 'node_modules', 'yaml', 'dist', 'index.js');
const S = 'layout-session';

/** What `lefthook install` leaves in .git/hooks (lefthook is a Go binary we cannot fetch here): run the config's post-commit commands from the top. */
const LEFTHOOK_RUNNER = `#!/usr/bin/env node
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const YAML = require(${JSON.stringify(YAML_MODULE)});
const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const cfg = YAML.parse(readFileSync(top + '/lefthook.yml', 'utf8')) || {};
for (const c of Object.values((cfg['post-commit'] || {}).commands || {})) execFileSync('sh', ['-c', c.run], { cwd: top, stdio: 'inherit' });
`;

interface Checkout {
  p: InstalledProject;
  /** The work tree the agent works in (the project, or a linked worktree of it). */
  dir: string;
}

function journal(dir: string): string[] {
  const f = join(dir, '.agent-handover', 'sessions', `${S}.commits.jsonl`);
  return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { hash: string }).hash) : [];
}

/** SessionStart, a real user commit, then a Stop, all in `dir`; returns the user's commit. */
function exercise({ p, dir }: Checkout, opts: { afterCommit?: () => void } = {}): void {
  const env = { CLAUDE_PROJECT_DIR: dir };
  const transcript = 'files' in fixtures ? p.transcript(fixtures.files[0]!, `${S}-${Math.random().toString(36).slice(2)}`).grow(200).path : undefined;
  const payload = (event: string, extra: Record<string, unknown> = {}) => ({ session_id: S, ...(transcript ? { transcript_path: transcript } : {}), cwd: dir, hook_event_name: event, ...extra });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: p.env, encoding: 'utf8' });

  const start = p.runHook('SessionStart', payload('SessionStart', { source: 'startup' }), { env });
  expect(start.status, start.stderr).toBe(0);
  expect(JSON.parse(start.stdout).hookSpecificOutput.hookEventName).toBe('SessionStart');

  writeFileSync(join(dir, 'work.txt'), `work in ${dir}\n`);
  git('add', 'work.txt');
  const out = execFileSync('git', ['commit', '-q', '-m', 'User work'], { cwd: dir, env: p.env, encoding: 'utf8', stdio: 'pipe' });
  expect(out).toBe('');
  const userCommit = git('rev-parse', 'HEAD').trim();
  expect(journal(dir)).toEqual([userCommit]);
  opts.afterCommit?.();

  const stop = p.runHook('Stop', payload('Stop', { stop_hook_active: false }), { env });
  expect(stop.status, stop.stderr).toBe(0);
  const head = git('rev-parse', 'HEAD').trim();
  expect(head).not.toBe(userCommit);
  expect(git('log', '-1', '--format=%B')).toContain('Agent-Handover: yes');
  expect(git('rev-parse', 'HEAD^').trim()).toBe(userCommit);
  expect(git('diff-tree', '--no-commit-id', '--name-only', '-r', 'HEAD^', 'HEAD').trim().split('\n').every((f) => f.startsWith('memory/'))).toBe(true);
  expect(git('status', '--porcelain', '--', 'memory')).toBe('');
  // Our commit ran no hooks: the journal still holds the user's commit alone.
  expect(journal(dir)).toEqual([userCommit]);
  expect(existsSync(join(dir, '.agent-handover', 'log')) ? readFileSync(join(dir, '.agent-handover', 'log'), 'utf8') : '').toBe('');
}

function plainProject(): InstalledProject {
  return installedProject({ repo: makeTempRepo({ mode: 'branch' }) });
}

/** A project with the hooks installed and committed (as a team shares them), and a linked worktree of it. */
function linkedWorktree(folder: string, branch: string): { p: InstalledProject; wt: string } {
  const p = plainProject();
  p.installHooks();
  p.git('add', '.gitignore', '.claude');
  p.git('commit', '-q', '-m', 'agent-handover hooks');
  const wt = join(tempDir('ah-wt-'), folder);
  p.git('worktree', 'add', '-q', '-b', branch, wt);
  return { p, wt };
}

describe('install layouts, end to end with the installed package', () => {
  test('plain .git/hooks', () => {
    const p = plainProject();
    p.installHooks();
    expect(readFileSync(join(p.dir, '.git', 'hooks', 'post-commit'), 'utf8')).toContain('agent-handover post-commit');
    exercise({ p, dir: p.dir });
  });

  test('husky v9 (real husky): .husky/post-commit runs through husky\'s wrappers', () => {
    const p = plainProject();
    execFileSync(process.execPath, [HUSKY_BIN], { cwd: p.dir, env: p.env, stdio: 'pipe' });
    expect(p.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
    p.installHooks();
    expect(readFileSync(join(p.dir, '.husky', 'post-commit'), 'utf8')).toContain('agent-handover post-commit');
    expect(existsSync(join(p.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
    exercise({ p, dir: p.dir });
  });

  test('a foreign post-commit hook: chained, both run', () => {
    const p = plainProject();
    const hook = join(p.dir, '.git', 'hooks', 'post-commit');
    const marker = join(p.dir, '.git', 'foreign-marker');
    writeFileSync(hook, `#!/bin/sh\necho "foreign $(git rev-parse HEAD)" >> ${JSON.stringify(marker)}\n`);
    chmodSync(hook, 0o755);
    p.installHooks();
    expect(readFileSync(hook, 'utf8')).toContain('foreign $(git rev-parse HEAD)');
    exercise({ p, dir: p.dir }, { afterCommit: () => expect(readFileSync(marker, 'utf8').trim().split('\n')).toHaveLength(1) });
    // Our handover commit did not run the user's hook either.
    expect(readFileSync(marker, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  test('core.hooksPath pointing at a custom folder', () => {
    const p = plainProject();
    p.git('config', 'core.hooksPath', '.githooks');
    p.installHooks();
    expect(readFileSync(join(p.dir, '.githooks', 'post-commit'), 'utf8')).toContain('agent-handover post-commit');
    expect(existsSync(join(p.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
    exercise({ p, dir: p.dir });
  });

  test('a linked worktree: the shared hook runs there, memory is committed on the worktree\'s branch', () => {
    const { p, wt } = linkedWorktree('feature tree', 'feature');
    // As `npm install` in the worktree leaves it.
    cpSync(join(p.dir, 'node_modules'), join(wt, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    const mainHead = p.git('rev-parse', 'main').trim();
    exercise({ p, dir: wt });
    expect(p.git('rev-parse', 'main').trim()).toBe(mainHead);
    expect(execFileSync('git', ['symbolic-ref', '--short', 'HEAD'], { cwd: wt, env: p.env, encoding: 'utf8' }).trim()).toBe('feature');
  });

  test('a linked worktree with no install of its own: the hooks run the main worktree\'s copy', () => {
    const { p, wt } = linkedWorktree('no install', 'bare-feature');
    expect(existsSync(join(wt, 'node_modules'))).toBe(false);
    exercise({ p, dir: wt });
    expect(execFileSync('git', ['symbolic-ref', '--short', 'HEAD'], { cwd: wt, env: p.env, encoding: 'utf8' }).trim()).toBe('bare-feature');
    // doctor, run in the worktree, says where the hooks come from instead of calling them broken.
    const doc = p.cli(['doctor', '--json'], { cwd: wt, env: { CLAUDE_PROJECT_DIR: wt } });
    const checks = (JSON.parse(doc.stdout) as { checks: Array<{ name: string; level: string; detail: string }> }).checks.filter((c) => c.name.startsWith('command:'));
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(c, c.detail).toMatchObject({ level: 'ok', detail: expect.stringContaining('main worktree') });
  });

  test('no install at all (node_modules gone): every agent hook exits 0 silently and writes nothing', () => {
    const p = plainProject();
    p.installHooks();
    const before = p.stateHash();
    const bare = join(tempDir('ah-noinst-'), 'node_modules');
    // Moved away rather than deleted: the same project, as a fresh clone before `npm install` sees it.
    execFileSync('mv', [join(p.dir, 'node_modules'), bare]);
    for (const [event, extra] of [['SessionStart', { source: 'startup' }], ['Stop', { stop_hook_active: false }], ['PreCompact', { trigger: 'auto' }], ['PostCompact', { trigger: 'auto', compact_summary: 's' }], ['SessionEnd', { reason: 'other' }]] as const) {
      const r = p.runHook(event, { session_id: S, cwd: p.dir, hook_event_name: event, ...extra }, { cwd: p.dir });
      expect(r.status, `${event}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('');
    }
    expect(p.stateHash()).toBe(before);
    execFileSync('mv', [bare, join(p.dir, 'node_modules')]);
  });

  test('lefthook.yml: our command in the config, run by the hook lefthook installs', () => {
    const p = plainProject();
    p.write('lefthook.yml', 'pre-commit:\n  commands:\n    lint:\n      run: true\n');
    p.installHooks();
    expect(readFileSync(join(p.dir, 'lefthook.yml'), 'utf8')).toContain('post-commit.js');
    expect(existsSync(join(p.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
    // `lefthook install`, as far as post-commit goes.
    mkdirSync(join(p.dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(join(p.dir, '.git', 'hooks', 'post-commit'), LEFTHOOK_RUNNER);
    chmodSync(join(p.dir, '.git', 'hooks', 'post-commit'), 0o755);
    exercise({ p, dir: p.dir });
  });
});
