import { join } from 'node:path';
import { describeError } from '../errors.js';
import { hooks as msg } from '../messages/hooks.js';
import { parsePayload } from '../handlers/payload.js';
import { adapterFor } from '../agents/registry.js';
import { projectDirOf, resolveProjectDir, type HookInput, type HookOutput } from '../handlers/hook-types.js';

export type HookHandler = (input: HookInput) => Promise<HookOutput>;

/**
 * Every hook goes through here: parse stdin, act, and on ANY error write the log and answer
 * exit 0 with no output, so a broken handover never breaks the agent or the user's commit.
 * Each bundled hooks/<event>.js passes its handler directly, so the handler is part of that one
 * file rather than a chain of lazily loaded chunks; no handler means an unknown event.
 */
export async function runHandler(event: string, stdin: string, ctx: { cwd: string; env: NodeJS.ProcessEnv; args?: string[]; entryScript?: string }, handler: HookHandler | undefined): Promise<HookOutput> {
  const { agent, args } = agentArg(ctx.args ?? []);
  const adapter = adapterFor(agent);
  const { payload, problem } = event === 'post-commit' ? { payload: {} } : parsePayload(mapped(stdin, adapter, ctx.env));
  const input: HookInput = { payload, cwd: ctx.cwd, env: ctx.env, args, ...(ctx.entryScript ? { entryScript: ctx.entryScript } : {}), agent: adapter.name };
  // An agent that reads stdout as JSON (Gemini, Cline) gets its own "nothing to say", even on failure.
  const quiet = (out: HookOutput): HookOutput => (out.stdout === undefined && adapter.quietOutput !== undefined && event !== 'post-commit' ? { ...out, stdout: adapter.quietOutput } : out);
  const logTo = async (text: string) => {
    try {
      const { locateRepo } = await import('../git/locate-repo.js');
      const dir = projectDirOf(input);
      const top = (await locateRepo(dir))?.top ?? dir;
      // PAUSE is absolute: not even the log is written while it exists.
      const { pausedBy } = await import('../pause.js');
      if (pausedBy((await import('../config/layout.js')).defaultPauseFiles(top, ctx.env))) return;
      await (await import('../io/log.js')).appendLog(join(top, '.agent-handover', 'log'), event, text);
    } catch {
      // The log is best effort: a read-only folder must not turn into a failing hook.
    }
  };
  if (!handler) {
    await logTo(msg.unknownEvent(event));
    return quiet({ exitCode: 0 });
  }
  // The detached SessionEnd worker reads its record from a file, not stdin.
  if (problem && event !== 'session-start' && args[0] !== '--worker') await logTo(msg.payloadProblem(problem));
  const ignored = resolveProjectDir(input).ignored;
  if (ignored) await logTo(ignored);
  try {
    return quiet(await handler(input));
  } catch (err) {
    await logTo(describeError(err));
    return quiet({ exitCode: 0 });
  }
}

function agentArg(all: readonly string[]): { agent?: string; args: string[] } {
  const args: string[] = [];
  let agent: string | undefined;
  for (let i = 0; i < all.length; i++) {
    const a = all[i]!;
    if (a === '--agent' && i + 1 < all.length) agent = all[++i];
    else if (a.startsWith('--agent=')) agent = a.slice('--agent='.length);
    else args.push(a);
  }
  return { ...(agent ? { agent } : {}), args };
}

/** The agent's payload rewritten with the keys our handlers read; text that is not a JSON object passes as it is. */
function mapped(stdin: string, adapter: ReturnType<typeof adapterFor>, env: NodeJS.ProcessEnv): string {
  if (adapter.name === 'claude-code' || !stdin.trim()) return stdin;
  try {
    const raw: unknown = JSON.parse(stdin);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return stdin;
    return JSON.stringify(adapter.mapPayload(raw as Record<string, unknown>, env));
  } catch {
    return stdin;
  }
}
