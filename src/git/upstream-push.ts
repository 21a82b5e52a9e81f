import { GitError } from '../errors.js';
import { git as msg } from '../messages/git.js';
import { git } from './git.js';

export interface PushOutcome {
  pushed: boolean;
  /** Set when a push was due but did not happen; human text (git's own stderr when git failed). */
  error?: string;
  target?: string;
}

/**
 * Pushes the current branch to where it belongs: its upstream (remote + merge ref) when it has
 * one, else `fallbackRemote` under the same branch name. With `force` false it pushes only when the
 * branch carries a handover commit the remote has not seen, so a failed push is retried by the next
 * run without pushing the user's own unpushed work on runs that commit nothing.
 */
export async function pushCurrentBranch(cwd: string, opts: { env: Record<string, string>; fallbackRemote: string; trailer: string; force: boolean; timeoutMs: number }): Promise<PushOutcome> {
  const { env } = opts;
  const sym = await git(cwd, ['symbolic-ref', '-q', 'HEAD'], { env, okCodes: [1] });
  const branchRef = sym.stdout.trim();
  if (sym.code !== 0 || !branchRef.startsWith('refs/heads/')) return { pushed: false, error: msg.pushDetached };
  const t = await resolveTarget(cwd, env, branchRef, opts.fallbackRemote);
  const target = `${t.remote} ${t.dst}`;
  if (!opts.force && !(await hasUnpushedHandover(cwd, env, branchRef, t.tracking, opts.trailer))) return { pushed: false, target };
  try {
    // --no-verify: a user's pre-push hook (test suites, linters) must not run for a memory commit,
    // just as commit hooks do not.
    await git(cwd, ['push', '--no-verify', t.remote, `${branchRef}:${t.dst}`], { env, timeoutMs: opts.timeoutMs });
    return { pushed: true, target };
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    const detail = e.stderr.trim() || e.message;
    return { pushed: false, target, error: `${msg.pushFailed(target)} ${detail}` };
  }
}

async function resolveTarget(cwd: string, env: Record<string, string>, branchRef: string, fallbackRemote: string) {
  const fmt = '%(upstream:remotename)%00%(upstream:remoteref)%00%(upstream)';
  const r = await git(cwd, ['for-each-ref', `--format=${fmt}`, branchRef], { env });
  const [remote = '', dst = '', tracking = ''] = r.stdout.replace(/\n$/, '').split('\0');
  if (remote && dst) return { remote, dst, tracking: tracking || undefined };
  const branch = branchRef.slice('refs/heads/'.length);
  return { remote: fallbackRemote, dst: branchRef, tracking: `refs/remotes/${fallbackRemote}/${branch}` };
}

async function hasUnpushedHandover(cwd: string, env: Record<string, string>, branchRef: string, tracking: string | undefined, trailer: string): Promise<boolean> {
  let range = branchRef;
  if (tracking) {
    const known = await git(cwd, ['rev-parse', '-q', '--verify', `${tracking}^{commit}`], { env, okCodes: [1] });
    if (known.code === 0) range = `${known.stdout.trim()}..${branchRef}`;
  }
  const r = await git(cwd, ['rev-list', '-n', '1', '-F', `--grep=${trailer}`, range, '--'], { env });
  return r.stdout.trim() !== '';
}
