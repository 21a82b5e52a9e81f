import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readCaptures } from '../session/captures.js';
import { readSessionState } from '../session/session-state.js';
import type { Capture } from '../session/facts.js';
import type { DerivedState, StateItem } from '../render/current-state.js';
import type { Project } from '../project/project.js';

const SUFFIX = '.captures.jsonl';

/**
 * Captures (`agent-handover note`) not yet rendered into their session's note: a captures file
 * newer than the note, entries whose id the note does not hold. They show in the context at once,
 * before any handover renders them. Only files and stats, no git; nothing is written.
 */
export async function pendingCaptures(p: Project): Promise<Capture[]> {
  let names: string[];
  try {
    names = (await readdir(p.layout.sessionsDir)).filter((n) => n.endsWith(SUFFIX));
  } catch {
    return [];
  }
  const out: Capture[] = [];
  for (const n of names) {
    const session = n.slice(0, -SUFFIX.length);
    const captured = await stat(join(p.layout.sessionsDir, n)).catch(() => undefined);
    if (!captured) continue;
    const state = await readSessionState(p.layout, session).catch(() => undefined);
    const notePath = state?.notePath ? (state.notePath.startsWith('/') ? state.notePath : join(p.root, state.notePath)) : undefined;
    const note = notePath ? await stat(notePath).catch(() => undefined) : undefined;
    if (note && note.mtimeMs >= captured.mtimeMs) continue;
    const text = note && notePath ? await readFile(notePath, 'utf8').catch(() => '') : '';
    for (const c of await readCaptures(p.layout, session)) if (!text.includes(c.id)) out.push(c);
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

/** The derived state with pending captures added: follow-ups, decisions, gotchas, notes; `done` closes. */
export function withPending(s: DerivedState, pending: readonly Capture[], asOf: string): DerivedState & { captured: StateItem[] } {
  const item = (c: Capture): StateItem => {
    const at = c.at.slice(0, 10);
    return { id: c.id, text: c.text, session: c.session, at, ageDays: Math.max(0, Math.round((Date.parse(asOf) - Date.parse(at)) / 86_400_000)), stale: false, noteRel: '' };
  };
  const closed = new Set(pending.filter((c) => c.kind === 'done' && c.closes).map((c) => c.closes!));
  const known = new Set([...s.openFollowups, ...s.decisions, ...s.gotchas].map((i) => i.id));
  const fresh = pending.filter((c) => !known.has(c.id));
  const of = (kind: Capture['kind']) => fresh.filter((c) => c.kind === kind).map(item).reverse();
  return {
    ...s,
    openFollowups: [...s.openFollowups, ...of('followup')].filter((f) => !closed.has(f.id)),
    decisions: [...of('decision'), ...s.decisions],
    gotchas: [...of('gotcha'), ...s.gotchas],
    captured: of('context'),
  };
}
