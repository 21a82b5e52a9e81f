import { HandoverError } from '../errors.js';
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { pendingDir } from './pending-endings.js';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import type { Project } from '../project/project.js';
import { loadHookProject } from './hook-project.js';
import { MAX_PAYLOAD_TEXT, runHandover } from '../pipeline/run-handover.js';
import { pausedBy } from '../pause.js';
import { hooks as hookMsg } from '../messages/hooks.js';
import { projectDirOf, type HookInput, type HookOutput } from './hook-types.js';
import { parsePayload, type HookPayload } from './payload.js';
import { adapterFor } from '../agents/registry.js';

/** Payload fields that are ids or paths we must read back as they are. */
const PAYLOAD_IDS: ReadonlySet<string> = new Set(['session_id', 'transcript_path', 'cwd', 'hook_event_name']);

export async function finishEnding(p: Project, file: string, lockWaitMs = 15_000): Promise<void> {
  let payload: HookPayload & { agent?: string } = {};
  try {
    const text = await readFile(file, 'utf8');
    const agent = (JSON.parse(text) as { agent?: unknown }).agent;
    payload = { ...parsePayload(text).payload, ...(typeof agent === 'string' ? { agent } : {}) };
  } catch (err) {
    // Gone: another process (the SessionEnd worker, a start's catch-up) finished it meanwhile.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    // torn or unreadable: handled just below
  }
  // A record that lost its session (torn, hand-edited) can never be finished: drop it, say so.
  if (!payload.session_id) {
    await rm(file, { force: true });
    const { appendLog } = await import('../io/log.js');
    await appendLog(p.layout.logPath, 'session-end', hookMsg.endingUnreadable(file)).catch(() => undefined);
    return;
  }
  const { result } = await runHandover(
    p,
    {
      event: 'session_end',
      agent: adapterFor(payload.agent).name,
      session: payload.session_id,
      ...(payload.transcript_path ? { transcriptPath: payload.transcript_path } : {}),
      ...(payload.reason ? { endReason: payload.reason } : {}),
    },
    { lockWaitMs },
  );
  if (result.status === 'completed' || result.status === 'abandoned') await rm(file, { force: true });
  else if (result.status === 'failed') throw new Error(`session_end: step ${result.failedStep} failed: ${result.error}`);
}

/**
 * SessionEnd has 1.5 s shared by every hook, so it only records the ending (durable at once) and
 * hands the handover to a detached worker. If the worker never runs, the record stays and the next
 * SessionStart finishes it.
 */
export async function sessionEndHook(input: HookInput): Promise<HookOutput> {
  const p = await loadHookProject(projectDirOf(input), input.env, 'session-end');
  if (input.args[0] === '--worker' && input.args[1]) {
    await finishEnding(p, input.args[1]);
    return { exitCode: 0 };
  }
  if (!p.config.hooks.session_end || pausedBy(p.layout.pauseFiles)) return { exitCode: 0 };
  const id = input.payload.session_id;
  if (!id) throw new HandoverError('NO_SESSION', hookMsg.noSession('session_end'));
  const file = join(pendingDir(p), `${id}.json`);
  // The record is on disk until the worker runs: its texts (`reason`, `last_assistant_message`) are
  // sanitised with our own rules, which need no module load inside SessionEnd's 1.5 s; a payload
  // text is bounded first, which also keeps that cheap.
  const cap = (t: string | undefined) => (t && t.length > MAX_PAYLOAD_TEXT ? t.slice(0, MAX_PAYLOAD_TEXT) : t);
  const bounded = { ...input.payload, reason: cap(input.payload.reason), last_assistant_message: cap(input.payload.last_assistant_message) };
  const { sanitizeDeep } = await import('../redact/sanitize.js');
  const kept = (await sanitizeDeep({ ...bounded, cwd: p.root, agent: adapterFor(input.agent).name }, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow }, { quick: true, skipKeys: PAYLOAD_IDS })).value;
  await writeFileAtomic(file, JSON.stringify(kept) + '\n');
  if (input.entryScript && input.env.AGENT_HANDOVER_NO_DETACH !== '1') {
    const child = spawn(process.execPath, [input.entryScript, '--worker', file], { cwd: p.root, detached: true, stdio: 'ignore', env: { ...input.env, CLAUDE_PROJECT_DIR: p.root } });
    child.unref();
  } else {
    await finishEnding(p, file);
  }
  return { exitCode: 0 };
}
