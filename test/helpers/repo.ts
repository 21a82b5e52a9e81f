import { mkdtempSync, rmSync, writeFileSync, mkdirSync, realpathSync } from 'node:fs';
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

/**
 * A real git repository in a temp folder with a fixed identity and an isolated HOME, one commit on
 * `main`, removed after the test. Nothing from the developer's own git config can change results.
 */
export function makeTempRepo(opts: { initialCommit?: boolean; bare?: boolean } = {}): TempRepo {
  const base = tempDir();
  const dir = join(base, 'repo');
  const home = join(base, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  const env = testGitEnv(home);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main', ...(opts.bare ? ['--bare'] : []));
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  const write = (rel: string, content: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  };
  const commitAll = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD').trim();
  };
  if (opts.initialCommit !== false && !opts.bare) {
    write('README.md', '# test project\n');
    commitAll('initial');
  }
  return { dir, home, env, git, write, commitAll };
}
