import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { locateRepoOnDisk } from '../git/locate-repo.js';
import { defaultPauseFiles } from '../config/layout.js';
import { pausedBy } from '../pause.js';
import { hooks as msg } from '../messages/hooks.js';

/**
 * Each hook's own deadline, below the timeout install-hooks gives the agent (SessionStart 10 s,
 * Stop 30 s, SessionEnd 2 s, PreCompact and PostCompact 10 s): at it the hook exits 0 by itself
 * instead of being killed. Nothing is lost: the engine's checkpoint is durable after every step,
 * so the next hook (or SessionStart) finishes the run in flight.
 */
export const HOOK_DEADLINE_MS: Record<string, number> = {
  'session-start': 9_000,
  stop: 25_000,
  'pre-compact': 8_000,
  'post-compact': 8_000,
  'session-end': 1_200,
  'post-commit': 8_000,
};
/** The detached SessionEnd worker has no agent timeout above it; it still ends. */
export const WORKER_DEADLINE_MS = 60_000;

export function deadlineFor(event: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const forced = Number(env.AGENT_HANDOVER_HOOK_DEADLINE_MS);
  if (Number.isFinite(forced) && forced > 0) return forced;
  if (args.includes('--worker')) return WORKER_DEADLINE_MS;
  // Without a worker the ending runs inline, and takes a handover's time.
  if (event === 'session-end' && env.AGENT_HANDOVER_NO_DETACH === '1') return HOOK_DEADLINE_MS.stop!;
  return HOOK_DEADLINE_MS[event] ?? HOOK_DEADLINE_MS.stop!;
}

/** One log line, written synchronously: this runs on the way out of the process. */
function logNow(event: string, text: string, cwd: string, env: NodeJS.ProcessEnv): void {
  try {
    const top = locateRepoOnDisk(env.CLAUDE_PROJECT_DIR || cwd)?.top ?? cwd;
    if (pausedBy(defaultPauseFiles(top, env))) return;
    const dir = join(top, '.agent-handover');
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, 'log'), `${new Date().toISOString()} [${event}] ${text}\n`);
  } catch {
    // best effort, like every log line
  }
}

/**
 * Arms the deadline and SIGTERM/SIGINT/SIGHUP for one hook process: either ends it through `exit0`
 * (the CLI edge's exit 0) after one log line. (A signal handler runs between tasks; the work a hook does in one go is bounded
 * by the input caps, so the handler runs soon after the signal.) Returns the disarm function.
 */
export function armHookDeadline(
  event: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  exit0: () => void,
  // The agent's timeout counts from the spawn, not from here: on a starved machine Node's own
  // start-up can take seconds, and a deadline counted from now would land past the agent's kill.
  sinceStartMs: number = process.uptime() * 1000,
): () => void {
  const ms = deadlineFor(event, args, env);
  const stop = (text: string) => {
    logNow(event, text, cwd, env);
    // SessionStart still answers in the shape the agent expects, saying where the state is. Pipes
    // and files take a synchronous write here, so the answer is out before the exit.
    if (event === 'session-start') {
      const out = { hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: msg.contextLate } };
      process.stdout.write(`${JSON.stringify(out)}\n`);
    }
    exit0();
  };
  const timer = setTimeout(() => stop(msg.deadlineReached(ms)), Math.max(0, ms - sinceStartMs));
  timer.unref();
  const onSignal = (sig: NodeJS.Signals) => stop(msg.signalled(sig));
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  return () => {
    clearTimeout(timer);
    for (const s of signals) process.off(s, onSignal);
  };
}
