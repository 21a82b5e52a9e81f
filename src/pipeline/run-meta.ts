import type { StepEvent } from '../config/types.js';

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
