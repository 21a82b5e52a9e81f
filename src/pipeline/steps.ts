import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { Step, type StepContext } from '../engine/step.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readSessionState, writeSessionState, sessionPaths, type SessionState } from '../session/session-state.js';
import { readCaptures } from '../session/captures.js';
import { readRecords } from '../session/journal.js';
import { collectGitFacts, headOf } from '../session/git-facts.js';
import { utcDate } from '../store/validate.js';
import { runMeta } from './run-meta.js';
import { memoryRel, type Project } from './project.js';
import { redactDeep } from './redact-facts.js';
import type { CommitFact, SessionFacts } from '../session/facts.js';
import type { TranscriptFacts } from '../session/transcript.js';
import { customStepAsStep } from './custom-step.js';
import type { NoteRef } from '../store/memory-store.js';
import type { renderSessionNote as RenderSessionNote } from '../render/session-note.js';

const FACTS = 'facts.json';
const NEXT_STATE = 'session-next.json';

function projectRelative(root: string, file: string): string {
  return file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** Files and folders a handover commit may contain, relative to the root. */
export function ownPaths(p: Project): string[] {
  return [memoryRel(p)];
}

/**
 * collect: reads the new slice of the transcript from the saved offset, git facts and captures,
 * redacts them, and persists both the facts and the session state to adopt once the note is
 * written. Nothing in the session's own state changes here, so re-running collect is harmless.
 */
function collectStep(p: Project): Step {
  return new Step('collect', async (ctx: StepContext) => {
    const meta = runMeta(ctx.meta);
    const prev: SessionState = (await readSessionState(p.layout, ctx.session)) ?? {
      version: 1,
      session: ctx.session,
      agent: meta.agent,
      startedAt: ctx.startedAt,
      transcriptOffset: 0,
      compactSummaries: [],
      ...(p.isGitRepo && ctx.session !== 'manual' ? { headStart: await headOf(p.root) } : {}),
    };
    const next: SessionState = { ...prev, lastEvent: meta.event };
    let redactions = 0;
    const redactOpts = { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow };
    const transcriptPath = meta.transcriptPath ?? prev.transcriptPath;
    let transcriptError: string | undefined;
    let turnFilesEdited: string[] = [];
    if (transcriptPath) {
      next.transcriptPath = transcriptPath;
      try {
        const { readTranscript, mergeFacts } = await import('../session/transcript.js');
        const offset = prev.transcriptPath === transcriptPath ? prev.transcriptOffset : 0;
        const slice = await readTranscript(transcriptPath, { offset, final: meta.event === 'session_end' });
        const clean = await redactDeep<TranscriptFacts>(slice.facts, redactOpts);
        redactions += clean.count;
        next.transcript = prev.transcript && offset > 0 && !slice.reset ? mergeFacts(prev.transcript, clean.value) : clean.value;
        next.transcriptOffset = slice.offset;
        turnFilesEdited = clean.value.filesEdited;
        // Paths inside the project read better, and match across machines, relative to its root.
        next.transcript = { ...next.transcript, filesEdited: next.transcript.filesEdited.map((f) => projectRelative(p.root, f)) };
      } catch (err) {
        transcriptError = err instanceof Error ? err.message : String(err);
        // The handover goes on without it, but the cause must be findable (doctor shows the log).
        const { appendLog } = await import('../hooks/log.js');
        const { hooks: msg } = await import('../messages/hooks.js');
        await appendLog(p.layout.logPath, meta.event.replace(/_/g, '-'), msg.transcriptUnreadable(transcriptPath, transcriptError)).catch(() => undefined);
      }
    }
    if (meta.compactSummary) {
      const clean = await redactDeep(meta.compactSummary, redactOpts);
      redactions += clean.count;
      if (!next.compactSummaries.includes(clean.value)) next.compactSummaries = [...next.compactSummaries, clean.value].slice(-5);
    }
    if (meta.event === 'session_end') {
      next.endedAt = ctx.startedAt;
      if (meta.endReason) next.endReason = meta.endReason;
    }
    const git = p.isGitRepo
      ? await collectGitFacts(p.root, { ...(prev.headStart ? { since: prev.headStart } : {}), exclude: [memoryRel(p), '.agent-handover'] })
      : { commits: [], uncommitted: [] };
    const journal = await readRecords<CommitFact>(sessionPaths(p.layout, ctx.session).commits);
    const commits = [...git.commits];
    for (const c of journal) if (c?.hash && !commits.some((k) => k.hash === c.hash)) commits.push(c);
    const captures = await redactDeep(await readCaptures(p.layout, ctx.session), redactOpts);
    // Everything that reaches the note is redacted, paths and branch names too: publish's final scan
    // refuses a commit on what slips through, and would refuse it on every retry.
    const loose = await redactDeep({ note: meta.note, last: meta.lastAssistantMessage, commits, uncommitted: git.uncommitted, diffStat: git.diffStat, transcriptPath, branch: git.branch }, redactOpts);
    redactions += captures.count + loose.count;
    const transcript = next.transcript ? { ...next.transcript } : undefined;
    if (transcript && loose.value.last) transcript.lastAssistantMessage = loose.value.last;
    const facts: SessionFacts = {
      session: ctx.session,
      agent: next.agent,
      tag: ctx.tag,
      event: meta.event,
      startedAt: next.startedAt,
      updatedAt: ctx.startedAt,
      ...(next.endedAt ? { endedAt: next.endedAt } : {}),
      ...(next.endReason ? { endReason: next.endReason } : {}),
      ...(loose.value.branch ? { branch: loose.value.branch } : {}),
      ...(next.headStart ? { headStart: next.headStart } : {}),
      ...(git.head ? { head: git.head } : {}),
      commits: loose.value.commits,
      ...(loose.value.diffStat ? { diffStat: loose.value.diffStat } : {}),
      uncommitted: loose.value.uncommitted,
      ...(loose.value.transcriptPath ? { transcriptPath: loose.value.transcriptPath } : {}),
      ...(transcript ? { transcript } : {}),
      captures: captures.value,
      ...(loose.value.note ? { manualNote: loose.value.note } : {}),
      compactSummaries: next.compactSummaries,
      redactions: (prev.redactions ?? 0) + redactions,
      ...(transcriptError ? { transcriptError } : {}),
      turnFilesEdited,
    };
    next.redactions = facts.redactions;
    await writeFileAtomic(join(ctx.runDir, FACTS), JSON.stringify(facts) + '\n');
    await writeFileAtomic(join(ctx.runDir, NEXT_STATE), JSON.stringify(next) + '\n');
  });
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
    const hint = next.notePath ? { hint: next.notePath } : {};
    const existing = await p.store.findSessionNote(ctx.tag, ctx.session, hint.hint);
    // A turn that changed nothing but the clock leaves the note as it is: no rewrite, no commit.
    const unchanged = existing && (await sameApartFromClock(p, existing, facts, renderSessionNote));
    const path = unchanged ? existing.path : (await p.store.writeSessionNote({ tag: ctx.tag, date: utcDate(facts.startedAt), session: ctx.session, body, meta, ...hint })).path;
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
    await writeFileAtomic(join(ctx.runDir, 'publish.json'), JSON.stringify(result) + '\n', { durable: false });
  });
}

function syncStep(p: Project): Step {
  return new Step('sync', async (ctx) => {
    const meta = runMeta(ctx.meta);
    if (meta.noCommit || !p.isGitRepo) return;
    const { syncMemory } = await import('../sync/sync.js');
    // An unreachable remote never fails a handover: the result is recorded and sync runs again later.
    const result = await syncMemory(p, { retries: p.config.sync.retries }).catch((err: unknown) => ({ ok: false, error: String(err) }));
    await writeFileAtomic(join(ctx.runDir, 'sync.json'), JSON.stringify(result) + '\n', { durable: false });
  });
}

/** The pipeline a config describes, as engine steps. */
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
      case 'compact': return compactStep(p);
      case 'publish': return publishStep(p);
      case 'sync': return syncStep(p);
    }
  });
}
