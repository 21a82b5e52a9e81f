import { loadProject } from '../../project/project.js';
import { checkNote, recordNote, type ResolvedTarget } from '../../pipeline/record-note.js';
import { HandoverError, ValidationError } from '../../errors.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';

function saidWhere(t: ResolvedTarget): string {
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
  const kind = values.kind ?? 'context';
  const text = positionals.join(' ').trim();
  try {
    checkNote(kind, text, '--kind');
  } catch (err) {
    if (err instanceof ValidationError) throw new UsageError(err.message);
    throw err;
  }
  const p = await loadProject(io.cwd, { env: io.env });
  let r;
  try {
    r = await recordNote(p, { kind, text, session: values.session }, io.env);
  } catch (err) {
    // Several open sessions and nothing to choose by: the user must say which (a usage error).
    if (err instanceof HandoverError && err.code === 'AMBIGUOUS_SESSION') throw new UsageError(err.message, err.hint ?? msg.seeHelp);
    throw err;
  }
  if ('paused' in r) {
    io.err(msg.runPaused(r.paused));
    return EXIT.paused;
  }
  const where = saidWhere(r.target);
  io.out(`${msg.noteSaved(r.capture.id, r.session)}${where ? ` ${where}` : ''}`);
  return EXIT.ok;
}
