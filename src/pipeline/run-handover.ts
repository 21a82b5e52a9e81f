import { HandoverEngine, type RunResult } from '../engine/engine.js';
import { Checkpoint } from '../engine/checkpoint.js';
import { validateSession, validateTag } from '../store/validate.js';
import { buildSteps } from './steps.js';
import { ensureStateDir } from '../io/state-dir.js';
import { pausedBy } from '../pause.js';
import type { RunMeta } from './run-meta.js';
import type { Project } from './project.js';

export interface HandoverRequest extends Partial<Omit<RunMeta, 'event'>> {
  event: RunMeta['event'];
  session?: string;
  tag?: string;
}

export function engineFor(p: Project, opts: { lockWaitMs?: number } = {}): HandoverEngine {
  return new HandoverEngine({
    steps: buildSteps(p),
    checkpoint: p.layout.checkpointPath,
    pauseFiles: p.layout.pauseFiles,
    lockPath: p.layout.lockPath,
    runsDir: p.layout.runsDir,
    ...(opts.lockWaitMs === undefined ? {} : { lock: { waitMs: opts.lockWaitMs } }),
  });
}

/**
 * One handover: finish whatever an earlier process left in flight, then run this request's
 * pipeline. Texts that go into the checkpoint are redacted first, since the checkpoint is on disk.
 */
export async function runHandover(p: Project, req: HandoverRequest, opts: { lockWaitMs?: number; resumeOnly?: boolean } = {}): Promise<{ resumed?: RunResult; result: RunResult }> {
  if (opts.resumeOnly) {
    // SessionStart's catch-up: nothing in flight (the usual case) costs one file read, nothing more.
    const status = await new Checkpoint(p.layout.checkpointPath).status();
    if (status !== 'in_progress') return { result: { status: 'completed', resumed: false, ran: [], skipped: [] } };
    return { result: await engineFor(p, opts).resume() };
  }
  const tag = validateTag(req.tag ?? p.config.tag);
  const session = validateSession(req.session ?? 'manual');
  const { sanitizeDeep } = await import('../redact/sanitize.js');
  // The texts go into the checkpoint, which is on disk: sanitised first, like everything stored.
  const texts = (await sanitizeDeep({ last: req.lastAssistantMessage, reason: req.endReason, summary: req.compactSummary, note: req.note }, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow })).value;
  const meta: RunMeta = {
    event: req.event,
    agent: req.agent ?? 'unknown',
    ...(req.transcriptPath ? { transcriptPath: req.transcriptPath } : {}),
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
