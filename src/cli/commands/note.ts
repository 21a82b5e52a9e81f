import { loadProject } from '../../pipeline/project.js';
import { addCapture, CAPTURE_KINDS } from '../../session/captures.js';
import { currentSession } from '../../session/session-state.js';
import { validateSession } from '../../store/validate.js';
import { pausedBy } from '../../pause.js';
import { ensureStateDir } from '../../io/state-dir.js';
import { HandoverError } from '../../errors.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';
import type { CaptureKind } from '../../session/facts.js';

/** `note`: durable at once (appended and fsynced); rendered into the session's note at the next Stop. */
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
  const session = values.session ?? io.env.CLAUDE_CODE_SESSION_ID ?? (await currentSession(p.layout));
  if (!session) throw new HandoverError('NO_SESSION', msg.noteNoSession, { hint: msg.noteNoSessionFix });
  validateSession(session);
  ensureStateDir(p.layout.stateDir);
  const c = await addCapture(p.layout, { kind, text, session, ...(kind === 'done' ? { closes: text } : {}) }, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow });
  io.out(msg.noteSaved(c.id, session));
  return EXIT.ok;
}
