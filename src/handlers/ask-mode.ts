import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSessionState, writeSessionState } from '../session/session-state.js';
import { pausedBy } from '../pause.js';
import { hooks as msg } from '../messages/hooks.js';
import type { Project } from '../project/project.js';
import type { SessionFacts } from '../session/facts.js';

/**
 * Ask mode: when this turn edited files and nothing was captured since the last ask (or the
 * session start), block the Stop once with a short reason. Claude Code sets stop_hook_active on
 * the retry, which the caller checks, so it never asks twice in a row.
 */
export async function askDecision(p: Project, session: string, runId: string | undefined): Promise<string | undefined> {
  if (!runId || pausedBy(p.layout.pauseFiles)) return undefined;
  const facts = JSON.parse(await readFile(join(p.layout.runsDir, runId, 'facts.json'), 'utf8')) as SessionFacts;
  if (!facts.turnFilesEdited?.length) return undefined;
  const state = await readSessionState(p.layout, session);
  if (!state) return undefined;
  const since = state.lastAskAt ?? state.startedAt;
  if (facts.captures.some((c) => c.at >= since)) return undefined;
  await writeSessionState(p.layout, { ...state, lastAskAt: facts.updatedAt });
  return msg.askReason(facts.turnFilesEdited.length);
}
