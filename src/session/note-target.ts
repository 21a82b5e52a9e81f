import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gitDirsOf, readText } from '../git/loose-objects.js';
import { readSessionState } from './session-state.js';
import { utcDate, validateSession } from '../store/validate.js';
import type { Layout } from '../config/layout.js';

/** What each agent exports to the commands it runs: its session id (see shared/AGENTS.md). */
export const AGENT_SESSION_VARS = ['CLAUDE_CODE_SESSION_ID', 'GEMINI_SESSION_ID'] as const;

/** A session whose state has not moved for this long no longer counts as open (killed without SessionEnd). */
const OPEN_FOR_MS = 24 * 60 * 60 * 1000;

/** The session of captures and runs made outside any agent session: one per day. */
export function manualSessionId(now: Date = new Date()): string {
  return `manual-${utcDate(now.toISOString())}`;
}

export function isManualSession(id: string): boolean {
  return id === 'manual' || /^manual-\d{4}-\d{2}-\d{2}$/.test(id);
}

export function agentSessionFromEnv(env: NodeJS.ProcessEnv): { session: string; variable: string } | undefined {
  for (const v of AGENT_SESSION_VARS) if (env[v]) return { session: env[v]!, variable: v };
  return undefined;
}

/** The checked-out branch, read from HEAD (undefined when detached or not a repository). */
export function currentBranch(top: string): string | undefined {
  const dirs = gitDirsOf(top);
  const head = dirs && readText(join(dirs.gitDir, 'HEAD'))?.trim();
  return head?.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : undefined;
}

export interface OpenSession {
  session: string;
  startedAt: string;
  branch?: string;
}

/**
 * Agent sessions that started here, have not ended and moved in the last day, newest first; only
 * the current branch's when it is known. Ended sessions are skipped by their marker, unread.
 */
export async function openSessions(layout: Layout, branch: string | undefined, now = Date.now()): Promise<OpenSession[]> {
  const names = await readdir(layout.sessionsDir).catch((): string[] => []);
  const have = new Set(names);
  const out: OpenSession[] = [];
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    const id = n.slice(0, -'.json'.length);
    if (have.has(`${id}.ended`) || isManualSession(id)) continue;
    const st = await stat(join(layout.sessionsDir, n)).catch(() => undefined);
    if (!st || now - st.mtimeMs > OPEN_FOR_MS) continue;
    const s = await readSessionState(layout, id).catch(() => undefined);
    if (!s || s.endedAt) continue;
    if (branch && s.branch && s.branch !== branch) continue;
    out.push({ session: id, startedAt: s.startedAt, ...(s.branch ? { branch: s.branch } : {}) });
  }
  return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export type NoteTarget =
  | { session: string; why: 'flag' }
  | { session: string; why: 'env'; variable: string }
  | { session: string; why: 'open'; branch?: string }
  | { session: string; why: 'manual' }
  | { ambiguous: OpenSession[] };

/**
 * Where a note goes: --session; else the agent's session variable; else the one open session (of
 * the current branch); else today's manual session. Several open sessions and no variable: the
 * caller must ask for --session rather than guess.
 */
export async function noteTarget(layout: Layout, opts: { flag?: string; env: NodeJS.ProcessEnv; top: string; now?: Date }): Promise<NoteTarget> {
  if (opts.flag) return { session: validateSession(opts.flag), why: 'flag' };
  const fromEnv = agentSessionFromEnv(opts.env);
  if (fromEnv) return { session: validateSession(fromEnv.session), why: 'env', variable: fromEnv.variable };
  const branch = currentBranch(opts.top);
  const open = await openSessions(layout, branch, (opts.now ?? new Date()).getTime());
  if (open.length > 1) return { ambiguous: open };
  if (open.length === 1) return { session: open[0]!.session, why: 'open', ...(branch ? { branch } : {}) };
  return { session: manualSessionId(opts.now), why: 'manual' };
}
