import { readdir, stat } from 'node:fs/promises';
import { readSessionState } from '../session/session-state.js';
import type { Project } from '../project/project.js';

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
  const ids = names.map((n) => n.slice(0, -'.json'.length)).filter((id) => id !== current);
  // Sessions still open in other windows (or whose transcript never appeared) stay candidates for
  // a long time; read their states side by side, not one after another.
  const states = await Promise.all(ids.map((id) => readSessionState(p.layout, id).catch(() => undefined)));
  const done: string[] = [];
  for (const [i, id] of ids.entries()) {
    if (done.length >= max) break;
    const s = states[i];
    if (!s || s.endedAt || !s.transcriptPath) continue;
    // A transcript that cannot be read is never quiet.
    if (!(await stat(s.transcriptPath).then((st) => Date.now() - st.mtimeMs > QUIET_MS, () => false))) continue;
    const { runHandover } = await import('../pipeline/run-handover.js');
    const { result } = await runHandover(p, { event: 'session_end', agent: s.agent, session: id, transcriptPath: s.transcriptPath, endReason: 'backfill' }, { lockWaitMs: 2_000 });
    if (result.status === 'completed') done.push(id);
  }
  return done;
}
