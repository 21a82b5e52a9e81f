import type { Project } from '../project/project.js';
import { configWarningLine, loadHookProject } from './hook-project.js';
import { Checkpoint } from '../engine/checkpoint.js';
import { buildContext, preloadContext, projectGitState } from '../pipeline/session-context.js';
import { backfill } from './backfill.js';
import type { GitState } from '../render/current-state.js';
import { readSessionState, writeSessionState, setCurrentSession } from '../session/session-state.js';
import { pausedBy } from '../pause.js';
import { ensureStateDir } from '../io/state-dir.js';
import { pendingEndings } from './pending-endings.js';
import { projectDirOf, type HookInput, type HookOutput } from './hook-types.js';
import { adapterFor } from '../agents/registry.js';
import { budgetFor } from '../agents/budget.js';

const RESUME_BUDGET_MS = 5_000;

function within<T>(ms: number, work: Promise<T>): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ done: false }>((r) => (timer = setTimeout(() => r({ done: false }), ms)));
  return Promise.race([work.then((value) => ({ done: true as const, value })), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Finish what earlier processes left: an interrupted run, then endings that never ran. Nothing
 * left (the usual start) costs a file read and a folder listing; the engine is loaded only when
 * there is work for it.
 */
async function catchUp(p: Project): Promise<void> {
  const status = await new Checkpoint(p.layout.checkpointPath).status().catch(() => 'unreadable');
  // An unreadable checkpoint goes to the engine too: its error is what the context reports.
  if (status !== 'none' && status !== 'completed') {
    const { runHandover } = await import('../pipeline/run-handover.js');
    await runHandover(p, { event: 'session_start' }, { resumeOnly: true, lockWaitMs: 3_000 });
  }
  const endings = await pendingEndings(p);
  if (!endings.length) return;
  const { finishEnding } = await import('./session-end.js');
  // One ending that cannot be finished must not keep the others waiting behind it.
  const errors: string[] = [];
  for (const file of endings) await finishEnding(p, file, 3_000).catch((err: unknown) => void errors.push(err instanceof Error ? err.message : String(err)));
  if (errors.length) throw new Error(errors.join('; '));
}

export async function sessionStartHook(input: HookInput): Promise<HookOutput> {
  const p = await loadHookProject(projectDirOf(input), input.env, 'session-start', input.status);
  if (!p.config.hooks.session_start) return { exitCode: 0 };
  const paused = pausedBy(p.layout.pauseFiles);
  let note: string | undefined;
  let gitNow: Promise<GitState> | undefined;
  let writes: Promise<unknown> = Promise.resolve();
  if (!paused) {
    ensureStateDir(p.layout.stateDir);
    // One look at git for both the session's start record and the context, taken while earlier
    // work is caught up: a resumed handover only adds our own commit, which the user's HEAD skips.
    gitNow = projectGitState(p);
    gitNow.catch(() => undefined);
    // The context's modules load while git works.
    preloadContext().catch(() => undefined);
    const r = await within(RESUME_BUDGET_MS, catchUp(p).then(() => undefined, (err: unknown) => String(err)));
    if (!r.done) note = 'An interrupted handover is still being finished in the background; the state below may be one turn old.';
    else if (r.value) note = `An interrupted handover could not be finished: ${r.value.slice(0, 300)} (details in .agent-handover/log).`;
    const id = input.payload.session_id;
    if (id) {
      const record = async () => {
        if (await readSessionState(p.layout, id)) return;
        const { head, branch: rawBranch } = await gitNow!;
        // A branch name can hold a secret; the state file is on disk (our rules: no module load here).
        const { sanitizeQuick } = await import('../redact/sanitize.js');
        const branch = rawBranch && (await sanitizeQuick(rawBranch, { extraPatterns: p.config.redaction.extraPatterns, allow: p.config.redaction.allow })).text;
        const { keepableTranscript } = await import('../session/transcript-path.js');
        const transcript = (await keepableTranscript(input.payload.transcript_path)).path;
        await writeSessionState(p.layout, {
          version: 1,
          session: id,
          agent: adapterFor(input.agent).name,
          startedAt: new Date().toISOString(),
          ...(head ? { headStart: head } : {}),
          ...(branch ? { branch } : {}),
          ...(transcript ? { transcriptPath: transcript } : {}),
          transcriptOffset: 0,
          compactSummaries: [],
          lastEvent: `session_start:${input.payload.source ?? 'startup'}`,
        });
      };
      // The session's own files are written (durably) while the rest of the start goes on; the
      // context does not read them, and the hook answers only once they are on disk.
      writes = Promise.all([record(), setCurrentSession(p.layout, id)]);
      writes.catch(() => undefined);
      const startup = input.payload.source === 'startup' || input.payload.source === undefined;
      if (startup) await within(2_000, backfill(p, id).catch(() => undefined));
    }
    // Shared mode: bring in what other machines wrote, within the hook's budget; offline is fine.
    if (p.config.git.mode === 'shared' && p.isGitRepo) {
      const { syncMemory } = await import('../sync/sync.js');
      await within(2_500, syncMemory(p, { fetchOnly: true, publish: false, timeoutMs: 2_000 }).catch(() => undefined));
    }
  } else {
    note = `agent-handover is paused (${paused}); memory is read-only until it is removed.`;
  }
  const adapter = adapterFor(input.agent);
  const text = await buildContext(p, { budget: budgetFor(p.config, adapter), ...(note ? { note } : {}), ...(gitNow ? { git: await gitNow } : {}), ...(p.configError ? { warning: configWarningLine(p.configError) } : {}) });
  await writes;
  return { exitCode: 0, stdout: adapter.startOutput(text) };
}
