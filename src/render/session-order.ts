import type { DerivedState, SessionEntry, SessionWithWork } from './current-state.js';

/**
 * The context's order of recent sessions: this branch's first (newest first, as given), then what
 * other branches (and, in shared mode, other machines) did. A note without a branch counts as this
 * branch's. Stable: within each group the given order is kept.
 */
export function branchFirst<T extends Pick<SessionEntry, 'branch'>>(sessions: readonly T[], branch: string | undefined): T[] {
  if (!branch) return [...sessions];
  const mine = sessions.filter((s) => !s.branch || s.branch === branch);
  return [...mine, ...sessions.filter((s) => s.branch && s.branch !== branch)];
}

export function onOtherBranch(s: Pick<SessionEntry, 'branch'>, branch: string | undefined): boolean {
  return !!branch && !!s.branch && s.branch !== branch;
}

/** Sessions shown with their work: the last one and, within the budget, two before it. */
const WORK_SHOWN = 3;

/** The sessions whose work leads the context: the newest on the current branch, else the newest anywhere. */
export function leadSessions(s: DerivedState): SessionWithWork[] {
  const onBranch = s.branch ? s.recentWork.filter((w) => w.branch === s.branch) : [];
  return (onBranch.length ? onBranch : s.recentWork).slice(0, WORK_SHOWN);
}
