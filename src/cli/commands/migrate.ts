import { loadProject } from '../../project/project.js';
import { parse, EXIT, type CliIO } from '../io.js';

export async function migrate(args: string[], io: CliIO): Promise<number> {
  parse(args, {});
  const p = await loadProject(io.cwd, { env: io.env });
  const r = await (await import('../../sync/migrate.js')).migrateToShared(p);
  (r.status === 'branch-mode' || r.status === 'paused' ? io.err : io.out)(r.message);
  return r.status === 'paused' ? EXIT.paused : r.status === 'branch-mode' ? EXIT.failed : EXIT.ok;
}
