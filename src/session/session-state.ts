import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, readIfExists } from '../io/atomic.js';
import { validateSession } from '../store/validate.js';
import type { SessionFacts } from './facts.js';
import type { Layout } from '../config/layout.js';

type FromFacts = 'session' | 'agent' | 'startedAt' | 'headStart' | 'branch' | 'transcriptPath' | 'transcript';

/** Per-session, machine-local state: where the session began and how far its transcript was read. */
export interface SessionState extends Pick<SessionFacts, FromFacts | 'compactSummaries' | 'endedAt' | 'endReason'> {
  version: 1;
  cwd?: string;
  transcriptOffset: number;
  /** Set once a note has been written for this session. */
  notePath?: string;
  lastEvent?: string;
  /** Secret values replaced so far in this session's facts. */
  redactions?: number;
  /** When ask mode last asked the agent to record decisions. */
  lastAskAt?: string;
}

export function sessionPaths(layout: Layout, session: string) {
  validateSession(session);
  const base = join(layout.sessionsDir, session);
  return { state: `${base}.json`, captures: `${base}.captures.jsonl`, commits: `${base}.commits.jsonl`, ended: `${base}.ended` };
}

export async function readSessionState(layout: Layout, session: string): Promise<SessionState | undefined> {
  const text = await readIfExists(sessionPaths(layout, session).state);
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as SessionState;
    return s && s.version === 1 && s.session === session ? s : undefined;
  } catch {
    // A damaged state file only costs re-reading the transcript from the start.
    return undefined;
  }
}

export async function writeSessionState(layout: Layout, state: SessionState): Promise<void> {
  const paths = sessionPaths(layout, state.session);
  await writeFileAtomic(paths.state, JSON.stringify(state) + '\n');
  // An empty marker beside an ended session lets backfill skip it by name, without reading state
  // files that hold whole transcript summaries (thousands of sessions, every SessionStart).
  if (state.endedAt) await writeFile(paths.ended, '', { flag: 'a' });
}

const CURRENT = 'current-session';

/** The session most recently started in this repository (for `note` and post-commit without an id). */
export async function currentSession(layout: Layout): Promise<string | undefined> {
  try {
    const id = (await readFile(join(layout.stateDir, CURRENT), 'utf8')).trim();
    return id ? validateSession(id) : undefined;
  } catch {
    return undefined;
  }
}

export async function setCurrentSession(layout: Layout, session: string): Promise<void> {
  await writeFileAtomic(join(layout.stateDir, CURRENT), `${validateSession(session)}\n`);
}
