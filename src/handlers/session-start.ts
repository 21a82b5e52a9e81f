import { spawn } from 'node:child_process';
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
import type { ShownState } from '../score/record-start.js';
import { hooks as msg } from '../messages/hooks.js';

/** The detached catch-up worker has the worker deadline, so it may wait longer for the lock. */
const WORKER_LOCK_WAIT_MS = 15_000;

// How long SessionStart works on what earlier processes left before it answers the agent;
// AGENT_HANDOVER_RESUME_BUDGET_MS shrinks it (tests of a resume that outlasts it).
function resumeBudget(env: NodeJS.ProcessEnv): number {
  const forced = Number(env.AGENT_HANDOVER_RESUME_BUDGET_MS);
  return Number.isFinite(forced) && forced > 0 ? forced : 5_000;
}

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
async function catchUp(p: Project, opts: { lockWaitMs: number; handedOff?: () => boolean }): Promise<void> {
  const status = await new Checkpoint(p.layout.checkpointPath).status().catch(() => 'unreadable');
  // An unreadable checkpoint goes to the engine too: its error is what the context reports.
  if (status !== 'none' && status !== 'completed') {
    const { runHandover } = await import('../pipeline/run-handover.js');
    await runHandover(p, { event: 'session_start' }, { resumeOnly: true, lockWaitMs: opts.lockWaitMs });
  }
  const endings = await pendingEndings(p);
  // One ending that cannot be finished must not keep the others waiting behind it.
  const errors: string[] = [];
  if (endings.length) {
    const { finishEnding } = await import('./session-end.js');
    for (const file of endings) {
      // Once a worker has the catch-up, this process starts nothing more (it is about to exit).
      if (opts.handedOff?.()) return;
      await finishEnding(p, file, opts.lockWaitMs).catch((err: unknown) => void errors.push(err instanceof Error ? err.message : String(err)));
    }
  }
  // Refine, when due, in a detached worker (src/refine/schedule.ts): the context does not wait.
  if (!opts.handedOff?.()) await (await import('../refine/schedule.js')).startRefineIfDue(p);
  if (errors.length) throw new Error(errors.join('; '));
}

/**
 * The catch-up outlasted the budget: the hook answers now and its process exits, which cuts the
 * work in flight (as safely as a kill: the checkpoint is durable). A detached worker takes the rest
 * (it gets the lock once this process is gone), unless detaching is off or there is no entry
 * script to run; then the next handover finishes it. Returns the line the context carries.
 */
function handOff(p: Project, input: HookInput): string {
  if (!input.entryScript || input.env.AGENT_HANDOVER_NO_DETACH === '1') return msg.catchUpNextHandover;
  try {
    // The root in argv also lets a test (or ps) tell which project a worker acts on.
    const child = spawn(process.execPath, [input.entryScript, '--worker', p.root], { cwd: p.root, detached: true, stdio: 'ignore', env: { ...input.env, CLAUDE_PROJECT_DIR: p.root } });
    child.on('error', () => undefined);
    child.unref();
    return msg.catchUpDetached;
  } catch {
    return msg.catchUpNextHandover;
  }
}

export async function sessionStartHook(input: HookInput): Promise<HookOutput> {
  const p = await loadHookProject(projectDirOf(input), input.env, 'session-start', input.status);
  if (!p.config.hooks.session_start) return { exitCode: 0 };
  // The detached worker of a start whose catch-up outlasted its budget: that work, nothing else.
  if (input.args[0] === '--worker') {
    if (!pausedBy(p.layout.pauseFiles)) await catchUp(p, { lockWaitMs: WORKER_LOCK_WAIT_MS });
    return { exitCode: 0 };
  }
  const paused = pausedBy(p.layout.pauseFiles);
  const id = input.payload.session_id;
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
    let handedOff = false;
    const r = await within(resumeBudget(input.env), catchUp(p, { lockWaitMs: 3_000, handedOff: () => handedOff }).then(() => undefined, (err: unknown) => String(err)));
    if (!r.done) {
      handedOff = true;
      note = handOff(p, input);
    } else if (r.value) note = msg.catchUpFailed(r.value.slice(0, 300));
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
  // What the agent is shown is recorded, so its handover can be scored at its turn endings (src/score/).
  let seen: Promise<unknown> = Promise.resolve();
  const onRendered = paused || !id ? undefined : (state: ShownState, shown: string) => void (seen = import('../score/record-start.js').then((m) => m.recordStart(p.layout, state, shown, { session: id, agent: adapter.name })).catch(async (err: unknown) => {
    // Only the score is lost: the context is injected as ever, and the cause is in the log.
    const [{ appendLog }, { score }] = await Promise.all([import('../io/log.js'), import('../messages/score.js')]);
    await appendLog(p.layout.logPath, 'session-start', score.notRecorded(err instanceof Error ? err.message : String(err))).catch(() => undefined);
  }));
  const text = await buildContext(p, { budget: budgetFor(p.config, adapter), ...(note ? { note } : {}), ...(gitNow ? { git: await gitNow } : {}), ...(p.configError ? { warning: configWarningLine(p.configError) } : {}), ...(onRendered ? { onRendered } : {}) });
  await Promise.all([writes, seen]);
  return { exitCode: 0, stdout: adapter.startOutput(text) };
}
