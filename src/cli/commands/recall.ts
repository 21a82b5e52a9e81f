import { loadProject } from '../../project/project.js';
import { recall as msg } from '../../messages/recall.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';
import { ValidationError } from '../../errors.js';

export async function recallCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    args,
    { kind: { type: 'string', short: 'k' }, since: { type: 'string' }, agent: { type: 'string' }, limit: { type: 'string', short: 'n' }, json: { type: 'boolean' } },
    true,
  );
  const query = positionals.join(' ').trim();
  if (!query) throw new UsageError(msg.noQuery);
  (await import('../../recall/sqlite.js')).preferQuickStart();
  const { recallFilter, openProjectIndex, formatHits, presentHit } = await import('../../recall/recall.js');
  let filter;
  try {
    filter = recallFilter(values);
  } catch (err) {
    if (err instanceof ValidationError) throw new UsageError(err.message);
    throw err;
  }
  const p = await loadProject(io.cwd, { env: io.env });
  const { index, paused } = openProjectIndex(p);
  try {
    const hits = index.search(query, filter);
    if (values.json) io.out(JSON.stringify({ query, hits: hits.map((h) => presentHit(p, h)) }, null, 2));
    else io.out(formatHits(p, query, hits));
    if (paused) io.err(msg.pausedStale);
    return EXIT.ok;
  } finally {
    index.close();
  }
}
