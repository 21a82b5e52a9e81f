import { resolve, join } from 'node:path';
import { Checkpoint } from '../../engine/checkpoint.js';
import { checkExitCode, EXIT } from '../exit-codes.js';
import { CheckpointError, ConfigError, describeError } from '../../errors.js';
import { locateRepo } from '../../git/locate-repo.js';
import { expandHome } from '../../config/layout.js';
import { cli as msg } from '../../messages/cli.js';
import { parse, type CliIO } from '../io.js';

/**
 * Precedence: --checkpoint > $AGENT_HANDOVER_CHECKPOINT > the config's path > the default. The
 * config is only parsed when a file exists, keeping this the cheapest command.
 */
export async function checkpointPathFor(io: CliIO, flag: string | undefined, top?: string): Promise<string> {
  if (flag) return resolve(io.cwd, expandHome(flag));
  if (io.env.AGENT_HANDOVER_CHECKPOINT) return resolve(io.cwd, expandHome(io.env.AGENT_HANDOVER_CHECKPOINT));
  // The hooks' locator: a stray `.git` folder in a sub-folder must not hide the project's checkpoint.
  const root = top ?? (await locateRepo(io.cwd))?.top ?? io.cwd;
  if ((await import('node:fs')).existsSync(join(root, '.agent-handover.yml'))) {
    const { loadProject } = await import('../../project/project.js');
    return (await loadProject(root, { env: io.env })).layout.checkpointPath;
  }
  return join(root, '.agent-handover', 'checkpoint.json');
}

/** `top`: the work tree's top when the caller has already located it (src/check-main.ts). */
export async function check(args: string[], io: CliIO, top?: string): Promise<number> {
  const { values } = parse(args, { checkpoint: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } });
  try {
    const data = await new Checkpoint(await checkpointPathFor(io, values.checkpoint, top)).read();
    if (!values.quiet) {
      if (!data) io.out(msg.checkClean);
      else if (data.status === 'in_progress') io.out(msg.checkResume(data.run_id, Object.entries(data.steps).filter(([, s]) => s === 'pending').map(([n]) => n)));
      else if (data.abandoned) io.out(msg.checkAbandoned(data.run_id, data.finished_at ?? '?', data.abandoned.step));
      else io.out(msg.checkCompleted(data.run_id, data.finished_at ?? '?'));
    }
    return checkExitCode(data?.status ?? 'none');
  } catch (err) {
    // A broken config hides where the checkpoint is: that is "unreadable" (3), never RESUME (1).
    if (err instanceof ConfigError || err instanceof CheckpointError) {
      io.err(`agent-handover: ${describeError(err)}`);
      return EXIT.unreadable;
    }
    throw err;
  }
}
