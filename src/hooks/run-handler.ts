import { join } from 'node:path';
import { describeError } from '../errors.js';
import { hooks as msg } from '../messages/hooks.js';
import { parsePayload } from './payload.js';
import { projectDirOf, type HookInput, type HookOutput } from './hook-types.js';

export type HookHandler = (input: HookInput) => Promise<HookOutput>;

/**
 * Every hook goes through here: parse stdin, act, and on ANY error write the log and answer
 * exit 0 with no output, so a broken handover never breaks the agent or the user's commit.
 * Each bundled hooks/<event>.js passes its handler directly, so the handler is part of that one
 * file rather than a chain of lazily loaded chunks; no handler means an unknown event.
 */
export async function runHandler(event: string, stdin: string, ctx: { cwd: string; env: NodeJS.ProcessEnv; args?: string[]; entryScript?: string }, handler: HookHandler | undefined): Promise<HookOutput> {
  // A detached SessionEnd worker gets its payload from the recorded ending, never from stdin.
  const noStdin = event === 'post-commit' || (ctx.args ?? []).includes('--worker');
  const { payload, problem } = noStdin ? { payload: {} } : parsePayload(stdin);
  const input: HookInput = { payload, cwd: ctx.cwd, env: ctx.env, args: ctx.args ?? [], ...(ctx.entryScript ? { entryScript: ctx.entryScript } : {}) };
  const logTo = async (text: string) => {
    try {
      const { appendLog } = await import('./log.js');
      const { locateRepo } = await import('../git/locate-repo.js');
      const dir = projectDirOf(input);
      const top = (await locateRepo(dir))?.top ?? dir;
      // PAUSE is absolute: not even the log is written while it exists.
      const { pausedBy } = await import('../pause.js');
      const { defaultPauseFiles } = await import('../layout.js');
      if (pausedBy(defaultPauseFiles(top, ctx.env))) return;
      await appendLog(join(top, '.agent-handover', 'log'), event, text);
    } catch {
      // The log is best effort: a read-only folder must not turn into a failing hook.
    }
  };
  if (!handler) {
    await logTo(msg.unknownEvent(event));
    return { exitCode: 0 };
  }
  if (problem && event !== 'session-start') await logTo(msg.payloadProblem(problem));
  try {
    return await handler(input);
  } catch (err) {
    await logTo(describeError(err));
    return { exitCode: 0 };
  }
}
