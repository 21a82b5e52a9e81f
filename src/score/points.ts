import type { OpeningFacts } from '../session/opening.js';
import type { Signal, SignalKind } from './signals.js';

/**
 * What each signal is worth, and the most one kind can add or take away. A handover starts at
 * BASE: what the next session took up raises it, what it had to find again, ask or be told again
 * lowers it. Fixed numbers, so every point of a score traces to one signal and one line.
 */
export const BASE = 50;

export const POINTS = {
  followup_closed: { each: 15, cap: 30 },
  followup_taken_up: { each: 10, cap: 20 },
  task_closed: { each: 12, cap: 24 },
  task_taken_up: { each: 8, cap: 16 },
  file_edited: { each: 5, cap: 20 },
  failure_fixed: { each: 15, cap: 30 },
  failure_rerun: { each: 4, cap: 8 },
  file_rediscovered: { each: -3, cap: -15 },
  question_about_handover: { each: -8, cap: -16 },
  request_restated: { each: -15, cap: -15 },
  // Per tool call past FREE_CALLS and per turn past FREE_TURNS before the first edit.
  slow_start: { each: -1, cap: -12 },
  first_edit: { each: 0, cap: 0 },
} satisfies Record<string, { each: number; cap: number }>;

export const SLOW_START = { freeCalls: 8, freeTurns: 2, perExtraTurn: 3 } as const;

/** The raw points of one signal, before its kind's cap. */
function raw(s: Signal, opening: OpeningFacts | undefined): number {
  if (s.kind !== 'slow_start') return POINTS[s.kind].each;
  if (!opening) return 0;
  return -(Math.max(0, opening.toolCalls - SLOW_START.freeCalls) + SLOW_START.perExtraTurn * Math.max(0, opening.turns - SLOW_START.freeTurns));
}

export interface ScoredSignal extends Signal {
  points: number;
}

/** Points for each signal, each kind held to its cap in the order the signals come (the first count first). */
export function pointsOf(signals: Signal[], opening: OpeningFacts | undefined): ScoredSignal[] {
  const used = new Map<SignalKind, number>();
  return signals.map((s) => {
    const cap = POINTS[s.kind].cap;
    const sofar = used.get(s.kind) ?? 0;
    const want = raw(s, opening);
    const points = cap >= 0 ? Math.max(0, Math.min(want, cap - sofar)) : Math.min(0, Math.max(want, cap - sofar));
    used.set(s.kind, sofar + points);
    return { ...s, points };
  });
}

export function total(scored: ScoredSignal[]): number {
  return Math.max(0, Math.min(100, BASE + scored.reduce((a, s) => a + s.points, 0)));
}
