import { join } from 'node:path';
import { Step } from '../engine/step.js';
import { writeFileAtomic } from '../io/atomic.js';
import { writeSessionState, type SessionState } from '../session/session-state.js';
import { utcDate } from '../store/validate.js';
import { FACTS, NEXT_STATE, logLine, readJson, runMeta } from './run-meta.js';
import { collectStep } from './collect-step.js';
import { memoryRel, type Project } from '../project/project.js';
import type { SessionFacts } from '../session/facts.js';
import { customStepAsStep } from './custom-step.js';
import { folderStamp, markChanged } from '../store/changed-notes.js';
import { hooks as hookMsg } from '../messages/hooks.js';
import type { NoteRef } from '../store/memory-store.js';
import type { renderSessionNote as RenderSessionNote } from '../render/session-note.js';

/** A run record's texts (messages that quote branch names, remotes, errors), sanitised before they are stored. */
async function stateText<T>(p: Project, value: T): Promise<T> {
  const { sanitizeDeep } = await import('../redact/sanitize.js');
  return (await sanitizeDeep(value, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow }, { quick: true })).value;
}

/** True when the note on disk is what `facts` render to, apart from `updated_at` (the clock). */
async function sameApartFromClock(p: Project, ref: NoteRef, facts: SessionFacts, render: typeof RenderSessionNote): Promise<boolean> {
  const old = await p.store.read(ref).catch(() => undefined);
  const was = old?.meta.updated_at;
  if (!old || typeof was !== 'string' || old.meta.tool_version !== p.store.toolVersion) return false;
  const again = render({ ...facts, updatedAt: was });
  return again.body === old.body && Object.entries(again.meta).every(([k, v]) => JSON.stringify(v) === JSON.stringify(old.meta[k]));
}

/** session_note: renders the session's layer1 note from the persisted facts, then adopts the new session state. */
function sessionNoteStep(p: Project): Step {
  return new Step('session_note', async (ctx) => {
    const facts = await readJson<SessionFacts>(join(ctx.runDir, FACTS));
    const next = await readJson<SessionState>(join(ctx.runDir, NEXT_STATE));
    const { renderSessionNote } = await import('../render/session-note.js');
    const { body, meta } = renderSessionNote(facts);
    const existing = await p.store.findSessionNote(ctx.tag, ctx.session, next.notePath);
    // A turn that changed nothing but the clock leaves the note as it is: no rewrite, no commit.
    const unchanged = existing && (await sameApartFromClock(p, existing, facts, renderSessionNote));
    const before = folderStamp(existing?.path ?? p.store.layer1Path(ctx.tag, utcDate(facts.startedAt), ctx.session));
    const path = unchanged ? existing.path : (await p.store.writeSessionNote({ tag: ctx.tag, date: utcDate(facts.startedAt), session: ctx.session, body, meta, hint: next.notePath })).path;
    // The recall index re-reads just this note at its next refresh (no SQLite in the hook).
    if (!unchanged) markChanged(p.layout.stateDir, p.layout.memoryDir, path, before);
    await writeSessionState(p.layout, { ...next, notePath: path });
  });
}

function currentStateStep(p: Project): Step {
  return new Step('current_state', async (ctx) => {
    const facts = await readJson<SessionFacts>(join(ctx.runDir, FACTS));
    const { regenerateCurrentState } = await import('../render/current-state.js');
    await regenerateCurrentState(p.store, { ...(facts.branch ? { branch: facts.branch } : {}), ...(facts.head ? { head: facts.head } : {}), uncommitted: facts.uncommitted }, {
      indexPath: join(p.layout.stateDir, 'index.json'),
      now: ctx.startedAt,
      staleAfterDays: p.config.staleAfterDays,
    });
  });
}

/**
 * refine: dedupe, close, supersede and regenerate memory/topics/, between sessions only (SessionEnd's
 * detached handover, or `run`): a Stop or a compaction never waits for it. Then only when due (new
 * notes or a day); a checkpoint read and a few folder stats otherwise.
 */
function refineStep(p: Project): Step {
  return new Step('refine', async (ctx) => {
    if (!REFINE_EVENTS.has(runMeta(ctx.meta).event)) return;
    const { refineDue, runRefine } = await import('../refine/run-refine.js');
    const input = {
      store: p.store,
      indexPath: join(p.layout.stateDir, 'index.json'),
      checkpointPath: join(p.layout.stateDir, 'refine.json'),
      ...(p.isGitRepo ? { gitRoot: p.root } : {}),
      memoryRel: memoryRel(p),
      now: ctx.startedAt,
    };
    if (await refineDue(input)) await runRefine(input);
  });
}

const REFINE_EVENTS = new Set(['session_end', 'run']);

function compactStep(p: Project): Step {
  return new Step('compact', async (ctx) => {
    const { compact } = await import('../store/compact.js');
    await compact({ store: p.store, olderThanDays: p.config.compaction.olderThanDays, checkpointPath: join(p.layout.stateDir, 'compact-checkpoint.json'), pauseFiles: p.layout.pauseFiles, now: ctx.startedAt });
  });
}

function publishStep(p: Project): Step {
  return new Step('publish', async (ctx) => {
    const meta = runMeta(ctx.meta);
    if (meta.noCommit || !p.config.git.commit || !p.isGitRepo) return;
    const { publishMemory } = await import('./publish.js');
    const result = await publishMemory(p, `agent-handover: ${meta.event} ${ctx.session}`);
    // The message names the branch, and a branch name can hold a secret: sanitised like all state.
    const stored = await stateText(p, result);
    await writeFileAtomic(join(ctx.runDir, 'publish.json'), JSON.stringify(stored) + '\n', { durable: false });
    // A deferral, or a fallback to the memory ref, is never silent (PAUSE excepted: then nothing at
    // all is written, not the log either).
    if (result.reason && result.reason !== 'paused') {
      const line = result.status === 'deferred' ? hookMsg.publishDeferred(ctx.session, stored.message) : stored.message;
      await logLine(p, meta.event, line);
    }
  });
}

function syncStep(p: Project): Step {
  return new Step('sync', async (ctx) => {
    const meta = runMeta(ctx.meta);
    if (meta.noCommit || !p.isGitRepo) return;
    const { syncMemory } = await import('../sync/sync.js');
    // An unreachable remote never fails a handover: the result is recorded and sync runs again later.
    const result = await syncMemory(p, { retries: p.config.sync.retries }).catch((err: unknown) => ({ ok: false, error: String(err) }));
    await writeFileAtomic(join(ctx.runDir, 'sync.json'), JSON.stringify(await stateText(p, result)) + '\n', { durable: false });
  });
}

export function buildSteps(p: Project): Step[] {
  const specs = [...p.config.steps];
  // sync.auto adds the sync step when the pipeline does not name it.
  if (p.config.sync.auto && !specs.some((s) => s.kind === 'builtin' && s.name === 'sync')) specs.push({ kind: 'builtin', name: 'sync' });
  return specs.map((s) => {
    if (s.kind === 'custom') return customStepAsStep(s, p.root);
    switch (s.name) {
      case 'collect': return collectStep(p);
      case 'session_note': return sessionNoteStep(p);
      case 'current_state': return currentStateStep(p);
      case 'refine': return refineStep(p);
      case 'compact': return compactStep(p);
      case 'publish': return publishStep(p);
      case 'sync': return syncStep(p);
    }
  });
}
