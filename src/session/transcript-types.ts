import type { AskFact, EditLine, OpeningFacts } from './opening.js';
import { isObj, type Obj } from './json-record.js';

/**
 * What a handover needs from an agent transcript. Facts are JSON-serialisable so a session can
 * persist them with its transcript offset and add the next slice with mergeFacts.
 */
export interface CommandFact {
  command: string;
  failed: boolean;
  /** The tool_use id: lets a tool_result in a later slice mark this command as failed. */
  id?: string;
  /** The first line of its error output that says what went wrong. */
  error?: string;
  /** The user refused to let it run (Claude Code's permission prompt): not a failure of the command. */
  rejected?: boolean;
  /** Line of the transcript (1-based) the call is on. */
  line?: number;
}

/** A constraint, decision or gotcha stated in words (see cues.ts), with where it was said. */
export interface CueFact {
  kind: 'constraint' | 'decision' | 'gotcha';
  text: string;
  who: 'user' | 'agent';
  /** 1 (weak, e.g. "because") to 3 (explicit: "decided", "never", a rejected tool call). */
  strength: number;
  /** Line of the transcript (1-based). */
  line: number;
  /** ISO instant of the record, when it has one. */
  at?: string;
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
  rejected?: boolean;
  error?: string;
  text?: string;
  agentId?: string;
}

/** Bookkeeping that makes slices mergeable; not meant for rendering. */
export interface TranscriptCarry {
  /** Latest main-thread TodoWrite list; [] means "cleared", undefined means "never seen". */
  todoWrite?: TodoFact[];
  tasks: TaskState[];
  /** Subagents started in the background (id: the call that started them): open until seen finishing. */
  background?: TaskState[];
  pendingResults: PendingResult[];
  /** The longest thing the agent said since the user's last request (see TranscriptFacts.wrapUp). */
  turnLongest?: string;
  /** The slice ended right after the user interrupted or refused a tool call. */
  afterInterrupt?: boolean;
  /** The slice ended on an agent action: a correction opening the next slice answers it. */
  afterAgentAction?: boolean;
  /** A user message opening this slice that reads as a correction, kept until the merge knows
   * whether an agent action came just before it. */
  openingCorrection?: CueFact;
  /** The opening request reads as a correction ("no, ...", "don't ..."), not only follows an interruption. */
  openingWorded?: boolean;
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
  /** Files the session created (Write of a new file, apply_patch Add File), repo-relative where possible. */
  filesCreated?: string[];
  /** Files the session deleted (rm, git rm, apply_patch Delete File). */
  filesDeleted?: string[];
  /** Constraints, decisions and gotchas stated in the conversation, in transcript order. */
  cues?: CueFact[];
  cwd?: string;
  /** A one-line reply to a machine notification (a background task finishing): kept apart so it
   * never replaces the agent's real wrap-up as the last message. */
  minorReply?: string;
  /** The agent's long wrap-up of the last turn when its last message is only a short line after it. */
  wrapUp?: string;
  opening?: OpeningFacts;
  questions?: AskFact[];
  editLines?: EditLine[];
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
  summaryChars: 6000,
  summaries: 20,
  sidechains: 50,
  sidechainChars: 2000,
  todos: 200,
  sessionIds: 20,
  pendingResults: 32,
  pendingChars: 2000,
  cues: 60,
  errorChars: 200,
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

/** Adds a path to filesEdited once, up to LIMITS.filesEdited; `seen` is the reader's set of them. */
export function addEdited(facts: TranscriptFacts, seen: Set<string>, file: unknown): void {
  if (typeof file !== 'string' || !file || seen.has(file) || seen.size >= LIMITS.filesEdited) return;
  seen.add(file);
  facts.filesEdited.push(file);
}

/** An agent's plan tool's items as todos; `content` picks an item's text. */
export function todoList(items: unknown[], content: (item: Obj) => unknown): TodoFact[] {
  return items.filter(isObj).slice(0, LIMITS.todos).map((t) => ({
    content: cap(String(content(t) ?? ''), LIMITS.requestChars),
    status: String(t.status ?? 'pending'),
  }));
}

/** The agent's latest message, and the longest one of its turn (see TranscriptFacts.wrapUp). */
export function agentSaid(facts: TranscriptFacts, text: string): void {
  facts.lastAssistantMessage = cap(text, LIMITS.assistantChars);
  const longest = facts.carry.turnLongest;
  if (!longest || text.length > longest.length) facts.carry.turnLongest = facts.lastAssistantMessage;
}
