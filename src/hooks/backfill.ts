import { readdir } from 'node:fs/promises';
import { runHandover } from '../pipeline/run-handover.js';
import { readSessionState } from '../session/session-state.js';
import { stat } from 'node:fs/promises';
import type { Project } from '../pipeline/project.js';

const QUIET_MS = 30 * 60_000;

/**
 * An earlier session that has a transcript but never got its final note (crash, dropped
 * connection, SessionEnd cut off) gets it now, from its transcript. A session whose transcript
 * changed in the last 30 minutes may still be running in another window and is left alone.
 */
export async function backfill(p: Project, current: string, max = 3): Promise<string[]> {
  let all: string[];
  try {
    all = await readdir(p.layout.sessionsDir);
  } catch {
    return [];
  }
  const ended = new Set(all.filter((f) => f.endsWith('.ended')).map((f) => f.slice(0, -'.ended'.length)));
  const names = all.filter((f) => f.endsWith('.json') && !ended.has(f.slice(0, -'.json'.length)));
  const done: string[] = [];
  for (const name of names) {
    if (done.length >= max) break;
    const id = name.slice(0, -'.json'.length);
    if (id === current) continue;
    const s = await readSessionState(p.layout, id).catch(() => undefined);
    if (!s || s.endedAt || !s.transcriptPath || !(await isStale(s.transcriptPath, QUIET_MS))) continue;
    const { result } = await runHandover(p, { event: 'session_end', agent: s.agent, session: id, transcriptPath: s.transcriptPath, endReason: 'backfill' }, { lockWaitMs: 2_000 });
    if (result.status === 'completed') done.push(id);
  }
  return done;
}

/** True when `path` was last modified more than `olderThanMs` ago (false when it cannot be read). */
async function isStale(path: string, olderThanMs: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > olderThanMs;
  } catch {
    return false;
  }
}
