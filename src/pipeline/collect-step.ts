import { join } from 'node:path';
import { Step, type StepContext } from '../engine/step.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readSessionState, sessionPaths, type SessionState } from '../session/session-state.js';
import { readCaptures } from '../session/captures.js';
import { readRecords } from '../session/journal.js';
import { collectGitFacts, headOf } from '../session/git-facts.js';
import { FACTS, NEXT_STATE, logLine, runMeta } from './run-meta.js';
import { memoryRel, type Project } from '../project/project.js';
import { sanitizeDeep } from '../redact/sanitize.js';
import type { CommitFact, SessionFacts } from '../session/facts.js';
import type { TranscriptFacts } from '../session/transcript.js';

/** The score of the handover this session was shown (src/score/); a failure is logged, never fails the handover. */
async function handoverScoreOf(p: Project, facts: SessionFacts, event: string): Promise<SessionFacts['handoverScore']> {
  try {
    const { scoreSession, signalLines } = await import('../score/handover-score.js');
    const s = await scoreSession(p.layout, facts);
    return s && { of: s.of, score: s.score, signals: signalLines(s) };
  } catch (err) {
    const { score } = await import('../messages/score.js');
    await logLine(p, event, score.notComputed(err instanceof Error ? err.message : String(err)));
    return undefined;
  }
}

/**
 * collect: reads the new slice of the transcript from the saved offset, git facts and captures,
 * redacts them, and persists both the facts and the session state to adopt once the note is
 * written. Nothing in the session's own state changes here, so re-running collect is harmless.
 */
export function collectStep(p: Project): Step {
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
        const { mergeFacts } = await import('../session/transcript.js');
        const { readSessionLog } = await import('../session/read-session-log.js');
        const offset = prev.transcriptPath === transcriptPath ? prev.transcriptOffset : 0;
        // The agent that started the session knows its log's format; a run without one (`run`) keeps it.
        const agent = meta.agent !== 'unknown' ? meta.agent : next.agent;
        const slice = await readSessionLog(agent, transcriptPath, { offset, final: meta.event === 'session_end' });
        // Paths inside the project read better, and match across machines, relative to its root.
        // Made relative before the sanitiser runs: cutting a prefix must not uncover a match.
        const inRoot = (f: string) => (f.startsWith(p.root + '/') ? f.slice(p.root.length + 1) : f);
        const raw = { ...slice.facts, filesEdited: slice.facts.filesEdited.map(inRoot) };
        // Everything in the slice, the carry (todo and task lists, pending results) included.
        const clean = await sanitizeDeep<TranscriptFacts>(raw, redactOpts);
        redactions += clean.count;
        const merged = prev.transcript && offset > 0 && !slice.reset ? mergeFacts(prev.transcript, clean.value) : clean.value;
        // The todo list is rebuilt from the stored carry at every Stop: the carry is sanitised again
        // here (it is small), so a state file written by an older version cannot bring a secret back.
        const lists = await sanitizeDeep({ carry: merged.carry, todos: merged.todos }, redactOpts);
        redactions += lists.count;
        next.transcript = { ...merged, ...lists.value };
        next.transcriptOffset = slice.offset;
        turnFilesEdited = clean.value.filesEdited;
      } catch (err) {
        transcriptError = err instanceof Error ? err.message : String(err);
        // A FIFO or device kept in the session state would be tried again by every later turn.
        if ((err as { code?: string }).code === 'TRANSCRIPT_NOT_A_FILE') {
          delete next.transcriptPath;
          next.transcriptOffset = 0;
        }
        // The handover goes on without it, but the cause must be findable (doctor shows the log).
        const { hooks: msg } = await import('../messages/hooks.js');
        await logLine(p, meta.event, msg.transcriptUnreadable(transcriptPath, transcriptError));
      }
    }
    if (meta.compactSummary) {
      const clean = await sanitizeDeep(meta.compactSummary, redactOpts);
      redactions += clean.count;
      if (!next.compactSummaries.includes(clean.value)) next.compactSummaries = [...next.compactSummaries, clean.value].slice(-5);
    }
    if (meta.event === 'session_end' || meta.endSession) {
      next.endedAt = ctx.startedAt;
      if (meta.endReason) next.endReason = (await sanitizeDeep(meta.endReason, redactOpts)).value;
    }
    const git = p.isGitRepo
      ? await collectGitFacts(p.root, { ...(prev.headStart ? { since: prev.headStart } : {}), exclude: [memoryRel(p), '.agent-handover'], ...(p.earlyStatus ? { early: p.earlyStatus } : {}) })
      : { commits: [], uncommitted: [] };
    const journal = await readRecords<CommitFact>(sessionPaths(p.layout, ctx.session).commits);
    const commits = [...git.commits];
    for (const c of journal) if (c?.hash && !commits.some((k) => k.hash === c.hash)) commits.push(c);
    const captures = await sanitizeDeep(await readCaptures(p.layout, ctx.session), redactOpts);
    // Everything that reaches the note is redacted, paths and branch names too: publish's final scan
    // refuses a commit on what slips through, and would refuse it on every retry.
    const loose = await sanitizeDeep({ note: meta.note, last: meta.lastAssistantMessage, commits, uncommitted: git.uncommitted, diffStat: git.diffStat, transcriptPath, branch: git.branch }, redactOpts);
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
    const score = await handoverScoreOf(p, facts, meta.event);
    if (score) facts.handoverScore = score;
    await writeFileAtomic(join(ctx.runDir, FACTS), JSON.stringify(facts) + '\n');
    await writeFileAtomic(join(ctx.runDir, NEXT_STATE), JSON.stringify(next) + '\n');
  });
}
