import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach } from 'vitest';

/** Environment for test git processes: fixed identity and no user/system config leaking in. */
export function testGitEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_') || k.startsWith('AGENT_HANDOVER') || k.startsWith('CLAUDE')) delete env[k];
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test User',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test User',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    LC_ALL: 'C',
    // No background refine worker (src/refine/schedule.ts) outliving a test and racing the removal
    // of its temp folders; the tests of that worker turn it back on.
    AGENT_HANDOVER_REFINE: 'off',
  };
}

export interface TempRepo {
  dir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  git(...args: string[]): string;
  write(rel: string, content: string): void;
  commitAll(message: string): string;
}

const cleanups: string[] = [];
afterEach(() => {
  while (cleanups.length) rmSync(cleanups.pop()!, { recursive: true, force: true });
});

/** A fresh folder, removed after the test. */
export function tempDir(prefix = 'ah-'): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cleanups.push(d);
  return d;
}

/** The TempRepo API over an existing folder `dir`, with `home` as HOME (both created when missing). */
export function repoIn(dir: string, home: string): TempRepo {
  mkdirSync(dir, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env = testGitEnv(home);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (rel: string, content: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  };
  const commitAll = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD').trim();
  };
  return { dir, home, env, git, write, commitAll };
}

/** The config of a project that keeps memory on its branch (git.mode: branch; shared is the default). */
export const BRANCH_MODE_CONFIG = 'git:\n  mode: branch\n';

export interface RepoOptions {
  initialCommit?: boolean;
  bare?: boolean;
  /** 'branch': commit .agent-handover.yml with git.mode: branch in the initial commit (tests of branch mode). */
  mode?: 'branch';
}

/** `git init` on main with the fixed identity, and (unless bare or asked not to) one commit. */
export function initRepo(r: TempRepo, opts: RepoOptions = {}): void {
  r.git('init', '-q', '-b', 'main', ...(opts.bare ? ['--bare'] : []));
  r.git('config', 'user.name', 'Test User');
  r.git('config', 'user.email', 'test@example.com');
  r.git('config', 'commit.gpgsign', 'false');
  if (opts.mode === 'branch') r.write('.agent-handover.yml', BRANCH_MODE_CONFIG);
  if (opts.initialCommit !== false && !opts.bare) {
    r.write('README.md', '# test project\n');
    r.commitAll('initial');
  }
}

/**
 * A real git repository in a temp folder with a fixed identity and an isolated HOME, one commit on
 * `main`, removed after the test. Nothing from the developer's own git config can change results.
 */
export function makeTempRepo(opts: RepoOptions = {}): TempRepo {
  const base = tempDir();
  const r = repoIn(join(base, 'repo'), join(base, 'home'));
  initRepo(r, opts);
  return r;
}

/** memory/ when the project's config says git.mode: branch, else shared mode's .agent-handover/memory. */
export function memoryRelOf(dir: string): string {
  const config = join(dir, '.agent-handover.yml');
  const branch = existsSync(config) && /^\s*mode:\s*branch\b/m.test(readFileSync(config, 'utf8'));
  return branch ? 'memory' : join('.agent-handover', 'memory');
}
