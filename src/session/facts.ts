import type { TranscriptFacts } from './transcript.js';

export type CaptureKind = 'decision' | 'gotcha' | 'followup' | 'constraint' | 'context' | 'done';

/** Something recorded during work with `agent-handover note`; durable the moment it is captured. */
export interface Capture {
  /** Stable short id, e.g. "f-3k9x2a" for follow-ups; every capture has one. */
  id: string;
  kind: CaptureKind;
  text: string;
  /** ISO instant of capture. */
  at: string;
  session: string;
  /** For kind 'done': the follow-up id it closes. */
  closes?: string;
}

export interface CommitFact {
  hash: string;
  subject: string;
  at?: string;
}

/** Everything one handover run knows about its session; persisted as runs/<run-id>/facts.json. */
export interface SessionFacts {
  session: string;
  agent: string;
  tag: string;
  event: string;
  /** Session start (ISO). */
  startedAt: string;
  /** This run's fixed instant (ISO). */
  updatedAt: string;
  /** Set by SessionEnd: the session is over. */
  endedAt?: string;
  endReason?: string;
  branch?: string;
  headStart?: string;
  head?: string;
  commits: CommitFact[];
  diffStat?: string;
  uncommitted: string[];
  transcriptPath?: string;
  transcript?: TranscriptFacts;
  captures: Capture[];
  /** Text passed to `run --note`. */
  manualNote?: string;
  /** Compact summary handed over by PostCompact. */
  compactSummaries: string[];
  /** How many secret values were replaced before anything was written. */
  redactions: number;
  /** Why the transcript could not be read, when it could not. */
  transcriptError?: string;
  /** Files edited in the transcript slice this run read (this turn). */
  turnFilesEdited?: string[];
  /** How useful the handover this session was shown turned out (src/score/): 0-100 and its signals. */
  handoverScore?: { of: string; score: number; signals: string[] };
}
