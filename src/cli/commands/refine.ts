import { join } from 'node:path';
import { loadProject, memoryRel } from '../../project/project.js';
import { pausedBy } from '../../pause.js';
import { ensureStateDir } from '../../io/state-dir.js';
import { cli as msg } from '../../messages/cli.js';
import { refine as rmsg } from '../../messages/refine.js';
import { parse, EXIT, type CliIO } from '../io.js';

export async function refineCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'if-due': { type: 'boolean' } });
  const dryRun = !!values['dry-run'];
  const p = await loadProject(io.cwd, { env: io.env });
  const paused = dryRun ? undefined : pausedBy(p.layout.pauseFiles);
  if (paused && values['if-due']) return EXIT.ok;
  if (paused) {
    io.err(msg.runPaused(paused));
    return EXIT.paused;
  }
  if (!dryRun) ensureStateDir(p.layout.stateDir);
  const { runRefine } = await import('../../refine/run-refine.js');
  const input = {
    store: p.store,
    indexPath: join(p.layout.stateDir, 'index.json'),
    checkpointPath: join(p.layout.stateDir, 'refine.json'),
    ...(p.isGitRepo ? { gitRoot: p.root } : {}),
    memoryRel: memoryRel(p),
    now: new Date().toISOString(),
    dryRun,
    mayWrite: () => !pausedBy(p.layout.pauseFiles),
  };
  if (values['if-due'] && !dryRun) {
    await (await import('../../refine/background.js')).refineInBackground(p, input);
    return EXIT.ok;
  }
  const r = await runRefine(input);
  const { items, before } = r.refined;
  if (values.json) {
    const report = {
      dryRun,
      notes: r.notes,
      before,
      after: items.length,
      merges: items.filter((i) => i.count > 1).map((i) => ({ kind: i.kind, id: i.id, count: i.count, ids: i.occurrences.map((o) => o.id), text: i.text, latest: i.latestDate })),
      closed: items.filter((i) => i.closed).map((i) => ({ id: i.id, ...i.closed })),
      maybeDone: items.filter((i) => i.maybeDoneBy).map((i) => ({ id: i.id, commits: i.maybeDoneBy })),
      superseded: items.filter((i) => i.supersededBy).map((i) => ({ id: i.id, by: i.supersededBy })),
      pages: r.pages,
      removed: r.removed,
    };
    io.out(JSON.stringify(report, null, 2));
    return EXIT.ok;
  }
  const lines = [rmsg.report.header(before, items.length, dryRun), ...(r.changes.length ? r.changes : [rmsg.report.nothing])];
  lines.push(...r.pages.map((pg) => rmsg.report.write(pg.rel, pg.state)), ...r.removed.map(rmsg.report.remove));
  if (dryRun) lines.push(rmsg.report.dryRun);
  io.out(lines.join('\n'));
  return EXIT.ok;
}
