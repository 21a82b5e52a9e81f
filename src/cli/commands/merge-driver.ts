import { loadProject, memoryRel } from '../../project/project.js';
import { sync as msg } from '../../messages/sync.js';
import { EXIT, type CliIO } from '../io.js';

/**
 * `agent-handover merge-driver current-state %O %A %B %P | archive %O %A %B [%P] | note %O %A %B | topic %O %A %B %P`,
 * run by git during a merge. Writes the result over %A and exits 0. If current-state.md or a topic
 * page cannot be regenerated our side is kept (exit 0): it is derived and the next handover or
 * refine rebuilds it. An archive or a note that cannot be merged exits 1, so git reports a conflict
 * rather than drop entries.
 */
export async function mergeDriver(args: string[], io: CliIO): Promise<number> {
  const [kind, , ours, theirs, pathname] = args;
  if (!kind || !ours || !theirs || !['current-state', 'archive', 'note', 'topic'].includes(kind) || (kind === 'topic' && !pathname)) {
    io.err(msg.driver.usage);
    return EXIT.usage;
  }
  try {
    const d = await import('../../sync/merge-driver.js');
    if (kind === 'archive') await d.driveArchive(ours, theirs, pathname);
    else if (kind === 'note') await d.driveNote(ours, theirs);
    else {
      const p = await loadProject(io.cwd, { env: io.env });
      if (kind === 'topic') {
        await d.driveTopic(p.root, ours, pathname!, memoryRel(p), (body, meta) => p.store.topicFile(body, meta));
      } else await d.driveCurrentState(p.root, ours, memoryRel(p), { staleAfterDays: p.config.staleAfterDays });
    }
  } catch (err) {
    io.err(msg.driver.failed(kind, err instanceof Error ? err.message : String(err)));
    if (kind !== 'current-state' && kind !== 'topic') return EXIT.failed;
  }
  return EXIT.ok;
}
