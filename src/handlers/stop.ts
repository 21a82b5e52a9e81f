import { HandoverError } from '../errors.js';
import { loadHookProject } from './hook-project.js';
import { runHandover } from '../pipeline/run-handover.js';
import { hooks as hookMsg } from '../messages/hooks.js';
import { projectDirOf, type HookInput, type HookOutput } from './hook-types.js';
import { adapterFor } from '../agents/registry.js';

/** Stop, PreCompact and PostCompact: a handover for this session, bounded by the hook's timeout. */
export async function handoverHook(input: HookInput, event: 'stop' | 'pre_compact' | 'post_compact'): Promise<HookOutput> {
  const p = await loadHookProject(projectDirOf(input), input.env, event.replace(/_/g, '-'), input.status);
  if (!p.config.hooks[event]) return { exitCode: 0 };
  const { payload } = input;
  // Claude Code always sends a session id; without one this is not a real turn ending, and a
  // handover for an invented session would only add noise (a note and a commit) to memory.
  if (!payload.session_id) throw new HandoverError('NO_SESSION', hookMsg.noSession(event));
  preloadPipeline();
  const { result } = await runHandover(
    p,
    {
      event,
      agent: adapterFor(input.agent).name,
      session: payload.session_id,
      ...(payload.transcript_path ? { transcriptPath: payload.transcript_path } : {}),
      ...(payload.last_assistant_message ? { lastAssistantMessage: payload.last_assistant_message } : {}),
      ...(payload.compact_summary ? { compactSummary: payload.compact_summary } : {}),
    },
    { lockWaitMs: 15_000 },
  );
  if (result.status === 'failed' || result.status === 'abandoned') throw new Error(`${event}: step ${result.failedStep} failed: ${result.error}`);
  // Rules files that carry the state for agents whose start hook may not deliver it (Cursor IDE).
  if (result.status === 'completed') {
    await (await import('../agents/rules-refresh.js')).refreshRulesFiles(p).catch(() => undefined);
  }
  if (event === 'stop' && adapterFor(input.agent).stopCanBlock && p.config.askMode && result.status === 'completed' && !payload.stop_hook_active) {
    const reason = await (await import('./ask-mode.js')).askDecision(p, payload.session_id, result.runId);
    if (reason) return { exitCode: 0, stdout: JSON.stringify({ decision: 'block', reason }) };
  }
  return { exitCode: 0 };
}

/**
 * Starts loading what the default pipeline loads lazily (transcript reader, redaction, renderers,
 * publish): the modules then compile while this process would otherwise wait on the lock, a
 * durable write or git, instead of one after another on the way. Failures surface where the
 * modules are really imported.
 */
function preloadPipeline(): void {
  for (const load of [
    () => import('../session/transcript.js'),
    () => import('../redact/redact.js'),
    () => import('../render/session-note.js'),
    () => import('../render/current-state.js'),
    () => import('../pipeline/publish.js'),
    () => import('../redact/scan.js'),
  ]) load().catch(() => undefined);
}
