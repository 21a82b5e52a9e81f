import { git } from '../git/git.js';
import { GitError } from '../errors.js';

/** Where a fetched remote memory ref is kept (one per repository, shared by its work trees). */
export const REMOTE_TRACKING_REF = 'refs/agent-handover/remote-memory';

export type RemoteTip = { reachable: true; oid: string | undefined } | { reachable: false; error: string };

function failure(err: unknown): string {
  if (err instanceof GitError) return (err.stderr.trim().split('\n').slice(-2).join(' ') || err.message).trim();
  return err instanceof Error ? err.message : String(err);
}

/** True when `remote` names a configured remote, or looks like a URL or path git can use directly. */
export async function remoteExists(root: string, remote: string): Promise<boolean> {
  const r = await git(root, ['remote', 'get-url', remote], { okCodes: [1, 2, 128] });
  return r.code === 0 || /[/:\\]/.test(remote);
}

/**
 * The remote's memory ref by exit code: 0 found, 2 reachable without that ref, anything else
 * (including a timeout) unreachable.
 */
export async function remoteTip(root: string, remote: string, ref: string, timeoutMs: number): Promise<RemoteTip> {
  try {
    const r = await git(root, ['ls-remote', '--exit-code', remote, ref], { okCodes: [2], timeoutMs });
    if (r.code === 2) return { reachable: true, oid: undefined };
    const line = r.stdout.split('\n').find((l) => l.endsWith(`\t${ref}`));
    return { reachable: true, oid: line?.slice(0, line.indexOf('\t')) };
  } catch (err) {
    return { reachable: false, error: failure(err) };
  }
}

/** Fetches the remote memory ref into REMOTE_TRACKING_REF; undefined on success, else why not. */
export function fetchMemory(root: string, remote: string, ref: string, timeoutMs: number): Promise<string | undefined> {
  const refspec = `+${ref}:${REMOTE_TRACKING_REF}`;
  const args = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-auto-maintenance', remote, refspec];
  return git(root, args, { timeoutMs }).then(() => undefined, failure);
}

/** Pushes the local memory ref (fast-forward only: a rejection means the remote moved). */
export function pushMemory(root: string, remote: string, ref: string, timeoutMs: number): Promise<string | undefined> {
  // --no-verify: a user's pre-push hook is for their code, not for our memory ref.
  const args = ['push', '--quiet', '--no-verify', remote, `${ref}:${ref}`];
  return git(root, args, { timeoutMs }).then(() => undefined, failure);
}
