import { HandoverEngine, type RunResult } from '../engine/engine.js';
import { Checkpoint } from '../engine/checkpoint.js';
import { validateSession, validateTag } from '../store/validate.js';
import { buildSteps } from './steps.js';
import { ensureStateDir } from '../io/state-dir.js';
import { pausedBy } from '../pause.js';
import { hooks as hookMsg } from '../messages/hooks.js';
import { pruneRuns, recordAbandoned } from './run-records.js';
import { logLine, type RunMeta } from './run-meta.js';
import type { Project } from '../project/project.js';

export interface HandoverRequest extends Partial<Omit<RunMeta, 'event'>> {
  event: RunMeta['event'];
  session?: string;
  tag?: string;
}

/** The most of one payload text (message, summary, note, reason) a handover keeps, in characters. */
export const MAX_PAYLOAD_TEXT = 64 * 1024;

export function engineFor(p: Project, opts: { lockWaitMs?: number } = {}): HandoverEngine {
  return new HandoverEngine({
    onAbandon: (run, why) => recordAbandoned(p, run, why),
    steps: buildSteps(p),
    checkpoint: p.layout.checkpointPath,
    pauseFiles: p.layout.pauseFiles,
    lockPath: p.layout.lockPath,
    runsDir: p.layout.runsDir,
    ...(opts.lockWaitMs === undefined ? {} : { lock: { waitMs: opts.lockWaitMs } }),
  });
}

/** One handover: finish whatever an earlier process left in flight, then run this request's pipeline. */
export async function runHandover(p: Project, req: HandoverRequest, opts: { lockWaitMs?: number; resumeOnly?: boolean } = {}): Promise<{ resumed?: RunResult; result: RunResult }> {
  if (opts.resumeOnly) {
    // SessionStart's catch-up: nothing in flight (the usual case) costs one file read, nothing more.
    const status = await new Checkpoint(p.layout.checkpointPath).status();
    if (status !== 'in_progress') return { result: { status: 'completed', resumed: false, ran: [], skipped: [] } };
    return { result: await engineFor(p, opts).resume() };
  }
  const out = await handover(p, req, opts);
  // Refine runs between sessions in a detached worker, never in the hook: after a Stop's handover
  // (its lock released) and at SessionStart's catch-up (session-start.ts), when it looks due.
  if (req.event === 'stop' && out.result.status === 'completed') {
    const { startRefineIfDue } = await import('../refine/schedule.js');
    await startRefineIfDue(p);
  }
  // runs/ stays bounded; the folder of a run still in flight is kept for its resume.
  if (out.result.status !== 'paused') await pruneRuns(p.layout.runsDir, out.result.checkpoint?.status === 'in_progress' ? out.result.runId : undefined).catch(() => undefined);
  return out;
}

async function handover(p: Project, req: HandoverRequest, opts: { lockWaitMs?: number }): Promise<{ resumed?: RunResult; result: RunResult }> {
  const tag = validateTag(req.tag ?? p.config.tag);
  const session = validateSession(req.session ?? 'manual');
  const { sanitizeDeep } = await import('../redact/sanitize.js');
  // Payload texts are bounded before anything works on them (a 50 MB message is not a note), and
  // they go into the checkpoint, which is on disk: sanitised first, like everything stored.
  const cap = (t: string | undefined) =>
    t !== undefined && t.length > MAX_PAYLOAD_TEXT ? `${t.slice(0, MAX_PAYLOAD_TEXT)} [...]` : t;
  const texts = (await sanitizeDeep({ last: cap(req.lastAssistantMessage), reason: cap(req.endReason), summary: cap(req.compactSummary), note: cap(req.note) }, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow })).value;
  const { keepableTranscript } = await import('../session/transcript-path.js');
  const transcript = await keepableTranscript(req.transcriptPath);
  if (transcript.refused && !pausedBy(p.layout.pauseFiles)) await logLine(p, req.event, hookMsg.transcriptNotAFile(transcript.refused));
  const meta: RunMeta = {
    event: req.event,
    agent: req.agent ?? 'unknown',
    ...(transcript.path ? { transcriptPath: transcript.path } : {}),
    ...(texts.last ? { lastAssistantMessage: texts.last } : {}),
    ...(texts.reason ? { endReason: texts.reason } : {}),
    ...(texts.summary ? { compactSummary: texts.summary } : {}),
    ...(texts.note ? { note: texts.note } : {}),
    ...(req.noCommit ? { noCommit: true } : {}),
    ...(req.endSession ? { endSession: true } : {}),
  };
  if (!pausedBy(p.layout.pauseFiles)) ensureStateDir(p.layout.stateDir);
  return engineFor(p, opts).runAfterResume({ tag, session, meta: meta as unknown as Record<string, unknown> });
}
