// Real temp git repositories and the two ways the package is driven: the CLI and the hook scripts
// (payload JSON on stdin, CLAUDE_PROJECT_DIR set), exactly as Claude Code and git run them.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI, HOOKS, cleanEnv } from './env.mjs';

/**
 * A git repository at base/<name> with one commit, a fixed identity and HOME at base/home.
 * `mode: 'branch'` commits a config with git.mode: branch (shared, the default, needs none).
 */
export function makeRepo(base, name = 'repo', { home = join(base, 'home'), mode } = {}) {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env = cleanEnv(home, { CLAUDE_PROJECT_DIR: dir });
  const repo = {
    dir,
    home,
    env,
    git: (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }),
    write(rel, content) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    },
    commitAll(message) {
      repo.git('add', '-A');
      repo.git('commit', '-q', '--no-verify', '-m', message);
    },
  };
  repo.git('init', '-q', '-b', 'main');
  repo.git('config', 'user.name', 'Bench User');
  repo.git('config', 'user.email', 'bench@example.com');
  repo.git('config', 'commit.gpgsign', 'false');
  repo.write('README.md', '# temp project\n');
  if (mode === 'branch') repo.write('.agent-handover.yml', 'git:\n  mode: branch\n');
  repo.commitAll('initial');
  return repo;
}

/** argv for the CLI / a hook, so callers can time or kill the child themselves. */
export const cliArgv = (args) => [process.execPath, CLI, ...args];
export const hookArgv = (event, args = []) => [process.execPath, join(HOOKS, `${event}.js`), ...args];

export function runCli(repo, args, { env = {}, input } = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8', input, maxBuffer: 1 << 26 });
}

export function runHook(repo, event, payload, { env = {}, raw } = {}) {
  const input = raw ?? JSON.stringify({ cwd: repo.dir, ...payload });
  return spawnSync(process.execPath, [join(HOOKS, `${event}.js`)], { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8', input, maxBuffer: 1 << 26 });
}

/** Async form: resolves to {status, signal, stdout, stderr}; `child` is exposed for killing. */
export function startHook(repo, event, payload, { env = {}, raw, args = [] } = {}) {
  const input = raw ?? JSON.stringify({ cwd: repo.dir, ...payload });
  return startProcess(hookArgv(event, args), { cwd: repo.dir, env: { ...repo.env, ...env }, input });
}

export function startCli(repo, args, { env = {} } = {}) {
  return startProcess(cliArgv(args), { cwd: repo.dir, env: { ...repo.env, ...env } });
}

export function startProcess(argv, { cwd, env, input }) {
  const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => {}); // a child killed before reading its stdin
  child.stdin.end(input ?? '');
  const t0 = Date.now();
  const done = new Promise((res) => child.on('close', (status, signal) => res({ status, signal, stdout, stderr, ms: Date.now() - t0 })));
  return { child, done, t0 };
}
