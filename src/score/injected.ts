import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readIfExists, writeFileAtomic } from '../io/atomic.js';
import { normaliseText, uniqueBy } from '../render/markdown.js';
import { validateSession } from '../store/validate.js';
import { readJson } from '../render/json-file.js';
import type { DerivedState, StateItem } from '../render/current-state.js';
import { CONTEXT_SECTIONS } from '../render/context-sections.js';
import { leadSessions } from '../render/session-order.js';
import type { Layout } from '../config/layout.js';

/** Context sections, by the key the score reports them with, and the heading that opens each. */
const HEADINGS = Object.entries(CONTEXT_SECTIONS);

/**
 * What SessionStart put in front of a session, item by item: the handover the score measures.
 * Only what the rendered text really showed is listed (an item the budget left out is not in it),
 * so the score compares the next session with what its agent saw, not with what memory held.
 */
export interface InjectedRecord {
  version: 1;
  /** The session that was shown the context. */
  session: string;
  agent: string;
  /** ISO instant of the SessionStart. */
  at: string;
  /** The session whose work led the context: the handover being scored. */
  of?: string;
  ofAgent?: string;
  /** Section keys present in the text, in the order of HEADINGS. */
  sections: string[];
  chars: number;
  request?: string;
  files: string[];
  /** Commands still failing when the last session ended. */
  failing: string[];
  tasks: string[];
  followups: Array<{ id: string; text: string; section: 'followups' | 'captured' }>;
}

/** True when the first `n` characters of `item`, spaces folded, are in the text. */
function shown(text: string, item: string, n = 60): boolean {
  const want = normaliseText(item).slice(0, n).trim();
  return want.length > 0 && text.includes(want);
}

/** The record of what `text` (the context rendered from `state`) showed `session`. */
export function injectedRecord(state: DerivedState & { captured?: StateItem[] }, text: string, who: { session: string; agent: string; at: string }): InjectedRecord {
  const folded = normaliseText(text);
  const lead = leadSessions({ ...state, recentWork: state.recentWork ?? [] }).filter((w) => w.session !== who.session);
  const first = lead.find((w) => folded.includes(w.session));
  const uniq = (xs: string[]) => [...new Set(xs)];
  const work = lead.filter((w) => folded.includes(w.session)).map((w) => w.work);
  const lastRequest = first?.work.requests.at(-1);
  const followups = [
    ...state.openFollowups.map((f) => ({ id: f.id, text: f.text, section: 'followups' as const })),
    ...(state.captured ?? []).filter((f) => f.id.startsWith('f-')).map((f) => ({ id: f.id, text: f.text, section: 'captured' as const })),
  ].filter((f) => folded.includes(f.id));
  return {
    version: 1,
    session: who.session,
    agent: who.agent,
    at: who.at,
    ...(first ? { of: first.session, ...(first.agent && first.agent !== 'unknown' ? { ofAgent: first.agent } : {}) } : {}),
    sections: HEADINGS.filter(([, h]) => text.includes(h)).map(([k]) => k),
    chars: text.length,
    ...(lastRequest && shown(folded, lastRequest) ? { request: lastRequest } : {}),
    files: uniq(work.flatMap((w) => w.files.filter((f) => f.op !== 'touched before compaction' && text.includes(f.path)).map((f) => f.path))),
    failing: uniq(work.flatMap((w) => w.failures.filter((f) => f.status === 'failing' && text.includes(f.command)).map((f) => f.command))),
    tasks: uniq(work.flatMap((w) => w.tasks.filter((t) => t.status !== 'completed' && shown(folded, t.content)).map((t) => t.content))),
    followups: uniqueBy(followups, (f) => f.id),
  };
}

export function scoreDir(layout: Layout): string {
  return join(layout.stateDir, 'score');
}

function recordPath(layout: Layout, session: string): string {
  validateSession(session);
  return join(scoreDir(layout), `${session}.injected.json`);
}

/**
 * Keeps the record of the first context a session was shown. A later SessionStart of the same
 * session (a resume, a compaction) is shown that session's own work, which is no handover.
 */
export async function recordInjected(layout: Layout, record: InjectedRecord): Promise<void> {
  const path = recordPath(layout, record.session);
  if ((await readIfExists(path)) !== undefined) return;
  await writeFileAtomic(path, JSON.stringify(record) + '\n', { durable: false });
  await pruneRecords(layout).catch(() => undefined);
}

/**
 * Sessions whose records are kept: a session is scored during its own run, so only recent ones
 * are still read; the scores themselves stay in scores.jsonl. Bounds the folder at one pair of
 * small files per session for the last KEEP_SESSIONS sessions.
 */
export const KEEP_SESSIONS = 200;

async function pruneRecords(layout: Layout): Promise<void> {
  const dir = scoreDir(layout);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.injected.json'));
  if (names.length <= KEEP_SESSIONS) return;
  const dated = await Promise.all(names.map(async (n) => ({ n, t: await stat(join(dir, n)).then((s) => s.mtimeMs, () => 0) })));
  dated.sort((a, b) => a.t - b.t || a.n.localeCompare(b.n));
  for (const { n } of dated.slice(0, dated.length - KEEP_SESSIONS)) {
    const session = n.slice(0, -'.injected.json'.length);
    await rm(join(dir, n), { force: true });
    await rm(join(dir, `${session}.score.json`), { force: true });
  }
}

export async function readInjected(layout: Layout, session: string): Promise<InjectedRecord | undefined> {
  return readJson<InjectedRecord>(recordPath(layout, session), (r) => r?.version === 1 && Array.isArray(r.files));
}
