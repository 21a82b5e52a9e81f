/**
 * What a handover needs from an agent transcript. Facts are JSON-serialisable so a session can
 * persist them with its transcript offset and add the next slice with mergeFacts.
 */
export interface CommandFact {
  command: string;
  failed: boolean;
  /** The tool_use id: lets a tool_result in a later slice mark this command as failed. */
  id?: string;
}

export interface TodoFact {
  content: string;
  status: string;
}

export interface SidechainFact {
  /** The Task/Agent tool_use id that started the subagent (absent for bare isSidechain traffic). */
  id?: string;
  agentId?: string;
  description?: string;
  prompt?: string;
  lastMessage?: string;
}

/** A TaskCreate/TaskUpdate view: fields a slice did not see stay undefined so slices overlay. */
export interface TaskState {
  id: string;
  subject?: string;
  status?: string;
}

/** A tool_result whose tool_use was not in the same slice (or before the file starts). */
export interface PendingResult {
  id: string;
  isError: boolean;
  text?: string;
  agentId?: string;
}

/** Bookkeeping that makes slices mergeable; not meant for rendering. */
export interface TranscriptCarry {
  /** Latest main-thread TodoWrite list; [] means "cleared", undefined means "never seen". */
  todoWrite?: TodoFact[];
  tasks: TaskState[];
  pendingResults: PendingResult[];
}

export interface TranscriptFacts {
  requests: string[];
  lastAssistantMessage?: string;
  filesEdited: string[];
  commands: CommandFact[];
  todos: TodoFact[];
  compactSummaries: string[];
  sidechains: SidechainFact[];
  sessionIds: string[];
  lineCount: number;
  badLines: number;
  unknownTypes: number;
  carry: TranscriptCarry;
}

export interface ReadResult {
  facts: TranscriptFacts;
  /** Byte offset just after the last complete line consumed; pass it back to continue. */
  offset: number;
  /** True when the saved offset no longer fit the file (truncated or replaced) and reading restarted at 0:
   * the caller must replace, not merge, its earlier facts. */
  reset: boolean;
}

/** Bounds that keep facts small whatever the transcript's size. */
export const LIMITS = {
  requestChars: 2000,
  requests: 200,
  assistantChars: 4000,
  filesEdited: 1000,
  commandChars: 1000,
  commands: 200,
  summaryChars: 4000,
  summaries: 20,
  sidechains: 50,
  sidechainChars: 2000,
  todos: 200,
  sessionIds: 20,
  pendingResults: 32,
  pendingChars: 2000,
} as const;

export function emptyFacts(): TranscriptFacts {
  return {
    requests: [],
    filesEdited: [],
    commands: [],
    todos: [],
    compactSummaries: [],
    sidechains: [],
    sessionIds: [],
    lineCount: 0,
    badLines: 0,
    unknownTypes: 0,
    carry: { tasks: [], pendingResults: [] },
  };
}

/** Trimmed and cut to `max` characters without splitting a surrogate pair. */
export function cap(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  let end = max - 1;
  const code = t.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${t.slice(0, end)}…`;
}
