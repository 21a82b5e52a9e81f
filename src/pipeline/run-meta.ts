import { readFile } from 'node:fs/promises';
import type { StepEvent } from '../config/types.js';
import type { Project } from '../project/project.js';

/** What a handover run is asked to do; stored in the checkpoint so a resume needs no stdin. */
export interface RunMeta {
  event: StepEvent;
  agent: string;
  transcriptPath?: string;
  lastAssistantMessage?: string;
  endReason?: string;
  compactSummary?: string;
  note?: string;
  noCommit?: boolean;
  /** The run ends its session (a manual session: no agent will send SessionEnd for it). */
  endSession?: boolean;
  cwd?: string;
}

export function runMeta(meta: Record<string, unknown>): RunMeta {
  return { event: 'run', agent: 'unknown', ...(meta as Partial<RunMeta>) } as RunMeta;
}

/** Inputs a run's steps hand to each other, persisted in runs/<run-id>/ so a resume needs no stdin. */
export const FACTS = 'facts.json';
export const NEXT_STATE = 'session-next.json';

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** One line in the hook log, under the event's name; the log is best effort and never fails a handover. */
export async function logLine(p: Project, event: string, text: string): Promise<void> {
  const { appendLog } = await import('../io/log.js');
  await appendLog(p.layout.logPath, event.replace(/_/g, '-'), text).catch(() => undefined);
}
