import { join } from 'node:path';
import { compact } from '../../store/compact.js';
import { loadProject } from '../../pipeline/project.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';

export async function compactCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const p = await loadProject(io.cwd);
  const days = values['older-than'] === undefined ? p.config.compaction.olderThanDays : Number(values['older-than']);
  if (!Number.isInteger(days) || days < 0) throw new UsageError(`--older-than takes a whole number of days, got ${JSON.stringify(values['older-than'])}.`);
  const r = await compact({ store: p.store, olderThanDays: days, checkpointPath: join(p.layout.stateDir, 'compact-checkpoint.json'), pauseFiles: p.layout.pauseFiles, dryRun: !!values['dry-run'] });
  if (values['dry-run']) {
    io.out(msg.compactPlan(r.months, r.archived));
    return EXIT.ok;
  }
  if (r.run?.status === 'paused') {
    io.err(msg.runPaused(r.run.pausedBy ?? 'PAUSE'));
    return EXIT.paused;
  }
  io.out(msg.compacted(r.months, r.archived, r.removed));
  return r.run?.status === 'completed' ? EXIT.ok : EXIT.failed;
}
