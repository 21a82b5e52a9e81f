import { loadProject } from '../../pipeline/project.js';
import { checkNote, recordNote } from '../../pipeline/record-note.js';
import { ValidationError } from '../../errors.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';

/** `note`: durable at once (appended and fsynced); rendered into the session's note at the next Stop. */
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
  const r = await recordNote(p, { kind, text, session: values.session }, io.env);
  if ('paused' in r) {
    io.err(msg.runPaused(r.paused));
    return EXIT.paused;
  }
  io.out(msg.noteSaved(r.capture.id, r.session));
  return EXIT.ok;
}
