import { appendFile, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readIfExists, writeFileAtomic } from '../io/atomic.js';
import { validateSession } from '../store/validate.js';
import type { Layout } from '../config/layout.js';
import type { SessionFacts } from '../session/facts.js';
import { readInjected, scoreDir, type InjectedRecord } from './injected.js';
import { pointsOf, total, type ScoredSignal } from './points.js';
import { signalsOf } from './signals.js';

/** Sections a signal can show used; the others are shown without any measure of their use. */
const MEASURED = ['files', 'failures', 'tasks', 'followups', 'captured'];

/** The score of one handover, measured on the session that came after it. */
export interface HandoverScore {
  v: 1;
  /** The next session, whose transcript the signals come from. */
  session: string;
  agent: string;
  /** The session whose handover is scored. */
  of: string;
  ofAgent?: string;
  /** When the next session was shown the handover (ISO), and its ISO week (2026-W49). */
  at: string;
  week: string;
  score: number;
  /** The signals that moved the score (and first_edit, which says how the session began). */
  signals: ScoredSignal[];
  /** Signals left out because their kind had reached its cap (worth 0). */
  capped?: number;
  sections: { shown: string[]; used: string[]; unused: string[]; unmeasured: string[] };
}

/** ISO 8601 week of an instant, e.g. 2026-W49. */
export function isoWeek(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown';
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The score of handover `h` on the next session's facts `f`. Pure. */
export function scoreHandover(h: InjectedRecord & { of: string }, f: SessionFacts): HandoverScore {
  const all = pointsOf(signalsOf(h, f), f.transcript?.opening);
  // A row stays small: a signal worth nothing (its kind's cap reached, a start within the free
  // calls) is counted, not kept; texts are cut. first_edit is kept: it says how the session began.
  const signals = all.filter((s) => s.points !== 0 || s.kind === 'first_edit').map((s) => ({ ...s, ...(s.item ? { item: s.item.slice(0, 160) } : {}), evidence: s.evidence.slice(0, 200) }));
  const capped = all.filter((s) => s.points === 0 && s.kind !== 'first_edit' && s.kind !== 'slow_start').length;
  const used = [...new Set(signals.filter((s) => s.points > 0 && s.section).map((s) => s.section!))];
  const restated = signals.some((s) => s.kind === 'request_restated');
  const shown = h.sections;
  return {
    v: 1,
    session: h.session,
    agent: h.agent,
    of: h.of,
    ...(h.ofAgent ? { ofAgent: h.ofAgent } : {}),
    at: h.at,
    week: isoWeek(h.at),
    score: total(signals),
    signals,
    ...(capped ? { capped } : {}),
    sections: {
      shown,
      used: shown.filter((s) => used.includes(s)),
      unused: shown.filter((s) => !used.includes(s) && (MEASURED.includes(s) || (s === 'request' && restated))),
      unmeasured: shown.filter((s) => !used.includes(s) && !MEASURED.includes(s) && !(s === 'request' && restated)),
    },
  };
}

/** One line per signal, for the note's front matter: "+15 failure_fixed `npm test` (line 40, passed)". */
export function signalLines(s: HandoverScore): string[] {
  return s.signals.map((x) => `${x.points > 0 ? '+' : ''}${x.points} ${x.kind}${x.item ? ` ${JSON.stringify(x.item.slice(0, 120))}` : ''} (${x.evidence})`);
}

export function scoresPath(layout: Layout): string {
  return join(layout.stateDir, 'scores.jsonl');
}

/** scores.jsonl past this many bytes keeps its newer half. */
const MAX_LOG = 2 * 1024 * 1024;

/**
 * Scores a session's handover at its turn ending: reads what its SessionStart recorded, computes
 * the score from the session's facts (already read and redacted by collect: no transcript is read
 * again) and, when it changed, appends it to .agent-handover/scores.jsonl for `agent-handover
 * score`. Undefined when the session was shown no earlier session's work.
 */
export async function scoreSession(layout: Layout, f: SessionFacts): Promise<HandoverScore | undefined> {
  validateSession(f.session);
  const h = await readInjected(layout, f.session);
  if (!h?.of || h.of === f.session) return undefined;
  const score = scoreHandover({ ...h, of: h.of }, f);
  const lastPath = join(scoreDir(layout), `${f.session}.score.json`);
  const line = JSON.stringify(score);
  // The same turn run twice (a resumed handover) or a turn that changed nothing adds no row.
  if ((await readIfExists(lastPath)) === `${line}\n`) return score;
  await appendScoreLine(layout, line);
  await writeFileAtomic(lastPath, `${line}\n`, { durable: false });
  return score;
}

async function appendScoreLine(layout: Layout, line: string): Promise<void> {
  const path = scoresPath(layout);
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size > MAX_LOG) {
    const text = await readFile(path, 'utf8');
    const keep = text.slice(text.indexOf('\n', text.length - MAX_LOG / 2) + 1);
    await writeFileAtomic(path, keep, { durable: false });
  }
  await appendFile(path, `${line}\n`);
}

/** Every score row, the latest per next session (a session scored at each turn keeps its last). */
export async function readScores(layout: Layout): Promise<{ scores: HandoverScore[]; bad: number }> {
  return readScoresAt(scoresPath(layout));
}

export async function readScoresAt(path: string): Promise<{ scores: HandoverScore[]; bad: number }> {
  const text = await readIfExists(path);
  if (text === undefined) return { scores: [], bad: 0 };
  const bySession = new Map<string, HandoverScore>();
  let bad = 0;
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    try {
      const s = JSON.parse(l) as HandoverScore;
      if (s?.v !== 1 || typeof s.session !== 'string' || typeof s.score !== 'number') throw new Error('shape');
      bySession.delete(s.session);
      bySession.set(s.session, s);
    } catch {
      bad++;
    }
  }
  return { scores: [...bySession.values()], bad };
}
