import type { Layout } from '../config/layout.js';
import type { DerivedState, StateItem } from '../render/current-state.js';
import { injectedRecord, recordInjected } from './injected.js';

export type ShownState = DerivedState & { captured: StateItem[] };

/** SessionStart's one call: records what the session was shown, for its handover's score. */
export async function recordStart(layout: Layout, state: ShownState, text: string, who: { session: string; agent: string }): Promise<void> {
  await recordInjected(layout, injectedRecord(state, text, { ...who, at: new Date().toISOString() }));
}
