import { join } from 'node:path';
import { addCapture, CAPTURE_KINDS } from '../session/captures.js';
import { noteTarget, type NoteTarget } from '../session/note-target.js';
import { validateSession } from '../store/validate.js';
import { pausedBy } from '../pause.js';
import { ensureStateDir } from '../io/state-dir.js';
import { HandoverError, ValidationError } from '../errors.js';
import { cli as msg } from '../messages/cli.js';
import type { Capture, CaptureKind } from '../session/facts.js';
import type { Project } from '../project/project.js';

export type ResolvedTarget = Exclude<NoteTarget, { ambiguous: unknown }>;
export type RecordNoteResult = { paused: string } | { capture: Capture; session: string; target: ResolvedTarget };

/** The kind and text of a capture, checked: a ValidationError says what is wrong (`kind` names the option). */
export function checkNote(kindIn: string, textIn: string, option = 'kind'): { kind: CaptureKind; text: string } {
  const kind = kindIn as CaptureKind;
  if (!CAPTURE_KINDS.includes(kind)) throw new ValidationError(`${option} must be one of ${CAPTURE_KINDS.join(', ')}; got ${JSON.stringify(kindIn)}.`);
  const text = textIn.trim();
  if (!text) throw new ValidationError(kind === 'done' ? msg.noteDoneNeedsId : msg.noteEmpty);
  if (kind === 'done' && !/^f-[a-z0-9]{4,12}$/.test(text)) throw new ValidationError(msg.noteDoneNeedsId);
  return { kind, text };
}

/**
 * What `agent-handover note` and the MCP `note` tool do: check, pick the session (the flag, the
 * agent's session variable, the branch's one open session, else today's manual session), redact
 * and append one capture to the session's journal (durable at once); the next handover renders it
 * into the session's note. Under PAUSE nothing is written and the PAUSE file is returned. Closing
 * an id that is not open (UNKNOWN_FOLLOWUP), or several open sessions with nothing to choose by
 * (AMBIGUOUS_SESSION), is a HandoverError; bad kind or text a ValidationError.
 */
export async function recordNote(p: Project, input: { kind: string; text: string; session?: string | undefined }, env: NodeJS.ProcessEnv): Promise<RecordNoteResult> {
  const { kind, text } = checkNote(input.kind, input.text);
  const paused = pausedBy(p.layout.pauseFiles);
  if (paused) return { paused };
  if (kind === 'done') {
    // Open follow-ups: from the notes, plus those captured since the last handover, minus those closed since.
    const { deriveState } = await import('../render/current-state.js');
    const { pendingCaptures, withPending } = await import('./pending-captures.js');
    const state = await deriveState(p.store, { uncommitted: [] }, { indexPath: join(p.layout.stateDir, 'index.json'), now: new Date().toISOString(), staleAfterDays: p.config.staleAfterDays, writeIndex: false });
    const open = withPending(state, await pendingCaptures(p), state.asOf).openFollowups.map((f) => f.id);
    if (!open.includes(text)) throw new HandoverError('UNKNOWN_FOLLOWUP', msg.noteDoneUnknown(text, open), { hint: msg.noteDoneUnknownFix });
  }
  const target = await noteTarget(p.layout, { ...(input.session ? { flag: input.session } : {}), env, top: p.root });
  if ('ambiguous' in target) throw new HandoverError('AMBIGUOUS_SESSION', msg.noteAmbiguous(target.ambiguous.map((s) => `${s.session} (started ${s.startedAt}${s.branch ? `, ${s.branch}` : ''})`)), { hint: msg.noteAmbiguousFix });
  validateSession(target.session);
  ensureStateDir(p.layout.stateDir);
  const capture = await addCapture(p.layout, { kind, text, session: target.session, ...(kind === 'done' ? { closes: text } : {}) }, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow });
  return { capture, session: target.session, target };
}
