import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compact } from '../../store/compact.js';
import { loadProject } from '../../project/project.js';
import { pausedBy } from '../../pause.js';
import { ensureStateDir } from '../../io/state-dir.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';

export async function compactCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const p = await loadProject(io.cwd, { env: io.env });
  const days = values['older-than'] === undefined ? p.config.compaction.olderThanDays : Number(values['older-than']);
  if (!Number.isInteger(days) || days < 0) throw new UsageError(`--older-than takes a whole number of days, got ${JSON.stringify(values['older-than'])}.`);
  const dryRun = !!values['dry-run'];
  // Paused is exit 4 whether or not anything is due, as for every other command.
  const paused = dryRun ? undefined : pausedBy(p.layout.pauseFiles);
  if (paused) {
    io.err(msg.runPaused(paused));
    return EXIT.paused;
  }
  const opts = { store: p.store, olderThanDays: days, checkpointPath: join(p.layout.stateDir, 'compact-checkpoint.json'), pauseFiles: p.layout.pauseFiles };
  // The compaction checkpoint lives in the state folder, which must keep itself out of git status;
  // with nothing due (and nothing in flight) the command writes nothing at all.
  if (!dryRun && ((await compact({ ...opts, dryRun: true })).months.length || existsSync(opts.checkpointPath))) ensureStateDir(p.layout.stateDir);
  const r = await compact({ ...opts, dryRun });
  if (dryRun) {
    io.out(msg.compactPlan(r.months, r.archived));
    return EXIT.ok;
  }
  if (r.run?.status === 'paused') {
    io.err(msg.runPaused(r.run.pausedBy ?? 'PAUSE'));
    return EXIT.paused;
  }
  io.out(msg.compacted(r.months, r.archived, r.removed));
  // No run at all means nothing was due: success, not failure.
  return !r.run || r.run.status === 'completed' ? EXIT.ok : EXIT.failed;
}
