import { join } from 'node:path';
import { Checkpoint } from '../engine/checkpoint.js';
import { gitState } from '../session/git-facts.js';
import { memoryRel, type Project } from '../project/project.js';
import type { DerivedState, GitState, StateItem } from '../render/current-state.js';
import { pausedBy } from '../pause.js';

/** Starts loading what buildContext needs, so a caller can overlap it with other waiting. */
export function preloadContext(): Promise<unknown> {
  return Promise.all([import('../render/current-state.js'), import('../render/context.js')]);
}

/** The text SessionStart injects (and `agent-handover context` prints), within `budget` characters. */
export async function buildContext(p: Project, opts: { budget?: number; note?: string; git?: GitState; warning?: string; onRendered?: (state: DerivedState & { captured: StateItem[] }, text: string) => void } = {}): Promise<string> {
  // A warning (an invalid config) is one line above the context, inside the same budget.
  const head = opts.warning ? `${opts.warning.replace(/\s+/g, ' ').slice(0, 600)}\n\n` : '';
  const budget = Math.max(0, (opts.budget ?? p.config.context.budget) - head.length);
  const g = opts.git ?? (await projectGitState(p));
  const { deriveState } = await import('../render/current-state.js');
  const { renderContext } = await import('../render/context.js');
  const state = await deriveState(p.store, { ...('branch' in g && g.branch ? { branch: g.branch } : {}), ...('head' in g && g.head ? { head: g.head } : {}), uncommitted: g.uncommitted }, {
    indexPath: join(p.layout.stateDir, 'index.json'),
    now: new Date().toISOString(),
    staleAfterDays: p.config.staleAfterDays,
    // PAUSE means nothing is written, not even our cache.
    writeIndex: !pausedBy(p.layout.pauseFiles),
  });
  let interrupted = opts.note;
  if (!interrupted) {
    const cp = await new Checkpoint(p.layout.checkpointPath).read().catch(() => undefined);
    if (cp?.status === 'in_progress') interrupted = `A handover (run ${cp.run_id}, session ${cp.session}) was interrupted and is not finished yet; \`agent-handover run\` finishes it.`;
  }
  // Notes captured since the last handover show at once, not only after the next one renders them.
  const { pendingCaptures, withPending } = await import('./pending-captures.js');
  const pending = await pendingCaptures(p);
  // After a refine, repeated facts are one line with a count and closed or superseded ones are gone.
  const { readRefinedCache, withRefined } = await import('../refine/context-items.js');
  const refinedCache = await readRefinedCache(join(p.layout.stateDir, 'refined.json'));
  const refined = refinedCache ? withRefined(state, refinedCache, p.config.staleAfterDays) : state;
  const full = pending.length ? withPending(refined, pending, refined.asOf) : { ...refined, captured: [] };
  const text = head + renderContext(full, {
    budget,
    ...(interrupted ? { interrupted } : {}),
    memoryRel: `${memoryRel(p)}/layer2/current-state.md`,
    captured: full.captured,
    ...(p.isGitRepo ? {} : { noRepo: true }),
  });
  opts.onRendered?.(full, text);
  return text;
}

/** Branch, the user's HEAD and their uncommitted files, our own folders left out. */
export async function projectGitState(p: Project): Promise<GitState> {
  return p.isGitRepo ? gitState(p.root, [memoryRel(p), '.agent-handover'], p.earlyStatus) : { uncommitted: [] };
}
