import { spawn } from 'node:child_process';
import { locateRepo } from '../git/locate-repo.js';
import { PRE_PUSH_GUARD } from '../install/hook-command.js';

/** The whole worker, pushes included, ends by this deadline whatever the network does (hooks/pre-push.ts enforces it). */
export const WORKER_DEADLINE_MS = 60_000;
const NETWORK_TIMEOUT_MS = 20_000;

/**
 * git pre-push (shared mode): starts a detached worker that publishes, merges and pushes the
 * memory ref, then returns at once, so the user's push goes on without waiting for ours and can
 * never fail because of it. The worker runs with AGENT_HANDOVER_PRE_PUSH set and pushes with
 * --no-verify: our own push never re-enters this hook.
 */
export async function prePushHook(args: string[], cwd: string, env: NodeJS.ProcessEnv, entryScript: string | undefined): Promise<void> {
  const top = (await locateRepo(cwd))?.top;
  if (!top) return;
  // The worker runs with the guard set (for the pushes it makes); the hook those pushes trigger stops here.
  if (args[0] === '--worker') return worker(top, args[1], env);
  if (env[PRE_PUSH_GUARD] || !entryScript) return;
  const child = spawn(process.execPath, [entryScript, '--worker', args[0] ?? ''], { cwd: top, detached: true, stdio: 'ignore', env: { ...env, [PRE_PUSH_GUARD]: '1' } });
  child.on('error', () => undefined);
  child.unref();
}

async function worker(top: string, remoteArg: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  const p = await (await import('../project/project.js')).loadProject(top, { env });
  if (p.config.git.mode !== 'shared' || !p.isGitRepo) return;
  if ((await import('../pause.js')).pausedBy(p.layout.pauseFiles)) return;
  const { readRef } = await import('../sync/git-objects.js');
  if (!(await readRef(p.root, p.config.git.ref)) && !(await hasView(p.layout.memoryDir))) return;
  const { syncMemory } = await import('../sync/sync.js');
  const remote = remoteArg || p.config.git.remote;
  const r = await syncMemory(p, { remote, timeoutMs: NETWORK_TIMEOUT_MS, retries: 2 });
  if (!r.ok && r.status !== 'paused') {
    await (await import('../io/log.js')).appendLog(p.layout.logPath, 'pre-push', r.message);
  }
}

async function hasView(dir: string): Promise<boolean> {
  return (await import('node:fs/promises')).readdir(dir).then((e) => e.length > 0, () => false);
}
