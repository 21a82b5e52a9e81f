import { score as msg } from '../messages/score.js';
import type { HandoverScore } from './handover-score.js';
import { cmp } from '../render/markdown.js';

function groups(list: HandoverScore[], key: (s: HandoverScore) => string): Array<{ key: string; handovers: number; mean: number }> {
  const by = new Map<string, HandoverScore[]>();
  for (const s of list) by.set(key(s), [...(by.get(key(s)) ?? []), s]);
  return [...by.entries()].sort(([a], [b]) => cmp(a, b)).map(([k, xs]) => ({ key: k, handovers: xs.length, mean: mean(xs) }));
}

/** What `agent-handover score` shows: the handovers, their averages per agent and per week, and the sections' use. */
export type ScoreReport = ReturnType<typeof scoreReport>;

/** The report over `all` scores (oldest first), filtered by the next session's agent, the last `last` kept. */
export function scoreReport(all: HandoverScore[], opts: { last?: number; agent?: string } = {}) {
  const ordered = [...all].sort((a, b) => cmp(a.at, b.at));
  const mine = opts.agent ? ordered.filter((s) => s.agent === opts.agent) : ordered;
  const list = opts.last ? mine.slice(-opts.last) : mine;
  const used = new Set(list.flatMap((s) => s.sections.used));
  const shown = new Set(list.flatMap((s) => s.sections.shown));
  const measured = new Set(list.flatMap((s) => [...s.sections.used, ...s.sections.unused]));
  const sorted = (xs: Iterable<string>) => [...xs].sort();
  return {
    total: mine.length,
    handovers: list,
    perAgent: groups(list, (s) => s.agent),
    perWeek: groups(list, (s) => s.week),
    sections: {
      used: sorted(used),
      neverUsed: sorted([...measured].filter((s) => !used.has(s))),
      unmeasured: sorted([...shown].filter((s) => !used.has(s) && !measured.has(s))),
    },
  };
}

export function formatReport(r: ScoreReport): string {
  const out = [msg.title(r.handovers.length, r.total), '', msg.perHandover];
  for (const s of r.handovers) {
    out.push(msg.handoverLine(s.of, s.ofAgent, s.session, s.agent, s.at, s.score));
    for (const x of s.signals) out.push(msg.signalLine(x.points, x.kind, x.item, x.evidence));
  }
  out.push('', msg.perAgent, ...r.perAgent.map((g) => msg.groupLine(g.key, g.handovers, g.mean)));
  out.push('', msg.perWeek, ...r.perWeek.map((g) => msg.groupLine(g.key, g.handovers, g.mean)));
  out.push('', msg.sections, msg.used(r.sections.used), msg.neverUsed(r.sections.neverUsed), msg.unmeasured(r.sections.unmeasured));
  return out.join('\n');
}

/** How many of the latest handovers each half of the trend compares. */
export const TREND_WINDOW = 5;
/** A drop of this many points between the halves' averages is a fall. */
const FALL = 10;

/** Doctor's line: the average of the last TREND_WINDOW handovers against the TREND_WINDOW before, when both exist. */
export function trendLine(all: HandoverScore[]): { falling: boolean; text: string } | undefined {
  const list = [...all].sort((a, b) => cmp(a.at, b.at));
  if (list.length < 2 * TREND_WINDOW) return list.length ? { falling: false, text: msg.steady(mean(list.slice(-TREND_WINDOW)), Math.min(TREND_WINDOW, list.length)) } : undefined;
  const recent = mean(list.slice(-TREND_WINDOW));
  const before = mean(list.slice(-2 * TREND_WINDOW, -TREND_WINDOW));
  return before - recent >= FALL ? { falling: true, text: msg.falling(before, recent, TREND_WINDOW) } : { falling: false, text: msg.steady(recent, TREND_WINDOW) };
}

function mean(xs: HandoverScore[]): number {
  return xs.reduce((a, s) => a + s.score, 0) / xs.length;
}
