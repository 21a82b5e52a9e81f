import { GitError } from '../errors.js';
import { debugLine, debugOn, now } from '../io/debug.js';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  input?: string;
  env?: Record<string, string>;
  /** Exit codes that are answers, not failures (for example 1 from `diff --quiet`). */
  okCodes?: number[];
  timeoutMs?: number;
}

// Variables that would point git at another repository or change its output; a hook runs inside
// the user's git process (post-commit) and inherits these, so we drop them.
const INHERITED_GIT_VARS = [
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_PREFIX', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES', 'GIT_EDITOR', 'GIT_PAGER',
  'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_QUARANTINE_PATH', 'GIT_EXEC_PATH', 'GIT_TRACE',
];

// child_process is loaded at the first git call, not when this module is: `check` (dist/check.js)
// reads a plain repository from disk and never starts git.
const childProcess = () => process.getBuiltinModule('node:child_process');

export function cleanGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of INHERITED_GIT_VARS) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith('GIT_CONFIG_KEY_') || k.startsWith('GIT_CONFIG_VALUE_')) delete env[k];
  // Decisions are made on exit codes; a fixed locale keeps any text we log stable too.
  env.LC_ALL = 'C';
  env.LANG = 'C';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_PAGER = 'cat';
  return { ...env, ...extra };
}

/** Runs git and answers with whatever it exited with; rejects only when git cannot start. */
function runGit(cwd: string, args: string[], opts: GitOptions): Promise<GitResult> {
  const fullArgs = ['-c', 'color.ui=false', '-c', 'core.quotepath=false', '-c', 'advice.detachedHead=false', ...args];
  const t0 = debugOn() ? now() : undefined;
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn('git', fullArgs, { cwd, env: cleanGitEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new GitError(`git could not be started: ${e.message}`, { exitCode: null, stderr: '', hint: 'Install git and make sure it is on PATH.' }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (t0 !== undefined) debugLine('git', `git ${args.join(' ')} in ${cwd}: exit ${code ?? -1}`, t0);
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * The one way this package runs git: explicit working folder, no pager, no colour, no inherited
 * repository variables, and the exit code handed back. Throws GitError for an exit code that is
 * not in `okCodes` (0 is always ok).
 */
export async function git(cwd: string, args: string[], opts: GitOptions = {}): Promise<GitResult> {
  const result = await runGit(cwd, args, opts);
  if (result.code === 0 || opts.okCodes?.includes(result.code)) return result;
  throw new GitError(`git ${args[0] ?? ''} failed (exit ${result.code}) in ${cwd}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`, { exitCode: result.code, stderr: result.stderr });
}

export function splitZ(out: string): string[] {
  const parts = out.split('\0');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * A compare-and-swap of one ref as a `git update-ref --stdin` transaction: git takes the ref's lock
 * and checks its old value (prepare), then `proceed` is asked with the lock held, and only a yes
 * commits. A PAUSE check made there cannot be overtaken by the update it guards. True when the ref
 * moved; false when it had moved on, was locked, or `proceed` said no.
 */
export function casRefTransaction(cwd: string, ref: string, next: string, expected: string | undefined, reason: string, proceed: () => boolean): Promise<boolean> {
  const zero = '0'.repeat(next.length);
  const t0 = debugOn() ? now() : undefined;
  return new Promise((resolve) => {
    const child = childProcess().spawn('git', ['update-ref', '-m', reason, '--stdin'], { cwd, env: cleanGitEnv(), stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    let decided: boolean | undefined;
    child.on('error', () => resolve(false));
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (decided === undefined && /^prepare: ok$/m.test(out)) {
        decided = proceed();
        child.stdin.end(decided ? 'commit\n' : 'abort\n');
      }
    });
    child.on('close', (code) => {
      if (t0 !== undefined) debugLine('git', `git update-ref --stdin ${ref} in ${cwd}: exit ${code ?? -1}`, t0);
      resolve(code === 0 && decided === true);
    });
    child.stdin.write(`start\nupdate ${ref} ${next} ${expected ?? zero}\nprepare\n`);
  });
}
