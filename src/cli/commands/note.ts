import { loadProject, type Project } from '../../pipeline/project.js';
import { addCapture, CAPTURE_KINDS } from '../../session/captures.js';
import { noteTarget, type NoteTarget } from '../../session/note-target.js';
import { pausedBy } from '../../pause.js';
import { ensureStateDir } from '../../io/state-dir.js';
import { HandoverError } from '../../errors.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';
import type { CaptureKind } from '../../session/facts.js';

/** Open follow-ups: from the notes, plus those captured since the last handover, minus those closed since. */
async function openFollowupIds(p: Project): Promise<string[]> {
  const { join } = await import('node:path');
  const { deriveState } = await import('../../render/current-state.js');
  const { pendingCaptures, withPending } = await import('../../pipeline/pending-captures.js');
  const state = await deriveState(p.store, { uncommitted: [] }, { indexPath: join(p.layout.stateDir, 'index.json'), now: new Date().toISOString(), staleAfterDays: p.config.staleAfterDays, writeIndex: false });
  return withPending(state, await pendingCaptures(p), state.asOf).openFollowups.map((f) => f.id);
}

function saidWhere(t: Exclude<NoteTarget, { ambiguous: unknown }>): string {
  if (t.why === 'env') return msg.noteToAgentSession(t.variable);
  if (t.why === 'open') return msg.noteToOpenSession(t.branch);
  if (t.why === 'manual') return msg.noteToManualSession;
  return '';
}

/**
 * `note`: durable at once (appended and fsynced) and shown by `context` straight away; rendered
 * into the session's note by the next handover (Stop, or `run`).
 */
export async function note(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { kind: { type: 'string', short: 'k' }, session: { type: 'string' } }, true);
  const kind = (values.kind ?? 'context') as CaptureKind;
  if (!CAPTURE_KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${CAPTURE_KINDS.join(', ')}; got ${JSON.stringify(values.kind)}.`);
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError(kind === 'done' ? msg.noteDoneNeedsId : msg.noteEmpty);
  if (kind === 'done' && !/^f-[a-z0-9]{4,12}$/.test(text)) throw new UsageError(msg.noteDoneNeedsId);
  const p = await loadProject(io.cwd, { env: io.env });
  const paused = pausedBy(p.layout.pauseFiles);
  if (paused) {
    io.err(msg.runPaused(paused));
    return EXIT.paused;
  }
  if (kind === 'done') {
    const open = await openFollowupIds(p);
    if (!open.includes(text)) throw new HandoverError('UNKNOWN_FOLLOWUP', msg.noteDoneUnknown(text, open), { hint: msg.noteDoneUnknownFix });
  }
  const target = await noteTarget(p.layout, { ...(values.session ? { flag: values.session } : {}), env: io.env, top: p.root });
  if ('ambiguous' in target) throw new UsageError(msg.noteAmbiguous(target.ambiguous.map((s) => `${s.session} (started ${s.startedAt}${s.branch ? `, ${s.branch}` : ''})`)), msg.noteAmbiguousFix);
  ensureStateDir(p.layout.stateDir);
  const c = await addCapture(p.layout, { kind, text, session: target.session, ...(kind === 'done' ? { closes: text } : {}) }, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow });
  io.out(`${msg.noteSaved(c.id, target.session)}${saidWhere(target) ? ` ${saidWhere(target)}` : ''}`);
  return EXIT.ok;
}
