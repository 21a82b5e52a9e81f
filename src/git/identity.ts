import { git } from './git.js';

/** Used only when git has no identity at all, so a handover never fails on a fresh machine. */
export const FALLBACK_IDENTITY = { name: 'agent-handover', email: 'agent-handover@localhost' } as const;

/**
 * Environment extras that give commit-tree an author and committer. An explicit identity wins;
 * otherwise git's own (config or GIT_* variables) is kept, and the fallback fills in only the role
 * git cannot resolve. `git var` exits non-zero exactly when `git commit` would refuse.
 */
export async function identityEnv(cwd: string, env: Record<string, string>, explicit?: { name: string; email: string }): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const role of ['AUTHOR', 'COMMITTER'] as const) {
    let who: { name: string; email: string } | undefined = explicit;
    if (!who) {
      const r = await git(cwd, ['var', `GIT_${role}_IDENT`], { env, okCodes: [1, 128] });
      if (r.code !== 0) who = FALLBACK_IDENTITY;
    }
    if (who) {
      out[`GIT_${role}_NAME`] = who.name;
      out[`GIT_${role}_EMAIL`] = who.email;
    }
  }
  return out;
}

/**
 * Runs `run` (a commit-tree) with git's own identity and resolves one only when git has none:
 * the usual case costs no `git var` calls at all. An explicit identity is always used. When the
 * first try fails and identityEnv finds nothing missing, the failure was something else (a signing
 * error, say) and is rethrown as it was.
 */
export async function withIdentity<T>(
  cwd: string, env: Record<string, string>, explicit: { name: string; email: string } | undefined,
  run: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (explicit) return run({ ...env, ...(await identityEnv(cwd, env, explicit)) });
  try {
    return await run(env);
  } catch (err) {
    const extra = await identityEnv(cwd, env).catch(() => ({}));
    if (!Object.keys(extra).length) throw err;
    return run({ ...env, ...extra });
  }
}
