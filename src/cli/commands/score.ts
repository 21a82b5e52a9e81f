import { loadProject } from '../../project/project.js';
import { score as msg } from '../../messages/score.js';
import { parse, UsageError, EXIT, type CliIO } from '../io.js';

export async function scoreCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { last: { type: 'string', short: 'n' }, agent: { type: 'string' }, json: { type: 'boolean' } });
  const last = values.last === undefined ? undefined : Number(values.last);
  if (last !== undefined && (!Number.isInteger(last) || last < 1)) throw new UsageError(msg.badLast(values.last ?? ''));
  const p = await loadProject(io.cwd, { env: io.env });
  const { readScores, scoresPath } = await import('../../score/handover-score.js');
  const { scoreReport, formatReport } = await import('../../score/score-report.js');
  const { scores, bad } = await readScores(p.layout);
  const report = scoreReport(scores, { ...(last ? { last } : {}), ...(values.agent ? { agent: values.agent } : {}) });
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else if (!scores.length) io.out(msg.none(scoresPath(p.layout)));
  else if (!report.handovers.length) io.out(msg.noneFor(values.agent ?? ''));
  else io.out(formatReport(report));
  if (bad) io.err(msg.badRows(bad, scoresPath(p.layout)));
  return EXIT.ok;
}
