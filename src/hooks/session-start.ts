import { loadProject, type Project } from '../pipeline/project.js';
import { runHandover } from '../pipeline/run-handover.js';
import { buildContext } from '../pipeline/session-context.js';
import { headOf, branchOf } from '../session/git-facts.js';
import { readSessionState, writeSessionState, setCurrentSession } from '../session/session-state.js';
import { pausedBy } from '../pause.js';
import { ensureStateDir } from '../io/state-dir.js';
import { finishEnding, pendingEndings } from './session-end.js';
import { projectDirOf, type HookInput, type HookOutput } from './hook-types.js';

const RESUME_BUDGET_MS = 5_000;

function within<T>(ms: number, work: Promise<T>): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ done: false }>((r) => (timer = setTimeout(() => r({ done: false }), ms)));
  return Promise.race([work.then((value) => ({ done: true as const, value })), timeout]).finally(() => clearTimeout(timer));
}

/** Finish what earlier processes left: an interrupted run, then endings that never ran. */
async function catchUp(p: Project): Promise<void> {
  await runHandover(p, { event: 'session_start' }, { resumeOnly: true, lockWaitMs: 3_000 });
  for (const file of await pendingEndings(p)) await finishEnding(p, file, 3_000);
}

export async function sessionStartHook(input: HookInput): Promise<HookOutput> {
  const p = await loadProject(projectDirOf(input), { env: input.env });
  if (!p.config.hooks.session_start) return { exitCode: 0 };
  const paused = pausedBy(p.layout.pauseFiles);
  let note: string | undefined;
  if (!paused) {
    ensureStateDir(p.layout.stateDir);
    const r = await within(RESUME_BUDGET_MS, catchUp(p).then(() => undefined, (err: unknown) => String(err)));
    if (!r.done) note = 'An interrupted handover is still being finished in the background; the state below may be one turn old.';
    else if (r.value) note = `An interrupted handover could not be finished: ${r.value.slice(0, 300)} (details in .agent-handover/log).`;
    const id = input.payload.session_id;
    if (id) {
      const existing = await readSessionState(p.layout, id);
      if (!existing) {
        const [head, branch] = p.isGitRepo ? await Promise.all([headOf(p.root), branchOf(p.root)]) : [undefined, undefined];
        await writeSessionState(p.layout, {
          version: 1,
          session: id,
          agent: 'claude-code',
          startedAt: new Date().toISOString(),
          ...(head ? { headStart: head } : {}),
          ...(branch ? { branch } : {}),
          ...(input.payload.transcript_path ? { transcriptPath: input.payload.transcript_path } : {}),
          transcriptOffset: 0,
          compactSummaries: [],
          lastEvent: `session_start:${input.payload.source ?? 'startup'}`,
        });
      }
      await setCurrentSession(p.layout, id);
      if (input.payload.source === 'startup' || input.payload.source === undefined) {
        const { backfill } = await import('./backfill.js');
        await within(2_000, backfill(p, id).catch(() => undefined));
      }
    }
    // Shared mode: bring in what other machines wrote, within the hook's budget; offline is fine.
    if (p.config.git.mode === 'shared' && p.isGitRepo) {
      const { syncMemory } = await import('../sync/sync.js');
      await within(2_500, syncMemory(p, { fetchOnly: true, timeoutMs: 2_000 }).catch(() => undefined));
    }
  } else {
    note = `agent-handover is paused (${paused}); memory is read-only until it is removed.`;
  }
  const text = await buildContext(p, note ? { note } : {});
  return { exitCode: 0, stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: text } }) };
}
