import { Checkpoint } from '../../engine/checkpoint.js';
import { CheckpointError } from '../../errors.js';
import { loadProject } from '../../project/project.js';
import { pausedBy } from '../../pause.js';
import { parse, EXIT, type CliIO } from '../io.js';

export async function status(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' }, checkpoint: { type: 'string' } });
  const p = await loadProject(io.cwd, { env: io.env, tolerateConfigError: true, ...(values.checkpoint ? { checkpointPath: values.checkpoint } : {}) });
  let run: Record<string, unknown> = { state: 'none' };
  try {
    const data = await new Checkpoint(p.layout.checkpointPath).read();
    if (data) {
      const lastError = Object.values(data.step_info).find((i) => i.last_error)?.last_error;
      run = {
        state: data.status,
        runId: data.run_id,
        session: data.session,
        tag: data.tag,
        event: data.meta.event,
        startedAt: data.started_at,
        finishedAt: data.finished_at,
        steps: Object.entries(data.steps).map(([name, s]) => ({ name, state: s, attempts: data.step_info[name]?.attempts ?? 0, lastError: data.step_info[name]?.last_error })),
        ...(lastError ? { lastError } : {}),
        ...(data.abandoned ? { abandoned: data.abandoned } : {}),
      };
    }
  } catch (err) {
    if (!(err instanceof CheckpointError)) throw err;
    run = { state: 'unreadable', error: err.message, fix: err.hint };
  }
  const paused = pausedBy(p.layout.pauseFiles) ?? null;
  const counts = await p.store.counts();
  const configError = p.configError ? { error: p.configError.message, fix: p.configError.hint ?? null } : null;
  const report = { root: p.root, checkpoint: p.layout.checkpointPath, run, paused, memory: counts, config: p.config.source ?? null, ...(configError ? { configError } : {}) };
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else {
    const lines = [`Project:    ${p.root}`, `Checkpoint: ${p.layout.checkpointPath}`, `Run:        ${String(run.state)}${run.runId ? ` (${String(run.runId)}, session ${String(run.session)})` : ''}`];
    for (const s of (run.steps as { name: string; state: string; attempts: number; lastError?: string }[] | undefined) ?? []) lines.push(`  ${s.state === 'done' ? '✓' : '·'} ${s.name} (${s.state}, attempts ${s.attempts})${s.lastError ? `: ${s.lastError}` : ''}`);
    if (run.state === 'unreadable') lines.push(`  ${String(run.error)}`, `  Fix: ${String(run.fix)}`);
    lines.push(`PAUSE:      ${paused ?? 'no'}`, `Memory:     ${counts.layer1} session notes, ${counts.layer2} current state, ${counts.layer3} archives`);
    if (configError) lines.push(`Config:     ${configError.error}`, `  Fix: ${String(configError.fix)}`);
    io.out(lines.join('\n'));
  }
  return run.state === 'unreadable' || configError ? EXIT.unreadable : EXIT.ok;
}
