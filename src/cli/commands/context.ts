import { loadProject } from '../../pipeline/project.js';
import { buildContext } from '../../pipeline/session-context.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';

export async function context(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { budget: { type: 'string' } });
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && (!Number.isInteger(budget) || budget < 200)) throw new UsageError('--budget takes a whole number of characters, at least 200.');
  const p = await loadProject(io.cwd, { env: io.env });
  io.out(await buildContext(p, budget === undefined ? {} : { budget }));
  return EXIT.ok;
}
