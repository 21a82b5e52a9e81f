import { addCapture, CAPTURE_KINDS } from '../session/captures.js';
import { currentSession } from '../session/session-state.js';
import { validateSession } from '../store/validate.js';
import { pausedBy } from '../pause.js';
import { ensureStateDir } from '../io/state-dir.js';
import { HandoverError, ValidationError } from '../errors.js';
import { cli as msg } from '../messages/cli.js';
import type { Capture, CaptureKind } from '../session/facts.js';
import type { Project } from './project.js';

export type RecordNoteResult = { paused: string } | { capture: Capture; session: string };

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
 * What `agent-handover note` and the MCP `note` tool do: check, redact and append one capture to
 * the session's journal (durable at once); the next handover renders it into the session's note.
 * Under PAUSE nothing is written and the PAUSE file is returned.
 */
export async function recordNote(p: Project, input: { kind: string; text: string; session?: string | undefined }, env: NodeJS.ProcessEnv): Promise<RecordNoteResult> {
  const { kind, text } = checkNote(input.kind, input.text);
  const paused = pausedBy(p.layout.pauseFiles);
  if (paused) return { paused };
  const session = input.session || env.CLAUDE_CODE_SESSION_ID || (await currentSession(p.layout));
  if (!session) throw new HandoverError('NO_SESSION', msg.noteNoSession, { hint: msg.noteNoSessionFix });
  validateSession(session);
  ensureStateDir(p.layout.stateDir);
  const { redact } = await import('../redact/redact.js');
  const clean = await redact(text, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow });
  const capture = await addCapture(p.layout, { kind, text: kind === 'done' ? text : clean.text, session, ...(kind === 'done' ? { closes: text } : {}) });
  return { capture, session };
}
