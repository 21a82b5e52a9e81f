import { join } from 'node:path';
import { describeError } from '../errors.js';
import { hooks as msg } from '../messages/hooks.js';
import { parsePayload } from './payload.js';
import { HOOK_NAMES, projectDirOf, type HookInput, type HookName, type HookOutput } from './hook-types.js';

async function dispatch(event: HookName, input: HookInput): Promise<HookOutput> {
  switch (event) {
    case 'session-start': return (await import('./session-start.js')).sessionStartHook(input);
    case 'stop': return (await import('./stop.js')).handoverHook(input, 'stop');
    case 'pre-compact': return (await import('./stop.js')).handoverHook(input, 'pre_compact');
    case 'post-compact': return (await import('./stop.js')).handoverHook(input, 'post_compact');
    case 'session-end': return (await import('./session-end.js')).sessionEndHook(input);
    case 'post-commit': return (await import('./post-commit.js')).postCommitHook(input);
  }
}

/**
 * Every hook goes through here: parse stdin, act, and on ANY error write the log and answer
 * exit 0 with no output, so a broken handover never breaks the agent or the user's commit.
 */
export async function runHook(event: string, stdin: string, ctx: { cwd: string; env: NodeJS.ProcessEnv; args?: string[]; entryScript?: string }): Promise<HookOutput> {
  const { payload, problem } = event === 'post-commit' ? { payload: {} } : parsePayload(stdin);
  const input: HookInput = { payload, cwd: ctx.cwd, env: ctx.env, args: ctx.args ?? [], ...(ctx.entryScript ? { entryScript: ctx.entryScript } : {}) };
  const logTo = async (text: string) => {
    try {
      const { appendLog } = await import('./log.js');
      const { repoInfo } = await import('../git/git.js');
      const dir = projectDirOf(input);
      const top = (await repoInfo(dir).catch(() => undefined))?.top ?? dir;
      // PAUSE is absolute: not even the log is written while it exists.
      const { pausedBy } = await import('../pause.js');
      const { defaultPauseFiles } = await import('../layout.js');
      if (pausedBy(defaultPauseFiles(top, ctx.env))) return;
      await appendLog(join(top, '.agent-handover', 'log'), event, text);
    } catch {
      // The log is best effort: a read-only folder must not turn into a failing hook.
    }
  };
  if (!(HOOK_NAMES as readonly string[]).includes(event)) {
    await logTo(msg.unknownEvent(event));
    return { exitCode: 0 };
  }
  if (problem && event !== 'session-start') await logTo(msg.payloadProblem(problem));
  try {
    return await dispatch(event as HookName, input);
  } catch (err) {
    await logTo(describeError(err));
    return { exitCode: 0 };
  }
}
