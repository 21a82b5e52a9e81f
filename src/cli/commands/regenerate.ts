import { join } from 'node:path';
import { loadProject, memoryRel } from '../../project/project.js';
import { gitState } from '../../session/git-facts.js';
import { pausedBy } from '../../pause.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, EXIT, type CliIO } from '../io.js';

/** Rebuilds layer2 from layer1 and git: also how a merge conflict in current-state.md is resolved. */
export async function regenerate(args: string[], io: CliIO): Promise<number> {
  parse(args, {});
  const p = await loadProject(io.cwd, { env: io.env });
  const paused = pausedBy(p.layout.pauseFiles);
  if (paused) {
    io.err(msg.runPaused(paused));
    return EXIT.paused;
  }
  const g = p.isGitRepo ? await gitState(p.root, [memoryRel(p), '.agent-handover']) : { uncommitted: [] as string[] };
  const { regenerateCurrentState } = await import('../../render/current-state.js');
  const path = await regenerateCurrentState(p.store, { ...('branch' in g && g.branch ? { branch: g.branch } : {}), ...('head' in g && g.head ? { head: g.head } : {}), uncommitted: g.uncommitted }, {
    indexPath: join(p.layout.stateDir, 'index.json'),
    now: new Date().toISOString(),
    staleAfterDays: p.config.staleAfterDays,
    // A rebuild by hand re-reads every note, in case one was edited in place.
    full: true,
  });
  io.out(msg.regenerated(path));
  return EXIT.ok;
}
