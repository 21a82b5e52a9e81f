import { loadProject } from '../../project/project.js';
import { buildContext } from '../../pipeline/session-context.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';
import { CONTEXT_BUDGET } from '../../config/defaults.js';
import { cli as msg } from '../../messages/cli.js';

export async function context(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { budget: { type: 'string' } });
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && (!Number.isInteger(budget) || budget < CONTEXT_BUDGET.min || budget > CONTEXT_BUDGET.max)) throw new UsageError(msg.budgetRange(values.budget ?? '', CONTEXT_BUDGET.min, CONTEXT_BUDGET.max));
  const p = await loadProject(io.cwd, { env: io.env });
  io.out(await buildContext(p, budget === undefined ? {} : { budget }));
  return EXIT.ok;
}
